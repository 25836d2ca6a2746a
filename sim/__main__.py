"""`python -m sim`: run a country x shock x policy scenario against its baseline (see sim.app)."""

if __name__ == "__main__":
    try:  # Ctrl-C while the libraries load is still one line
        from sim.app import main
    except KeyboardInterrupt:
        import sys

        print("\ninterrupted", file=sys.stderr)
        raise SystemExit(130) from None
    main()
