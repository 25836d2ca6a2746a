"""Wall time of a sweep: in parallel against in turn, and with the burn-in stored against without.

    python benchmarks/sweep.py                      # both comparisons, 3 repetitions each
    python benchmarks/sweep.py --only parallel --repeats 5 --workers 2
    python benchmarks/sweep.py --only burn_in
    python benchmarks/sweep.py --only parallel --no-figures   # the jobs' model work alone

`parallel`: a 16-job grid (the manufacturing tariff of the protectionism shock x the unions'
bargaining power, at scale 1000: about 5,500 simulated persons a job, with its figures) run
through Hydra's joblib launcher with `--workers` processes and through the basic launcher (one
job after another), from the command line as a user runs it. `burn_in`: an 8-job tariff
sweep (one seed, so every job shares its burn-in) at the default scale, in turn, with the
burn-in stored and reused (a fresh, empty store each time) and without. The two variants of
a comparison alternate (A B, B A, A B ...), so that a slow spell of a shared machine or the
first run's cold start falls on both; the figure printed is the median wall time over
`--repeats` runs of each, and their ratio. Each pair's `runs.csv` must be identical and hold
every job, or the benchmark stops.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

GRID = [
    "shock.protectionism.partner_tariff_by_sector.manufacturing=0.1,0.2,0.3,0.4",
    "policy=collective_bargaining",
    "policy.collective_bargaining.bargaining_power=0.1,0.2,0.3,0.4",
]
TARIFFS = ["shock.protectionism.partner_tariff_by_sector.manufacturing=0.05,0.1,0.15,0.2,0.25,0.3,0.35,0.4"]


def timed_sweep(overrides: list[str], folder: Path, cache_dir: Path) -> tuple[float, bytes]:
    """Seconds of `python -m sim -m OVERRIDES` into `folder`, and the sweep's runs.csv."""
    command = [sys.executable, "-m", "sim", "-m", *overrides, "progress=false", "resume=false",
               f"hydra.sweep.dir={folder}"]
    env = {**os.environ, "SIM_CACHE_DIR": str(cache_dir)}
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    return seconds, (folder / "runs.csv").read_bytes()


def finished_jobs(table: bytes) -> int:
    """Jobs in a sweep's runs.csv with a value of their impact (a failed job has none)."""
    rows = csv.DictReader(io.StringIO(table.decode()))
    return len({row["job"] for row in rows if row["impact_mean"] not in ("", "nan")})


def compare(
    name: str, variants: dict[str, list[str]], cache: dict[str, bool], repeats: int, work: Path, jobs: int
) -> dict:
    """Run the variants `repeats` times, in the order A B, B A, A B ... (neither always first);
    their median seconds and the ratio first / second. Every run must finish its `jobs` jobs."""
    seconds: dict[str, list[float]] = {label: [] for label in variants}
    for repeat in range(repeats):
        tables = {}
        order = list(variants.items()) if repeat % 2 == 0 else list(variants.items())[::-1]
        for label, overrides in order:
            cache_dir = Path(tempfile.mkdtemp(dir=work))  # empty: each run stores its own burn-in
            folder = work / f"{name}_{label.replace(' ', '_')}_{repeat}"
            seconds[label].append(0.0)
            seconds[label][-1], tables[label] = timed_sweep(
                overrides + [f"burn_in_cache={str(cache[label]).lower()}"], folder, cache_dir
            )
            print(f"  {name}, {label}, run {repeat + 1}: {seconds[label][-1]:.1f} s", flush=True)
            if finished_jobs(tables[label]) != jobs:
                raise SystemExit(f"{name}, {label}: {finished_jobs(tables[label])} of {jobs} jobs finished")
        if len(set(tables.values())) != 1:
            raise SystemExit(f"{name}: runs.csv differs between {' and '.join(variants)}")
    medians = {label: statistics.median(values) for label, values in seconds.items()}
    first, second = medians.values()
    return {"seconds": seconds, "median_s": medians, "ratio": first / second, "identical_runs_csv": True}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=("parallel", "burn_in"), help="one comparison (default: both)")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each variant (default 3)")
    parser.add_argument("--workers", type=int, default=2, help="processes of the parallel sweep (default 2)")
    parser.add_argument("--scale", type=float, default=1000, help="scale of the parallel sweep (default 1000)")
    parser.add_argument("--no-figures", action="store_true", help="jobs write no figures (figures=false)")
    parser.add_argument("--out", type=Path, default=ROOT / "results" / "benchmark_sweep.json")
    args = parser.parse_args(argv)
    report = {"python": platform.python_version(), "machine": platform.machine(), "cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory() as work:
        if args.only in (None, "parallel"):
            print(f"16-job grid at scale {args.scale:g}{', no figures' if args.no_figures else ''}: "
                  f"{args.workers} workers against one job after another")
            scale = [f"scale={args.scale:g}"] + (["figures=false"] if args.no_figures else [])
            report["parallel"] = compare(
                "parallel",
                {
                    "in turn": GRID + scale + ["hydra/launcher=basic"],
                    f"{args.workers} workers": GRID + scale + [f"hydra.launcher.n_jobs={args.workers}"],
                },
                {"in turn": False, f"{args.workers} workers": False},
                args.repeats,
                Path(work),
                jobs=16,
            )
            report["parallel"].update(scale=args.scale, workers=args.workers, jobs=16, figures=not args.no_figures)
            r = report["parallel"]
            print(f"speed-up with {args.workers} workers: {r['ratio']:.2f}x (medians "
                  + " against ".join(f"{s:.1f} s" for s in r["median_s"].values()) + "); runs.csv identical")
        if args.only in (None, "burn_in"):
            print("8-job tariff sweep at the default scale, in turn: burn-in stored once against every job's own")
            basic = TARIFFS + ["hydra/launcher=basic"]
            report["burn_in"] = compare(
                "burn_in", {"own burn-in": basic, "stored once": basic}, {"own burn-in": False, "stored once": True},
                args.repeats, Path(work), jobs=8,
            )
            r = report["burn_in"]
            print(f"speed-up of the stored burn-in: {r['ratio']:.2f}x (medians "
                  + " against ".join(f"{s:.1f} s" for s in r["median_s"].values()) + "); runs.csv identical")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"raw figures: {args.out}")


if __name__ == "__main__":
    main()
