"""Figures of a run (PNG and SVG): paths, the wage distribution, employment by sector and region.

Each function takes the run's tables and writes one figure; matplotlib runs headless (Agg).
Figures over time read the horizon in calendar months (`TimeAxis`: month 1 is the preset's
`country.calendar_start`) and mark where each shock and policy of the scenario begins.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib import ticker  # noqa: E402

from sim.config import SECTORS  # noqa: E402
from sim.results import REGIONAL_IMPACTS, mean_and_interval, write_png_and_svg  # noqa: E402

COLOURS = {"baseline": "#4d4d4d", "scenario": "#c0392b", "start": "#7f8c8d"}

MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


YEAR_STEPS = (1, 2, 5, 10, 20, 50, 100)
"""Years between labelled Januaries on a long horizon: the first that fits the axis."""


@dataclass(frozen=True)
class TimeAxis:
    """The horizon's months (0 = the split, 1 = the scenario's first month) as calendar months.

    Attributes:
        calendar_start: "YYYY-MM", the calendar month of horizon month 1 (the preset's
            `country.calendar_start`), or None: months are counted from the split.
        marks: (horizon month, what happens then) for each month in which a shock or policy of
            the scenario begins or a shock is lifted, marked on every figure over time.
    """

    calendar_start: str | None = None
    marks: tuple[tuple[int, str], ...] = ()

    def calendar(self, month: int) -> tuple[int, int] | None:
        """(year, month of the year 1-12) of horizon month `month`, or None without a calendar."""
        if self.calendar_start is None:
            return None
        year, first = map(int, self.calendar_start.split("-"))
        index = year * 12 + first - 1 + month - 1
        return index // 12, index % 12 + 1

    def label(self, month: int) -> str:
        """'Jan 2026' for horizon month `month`, or 'month 7' without a calendar."""
        when = self.calendar(month)
        return f"month {month}" if when is None else f"{MONTH_NAMES[when[1] - 1]} {when[0]}"

    def ticks(self, last: int, most: int = 12) -> list[int]:
        """At most `most` (>= 2) horizon months of 0..`last` to label: with a calendar the
        Januaries and Julys, or the Januaries of every 1, 2, 5, 10 ... years, whichever first
        fits; else every 6, 12, 24, 60 ... months."""
        if self.calendar_start is None:
            step = next(s for s in (6, *(12 * y for y in YEAR_STEPS)) if last // s + 1 <= most)
            return list(range(0, last + 1, step))
        dates = [self.calendar(m) for m in range(last + 1)]
        halves = [m for m, (_, month) in enumerate(dates) if month in (1, 7)]
        if 2 <= len(halves) <= most:
            return halves
        for years in YEAR_STEPS:
            januaries = [m for m, (year, month) in enumerate(dates) if month == 1 and year % years == 0]
            if len(januaries) <= most:
                return januaries if len(januaries) >= 2 else sorted({0, last})  # a short horizon: its ends
        return sorted({0, last})

    def apply(self, ax: plt.Axes, last: int) -> None:
        """Calendar ticks and label on `ax` over horizon months 0..`last` (as many as its width
        holds, a minor tick each quarter on a horizon of up to ten years), and a dotted line
        just before each marked month, labelled inside the axes, one label a line."""
        inches = ax.get_position().width * ax.figure.get_figwidth()
        months = self.ticks(last, most=max(2, int(inches / 0.75)))
        ax.set_xticks(months, [self.label(m) for m in months], fontsize=9)
        if self.calendar_start is not None and last <= 120:
            ax.set_xticks([m for m in range(last + 1) if self.calendar(m)[1] in (1, 4, 7, 10)], minor=True)
        ax.set_xlabel("month" if self.calendar_start is not None else "month after burn-in")
        for line, (month, what) in enumerate(self.marks):
            ax.axvline(month - 0.5, color=COLOURS["start"], linewidth=0.9, linestyle=":")
            right = month - 0.5 > 0.6 * last  # late in the horizon: the label to the line's left
            ax.annotate(
                f"{what} from {self.label(month)}",
                xy=(month - 0.5, 1.0),
                xycoords=("data", "axes fraction"),
                xytext=(-2 if right else 2, -2 - 10 * line),
                textcoords="offset points",
                fontsize=8,
                color=COLOURS["start"],
                ha="right" if right else "left",
                va="top",
            )


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


def plot_panels(
    timeseries: pd.DataFrame, panels: list[tuple[str, str, float]], title: str, path: Path, axis: TimeAxis = TimeAxis()
) -> Path:
    """One panel per (indicator, axis label, multiplier): baseline vs scenario over the horizon,
    the mean across the seeds of `timeseries` with its 95 % band (with several seeds), in
    calendar months with the scenario's shocks and policies marked (`axis`)."""
    fig, axes = plt.subplots(1, len(panels), figsize=(5 * len(panels), 4.0))
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
        axis.apply(ax, int(timeseries["month"].max()))
        ax.set_ylabel(label)
        ax.grid(alpha=0.3)
    np.atleast_1d(axes)[0].legend(loc="lower left", fontsize=9)
    fig.suptitle(title)
    return _save(fig, path)


