"""Writing a run: tables, headline impacts of scenario minus baseline, and the table printed.

Core objects: `timeseries_frame`, `regions_frame`, `headline_impacts`, `regional_impacts`, `format_impacts`,
`write_run`. The impact of a scenario is scenario minus baseline, month by month, from the
same state and the same random numbers (common random numbers; DESIGN.md section 2).
Files are written atomically (a temporary file of a unique name, then a rename), so an
interrupted run never leaves a half-written table that looks complete, and all with the mode a
new file gets under the user's umask. A run claims its folder (`claim_run_folder`: a lock of
the operating system, released however the run ends; a second run into the folder is refused),
clears what an earlier run wrote there, and writes `summary.json` last: a folder without it
is an incomplete run. JSON is strict (`strict_json`: `null` where a value is undefined).
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
import math
import os
import socket
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from scipy import stats

from sim.config import SECTORS
from sim.indicators import INDICATOR_NAMES
from sim.markets.training import FOLLOW_UP_MONTHS, FOLLOW_UP_STATUSES
from sim.markets.youth_guarantee import FOLLOW_UP_MONTHS as GUARANTEE_FOLLOW_UP_MONTHS

if TYPE_CHECKING:
    from sim.model import LabourMarketModel

HEADLINE: tuple[tuple[str, str, str], ...] = (
    ("unemployment_rate", "Unemployment rate", "pp"),
    ("long_term_unemployment_share", "Long-term unemployed, % of unemp.", "pp"),
    ("youth_unemployment_rate", "Youth unemployment rate, 15-24", "pp"),
    ("neet_rate", "NEET rate, 15-24", "pp"),
    ("employment_rate", "Employment-to-population ratio", "pp"),
    ("informality_rate", "Informality rate", "pp"),
    ("median_wage", "Median monthly wage", "%"),
    ("wage_gini", "Wage Gini", "points"),
    ("wage_p90_p10", "Wage P90/P10", "points"),
    ("tradable_employment", "Tradable-sector employment", "%"),
    ("household_income_mean", "Household income", "%"),
    ("poverty_rate", "Poverty rate", "pp"),
    ("at_risk_of_poverty_rate", "At-risk-of-poverty rate", "pp"),
    ("remittances_gdp_share", "Remittances, % of GDP", "pp"),
    ("migrants_abroad", "Migrants abroad", "%"),
    ("bargaining_coverage", "Bargaining coverage", "pp"),
)
"""Indicators of the printed table: (name, label, unit of the impact)."""


def timeseries_frame(model: "LabourMarketModel", variant: str, seed: int) -> pd.DataFrame:
    """Wide table of the model's indicators: month (of the horizon), variant, seed, indicators."""
    data = model.datacollector.get_model_vars_dataframe().reset_index(drop=True)
    data.insert(0, "seed", seed)
    data.insert(0, "variant", variant)
    data.insert(0, "month", np.arange(len(data)))
    return data[["month", "variant", "seed", *INDICATOR_NAMES]]


def history_frame(
    history: list, key: str, names: tuple[str, ...], horizon_origin: int, variant: str, seed: int
) -> pd.DataFrame:
    """Long table of a per-month history of tables by place: month (of the horizon), variant,
    seed, the place (column `key`, one of `names`), then its indicators."""
    frames = []
    for month, table in history:
        frame = pd.DataFrame(table)
        frame.insert(0, key, list(names))
        frame.insert(0, "seed", seed)
        frame.insert(0, "variant", variant)
        frame.insert(0, "month", month - horizon_origin)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def regions_frame(model: "LabourMarketModel", variant: str, seed: int) -> pd.DataFrame:
    """Long table of the regional history: month, variant, seed, region, then its indicators."""
    return history_frame(
        model.regional_history, "region", model.calibration.regions, model.horizon_origin, variant, seed
    )


def destinations_frame(model: "LabourMarketModel", variant: str, seed: int) -> pd.DataFrame:
    """Long table of the migrants by destination: month, variant, seed, destination, then
    migrants abroad, in work, leaving, returning and remittances (`LabourMarketModel.destination_table`)."""
    names = model.environment.destinations
    return history_frame(model.destination_history, "destination", names, model.horizon_origin, variant, seed)


