"""The run end to end: the folder it writes, the tables' columns, the printed table."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from sim.app import compose_config, run
from sim.config import SECTORS, load_country
from sim.indicators import INDICATOR_NAMES
from tests.conftest import SMALL


def test_run_writes_tables_summary_and_figures(tmp_path):
    result = run(compose_config(SMALL, output_dir=tmp_path))
    names = {p.name for p in tmp_path.iterdir()}
    assert {
        "config.yaml",
        "timeseries.csv",
        "regions.csv",
        "summary.json",
        "paths.png",
        "paths.svg",
        "wage_distribution.png",
        "wage_distribution.svg",
        "sector_employment.png",
        "regions.png",
        "regions.svg",
    } <= names
    assert not any(n.endswith(".tmp") for n in names)
    ts = pd.read_csv(tmp_path / "timeseries.csv")
    assert list(ts.columns[:2]) == ["month", "variant"] and set(INDICATOR_NAMES) <= set(ts.columns)
    assert set(ts["variant"]) == {"baseline", "scenario"}
    assert ts["month"].max() == 18 and len(ts) == 2 * 19
    regions = pd.read_csv(tmp_path / "regions.csv")
    # the preset's regions as the statistics office names them
    assert set(regions["region"]) == {r.name for r in load_country("kyrgyzstan").regions.values()}
    assert {
        "working_age_population",
        "unemployment_rate",
        "participation_rate",
        "employment_rate",
        "poverty_rate",
        "mean_wage",
        *(f"employment_{s}" for s in SECTORS),
    } <= set(regions.columns)
    # regional populations add up to the national one
    month0 = regions[(regions.month == 0) & (regions.variant == "baseline")]
    national = ts[(ts.month == 0) & (ts.variant == "baseline")]["working_age_population"].iloc[0]
    assert month0["working_age_population"].sum() == national
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["shocks"] == ["protectionism"]
    assert summary["headline_impacts"]["unemployment_rate"] == result.summary["headline_impacts"]["unemployment_rate"]
    # the regional incidence: every region with its impact on three rates, in the table and the summary
    regional = pd.read_csv(tmp_path / "regional_impacts.csv")
    assert set(regional["region"]) == set(regions["region"])
    assert set(regional["indicator"]) == {
        "employment_rate",
        "unemployment_rate",
        "participation_rate",
        "working_age_population",
        "poverty_rate",
    }
    assert set(summary["regional_impacts"]) == set(regions["region"])
    # the poverty line the rates count under is named, with its amount where the scenario starts
    # (Kyrgyzstan: the NSC's line of 2019 per person, 2,748 KGS a month, times the consumer prices of the split)
    line = summary["poverty_line"]
    assert line["national"] and line["per"] == "per person"
    cpi = ts.loc[(ts["month"] == 0) & (ts["variant"] == "baseline") & (ts["seed"] == 0), "consumer_price_index"]
    assert line["local_a_month_at_start"] == pytest.approx(32_981 / 12 * cpi.iloc[0], rel=1e-4)
    assert line["words"].startswith("national poverty line (2,7") and "KGS per person" in line["words"]
    # so is the union density it starts from, and that Kyrgyzstan's is an assumption
    unions = summary["unions"]
    assert unions["assumed"] and unions["density_at_start"] == pytest.approx(0.2779)
    assert "an assumption: no published figure for Kyrgyzstan" in unions["words"]


def test_command_line_prints_the_headline_table(tmp_path):
    out = tmp_path / "cli"
    proc = subprocess.run(
        [sys.executable, "-m", "sim", *SMALL, "figures=false", f"hydra.run.dir={out}"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[1],
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    for label in (
        "Unemployment rate",
        "Employment-to-population ratio",
        "Informality rate",
        "Median monthly wage",
        "Wage Gini",
        "Tradable-sector employment",
        "At-risk-of-poverty rate",
        "Poverty line: national poverty line (",
        "Union density: 27.8 % of formal employees at start, an assumption",
    ):
        assert label in proc.stdout
    assert (out / "timeseries.csv").exists() and (out / "sim.log").exists()


def test_a_programme_s_run_draws_its_participants_against_their_comparison(tmp_path):
    import json

    guarantee = ["country=north_macedonia", "shock=none", "policy=youth_guarantee", "seeds=2"]
    run(compose_config([*SMALL, *guarantee], output_dir=tmp_path))
    names = {p.name for p in tmp_path.iterdir()}
    assert {"youth_guarantee.png", "youth_guarantee.svg"} <= names and "programme.png" not in names
    follow_up = json.loads((tmp_path / "summary.json").read_text())["youth_guarantee"]["follow_up"]
    assert set(follow_up) == {"6", "12"}  # the months the figure draws: those the horizon reaches
    run(compose_config([*SMALL, "figures=true"], output_dir=tmp_path / "plain"))
    plain = [p.name for p in (tmp_path / "plain").iterdir()]
    assert not any(n.startswith(("programme", "youth_guarantee")) for n in plain)
