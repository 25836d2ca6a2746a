"""Speed and memory of the full monthly cycle, and of the matching core against plain Mesa.

    python benchmarks/run.py                 # 10 k, 100 k and 1 M persons; core at 100 k
    python benchmarks/run.py --sizes 1000000 --repeats 5 --core-size 1000000
    python benchmarks/run.py --sizes 1000000 --union-density 0.3 --no-core   # with unions bargaining

Each measurement runs in a fresh Python process, so peak memory (the process's maximum
resident set size) belongs to that size alone. Throughput is worker-months per second:
simulated persons x months / seconds of `model.step()`, after two warm-up months; the
figure printed is the median over `--repeats` runs, with the spread (min - max).
The matching core (benchmarks/matching_core.py) runs the same rules with one `mesa.Agent`
per worker and with the engine's arrays, side by side in one process, and prints the ratio.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def measure_cycle(persons: int, months: int, seed: int, union_density: float | None = None) -> dict:
    """One run of the full cycle at `persons` simulated persons (in this process)."""
    import dataclasses

    from sim.config import load_country
    from sim.model import LabourMarketModel

    country = load_country("kyrgyzstan")
    if union_density is not None:
        country = dataclasses.replace(country, union_density=union_density)
    everyone = country.employed_persons / country.employment_to_population + (country.migrants_abroad or 0.0)
    scale = everyone / persons  # residents aged 15+ and migrants abroad
    rss_before = peak_rss_mb()
    start = time.perf_counter()
    model = LabourMarketModel(country, scale=scale, seed=seed)
    init_s = time.perf_counter() - start
    model.run(2)
    start = time.perf_counter()
    model.run(months)
    step_s = time.perf_counter() - start
    return {
        "persons": len(model.workers),
        "months": months,
        "init_s": init_s,
        "step_s": step_s,
        "worker_months_per_s": len(model.workers) * months / step_s,
        "peak_rss_mb": peak_rss_mb(),
        "rss_before_model_mb": rss_before,
    }


def measure_core(workers: int, months: int, seed: int) -> dict:
    """The matching core, plain Mesa then columnar, in this process."""
    sys.path.insert(0, str(ROOT))
    from benchmarks.matching_core import ColumnarMatchingCore, CoreParams, MesaMatchingModel

    out = {"workers": workers, "months": months}
    for name, cls in (("mesa_agents", MesaMatchingModel), ("columnar", ColumnarMatchingCore)):
        model = cls(CoreParams(workers=workers), seed)
        model.step()
        start = time.perf_counter()
        for _ in range(months):
            model.step()
        seconds = time.perf_counter() - start
        out[name] = {"worker_months_per_s": workers * months / seconds, "unemployment_rate": model.unemployment_rate}
    out["ratio"] = out["columnar"]["worker_months_per_s"] / out["mesa_agents"]["worker_months_per_s"]
    return out


def in_subprocess(kind: str, size: int, months: int, seed: int, union_density: float | None = None) -> dict:
    extra = [] if union_density is None else ["--union-density", str(union_density)]
    proc = subprocess.run(
        [sys.executable, __file__, "--one", kind, str(size), str(months), str(seed), *extra],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def summarise(values: list[float]) -> str:
    return f"{statistics.median(values) / 1e6:6.2f} M/s (min {min(values) / 1e6:.2f}, max {max(values) / 1e6:.2f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--core-size", type=int, default=100_000)
    parser.add_argument("--core-months", type=int, default=6)
    parser.add_argument(
        "--union-density",
        type=float,
        default=None,
        help="give Kyrgyzstan this union density (it has none published) to time bargaining too",
    )
    parser.add_argument("--core", action=argparse.BooleanOptionalAction, default=True, help="time the matching core")
    parser.add_argument("--one", nargs=4, metavar=("KIND", "SIZE", "MONTHS", "SEED"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        kind, size, months, seed = args.one[0], *map(int, args.one[1:])
        result = (
            measure_cycle(size, months, seed, args.union_density)
            if kind == "cycle"
            else measure_core(size, months, seed)
        )
        print(json.dumps(result))
        return

    print(f"python {platform.python_version()}, {platform.machine()}, {platform.processor() or 'cpu'}")
    print(f"full monthly cycle, Kyrgyzstan, {args.months} months after 2 warm-up, median of {args.repeats} runs")
    print(f"{'persons':>10}  {'worker-months per second':<42}{'peak memory':>12}{'init':>8}")
    report = {"cycle": [], "core": []}
    for size in args.sizes:
        runs = [in_subprocess("cycle", size, args.months, seed, args.union_density) for seed in range(args.repeats)]
        report["cycle"] += runs
        rates = [r["worker_months_per_s"] for r in runs]
        peak = max(r["peak_rss_mb"] for r in runs)
        init = statistics.median(r["init_s"] for r in runs)
        print(f"{runs[0]['persons']:>10,}  {summarise(rates):<42}{peak:>9.0f} MB{init:>7.2f}s")

    out = ROOT / "results" / "benchmarks.json"
    out.parent.mkdir(exist_ok=True)
    if not args.core:
        out.write_text(json.dumps(report, indent=2))
        print(f"\nraw figures: {out}")
        return
    print(f"\nmatching core, {args.core_size:,} workers, {args.core_months} months, median of {args.repeats} runs")
    cores = [in_subprocess("core", args.core_size, args.core_months, seed) for seed in range(args.repeats)]
    report["core"] = cores
    print(f"  plain Mesa (one Agent per worker): {summarise([c['mesa_agents']['worker_months_per_s'] for c in cores])}")
    print(f"  columnar arrays:                   {summarise([c['columnar']['worker_months_per_s'] for c in cores])}")
    print(
        f"  ratio, columnar / Mesa (same run): median {statistics.median(c['ratio'] for c in cores):.1f}x "
        f"(min {min(c['ratio'] for c in cores):.1f}, max {max(c['ratio'] for c in cores):.1f})"
    )
    out.write_text(json.dumps(report, indent=2))
    print(f"\nraw figures: {out}")


if __name__ == "__main__":
    main()
