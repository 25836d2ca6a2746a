"""`python -m sim`: run a country x shock x policy scenario against its baseline (see sim.app)."""

from sim.app import main

if __name__ == "__main__":
    main()