def destination_summary(destinations: pd.DataFrame) -> dict:
    """For each destination, at the end of the horizon (means over seeds): migrants abroad and
    remittances in US dollars a month, baseline and scenario, and the scenario's change (%);
    {} where the preset has no migrants."""
    if destinations.empty or not (destinations["migrants_abroad"] > 0).any():
        return {}
    end = destinations[destinations["month"] == destinations["month"].max()]
    means = end.groupby(["destination", "variant"], sort=False)[["migrants_abroad", "remittances_usd"]].mean()
    out = {}
    for name in dict.fromkeys(end["destination"]):
        entry = {}
        for column in ("migrants_abroad", "remittances_usd"):
            base, scen = means.loc[(name, "baseline"), column], means.loc[(name, "scenario"), column]
            entry[column] = {
                "baseline": float(base),
                "scenario": float(scen),
                "change_percent": float(100.0 * (scen / base - 1.0)) if base > 0 else None,
            }
        out[name] = entry
    return out


def immigration_summary(timeseries: pd.DataFrame) -> dict:
    """Foreign workers here and the remittances they send home (% of GDP) at the end of the
    horizon, baseline and scenario (means over seeds), or {} where the preset has none."""
    if not (timeseries["foreign_workers"] > 0).any():
        return {}
    end = timeseries[timeseries["month"] == timeseries["month"].max()]
    means = end.groupby("variant")[["foreign_workers", "remittances_paid_gdp_share"]].mean()
    workers = {v: float(means.loc[v, "foreign_workers"]) for v in ("baseline", "scenario")}
    return {
        "foreign_workers": {
            **workers,
            "change_percent": 100.0 * (workers["scenario"] / workers["baseline"] - 1.0)
            if workers["baseline"]
            else None,
        },
        "remittances_paid_gdp_share": {
            v: float(means.loc[v, "remittances_paid_gdp_share"]) for v in ("baseline", "scenario")
        },
    }


def format_immigration(summary: dict, horizon_months: int) -> str:
    """One line: foreign workers here and what they send home at the horizon's end."""
    if not summary:
        return ""
    w, r = summary["foreign_workers"], summary["remittances_paid_gdp_share"]
    return (
        f"Foreign workers here, month {horizon_months}: {w['baseline']:,.0f} -> {w['scenario']:,.0f} "
        f"({_change_text(w)}); remittances they send home {100 * r['baseline']:.2f} % -> "
        f"{100 * r['scenario']:.2f} % of GDP"
    )


def _change_text(entry: dict) -> str:
    return "n/a" if entry["change_percent"] is None else f"{entry['change_percent']:+.1f} %"


def format_destinations(summary: dict, horizon_months: int) -> str:
    """Lines of migrants abroad and their remittances by destination at the horizon's end."""
    if not summary:
        return ""
    lines = [f"Migrants by destination, month {horizon_months} (baseline -> scenario; remittances a month)"]
    width = max(len(name) for name in summary)
    for name, entry in summary.items():
        m, r = entry["migrants_abroad"], entry["remittances_usd"]
        lines.append(
            f"  {name:<{width}} {m['baseline']:>11,.0f} -> {m['scenario']:>11,.0f} ({_change_text(m)})   "
            f"US$ {r['baseline'] / 1e6:>8,.1f} M -> {r['scenario'] / 1e6:>8,.1f} M ({_change_text(r)})"
        )
    return "\n".join(lines)


def accounts_frame(model: "LabourMarketModel", variant: str, seed: int) -> pd.DataFrame:
    """Tidy transaction-flow matrix of every month: month (of the horizon), variant, seed,
    flow, sector, value (local currency, all persons: + receipt, - payment; cells that are
    zero are left out)."""
    from sim.accounts import COLUMNS, FLOWS

    months, matrices = zip(*model.accounts_history) if model.accounts_history else ((), ())
    cube = np.array(matrices).reshape(len(months), len(FLOWS), len(COLUMNS)) * model.scale
    month, flow, sector = np.nonzero(cube)
    return pd.DataFrame(
        {
            "month": np.asarray(months, dtype=int)[month] - model.horizon_origin,
            "variant": variant,
            "seed": seed,
            "flow": np.asarray(FLOWS)[flow],
            "sector": np.asarray(COLUMNS)[sector],
            "value": cube[month, flow, sector],
        }
    )


