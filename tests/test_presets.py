"""Country presets: they load, validate, run, cite their numbers, and their calibrated
baselines keep their targets."""

from __future__ import annotations

import re

import numpy as np
import pytest

from sim.calibrate import (
    EFFICIENCY_BOUNDS,
    calibrate,
    parameters_of,
    regional_targets,
    saved_scale,
    simulate,
    simulated_moments,
    targets_of,
    tolerance_pp,
)
from sim.config import CONFIG_DIR, load_country
from sim.model import LabourMarketModel

PRESETS = sorted(p.stem for p in (CONFIG_DIR / "country").glob("*.yaml"))
NUMBER = re.compile(r"^(\s*)([a-z_]+):\s*(-?[0-9][0-9.eE+-]*)\s*(#.*)?$")


@pytest.mark.parametrize("name", PRESETS)
def test_every_preset_loads_and_runs_a_short_horizon(name):
    country = load_country(name)
    model = LabourMarketModel(country, scale=2000, seed=0)
    model.run(3)
    assert 0 < model.indicators["unemployment_rate"] < 0.5
    model.release()


@pytest.mark.parametrize("name", PRESETS + [f"regions/{p}" for p in PRESETS])
def test_every_number_in_a_preset_names_its_source(name):
    """A top-level number carries a comment on its line; a number inside a block (sector
    shares, regions ...) sits under a block whose heading or the lines above it explain it."""
    lines = (CONFIG_DIR / "country" / f"{name}.yaml").read_text().splitlines()
    for i, line in enumerate(lines):
        match = NUMBER.match(line)
        if not match:
            continue
        indent, key, _, comment = match.groups()
        if not indent:
            assert comment, f"{name}.yaml line {i + 1}: {key} has no source comment"
            continue
        j = i - 1
        while j >= 0 and lines[j].startswith(indent):
            j -= 1
        heading_and_above = lines[max(j - 12, 0) : j + 1]
        assert any("#" in text for text in heading_and_above), f"{name}.yaml line {i + 1}: block without a source"


def test_the_long_term_share_and_youth_unemployment_are_fitted_where_a_preset_publishes_them():
    """Each with the parameter that moves it; presets without a long-term share say so in a
    comment and keep the default screening."""
    bosnia = load_country("bosnia_herzegovina")
    checks = {t.name: t for t in targets_of(bosnia)}
    assert checks["long_term_unemployment_share"].value == 0.732
    assert "not fitted" not in checks["long_term_unemployment_share"].source
    assert tolerance_pp(checks["long_term_unemployment_share"]) == 10.0
    assert tolerance_pp(checks["youth_unemployment_rate"]) == pytest.approx(25.0 * bosnia.youth_unemployment_rate)
    assert {"duration_screening", "youth_separation_multiplier"} <= {p.name for p in parameters_of(bosnia)}
    kyrgyzstan = load_country("kyrgyzstan")
    assert "long_term_unemployment_share" not in {t.name for t in targets_of(kyrgyzstan)}
    assert "duration_screening" not in {p.name for p in parameters_of(kyrgyzstan)}
    assert "long_term_unemployment_share: not found" in (CONFIG_DIR / "country" / "kyrgyzstan.yaml").read_text()


def test_a_fit_keeps_the_scale_it_was_made_at():
    """Bosnia and North Macedonia are fitted at scale 100 (their smallest regions); a refit or
    a table rewrite without `scale=` reads it from the calibrated file's first line."""
    assert saved_scale("north_macedonia") == saved_scale("bosnia_herzegovina") == 100.0
    assert saved_scale("kyrgyzstan") == 400.0


KNOWN_MISSES: dict[tuple[str, str], tuple[float, str]] = {}
"""Targets the saved fits miss beyond their tolerance: (residual of the fit's table, why)."""


@pytest.mark.parametrize("name", [p.stem for p in (CONFIG_DIR / "country" / "calibrated").glob("*.yaml")])
def test_a_calibrated_baseline_keeps_its_targets(name):
    """Every fitted target within the calibration's tolerance (1 pp for rates, 10 pp for the
    long-term share, a quarter of youth unemployment) and half a point for the noise of two
    seeds, on the seeds and months of the fit, at its scale (bargaining coverage, drawn firm
    by firm, moves with the number of firms); a known miss may not grow, and leaves the list
    once it is within its tolerance."""
    country = load_country(name)
    fitted = [t for t in targets_of(country) if "not fitted" not in t.source]
    simulated = simulated_moments(country, {}, [t.name for t in fitted], scale=saved_scale(name), seeds=2, months=60)
    for target, value in zip(fitted, simulated):
        within = abs(value - target.value) < tolerance_pp(target) / 100 + 0.005
        known = KNOWN_MISSES.get((name, target.name))
        if known is None:
            assert within, (target.name, value, target.value)
        else:
            assert not within, f"{name} {target.name} is within its tolerance now: drop it from KNOWN_MISSES"
            assert abs(value - target.value) < abs(known[0]) + 0.005, (target.name, value, target.value, known)


@pytest.mark.parametrize("name", ["kyrgyzstan", "north_macedonia"])
def test_a_calibrated_baseline_keeps_its_regions_apart(name):
    """Regions whose published unemployment rates differ keep them over three years instead
    of converging to the national rate: every region whose fitted matching efficiency is
    inside its bounds is within 2.5 pp of its target (the calibration's bar is 2 pp on its own
    seeds; a region at a bound is reported as missed in its table), at the scale of the fit
    (North Macedonia's: 100, where its Northeast has some 1,260 simulated persons aged 15+)."""
    country = load_country(name)
    targets = regional_targets(country)["unemployment_rate"]
    simulated = simulate(country, {}, [], scale=saved_scale(name), seeds=2, months=36)[1]["unemployment_rate"]
    efficiency = np.array([country.calibrated.get(f"regions.{k}.matching_efficiency", 1.0) for k in country.regions])
    interior = ~np.isnan(targets) & (efficiency > EFFICIENCY_BOUNDS[0]) & (efficiency < EFFICIENCY_BOUNDS[1])
    assert interior.sum() >= len(targets) // 2
    assert np.all(np.abs(simulated[interior] - targets[interior]) < 0.025), (simulated, targets)
    # the spread survives: the highest-target region stays above the lowest by most of its gap
    inside = np.where(interior, targets, np.nan)
    hi, lo = np.nanargmax(inside), np.nanargmin(inside)
    assert simulated[hi] - simulated[lo] > 0.6 * (targets[hi] - targets[lo])


def test_a_fit_reports_the_loss_of_the_moments_in_its_table():
    """The table's loss is that of the saved (rounded) values after the regional rounds: the sum
    of the squared residuals it shows, each in units of its tolerance (a tiny fit)."""
    import re

    values, table = calibrate("kyrgyzstan", scale=4000, seeds=1, months=26, evaluations=4, progress=False)
    loss = float(re.search(r"loss ([\d.]+)", table).group(1))
    fitted = [t for t in targets_of(load_country("kyrgyzstan")) if "not fitted" not in t.source]
    total = 0.0
    for target in fitted:
        residual = float(re.search(rf"^\| {target.name} \| [^|]+ \| [^|]+ \| ([+-][\d.]+)", table, re.M).group(1))
        total += (residual / tolerance_pp(target)) ** 2
    assert loss == pytest.approx(total, rel=0.02, abs=0.01)
