"""One table per sweep: `python -m sim.collect SWEEP_DIR`.

A sweep (`python -m sim -m key=a,b other=x,y`) leaves one numbered folder per job under its
sweep folder. This pools them: at the sweep folder's root it writes

- `runs.csv`: one row per finished job and headline indicator, with one column per swept key
  (the job's value, typed: numbers as numbers), the job's number, country, shock, policy and
  seeds (a swept country, shock, policy or seeds is in those columns), the baseline's level at
  the end of the horizon (rates in %, levels in their own units), and the scenario's
  impact at the end of the horizon and averaged over months 1..H, each with its 95 % interval
  across seeds (empty with one seed); rates in percentage points,
  levels in percent of the baseline (the unit column says which), as the run's printout;
- `report.md`: that table for the headline impacts over the horizon, and one figure per
  headline impact against each swept key (`sweep_<key>.png` and `.svg`): the mean with its 95 %
  band across seeds, one line for each value of the other swept keys.

Jobs sort by their number (0, 1, 2, ... 10, not as text). A job without `summary.json` (still
running, interrupted or failed) is left out and named. The same runs at the end of every sweep
(`SweepCollector`, a Hydra callback in configs/hydra/default.yaml), so a finished sweep has its
table; run it by hand for a partial or interrupted one.

    python -m sim -m shock.protectionism.partner_tariff_by_sector.manufacturing=0.1,0.25,0.4 seeds=5
    python -m sim.collect results/multiruns/<date>
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import yaml  # noqa: E402
from hydra.core.override_parser.overrides_parser import OverridesParser  # noqa: E402
from hydra.experimental.callback import Callback  # noqa: E402

from sim.results import HEADLINE, write_atomically, write_png_and_svg  # noqa: E402

RUN_COLUMNS = (
    "job",
    "country",
    "shock",
    "policy",
    "seeds",
    "indicator",
    "unit",
    "baseline_end",
    "impact_end",
    "impact_end_low",
    "impact_end_high",
    "impact_mean",
    "impact_mean_low",
    "impact_mean_high",
)
"""The columns of runs.csv after the swept keys."""


@dataclass
class Job:
    """One finished job of a sweep: its number, the values of its overrides, its summary."""

    number: int
    folder: Path
    overrides: dict[str, Any]
    summary: dict


def parse_overrides(lines: list[str]) -> dict[str, Any]:
    """Hydra override strings as key -> typed value (a sweep override keeps its sweep)."""
    out = {}
    for override in OverridesParser.create().parse_overrides(lines):
        out[override.key_or_group] = override if override.is_sweep_override() else override.value()
    return out


def swept_keys(sweep_dir: Path, jobs: list[Job]) -> list[str]:
    """The keys the sweep varies: those given as sweeps on its command line (multirun.yaml),
    else those whose value differs between its jobs; in command-line order."""
    spec = sweep_dir / "multirun.yaml"
    if spec.exists():
        task = yaml.safe_load(spec.read_text())["hydra"]["overrides"]["task"]
        keys = [key for key, value in parse_overrides(task).items() if not isinstance(value, (str, int, float, bool))]
        keys = [key for key in keys if any(key in job.overrides for job in jobs)]
        if keys:
            return keys
    seen: dict[str, set] = {}
    for job in jobs:
        for key, value in job.overrides.items():
            seen.setdefault(key, set()).add(repr(value))
    return [key for key, values in seen.items() if len(values) > 1]


def find_jobs(sweep_dir: Path) -> tuple[list[Job], list[str]]:
    """The finished jobs under `sweep_dir` in the order of their numbers, and the names of the
    job folders without a summary.json (unfinished)."""
    if not sweep_dir.is_dir():
        raise SystemExit(f"no sweep folder {sweep_dir}")
    jobs, unfinished = [], []
    folders = [p for p in sweep_dir.iterdir() if p.is_dir() and p.name.isdigit()]
    for folder in sorted(folders, key=lambda p: int(p.name)):
        summary = folder / "summary.json"
        if not summary.exists():
            unfinished.append(folder.name)
            continue
        overrides_file = folder / ".hydra" / "overrides.yaml"
        lines = yaml.safe_load(overrides_file.read_text()) if overrides_file.exists() else []
        jobs.append(Job(int(folder.name), folder, parse_overrides(lines or []), json.loads(summary.read_text())))
    return jobs, unfinished


def scaled(record: dict, unit: str, end: bool) -> tuple[float, float, float]:
    """An impact of summary.json's headline record in its printed unit: pp for rates (x 100),
    percent of the baseline for levels, points otherwise; (mean, low, high), NaN if undefined."""
    if unit == "%":
        r = record["impact_end_percent" if end else "impact_mean_percent"]
        factor = 1.0
    else:
        r = record["impact_end" if end else "impact_mean"]
        factor = 100.0 if unit == "pp" else 1.0
    return tuple(np.nan if r[k] is None else factor * r[k] for k in ("mean", "ci_low", "ci_high"))


def runs_table(jobs: list[Job], keys: list[str]) -> pd.DataFrame:
    """The pooled table: one row per job and headline indicator (see the module's docstring)."""
    rows = []
    for job in jobs:
        s = job.summary
        fixed = {
            "job": job.number,
            "country": s["country"],
            "shock": "+".join(s["shocks"]) or "none",
            "policy": "+".join(s["policies"]) or "none",
            "seeds": len(s["seeds"]),
        }
        for name, _, unit in HEADLINE:
            record = s["headline_impacts"][name]
            end, mean = scaled(record, unit, end=True), scaled(record, unit, end=False)
            baseline = record["baseline_end"]
            rows.append(
                {
                    **{key: job.overrides.get(key) for key in keys},
                    **fixed,
                    "indicator": name,
                    "unit": unit if unit != "%" else "% of baseline",
                    "baseline_end": np.nan if baseline is None else baseline * (100.0 if unit == "pp" else 1.0),
                    "impact_end": end[0],
                    "impact_end_low": end[1],
                    "impact_end_high": end[2],
                    "impact_mean": mean[0],
                    "impact_mean_low": mean[1],
                    "impact_mean_high": mean[2],
                }
            )
    # a swept country, shock, policy or seeds is its own column already (by name, or count)
    return pd.DataFrame(rows, columns=[*(key for key in keys if key not in RUN_COLUMNS), *RUN_COLUMNS])


def csv_text(table: pd.DataFrame) -> str:
    buffer = io.StringIO()
    table.to_csv(buffer, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    return buffer.getvalue()


def markdown_table(table: pd.DataFrame, keys: list[str]) -> str:
    """The headline impacts over the horizon: one row per job, one column per indicator."""
    labels = {name: f"{label} ({unit})" for name, label, unit in HEADLINE}
    header = ["job", *keys, *labels.values()]
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    for job, rows in table.groupby("job", sort=True):
        cells = [str(job), *(str(rows[key].iloc[0]) for key in keys)]
        for name in labels:
            r = rows[rows["indicator"] == name].iloc[0]
            text = "n/a" if np.isnan(r["impact_mean"]) else f"{r['impact_mean']:+.2f}"
            if not np.isnan(r["impact_mean_low"]):
                text += f" [{r['impact_mean_low']:+.2f}, {r['impact_mean_high']:+.2f}]"
            cells.append(text)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def impact_figure(table: pd.DataFrame, key: str, others: list[str], title: str) -> plt.Figure:
    """Each headline impact over the horizon against the swept `key`: mean and 95 % band
    across seeds, one line per combination of the `others` keys' values."""
    names = [
        (name, label, unit)
        for name, label, unit in HEADLINE
        if table[table.indicator == name].impact_mean.notna().any()
    ]
    columns = 3
    rows = -(-len(names) // columns)
    fig, axes = plt.subplots(rows, columns, figsize=(13, 3.2 * rows), squeeze=False)
    numeric = pd.api.types.is_numeric_dtype(table[key].dropna())
    categories = list(dict.fromkeys(table[key].astype(str)))
    groups = table.groupby(others, sort=False, dropna=False) if others else [((), table)]
    for ax, (name, label, unit) in zip(axes.flat, names):
        for values, group in groups:
            part = group[group.indicator == name].sort_values(key)
            x = part[key].to_numpy(float) if numeric else [categories.index(v) for v in part[key].astype(str)]
            values = values if isinstance(values, tuple) else (values,)
            legend = ", ".join(f"{k}={v}" for k, v in zip(others, values)) or None
            line = ax.plot(x, part.impact_mean, marker="o", label=legend)[0]
            if part.impact_mean_low.notna().any():
                ax.fill_between(x, part.impact_mean_low, part.impact_mean_high, color=line.get_color(), alpha=0.2)
        ax.axhline(0.0, color="0.6", linewidth=0.8)
        ax.set_title(label, fontsize=11)
        ax.set_ylabel({"pp": "impact, pp", "%": "impact, % of baseline"}.get(unit, "impact, points"), fontsize=10)
        ax.set_xlabel(key.split(".")[-1], fontsize=10)
        if not numeric:
            ax.set_xticks(range(len(categories)), categories, rotation=20, ha="right")
        ax.tick_params(labelsize=9)
    for ax in list(axes.flat)[len(names) :]:
        ax.set_visible(False)
    if others:
        axes.flat[0].legend(fontsize=8)
    fig.suptitle(title, fontsize=12)
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.5 / fig.get_figheight()))  # once for both formats, below the title
    return fig


def write_impact_figure(table: pd.DataFrame, key: str, others: list[str], title: str, stem: Path) -> None:
    """`impact_figure` written as `stem`.png and `stem`.svg."""
    fig = impact_figure(table, key, others, title)
    try:
        write_png_and_svg(fig, stem)
    finally:
        plt.close(fig)


def collect(sweep_dir: Path, workers: int = 1) -> tuple[Path, Path]:
    """Write runs.csv and report.md (with its figures) at the root of `sweep_dir`; the figures
    of several swept keys are drawn by `workers` processes side by side (joblib's `n_jobs`:
    -1 for every core), the processes that ran the sweep's jobs where they are still up."""
    jobs, unfinished = find_jobs(sweep_dir)
    if not jobs:
        raise SystemExit(f"no finished job (a numbered folder with summary.json) in {sweep_dir}")
    keys = swept_keys(sweep_dir, jobs)
    table = runs_table(jobs, keys)
    write_atomically(sweep_dir / "runs.csv", csv_text(table))
    first = jobs[0].summary
    seeds = ", ".join(sorted({str(len(job.summary["seeds"])) for job in jobs}))
    title = f"{first['country']}" if len({job.summary["country"] for job in jobs}) == 1 else "several countries"
    parts = [
        f"# Sweep {sweep_dir.name}",
        f"{len(jobs)} finished jobs ({seeds} seeds each); swept: {', '.join(keys) or 'nothing'}."
        + (f" Unfinished, left out: jobs {', '.join(unfinished)}." if unfinished else ""),
        "Impacts are scenario minus baseline averaged over months 1..H, mean [95 % interval across seeds]; "
        "rates in percentage points, levels in percent of the baseline. Every row of `runs.csv` has them at "
        "the end of the horizon too.",
        markdown_table(table, keys),
    ]
    figures = [
        (table, key, [k for k in keys if k != key], f"{title}: headline impacts against {key} ({seeds} seeds)",
         sweep_dir / f"sweep_{safe(key)}")
        for key in keys
    ]
    if len(figures) > 1 and workers != 1:
        from joblib import Parallel, delayed

        Parallel(n_jobs=workers, max_nbytes=None)(delayed(write_impact_figure)(*figure) for figure in figures)
    else:
        for figure in figures:
            write_impact_figure(*figure)
    parts += [f"![headline impacts against {key}](sweep_{safe(key)}.png)" for key in keys]
    write_atomically(sweep_dir / "report.md", "\n\n".join(parts) + "\n")
    return sweep_dir / "runs.csv", sweep_dir / "report.md"


def safe(key: str) -> str:
    """A swept key as part of a file name."""
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in key)


class SweepCollector(Callback):
    """Hydra callback: pool the sweep's jobs into runs.csv and report.md when it ends."""

    def on_multirun_end(self, config, **kwargs) -> None:
        sweep_dir = Path(config.hydra.sweep.dir)
        workers = config.hydra.launcher.get("n_jobs", 1)  # the joblib launcher's, whose workers are up
        try:
            runs, report = collect(sweep_dir, workers if isinstance(workers, int) else 1)
        except SystemExit as reason:  # no finished job: nothing to pool
            print(reason, file=sys.stderr)
            return
        print(f"\nsweep table: {runs}\nsweep report: {report}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sweep_dir", type=Path, help="a sweep folder (results/multiruns/<date>)")
    parser.add_argument(
        "--workers", type=int, default=1, help="processes drawing the figures of several swept keys (-1: every core)"
    )
    args = parser.parse_args(argv)
    runs, report = collect(args.sweep_dir, args.workers)
    print(f"written: {runs}, {report}")


if __name__ == "__main__":
    main()