def balance_sheets_frame(model: "LabourMarketModel", variant: str, seed: int) -> pd.DataFrame:
    """Tidy balance sheets at the end of every month: month, variant, seed, item, value
    (local currency, all persons)."""
    rows = []
    for month, s in model.stocks_history:
        items = {
            "household_deposits": s.household_deposits,
            "household_loans": s.household_loans,
            "household_net_financial_wealth": s.household_deposits - s.household_loans,
            "firm_deposits": float(s.firm_deposits.sum()),
            "firm_loans": float(s.firm_loans.sum()),
            "firm_net_worth": float(s.firm_deposits.sum() - s.firm_loans.sum()),
            "government_debt": s.government_debt,
            "net_foreign_assets": s.net_foreign_assets,
            "bank_equity": s.bank_equity,
        }
        rows += [(month - model.horizon_origin, variant, seed, k, v * model.scale) for k, v in items.items()]
    return pd.DataFrame(rows, columns=["month", "variant", "seed", "item", "value"])


def paired_differences(timeseries: pd.DataFrame, name: str) -> pd.DataFrame:
    """Scenario minus baseline of one indicator: months x seeds."""
    wide = timeseries.pivot_table(index="month", columns=["variant", "seed"], values=name, dropna=False)
    return wide["scenario"] - wide["baseline"]


