"""Writing a run: tables, headline impacts of scenario minus baseline, and the table printed.

Core objects: `timeseries_frame`, `regions_frame`, `headline_impacts`, `format_impacts`,
`write_run`. The impact of a scenario is scenario minus baseline, month by month, from the
same state and the same random numbers (common random numbers; DESIGN.md section 2).
Files are written atomically (a temporary file, then a rename), so an interrupted run never
leaves a half-written table that looks complete.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from sim.config import SECTORS
from sim.indicators import INDICATOR_NAMES

if TYPE_CHECKING:
    from sim.model import LabourMarketModel

HEADLINE: tuple[tuple[str, str, str], ...] = (
    ("unemployment_rate", "Unemployment rate", "pp"),
    ("employment_rate", "Employment-to-population ratio", "pp"),
    ("informality_rate", "Informality rate", "pp"),
    ("median_wage", "Median monthly wage", "%"),
    ("wage_gini", "Wage Gini", "points"),
    ("wage_p90_p10", "Wage P90/P10", "points"),
    ("tradable_employment", "Tradable-sector employment", "%"),
    ("household_income_mean", "Household income", "%"),
    ("poverty_rate", "Poverty rate", "pp"),
    ("remittances_gdp_share", "Remittances, % of GDP", "pp"),
    ("migrants_abroad", "Migrants abroad", "%"),
    ("bargaining_coverage", "Bargaining coverage", "pp"),
)
"""Indicators of the printed table: (name, label, unit of the impact)."""


def timeseries_frame(model: "LabourMarketModel", variant: str) -> pd.DataFrame:
    """Wide table of the model's indicators: month (of the horizon), variant, indicators."""
    data = model.datacollector.get_model_vars_dataframe().reset_index(drop=True)
    data.insert(0, "variant", variant)
    data.insert(0, "month", np.arange(len(data)))
    return data[["month", "variant", *INDICATOR_NAMES]]


def regions_frame(model: "LabourMarketModel", variant: str) -> pd.DataFrame:
    """Long table of the regional history: month, variant, region, then its indicators."""
    names = model.calibration.regions
    frames = []
    for month, table in model.regional_history:
        frame = pd.DataFrame(table)
        frame.insert(0, "region", names)
        frame.insert(0, "variant", variant)
        frame.insert(0, "month", month - model.horizon_origin)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def impact_path(timeseries: pd.DataFrame, name: str) -> pd.Series:
    """Scenario minus baseline of one indicator, by month."""
    wide = timeseries.pivot(index="month", columns="variant", values=name)
    return wide["scenario"] - wide["baseline"]


def headline_impacts(timeseries: pd.DataFrame) -> dict[str, dict[str, float]]:
    """Baseline and scenario at the end of the horizon, and the impact at the end and on
    average over the horizon (months 1..H), for the headline indicators. Impacts of rates
    and the Gini are in the indicator's units; levels are also given in percent."""
    wide = {v: d.set_index("month") for v, d in timeseries.groupby("variant")}
    end = int(timeseries["month"].max())
    out = {}
    for name, label, unit in HEADLINE:
        base, scen = wide["baseline"][name], wide["scenario"][name]
        diff = (scen - base).loc[1:]
        record = {
            "label": label,
            "baseline_end": float(base.loc[end]),
            "scenario_end": float(scen.loc[end]),
            "impact_end": float(diff.loc[end]),
            "impact_mean": float(diff.mean()),
        }
        if unit == "%":
            record["impact_end_percent"] = float(100.0 * diff.loc[end] / base.loc[end]) if base.loc[end] else 0.0
            record["impact_mean_percent"] = float(100.0 * (diff / base.loc[1:]).mean())
        out[name] = record
    return out


def format_impacts(impacts: dict[str, dict[str, float]], horizon_months: int) -> str:
    """The headline table as text: impacts in percentage points, percent or Gini points."""
    lines = [
        f"{'indicator':<32}{'baseline':>12}{'scenario':>12}{'impact, end':>14}{'impact, mean':>14}",
        f"{'':<32}{f'(month {horizon_months})':>12}{'':>26}{f'(months 1-{horizon_months})':>14}",
    ]
    for name, label, unit in HEADLINE:
        r = impacts[name]
        if unit == "pp":
            cells = (
                f"{100 * r['baseline_end']:.2f} %",
                f"{100 * r['scenario_end']:.2f} %",
                f"{100 * r['impact_end']:+.2f} pp",
                f"{100 * r['impact_mean']:+.2f} pp",
            )
        elif unit == "%":
            cells = (
                f"{r['baseline_end']:,.0f}",
                f"{r['scenario_end']:,.0f}",
                f"{r['impact_end_percent']:+.2f} %",
                f"{r['impact_mean_percent']:+.2f} %",
            )
        else:
            cells = (
                f"{r['baseline_end']:.4f}",
                f"{r['scenario_end']:.4f}",
                f"{r['impact_end']:+.4f}",
                f"{r['impact_mean']:+.4f}",
            )
        lines.append(f"{label:<32}" + "".join(f"{c:>{w}}" for c, w in zip(cells, (12, 12, 14, 14))))
    return "\n".join(lines)


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_run(
    output_dir: Path, resolved_config_yaml: str, timeseries: pd.DataFrame, regions: pd.DataFrame, summary: dict
) -> list[Path]:
    """Write the run's tables and summary into `output_dir`; return the paths written."""
    files = {
        "config.yaml": resolved_config_yaml,
        "timeseries.csv": timeseries.to_csv(index=False, float_format="%.10g"),
        "regions.csv": regions.to_csv(index=False, float_format="%.10g"),
        "summary.json": json.dumps(summary, indent=2, sort_keys=False) + "\n",
    }
    paths = []
    for name, text in files.items():
        write_atomically(output_dir / name, text)
        paths.append(output_dir / name)
    return paths


def sector_impacts(timeseries: pd.DataFrame) -> dict[str, float]:
    """Impact on each sector's employment share at the end of the horizon (fraction)."""
    end = int(timeseries["month"].max())
    return {s: float(impact_path(timeseries, f"employment_share_{s}").loc[end]) for s in SECTORS}
