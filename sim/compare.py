"""Side-by-side comparison of runs: `python -m sim.compare RESULTS_DIR...`.

Reads the `summary.json` of each run folder given (or of every run folder below a sweep
folder, such as `results/multiruns/<date>`), and writes one table of headline impacts (mean
over the horizon, with the 95 % interval where the run had several seeds), a table per run
of its regions ranked by their employment impact, and one figure of the headline impacts.
The table is printed and saved as `comparison.md`, the figure as `comparison.png` and `.svg`, in the
folder given with `--out` (default: the first folder given).

    python -m sim -m country=kyrgyzstan,kazakhstan shock=remittance_collapse seeds=5
    python -m sim.compare results/multiruns/<date>
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from sim.results import write_atomically, write_png_and_svg  # noqa: E402

COMPARED = (
    ("unemployment_rate", "unemployment (pp)", 100.0, "impact_mean"),
    ("informality_rate", "informality (pp)", 100.0, "impact_mean"),
    ("poverty_rate", "poverty (pp)", 100.0, "impact_mean"),
    ("wage_gini", "wage Gini (points x 100)", 100.0, "impact_mean"),
    ("tradable_employment", "tradable employment (%)", 1.0, "impact_mean_percent"),
    ("household_income_mean", "household income (%)", 1.0, "impact_mean_percent"),
)


def find_summaries(paths: list[Path]) -> list[Path]:
    """The summary.json files of the run folders given, or below the sweep folders given."""
    found = []
    for path in paths:
        if (path / "summary.json").exists():
            found.append(path / "summary.json")
        else:
            found += sorted(path.glob("*/summary.json"), key=lambda p: job_order(p.parent.name))
    if not found:
        raise SystemExit(f"no summary.json in or below: {', '.join(map(str, paths))}")
    return found


def job_order(name: str) -> tuple:
    """A sweep's job folders by their numbers (0, 1, 2, ... 10), other folders after them."""
    return (0, int(name), "") if name.isdigit() else (1, 0, name)


def label(summary: dict) -> str:
    scenario = " + ".join(summary["shocks"] + summary["policies"]) or "no shock"
    return f"{summary['country']}: {scenario}"


def value(record: dict, key: str, factor: float) -> tuple[float, float | None, float | None]:
    """Mean and interval of one impact; an undefined mean (`null` in summary.json) is NaN."""
    r = record[key]
    low, high = r["ci_low"], r["ci_high"]
    mean = float("nan") if r["mean"] is None else factor * r["mean"]
    return mean, None if low is None else factor * low, None if high is None else factor * high