def mean_and_interval(samples: np.ndarray, axis: int = -1) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean and 95 % confidence interval (Student t) across `axis`; NaN bounds with one sample."""
    samples = np.asarray(samples, dtype=float)
    n = samples.shape[axis]
    mean = samples.mean(axis=axis)
    if n < 2:
        nan = np.full_like(mean, np.nan)
        return mean, nan, nan
    half = stats.t.ppf(0.975, n - 1) * samples.std(axis=axis, ddof=1) / np.sqrt(n)
    return mean, mean - half, mean + half


def impact_table(timeseries: pd.DataFrame) -> pd.DataFrame:
    """Tidy table of impacts: month, indicator, seeds, mean, ci_low, ci_high (95 %, paired by seed)."""
    frames = []
    n_seeds = timeseries["seed"].nunique()
    by_variant = timeseries.set_index(["variant", "seed", "month"])[list(INDICATOR_NAMES)].sort_index()
    # months x (indicator, seed), every indicator at once
    differences = by_variant.loc["scenario"].unstack("seed") - by_variant.loc["baseline"].unstack("seed")
    for name in INDICATOR_NAMES:
        diff = differences[name]
        mean, low, high = mean_and_interval(diff.to_numpy(dtype=float), axis=1)
        frames.append(
            pd.DataFrame(
                {"month": diff.index, "indicator": name, "seeds": n_seeds, "mean": mean, "ci_low": low, "ci_high": high}
            )
        )
    return pd.concat(frames, ignore_index=True)


def headline_impacts(timeseries: pd.DataFrame) -> dict[str, dict]:
    """For the headline indicators: baseline and scenario at the end of the horizon (mean over
    seeds), and the impact at the end and averaged over months 1..H, each as mean and 95 %
    interval across seeds (paired by seed); levels also in percent of the baseline."""
    end = int(timeseries["month"].max())
    out = {}
    for name, label, unit in HEADLINE:
        wide = timeseries.pivot_table(index="month", columns=["variant", "seed"], values=name, dropna=False)
        base, scen = wide["baseline"], wide["scenario"]
        diff = scen - base
        record = {
            "label": label,
            "unit": unit,
            "baseline_end": float(base.loc[end].mean()),
            "scenario_end": float(scen.loc[end].mean()),
            "impact_end": interval(diff.loc[end].to_numpy()),
            "impact_mean": interval(diff.loc[1:].mean().to_numpy()),
        }
        if unit == "%":
            record["impact_end_percent"] = interval(100.0 * (diff.loc[end] / base.loc[end]).to_numpy())
            record["impact_mean_percent"] = interval(100.0 * (diff.loc[1:] / base.loc[1:]).mean().to_numpy())
        out[name] = record
    return out


REGIONAL_IMPACTS = (
    ("employment_rate", "employment rate", "pp"),
    ("unemployment_rate", "unemployment rate", "pp"),
    ("participation_rate", "participation rate", "pp"),
    ("working_age_population", "working-age residents", "%"),
    ("poverty_rate", "poverty rate", "pp"),
)
"""Regional indicators whose impacts `regional_impacts` reports: rates as a difference (pp),
residents as a relative difference (%): those who left for another region or abroad."""


def regional_impacts(regions: pd.DataFrame) -> pd.DataFrame:
    """Impact of the scenario on each region: scenario minus baseline averaged over months
    1..H, paired by seed (relative to the baseline for REGIONAL_IMPACTS in %), with its mean
    and 95 % interval across seeds (one row per region and indicator: region, indicator,
    seeds, baseline, mean, ci_low, ci_high; as fractions)."""
    horizon = regions[regions["month"] >= 1]
    rows = []
    for name, _, unit in REGIONAL_IMPACTS:
        wide = horizon.pivot_table(index=["region", "seed"], columns="variant", values=name, aggfunc="mean")
        diff = wide["scenario"] - wide["baseline"]
        if unit == "%":
            diff = diff / wide["baseline"].where(wide["baseline"] > 0)
        diff = diff.unstack("seed")
        base = wide["baseline"].groupby(level="region").mean()
        mean, low, high = mean_and_interval(diff.to_numpy(), axis=1)
        for region, m, lo, hi in zip(diff.index, mean, low, high):
            rows.append((region, name, diff.shape[1], float(base[region]), m, lo, hi))
    order = list(dict.fromkeys(regions["region"]))
    table = pd.DataFrame(rows, columns=["region", "indicator", "seeds", "baseline", "mean", "ci_low", "ci_high"])
    table["region"] = pd.Categorical(table["region"], categories=order, ordered=True)
    return table.sort_values(["indicator", "region"]).reset_index(drop=True)


def regional_summary(impacts: pd.DataFrame) -> dict[str, dict]:
    """The regional impacts as nested records for summary.json: region -> indicator -> interval."""
    out: dict[str, dict] = {}
    for row in impacts.itertuples(index=False):
        bound = lambda x: None if np.isnan(x) else float(x)  # noqa: E731
        out.setdefault(str(row.region), {})[row.indicator] = {
            "baseline": float(row.baseline),
            "mean": float(row.mean),
            "ci_low": bound(row.ci_low),
            "ci_high": bound(row.ci_high),
        }
    return out


def interval(samples: np.ndarray) -> dict[str, float | None]:
    """Mean and 95 % interval of per-seed values; the bounds are None with one seed."""
    mean, low, high = mean_and_interval(samples)
    bound = lambda x: None if np.isnan(x) else float(x)  # noqa: E731
    return {"mean": float(mean), "ci_low": bound(low), "ci_high": bound(high)}


def programme_effects(timeseries: pd.DataFrame) -> dict | None:
    """The reskilling programme's participants against their matched comparison group, k
    months after entry (Card, Kluve and Weber 2018 report programme effects at these
    horizons): for each status (employed, inactive, abroad; the rest search or train) the
    participants' and the comparison's shares, averaged over the monthly cohorts observed k
    months after entry, and their gap with its 95 % interval across seeds; the gap in mean
    earnings at home (percent); and the cost per participant (the subsidy paid over the
    horizon / persons who enrolled). None when nobody enrolled."""
    scenario = timeseries[(timeseries["variant"] == "scenario") & (timeseries["month"] >= 1)]
    if "training_entrants" not in scenario or scenario["training_entrants"].sum() <= 0:
        return None
    by_seed = scenario.groupby("seed")
    cost = by_seed["programme_cost"].sum() / by_seed["training_entrants"].sum()
    out: dict = {
        "participants": float(by_seed["training_entrants"].sum().mean()),
        "cost_per_participant": interval(cost.to_numpy()),
        "follow_up": {},
    }
    for k in FOLLOW_UP_MONTHS:
        record = {}
        for status in FOLLOW_UP_STATUSES:
            p = by_seed[f"participant_{status}_rate_{k}m"].mean()
            c = by_seed[f"comparison_{status}_rate_{k}m"].mean()
            seen = p.notna() & c.notna()  # seeds with a cohort observed k months after entry
            if not seen.any():
                break  # no cohort this long after entry within the horizon
            record[status] = {
                "participants": float(p[seen].mean()),
                "comparison": float(c[seen].mean()),
                "gap": interval((p - c)[seen].to_numpy()),
            }
        else:
            p = by_seed[f"participant_earnings_{k}m"].mean()
            c = by_seed[f"comparison_earnings_{k}m"].mean()
            seen = p.notna() & c.notna() & (c > 0)
            record["earnings_gap_percent"] = interval(100.0 * (p / c - 1.0)[seen].to_numpy())
            record["seeds"] = int(seen.sum())
            out["follow_up"][k] = record
    return out


GUARANTEE_OFFERS = (
    ("guarantee_jobs", "subsidised jobs"),
    ("guarantee_traineeships", "traineeships"),
    ("guarantee_courses", "courses"),
)
"""The youth guarantee's offers taken up, as counted in the time series, and their names."""


