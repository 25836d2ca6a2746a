"""Figures of a run (PNG and SVG): paths, the wage distribution, employment by sector and region.

Each function takes the run's tables and writes one figure; matplotlib runs headless (Agg).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from sim.config import SECTORS  # noqa: E402
from sim.results import REGIONAL_IMPACTS, mean_and_interval, write_png_and_svg  # noqa: E402

COLOURS = {"baseline": "#4d4d4d", "scenario": "#c0392b", "start": "#7f8c8d"}


def _save(fig: plt.Figure, path: Path) -> Path:
    """Write the figure as `path` (PNG) and beside it as SVG, for a report; return `path`."""
    fig.tight_layout()
    try:
        write_png_and_svg(fig, path.with_suffix(""), dpi=120)
        return path
    finally:
        plt.close(fig)


def seed_band(data: pd.DataFrame, name: str, factor: float = 1.0) -> tuple[np.ndarray, ...]:
    """Months, and the mean of `name` x `factor` across the seeds of `data` (one variant) with
    its 95 % interval (NaN with one seed)."""
    by_month = data.pivot_table(index="month", columns="seed", values=name, dropna=False)
    return (by_month.index.to_numpy(), *mean_and_interval(factor * by_month.to_numpy(), axis=1))


def plot_panels(timeseries: pd.DataFrame, panels: list[tuple[str, str, float]], title: str, path: Path) -> Path:
    """One panel per (indicator, axis label, multiplier): baseline vs scenario over the horizon,
    the mean across the seeds of `timeseries` with its 95 % band (with several seeds), and a
    mark where the scenario starts (month 1, after the burn-in)."""
    fig, axes = plt.subplots(1, len(panels), figsize=(5 * len(panels), 3.8))
    for ax, (name, label, factor) in zip(np.atleast_1d(axes), panels):
        for variant, data in timeseries.groupby("variant"):
            months, mean, low, high = seed_band(data, name, factor)
            ax.plot(
                months,
                mean,
                label=variant,
                color=COLOURS[variant],
                linestyle="--" if variant == "baseline" else "-",
            )
            if not np.isnan(low).all():
                ax.fill_between(months, low, high, color=COLOURS[variant], alpha=0.15, linewidth=0)
        ax.axvline(0.5, color=COLOURS["start"], linewidth=0.8, linestyle=":")
        ax.set_xlabel("month after burn-in (the scenario starts at month 1)")
        ax.set_ylabel(label)
        ax.grid(alpha=0.3)
    np.atleast_1d(axes)[0].legend()
    fig.suptitle(title)
    return _save(fig, path)


def plot_paths(timeseries: pd.DataFrame, title: str, path: Path) -> Path:
    """Unemployment and employment rates, baseline vs scenario, over the horizon."""
    return plot_panels(
        timeseries,
        [
            ("unemployment_rate", "Unemployment rate (%)", 100.0),
            ("employment_rate", "Employment-to-population ratio (%)", 100.0),
        ],
        title,
        path,
    )


def plot_migration(
    timeseries: pd.DataFrame, title: str, path: Path, destination: str = "abroad", poverty_line: str = "the run's line"
) -> Path:
    """Remittances, migrants abroad and poverty (below `poverty_line`, in words), baseline vs scenario."""
    return plot_panels(
        timeseries,
        [
            ("remittances_gdp_share", "Remittances (% of GDP)", 100.0),
            ("migrants_abroad", f"Migrants abroad, mostly in {destination} (thousand)", 1e-3),
            ("poverty_rate", f"Poverty rate, % of residents ({poverty_line})", 100.0),
        ],
        title,
        path,
    )


def plot_wage_distribution(
    wages: dict[str, np.ndarray],
    minimum_wage: float,
    currency: str,
    title: str,
    path: Path,
    agreement_floors: np.ndarray | None = None,
) -> Path:
    """Density of employees' monthly wages at the split and at the end of each variant."""
    fig, ax = plt.subplots(figsize=(7, 4))
    positive = np.concatenate([w[w > 0] for w in wages.values()])
    bins = np.geomspace(max(positive.min(), 1.0), positive.max(), 40)
    for label, w in wages.items():
        colour = COLOURS["start"] if label.startswith("start") else COLOURS[label.split()[0]]
        ax.hist(w[w > 0], bins=bins, density=True, histtype="step", linewidth=1.6, color=colour, label=label)
    ax.axvline(minimum_wage, color="#2c3e50", linestyle=":", label="minimum wage")
    floors = agreement_floors[agreement_floors > 0] if agreement_floors is not None else np.zeros(0)
    if len(floors):
        ax.axvspan(
            floors.min(),
            floors.max() * 1.001,
            color="#2980b9",
            alpha=0.15,
            label="collective-agreement floor, lowest grade (range over sectors)",
        )
    ax.set_xscale("log")
    ax.set_xlabel(f"monthly wage of employees ({currency}, log scale)")
    ax.set_ylabel("density")
    ax.legend(fontsize=8)
    ax.set_title(title)
    return _save(fig, path)