def plot_paths(timeseries: pd.DataFrame, title: str, path: Path, axis: TimeAxis = TimeAxis()) -> Path:
    """Unemployment and employment rates, baseline vs scenario, over the horizon."""
    return plot_panels(
        timeseries,
        [
            ("unemployment_rate", "Unemployment rate (%)", 100.0),
            ("employment_rate", "Employment-to-population ratio (%)", 100.0),
        ],
        title,
        path,
        axis,
    )


def plot_migration(
    timeseries: pd.DataFrame,
    title: str,
    path: Path,
    destination: str = "abroad",
    poverty_line: str = "the run's line",
    axis: TimeAxis = TimeAxis(),
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
        axis,
    )


def plot_wage_distribution(
    wages: list[dict[str, np.ndarray]],
    minimum_wage: float,
    currency: str,
    title: str,
    path: Path,
    agreement_floors: np.ndarray | None = None,
) -> Path:
    """Employees' monthly wages (in `currency`, words for the axis) at the split and at the end
    of each variant: the share of employees in each wage band (bands of equal width on a log
    scale), the mean across the seeds (`wages`: one dict of wages by moment per seed) with its
    95 % confidence band."""
    fig, ax = plt.subplots(figsize=(8, 4.4))
    positive = np.concatenate([w[w > 0] for seed in wages for w in seed.values()])
    edges = np.geomspace(max(positive.min(), 1.0), positive.max() * 1.0001, 41)
    for label in wages[0]:
        shares = np.array([100.0 * np.histogram(seed[label], bins=edges)[0] / max((seed[label] > 0).sum(), 1)
                           for seed in wages])  # seeds x bands, % of employees
        mean, low, high = mean_and_interval(shares.T, axis=1)
        colour = COLOURS["start"] if label.startswith("start") else COLOURS[label.split()[0]]
        ax.stairs(mean, edges, color=colour, linewidth=1.6, label=label)
        if not np.isnan(low).all():  # a share is never negative: the band stops at zero
            ax.stairs(high, edges, baseline=np.maximum(low, 0.0), fill=True, color=colour, alpha=0.15)
    ax.axvline(minimum_wage, color="#2c3e50", linestyle=":", label="minimum wage")
    floors = agreement_floors[agreement_floors > 0] if agreement_floors is not None else np.zeros(0)
    if len(floors):
        ax.axvspan(
            floors.min(),
            floors.max() * 1.001,
            color="#2980b9",
            alpha=0.15,
            label="collective-agreement floor, lowest grade (range over sectors and seeds)",
        )
    ax.set_xscale("log")
    ax.xaxis.set_major_locator(ticker.LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    ax.xaxis.set_major_formatter(ticker.FuncFormatter(lambda x, _: f"{x:,.0f}"))
    ax.xaxis.set_minor_formatter(ticker.NullFormatter())
    ax.set_xlabel(f"monthly wage of employees ({currency}; log scale)")
    ax.set_ylabel("employees in the wage band (%)")
    ax.legend(fontsize=8)
    ax.set_title(title, fontsize=10)
    return _save(fig, path)


def plot_sector_employment(timeseries: pd.DataFrame, title: str, path: Path, axis: TimeAxis = TimeAxis()) -> Path:
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
    axes[0].set_ylabel(f"employment, thousand persons ({axis.label(end)})")
    axes[0].legend()
    for variant, data in timeseries.groupby("variant"):
        months, mean, low, high = seed_band(data, "tradable_employment", 1e-3)
        style = "--" if variant == "baseline" else "-"
        axes[1].plot(months, mean, color=COLOURS[variant], label=variant, linestyle=style)
        if not np.isnan(low).all():
            axes[1].fill_between(months, low, high, color=COLOURS[variant], alpha=0.15, linewidth=0)
    axis.apply(axes[1], int(end))
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


def plot_impacts(
    impacts: pd.DataFrame, title: str, path: Path, poverty_line: str = "the run's line", axis: TimeAxis = TimeAxis()
) -> Path:
    """Scenario minus baseline by month: the mean across seeds and its 95 % band."""
    fig, axes = plt.subplots(1, len(IMPACT_PANELS), figsize=(4.2 * len(IMPACT_PANELS), 3.9))
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
        axis.apply(ax, int(impacts["month"].max()))
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


def plot_sector_balances(timeseries: pd.DataFrame, title: str, path: Path, axis: TimeAxis = TimeAxis()) -> Path:
    """Each institutional sector's net lending (% of GDP) by month, baseline and scenario: the
    mean across the seeds of `timeseries` with its 95 % band; the balances sum to zero every
    month in every seed (the accounts close), and so do their means."""
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2), sharey=True)
    last = int(timeseries["month"].max())
    for ax, variant in zip(axes, ("baseline", "scenario")):
        data = timeseries[timeseries["variant"] == variant]
        total = 0.0
        for name, label, colour in SECTOR_BALANCES:
            months, mean, low, high = seed_band(data, f"{name}_net_lending_gdp_share", 100.0)
            total = total + mean
            ax.plot(months, mean, color=colour, linewidth=1.6, label=label)
            if not np.isnan(low).all():
                ax.fill_between(months, low, high, color=colour, alpha=0.15, linewidth=0)
        ax.plot(months, total, color="black", linestyle=":", linewidth=1.2, label="sum (zero)")
        ax.axhline(0.0, color="#bdc3c7", linewidth=0.8)
        ax.set_title(variant)
        axis.apply(ax, last)
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