def guarantee_summary(timeseries: pd.DataFrame) -> dict | None:
    """The youth guarantee over the horizon (sums of months 1..H, mean over seeds with its 95 %
    interval): the young who reached the offer month, the offers taken up by type, the offers
    of a placement that found no vacancy, the programme's cost (wage subsidies and courses,
    local currency) and its cost per participant placed or trained; and k months after an offer
    month, the employment and NEET rates of those offered and of those not offered then,
    averaged over the offer months seen k months later, with the gap's interval across seeds.
    None when nobody reached the offer month."""
    scenario = timeseries[(timeseries["variant"] == "scenario") & (timeseries["month"] >= 1)]
    if "guarantee_eligible" not in scenario or scenario["guarantee_eligible"].sum() <= 0:
        return None
    by_seed = scenario.groupby("seed")
    total = lambda name: by_seed[name].sum().to_numpy()  # noqa: E731
    participants = sum(total(name) for name, _ in GUARANTEE_OFFERS)
    cost = total("guarantee_cost")
    follow_up = {}
    for k in GUARANTEE_FOLLOW_UP_MONTHS:
        record = {}
        for outcome in ("employment", "neet"):
            both = scenario[[f"guarantee_offered_{outcome}_rate_{k}m", f"guarantee_not_offered_{outcome}_rate_{k}m"]]
            both = both.dropna()  # months with both groups of an offer month k months back
            if both.empty:
                continue
            by = both.groupby(scenario.loc[both.index, "seed"])
            offered, control = by[both.columns[0]].mean(), by[both.columns[1]].mean()
            record[outcome] = {
                "offered": float(offered.mean()),
                "not_offered": float(control.mean()),
                "gap": interval((offered - control).to_numpy()),
            }
        if "employment" in record:
            follow_up[k] = record
    return {
        "follow_up": follow_up,
        "eligible": interval(total("guarantee_eligible")),
        "offers": {label: interval(total(name)) for name, label in GUARANTEE_OFFERS},
        "participants": interval(participants),
        "unplaced": interval(total("guarantee_unplaced")),
        "cost": interval(cost),
        "cost_per_participant": interval(
            np.divide(cost, participants, out=np.full(len(cost), np.nan), where=participants > 0)
        ),
    }


