"""Slow tests (`pytest -m slow`): the default run over five seeds, a million persons, and
twenty years without a shock for every preset."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import pytest

from sim.app import compose_config, simulate_pair
from sim.config import CONFIG_DIR, validate
from sim.model import LabourMarketModel
from tests.test_model import assert_invariants

pytestmark = pytest.mark.slow


def test_default_protectionism_over_five_seeds():
    """At the default scale and horizon: fewer tradable jobs, more unemployment and more informality."""
    impacts = {"tradable_employment": [], "unemployment_rate": [], "informality_rate": []}
    for seed in range(5):
        baseline, scenario, _ = simulate_pair(validate(compose_config([f"seed={seed}", "progress=false"])))
        b = baseline.datacollector.get_model_vars_dataframe().iloc[1:]
        s = scenario.datacollector.get_model_vars_dataframe().iloc[1:]
        impacts["tradable_employment"].append((s["tradable_employment"] / b["tradable_employment"] - 1).mean())
        impacts["unemployment_rate"].append((s["unemployment_rate"] - b["unemployment_rate"]).mean())
        impacts["informality_rate"].append((s["informality_rate"] - b["informality_rate"]).mean())
        baseline.release()
        scenario.release()
    assert max(impacts["tradable_employment"]) < 0
    assert np.mean(impacts["unemployment_rate"]) > 0
    assert np.mean(impacts["informality_rate"]) > 0


def test_a_million_persons_keep_the_invariants(kyrgyzstan):
    everyone = kyrgyzstan.employed_persons / kyrgyzstan.employment_to_population + kyrgyzstan.migrants_abroad
    scale = everyone / 1_000_000
    model = LabourMarketModel(kyrgyzstan, scale=scale, seed=0)
    for _ in range(3):
        model.step()
        assert_invariants(model)
    model.release()


STATIONARITY_BARS = {
    # indicator: (largest change allowed between the first and the last 12 months, kind)
    "unemployment_rate": (0.005, "points"),
    "informality_rate": (0.005, "points"),
    "employment_rate": (0.005, "points"),
    "real_median_wage": (0.03, "relative"),
    "poverty_rate": (0.01, "points"),
    "firms": (0.10, "relative"),
}


@functools.lru_cache(maxsize=None)
def quiet_baseline(country: str, seed: int, burn_in: int = 24, months: int = 240) -> pd.DataFrame:
    """The indicators of `months` months after burn-in, with no shock and no demand noise
    (scale 100); kept for the session, as the stationarity and the fiscal tests read the same runs."""
    model = LabourMarketModel(country, scale=100, seed=seed)
    model.run(burn_in + months)
    data = model.datacollector.get_model_vars_dataframe().iloc[burn_in + 1 :]
    model.release()
    return data


def drift(country: str, seed: int) -> dict[str, float]:
    """Change of each indicator between the 12-month means at the start and at the end of
    the `quiet_baseline`."""
    data = quiet_baseline(country, seed)
    start, end = data.iloc[:12].mean(), data.iloc[-12:].mean()
    return {
        name: (end[name] / start[name] - 1.0) if kind == "relative" else end[name] - start[name]
        for name, (_, kind) in STATIONARITY_BARS.items()
    }


STILL_DRIFTING = {
    "albania": "firms -10.1 % (seeds -0.4 to -11.3 %), just beyond the bar since households by kinship (before: "
    "-8.2 %, seeds -1.8 to -12.9 %): every preset's count of firms falls by 2 to 10 % in twenty years, and "
    "Albania's few firms at scale 100 spread the seeds widely; why the count falls is not traced",
    # measured 20-year changes (median of 5 seeds, scale 100) beyond the bars, with paid
    # overtime in the firms' accounts; the stock-flow issue is open. Serbia's firms (-11.8 %),
    # Tajikistan's informality (+0.68 pp), Kazakhstan's employment rate (-0.59 pp) and
    # Kyrgyzstan's informality (-0.55 pp), untraced in an earlier version, came within their bars with it
    # (-8.7 %, +0.31 pp, -0.45 pp, -0.09 pp). Kyrgyzstan's real median wage (-3.8 %, seeds -4.6 to
    # -1.8) came within its bar with the assumed union density and agreed pay from month 0
    # (f81fbe1, e95d5ad); why is not traced
    "uzbekistan": "informality +0.72 pp (seeds +0.50 to +1.07; +0.68 before households by kinship) since the "
    "assumed union density (f81fbe1; within its bar before). Seed 0, "
    "scale 100, months 24 to 263: +1.0 pp, of which own-account work +1.1 pp of employment (its stock +2.9 %, "
    "aged 55+ 32 % -> 34 %: Tajikistan's mechanism below, weaker) and informal employees -0.1 pp; without unions "
    "(country.union_density=null) +0.7 pp on the same seed: the unions add a part, the own-account stock the rest",
    "tajikistan": "informality +1.83 pp (seeds +1.09 to +2.38) and poverty +1.67 pp (seeds +0.66 to +2.23) with "
    "households by kinship, renewed (+2.08 and +1.88 pp after its refit without the 2007 youth rate; +1.35 and "
    "+0.63 pp before it). The own-account stock grows: the start's "
    "age profile (own_account_by_age) counts no emigration, while its young and prime-aged members emigrate at "
    "about 0.02 a month and the older not at all, so it grows older and larger (seed 0, scale 100: 37 % aged 55+ at "
    "start, 49 % after twelve years; +8.5 % workers and +5.7 % efficiency units each in twenty years), and its "
    "mixed income, from sales that do not grow with it, buys 10.9 % less per worker; households whose only "
    "earners work on their own account hold 15.0 % of persons at first and 16.4 % at the end, and their poverty "
    "rises from 31 % to 39 % (seed 0). That is part of poverty's drift, not all: a start profile that counts "
    "emigration and the entrants from inactivity cuts the informality drift to +0.64 pp but poverty's only to "
    "+1.74 pp, and moves Kyrgyzstan's informality to -0.69 pp: the whole labour force's ages need one steady state",
}


DRIFT_CEILINGS = {
    # the drifting presets' measured medians (STILL_DRIFTING) with a margin of about 30 %:
    # a drift that grows beyond them fails instead of passing as an expected failure
    "albania": {"firms": 0.13},
    "tajikistan": {"informality_rate": 0.027, "poverty_rate": 0.0245},
    "uzbekistan": {"informality_rate": 0.0088},
}


@pytest.mark.parametrize("country", sorted(p.stem for p in (CONFIG_DIR / "country").glob("*.yaml")))
def test_every_preset_stays_put_for_twenty_years_without_a_shock(country):
    """Median over five seeds of the 20-year change is within the bars of the stock-flow issue
    (at scale 100 a 12-month mean of the smaller presets' unemployment varies by about half a
    point between seeds: North Macedonia's five seeds give -0.67 to +0.17). A preset known to
    drift (STILL_DRIFTING) is an expected failure while its drift stays within its measured
    ceiling, fails if it grows, and fails once it is within the bars, so that its mark goes."""
    changes = [drift(country, seed) for seed in range(5)]
    medians = {name: float(np.median([c[name] for c in changes])) for name in STATIONARITY_BARS}
    ceilings = DRIFT_CEILINGS.get(country, {})
    for name, (bar, _) in STATIONARITY_BARS.items():
        assert abs(medians[name]) <= max(bar, ceilings.get(name, 0.0)), (country, name, medians[name])
    beyond = {name: medians[name] for name, (bar, _) in STATIONARITY_BARS.items() if abs(medians[name]) > bar}
    if country in STILL_DRIFTING:
        assert beyond, f"{country} now stays within the bars: remove it from STILL_DRIFTING"
        pytest.xfail(f"{STILL_DRIFTING[country]} (now: {beyond})")
    assert not beyond, (country, beyond)


def test_the_government_neither_hires_dearer_nor_borrows_its_way_through_twenty_quiet_years():
    """Without a shock the public sector keeps its pay and the government its debt (Kyrgyzstan,
    median of 7 seeds, first vs last 12 months of 20 years after burn-in). When the all-formal
    public sector started with the region's employed at random, the matching sorted the skilled
    into it for eight years: government consumption rose by 0.50 pp of GDP and debt by 12.8 pp
    (measured at 6e9d080); with formal jobs held by the more skilled from the start, +0.17 pp
    and -3.3 pp. The balance still falls by 0.56 pp (pensioners +4 %, taxes on products).
    Debt's change varies by seed (households by kinship, renewed: +2.7 to +8.8 pp, median
    +4.3; before households: -0.5 to +5.9, median +3.1): three seeds' median crossed the bar
    by chance (+6.1), seven measure it."""
    changes = []
    for seed in range(7):
        data = quiet_baseline("kyrgyzstan", seed)
        start, end = data.iloc[:12].mean(), data.iloc[-12:].mean()
        changes.append([end[k] - start[k] for k in ("government_consumption_gdp_share", "government_debt_gdp_share")])
    consumption, debt = np.median(changes, axis=0)
    assert abs(consumption) < 0.003, consumption
    assert abs(debt) < 0.06, debt