def table(summaries: list[dict]) -> str:
    """A markdown table: one row per run, one column per compared impact."""
    header = "| run | seeds | " + " | ".join(name for _, name, _, _ in COMPARED) + " |"
    lines = [header, "|" + " --- |" * (len(COMPARED) + 2)]
    for summary in summaries:
        cells = []
        for indicator, _, factor, key in COMPARED:
            mean, low, high = value(summary["headline_impacts"][indicator], key, factor)
            cells.append(
                "n/a" if np.isnan(mean) else f"{mean:+.2f}" + ("" if low is None else f" [{low:+.2f}, {high:+.2f}]")
            )
        lines.append(f"| {label(summary)} | {len(summary['seeds'])} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def per_country(summaries: list[dict], key: str, title: str) -> str:
    """What each country's runs record under `key` (its words), one line per country: which
    poverty line the rates count under, which union density the run starts from (runs that
    predate the record say so)."""
    seen = {}
    for summary in summaries:
        words = summary.get(key, {}).get("words", "not recorded in this run's summary.json")
        seen.setdefault(summary["country"], words)
    return f"{title}:\n" + "\n".join(f"- {country}: {words}" for country, words in seen.items())


def migration_lines(summaries: list[dict]) -> str:
    """Each run's migrants by destination and foreign workers at the horizon's end, baseline
    -> scenario (runs that predate the records say so)."""
    lines = ["Migration at the horizon's end (baseline -> scenario):"]
    for summary in summaries:
        if "destinations" not in summary:
            lines.append(f"- {label(summary)}: not recorded in this run's summary.json")
            continue
        parts = [
            f"{name if name == 'elsewhere' else 'in ' + name} "
            f"{d['migrants_abroad']['baseline']:,.0f} -> {d['migrants_abroad']['scenario']:,.0f}"
            for name, d in summary["destinations"].items()
        ]
        foreign = summary.get("immigration") or {}
        if foreign:
            w, r = foreign["foreign_workers"], foreign["remittances_paid_gdp_share"]
            parts.append(
                f"foreign workers here {w['baseline']:,.0f} -> {w['scenario']:,.0f}, sending home "
                f"{100 * r['baseline']:.2f} % -> {100 * r['scenario']:.2f} % of GDP"
            )
        lines.append(f"- {label(summary)}: " + ("; ".join(parts) if parts else "no migrants in the preset"))
    return "\n".join(lines)


REGIONAL = (
    ("employment_rate", "employment (pp)"),
    ("unemployment_rate", "unemployment (pp)"),
    ("participation_rate", "participation (pp)"),
    ("working_age_population", "residents (%)"),
    ("poverty_rate", "poverty (pp)"),
)
"""Regional impacts in the regional tables (rates in percentage points, residents in %)."""


def regional_tables(summaries: list[dict]) -> str:
    """For each run, its regions ranked by their employment impact (the hardest hit first):
    impacts on employment, unemployment, participation and poverty rates and on residents,
    mean over the horizon with the 95 % interval where the run had several seeds."""
    blocks = []
    for summary in summaries:
        regions = summary.get("regional_impacts")
        if not regions:
            blocks.append(f"### {label(summary)}\n\nno regional impacts in this run's summary.json")
            continue
        order = sorted(regions, key=lambda r: regions[r]["employment_rate"]["mean"])
        lines = [
            f"### {label(summary)}",
            "",
            "| region | " + " | ".join(name for _, name in REGIONAL) + " |",
            "|" + " --- |" * (len(REGIONAL) + 1),
        ]
        for region in order:
            cells = []
            for indicator, _ in REGIONAL:
                if indicator not in regions[region]:  # a run from before this impact was reported
                    cells.append("n/a")
                    continue
                mean, low, high = value(regions[region], indicator, 100.0)
                cells.append(f"{mean:+.2f}" + ("" if low is None else f" [{low:+.2f}, {high:+.2f}]"))
            lines.append(f"| {region} | " + " | ".join(cells) + " |")
        blocks.append("\n".join(lines))
    return "## Regions, ranked by employment impact\n\n" + "\n\n".join(blocks)


def figure(summaries: list[dict], path: Path) -> Path:
    """Bars of each compared impact, one bar per run (numbered on the axis and in the legend),
    with 95 % intervals where known; two rows of panels, text legible at the size saved."""
    columns = -(-len(COMPARED) // 2)
    fig, axes = plt.subplots(2, columns, figsize=(3.6 * columns, 7.4), squeeze=False)
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    runs = np.arange(1, len(summaries) + 1)
    for ax, (indicator, name, factor, key) in zip(axes.flat, COMPARED):
        for k, summary in enumerate(summaries):
            mean, low, high = value(summary["headline_impacts"][indicator], key, factor)
            err = None if low is None else [[mean - low], [high - mean]]
            ax.bar(
                runs[k],
                0.0 if np.isnan(mean) else mean,
                yerr=err,
                color=colours[k % len(colours)],
                capsize=3,
                label=f"{runs[k]}: {label(summary)}",
            )
        ax.axhline(0.0, color="#999999", linewidth=0.8)
        ax.set_title(name, fontsize=11)
        ax.set_xticks(runs, [str(r) for r in runs], fontsize=10)
        ax.set_xlabel("run", fontsize=10)
        ax.tick_params(axis="y", labelsize=10)
    for ax in list(axes.flat)[len(COMPARED) :]:
        ax.set_visible(False)
    legend_rows = -(-len(summaries) // 2)
    fig.legend(*axes[0][0].get_legend_handles_labels(), loc="lower center", ncol=min(len(summaries), 2), fontsize=10)
    fig.suptitle("Impact, scenario minus baseline, mean over the horizon", fontsize=12)
    fig.tight_layout(rect=(0, 0.045 * legend_rows + 0.02, 1, 1))
    try:
        write_png_and_svg(fig, path.with_suffix(""), dpi=120)
        return path
    finally:
        plt.close(fig)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="+", type=Path, help="run folders, or sweep folders that hold them")
    parser.add_argument(
        "--out", type=Path, default=None, help="where comparison.md, comparison.png and comparison.svg go"
    )
    args = parser.parse_args(argv)
    summaries = [json.loads(p.read_text()) for p in find_summaries(args.paths)]
    out = args.out or args.paths[0]
    out.mkdir(parents=True, exist_ok=True)
    text = "\n\n".join(
        (
            table(summaries),
            per_country(summaries, "poverty_line", "Poverty lines"),
            per_country(summaries, "unions", "Union densities"),
            migration_lines(summaries),
            regional_tables(summaries),
        )
    )
    write_atomically(out / "comparison.md", text + "\n")
    figure(summaries, out / "comparison.png")
    print(text)
    print(f"\nwritten: {out / 'comparison.md'}, {out / 'comparison.png'}, {out / 'comparison.svg'}", file=sys.stderr)


if __name__ == "__main__":
    main()