def format_guarantee(summary: dict, currency: str, horizon_months: int, wait_months: int) -> str:
    """The youth guarantee's lines of the printout (persons and cost over months 1..H)."""
    offers = ", ".join(f"{label} {interval_text(r, 1, ',.0f')}" for label, r in summary["offers"].items())
    return "\n".join(
        [
            f"Youth guarantee, months 1-{horizon_months} (persons; mean [95 % interval] across seeds):",
            f"  reached {wait_months} months of unemployment: {interval_text(summary['eligible'], 1, ',.0f')}",
            f"  took up: {offers}",
            f"  offered a placement with no vacancy in their region: {interval_text(summary['unplaced'], 1, ',.0f')}",
            f"  cost: {interval_text(summary['cost'], 1e-6, ',.1f')} million {currency}, "
            f"{interval_text(summary['cost_per_participant'], 1, ',.0f')} {currency} a participant",
            *(
                f"  {k} months after the offer month, offered minus not offered: employment "
                f"{interval_text(r['employment']['gap'], 100, '+.1f', ' pp')}"
                + (f", NEET {interval_text(r['neet']['gap'], 100, '+.1f', ' pp')}" if "neet" in r else "")
                for k, r in summary["follow_up"].items()
            ),
        ]
    )


def interval_text(r: dict, factor: float, fmt: str, suffix: str = "") -> str:
    """An impact record (`interval`) as text: the mean times `factor` in `fmt` with `suffix`,
    then its 95 % interval where it has one; "n/a" for an undefined mean."""
    if np.isnan(r["mean"]):
        return "n/a"
    text = f"{factor * r['mean']:{fmt}}{suffix}"
    if r["ci_low"] is not None:
        text += f" [{factor * r['ci_low']:{fmt}}, {factor * r['ci_high']:{fmt}}]"
    return text


def format_programme(effects: dict, currency: str) -> str:
    """The programme's table: participants minus their matched comparison group k months
    after entry, in percentage points (earnings in percent), and its cost per participant."""
    lines = [
        "Reskilling programme: participants minus matched comparison, k months after entry (pp; earnings %)",
        f"{'months':>7}{'employed':>26}{'inactive':>26}{'abroad':>26}{'earnings':>26}",
    ]
    for k, r in effects["follow_up"].items():
        lines.append(
            f"{k:>7}"
            + "".join(f" {interval_text(r[s]['gap'], 100, '+.1f'):>25}" for s in FOLLOW_UP_STATUSES)
            + f" {interval_text(r['earnings_gap_percent'], 1, '+.1f'):>25}"
        )
    c = effects["cost_per_participant"]
    participants = effects["participants"]
    lines.append(f"Cost per participant: {c['mean']:,.0f} {currency} ({participants:,.0f} participants a run)")
    return "\n".join(lines)


def format_impacts(impacts: dict[str, dict], horizon_months: int) -> str:
    """The headline table: impacts in percentage points, percent or points; with several
    seeds each impact is followed by its 95 % interval."""
    with_ci = any(r["impact_mean"]["ci_low"] is not None for r in impacts.values())
    width = 30 if with_ci else 14
    lines = [
        f"{'indicator':<32}{'baseline':>12}{'scenario':>12}{'impact, end':>{width}}{'impact, mean':>{width}}",
        f"{'':<32}{f'(month {horizon_months})':>12}{'':>12}{'':>{width}}{f'(months 1-{horizon_months})':>{width}}",
    ]

    for name, label, unit in HEADLINE:
        r = impacts[name]
        if np.isnan(r["baseline_end"]):  # not modelled for this country (the NEET rate without a figure)
            lines.append(f"{label:<32}{'n/a':>12}{'n/a':>12}{'n/a':>{width}}{'n/a':>{width}}")
            continue
        if unit == "pp":
            levels = (f"{100 * r['baseline_end']:.2f} %", f"{100 * r['scenario_end']:.2f} %")
            ends, factor, fmt, suffix = ("impact_end", "impact_mean"), 100, "+.2f", " pp"
        elif unit == "%":
            levels = (f"{r['baseline_end']:,.0f}", f"{r['scenario_end']:,.0f}")
            ends, factor, fmt, suffix = ("impact_end_percent", "impact_mean_percent"), 1, "+.2f", " %"
        else:
            levels = (f"{r['baseline_end']:.4f}", f"{r['scenario_end']:.4f}")
            ends, factor, fmt, suffix = ("impact_end", "impact_mean"), 1, "+.4f", ""
        impacts_ = [interval_text(r[key], factor, fmt, suffix) for key in ends]
        lines.append(f"{label:<32}{levels[0]:>12}{levels[1]:>12}{impacts_[0]:>{width}}{impacts_[1]:>{width}}")
    return "\n".join(lines)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