def plot_sector_employment(timeseries: pd.DataFrame, title: str, path: Path) -> Path:
    """Employment by sector at the end of the horizon, and tradable employment over time: the
    mean across the seeds of `timeseries` with its 95 % interval (with several seeds)."""
    end = timeseries["month"].max()
    last = timeseries[timeseries["month"] == end]
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2))
    x = np.arange(len(SECTORS))
    for k, variant in enumerate(("baseline", "scenario")):
        rows = last[last["variant"] == variant]
        persons = np.array(
            [rows[f"employment_share_{s}"].to_numpy() * rows["employed_persons"].to_numpy() / 1e3 for s in SECTORS]
        )  # sectors x seeds
        mean, low, high = mean_and_interval(persons, axis=1)
        errors = None if np.isnan(low).all() else np.vstack([mean - low, high - mean])
        axes[0].bar(x + (k - 0.5) * 0.4, mean, width=0.4, color=COLOURS[variant], label=variant, yerr=errors, capsize=2)
    axes[0].set_xticks(x, [s.replace("_", " ") for s in SECTORS], fontsize=9, rotation=30, ha="right")
    axes[0].set_ylabel(f"employment, thousand persons (month {end})")
    axes[0].legend()
    for variant, data in timeseries.groupby("variant"):
        months, mean, low, high = seed_band(data, "tradable_employment", 1e-3)
        style = "--" if variant == "baseline" else "-"
        axes[1].plot(months, mean, color=COLOURS[variant], label=variant, linestyle=style)
        if not np.isnan(low).all():
            axes[1].fill_between(months, low, high, color=COLOURS[variant], alpha=0.15, linewidth=0)
    axes[1].axvline(0.5, color=COLOURS["start"], linewidth=0.8, linestyle=":")
    axes[1].set_xlabel("month after burn-in (the scenario starts at month 1)")
    axes[1].set_ylabel("tradable employment, thousand")
    axes[1].grid(alpha=0.3)
    fig.suptitle(title)
    return _save(fig, path)


def plot_regions(regional_impacts: pd.DataFrame, title: str, path: Path, poverty_line: str = "the run's line") -> Path:
    """Regional incidence: each region's impact on its employment, unemployment,
    participation and poverty rates (pp) and on its working-age residents (%, those who moved
    to another region or abroad), mean of months 1..H, scenario minus baseline, with 95 %
    intervals across seeds; regions ranked by their employment loss (the hardest hit on top)."""
    panels = [
        (name, f"{label} ({unit})" + (f"\nbelow {poverty_line}" if name == "poverty_rate" else ""))
        for name, label, unit in REGIONAL_IMPACTS
    ]
    employment = regional_impacts[regional_impacts["indicator"] == "employment_rate"].set_index("region")
    order = list(employment["mean"].sort_values(ascending=False).index.astype(str))  # largest loss last -> top
    height = max(3.0, 0.32 * len(order) + 1.2)
    fig, axes = plt.subplots(1, len(panels), figsize=(3.4 * len(panels), height), sharey=True)
    y = np.arange(len(order))
    for ax, (name, label) in zip(axes, panels):
        data = regional_impacts[regional_impacts["indicator"] == name].set_index("region")
        data.index = data.index.astype(str)
        data = data.loc[order]
        mean = 100.0 * data["mean"].to_numpy()
        err = None
        if data["ci_low"].notna().all():
            err = 100.0 * np.vstack([data["mean"] - data["ci_low"], data["ci_high"] - data["mean"]])
        ax.barh(y, mean, xerr=err, color=COLOURS["scenario"], alpha=0.8, ecolor="#333333", capsize=2)
        ax.axvline(0.0, color="#999999", linewidth=0.8)
        ax.set_xlabel(label)
        ax.grid(axis="x", alpha=0.3)
    axes[0].set_yticks(y, order)
    seeds = int(regional_impacts["seeds"].max()) if len(regional_impacts) else 0
    interval = "95 % intervals across seeds" if seeds > 1 else "one seed: no interval"
    fig.suptitle(f"{title}\nimpact by region, mean of the horizon ({interval})")
    return _save(fig, path)


IMPACT_PANELS = (
    ("unemployment_rate", "unemployment rate (pp)", 100.0),
    ("employment_rate", "employment rate (pp)", 100.0),
    ("informality_rate", "informality rate (pp)", 100.0),
    ("poverty_rate", "poverty rate (pp)", 100.0),
)