FILE_MODE = 0o666 & ~_umask()
"""Mode of every file written: what `open()` gives a new file under the process's umask (a
temporary file from `tempfile.mkstemp` is private, 0600, and would keep that mode)."""


def write_atomically(path: Path, text: str | bytes) -> None:
    """Write `text` (or bytes) to `path` through a temporary file of a unique name in the same
    folder and a rename, with mode `FILE_MODE`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        if isinstance(text, bytes):
            handle = os.fdopen(fd, "wb")
        else:
            handle = os.fdopen(fd, "w", encoding="utf-8", newline="")
        with handle:
            handle.write(text)
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_png_and_svg(fig, stem: Path, dpi: int = 120) -> None:
    """Save a matplotlib figure as `stem`.png and `stem`.svg, each atomically."""
    for suffix in ("png", "svg"):
        buffer = io.BytesIO()
        fig.savefig(buffer, format=suffix, dpi=dpi)
        write_atomically(stem.parent / f"{stem.name}.{suffix}", buffer.getvalue())


def write_figure(fig, path: Path, **savefig_options) -> Path:
    """Save a matplotlib figure as PNG to `path` atomically (`write_atomically`)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", **savefig_options)
    write_atomically(path, buffer.getvalue())
    return path


def finite_or_none(value):
    """`value` with every float that is NaN or infinite replaced by None, through dicts, lists
    and tuples (numpy scalars and arrays included)."""
    if isinstance(value, dict):
        return {k: finite_or_none(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite_or_none(v) for v in value]
    if isinstance(value, np.ndarray):
        return [finite_or_none(v) for v in value.tolist()]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def strict_json(value) -> str:
    """JSON that every parser reads: an undefined number (NaN, an infinity) is `null`."""
    return json.dumps(finite_or_none(value), indent=2, sort_keys=False, allow_nan=False) + "\n"


RUN_FILES = (
    "config.yaml",
    "timeseries.csv",
    "regions.csv",
    "destinations.csv",
    "impacts.csv",
    "regional_impacts.csv",
    "accounts.csv",
    "balance_sheets.csv",
    *(
        f"{figure}.{suffix}"
        for figure in (
            "paths", "wage_distribution", "sector_employment", "regions", "migration", "sector_balances", "impacts",
            "programme", "youth_guarantee",
        )
        for suffix in ("png", "svg")
    ),
    "summary.json",
)
"""Every file a run writes into its folder (`summary.json` last); a rerun into the folder
removes them first, so that no figure of an earlier run sits beside the new tables."""

LOCK_NAME = ".run.lock"

COMPARISON_FILES = ("comparison.md", "comparison.png", "comparison.svg")
"""What `python -m sim.compare RUN` writes into a run folder by default: it describes the run
that was there, so a rerun removes it too."""


class RunFolderInUse(RuntimeError):
    """Another run (this process or another) is writing into this folder."""


def _lock(handle) -> bool:
    """Take an exclusive lock on the open file `handle` without waiting; False if another open
    file holds one. The operating system releases it when the process ends, however it ends."""
    try:
        if os.name == "nt":
            import msvcrt

            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except (BlockingIOError, PermissionError):
        return False
    except OSError as error:
        if error.errno in (errno.EACCES, errno.EAGAIN, errno.EDEADLK):
            return False
        raise
    return True


def _leftovers(output_dir: Path) -> list[Path]:
    """Temporary files of this tool's writes that an interrupted or killed run left behind."""
    names = {*RUN_FILES, *COMPARISON_FILES}
    return [p for p in output_dir.glob(".*.tmp") if any(p.name.startswith(f".{name}.") for name in names)]


@contextlib.contextmanager
def claim_run_folder(output_dir: Path):
    """Hold `output_dir` for one run: create it, lock `.run.lock` in it (an exclusive lock of
    the operating system, released when the process ends however it ends, so a killed run
    leaves no lock that binds), remove what an earlier run wrote there (`RUN_FILES`, the
    comparison written into it, temporary files left by an interrupted write), and remove the
    lock file at the end. The lock file names the holder (host and process) for the message
    a refused run prints.

    Raises:
        RunFolderInUse: another open lock holds the folder (another run, in this process or
            another).
        OSError: the folder cannot be created or written.
    """
    output_dir.mkdir(parents=True, exist_ok=True)
    path = output_dir / LOCK_NAME
    while True:
        handle = open(path, "a+", encoding="utf-8")
        if not _lock(handle):
            handle.seek(0)
            holder = handle.read().strip() or "another run"
            handle.close()
            raise RunFolderInUse(f"{output_dir} is in use by another run ({holder})")
        try:  # the file may have been removed by the run that held it just before we locked it
            same = os.path.samestat(os.fstat(handle.fileno()), os.stat(path))
        except FileNotFoundError:
            same = False
        if same:
            break
        handle.close()
    try:
        handle.seek(0)
        handle.truncate()
        handle.write(f"host {socket.gethostname()}, process {os.getpid()}\n")
        handle.flush()
        for stale in [*(output_dir / name for name in (*RUN_FILES, *COMPARISON_FILES)), *_leftovers(output_dir)]:
            stale.unlink(missing_ok=True)
        yield output_dir
    finally:
        if os.name == "nt":  # an open file cannot be removed there
            handle.close()
            path.unlink(missing_ok=True)
        else:
            path.unlink(missing_ok=True)  # before the lock goes, so no one locks a file about to vanish
            handle.close()


def unwritable(path: Path, error: OSError, setting: str = "hydra.run.dir") -> str:
    """One line for an output location that cannot be written; `setting` is the key that
    chooses another."""
    reason = os.strerror(error.errno) if error.errno else str(error)
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        reason += " (the disk is full)"
    return f"cannot write the run's outputs to {path}: {reason}; choose another folder with {setting}=..."


def write_run(
    output_dir: Path,
    resolved_config_yaml: str,
    timeseries: pd.DataFrame,
    regions: pd.DataFrame,
    impacts: pd.DataFrame,
    accounts: pd.DataFrame,
    balance_sheets: pd.DataFrame,
    regional_impacts: pd.DataFrame,
    destinations: pd.DataFrame,
) -> list[Path]:
    """Write the run's tables into `output_dir`; return the paths written. The summary is
    written apart (`write_summary`), after the figures, as the mark of a whole run."""
    files = {
        "config.yaml": resolved_config_yaml,
        "timeseries.csv": timeseries.to_csv(index=False, float_format="%.10g"),
        "regions.csv": regions.to_csv(index=False, float_format="%.10g"),
        "destinations.csv": destinations.to_csv(index=False, float_format="%.10g"),
        "impacts.csv": impacts.to_csv(index=False, float_format="%.10g"),
        "regional_impacts.csv": regional_impacts.to_csv(index=False, float_format="%.10g"),
        "accounts.csv": accounts.to_csv(index=False, float_format="%.12g"),
        "balance_sheets.csv": balance_sheets.to_csv(index=False, float_format="%.12g"),
    }
    paths = []
    for name, text in files.items():
        write_atomically(output_dir / name, text)
        paths.append(output_dir / name)
    return paths


def write_summary(output_dir: Path, summary: dict) -> Path:
    """Write `summary.json` (strict JSON), the last file of a run."""
    path = output_dir / "summary.json"
    write_atomically(path, strict_json(summary))
    return path


def sector_impacts(timeseries: pd.DataFrame) -> dict[str, float]:
    """Impact on each sector's employment share at the end of the horizon (fraction, mean over seeds)."""
    end = int(timeseries["month"].max())
    return {s: float(paired_differences(timeseries, f"employment_share_{s}").loc[end].mean()) for s in SECTORS}