def plot_impacts(impacts: pd.DataFrame, title: str, path: Path, poverty_line: str = "the run's line") -> Path:
    """Scenario minus baseline by month: the mean across seeds and its 95 % band."""
    fig, axes = plt.subplots(1, len(IMPACT_PANELS), figsize=(4.2 * len(IMPACT_PANELS), 3.6))
    for ax, (name, label, factor) in zip(axes, IMPACT_PANELS):
        label = f"{label}\nbelow {poverty_line}" if name == "poverty_rate" else label
        data = impacts[impacts["indicator"] == name]
        ax.axhline(0.0, color="#999999", linewidth=0.8)
        if data["ci_low"].notna().any():
            ax.fill_between(
                data["month"],
                factor * data["ci_low"],
                factor * data["ci_high"],
                color=COLOURS["scenario"],
                alpha=0.2,
                label="95 % interval",
            )
        ax.plot(data["month"], factor * data["mean"], color=COLOURS["scenario"], label="mean impact")
        ax.set_xlabel("month after burn-in")
        ax.set_ylabel(label)
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize=8)
    fig.suptitle(title)
    return _save(fig, path)


SECTOR_BALANCES = (
    ("households", "households (incl. own-account)", "#27ae60"),
    ("firms", "firms", "#2980b9"),
    ("government", "government", "#c0392b"),
    ("banks", "banks", "#8e44ad"),
    ("rest_of_world", "rest of the world", "#7f8c8d"),
)


def plot_sector_balances(timeseries: pd.DataFrame, title: str, path: Path) -> Path:
    """Each institutional sector's net lending (% of GDP) by month, baseline and scenario;
    the balances sum to zero every month (the accounts close)."""
    fig, axes = plt.subplots(1, 2, figsize=(11, 4), sharey=True)
    for ax, variant in zip(axes, ("baseline", "scenario")):
        data = timeseries[timeseries["variant"] == variant]
        total = np.zeros(len(data))
        for name, label, colour in SECTOR_BALANCES:
            values = 100.0 * data[f"{name}_net_lending_gdp_share"].to_numpy()
            total += values
            ax.plot(data["month"], values, color=colour, linewidth=1.6, label=label)
        ax.plot(data["month"], total, color="black", linestyle=":", linewidth=1.2, label="sum (zero)")
        ax.axhline(0.0, color="#bdc3c7", linewidth=0.8)
        ax.set_title(variant)
        ax.set_xlabel("month after burn-in")
    axes[0].set_ylabel("net lending, % of GDP (+ lends, - borrows)")
    axes[1].legend(fontsize=8, loc="best")
    fig.suptitle(title, fontsize=10)
    return _save(fig, path)


def plot_follow_up(
    follow_up: dict,
    groups: tuple[str, str],
    labels: tuple[str, str],
    outcomes: list[tuple[str, str]],
    x_label: str,
    title: str,
    path: Path,
) -> Path:
    """A programme's participants against their comparison group: for each outcome (key, axis
    label), both groups' rates k months after entry (mean over cohorts and seeds), the first
    group with the 95 % interval of its gap to the second (`summary.json`'s `follow_up`)."""
    by_month = {int(k): record for k, record in follow_up.items()}  # int keys, or text once read from JSON
    months = sorted(by_month)
    fig, axes = plt.subplots(1, len(outcomes), figsize=(4.6 * len(outcomes), 3.8), squeeze=False)
    for ax, (outcome, label) in zip(axes[0], outcomes):
        records = [by_month[k][outcome] for k in months]
        first = np.array([100.0 * r[groups[0]] for r in records])
        second = np.array([100.0 * r[groups[1]] for r in records])
        low = np.array([np.nan if r["gap"]["ci_low"] is None else 100.0 * r["gap"]["ci_low"] for r in records])
        high = np.array([np.nan if r["gap"]["ci_high"] is None else 100.0 * r["gap"]["ci_high"] for r in records])
        ax.plot(months, second, color=COLOURS["baseline"], linestyle="--", marker="o", label=labels[1])
        ax.plot(months, first, color=COLOURS["scenario"], marker="o", label=labels[0])
        if not np.isnan(low).all():
            ax.errorbar(
                months, first, yerr=np.vstack([first - (second + low), (second + high) - first]),
                fmt="none", ecolor=COLOURS["scenario"], capsize=4, label="95 % interval of the gap",
            )
        ax.set_xticks(months)
        ax.set_xlabel(x_label)
        ax.set_ylabel(label)
        ax.grid(alpha=0.3)
    axes[0][0].legend(fontsize=9)
    fig.suptitle(textwrap.fill(title, width=45 * len(outcomes)))
    return _save(fig, path)
