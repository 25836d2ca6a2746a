"""Unions and collective bargaining in the model (a preset with a union density, as
Kyrgyzstan's is not published)."""

from __future__ import annotations

import dataclasses

import numpy as np

from sim.government import share_below_minimum
from sim.model import LabourMarketModel
from sim.unions import STRIKE
from tests.conftest import paired_frames

UNIONISED = ["country.union_density=0.3", "scale=400", "burn_in_months=24", "horizon_months=24", "progress=false"]


def paired(overrides: list[str], seed: int):
    return paired_frames(UNIONISED + overrides + [f"seed={seed}"])


def test_extending_agreements_raises_coverage_and_compresses_wages():
    extension_only = [
        "shock=none",
        "policy=collective_bargaining",
        "policy.collective_bargaining.bargaining_power=null",
        "policy.collective_bargaining.recognition=null",
    ]
    impacts = {"bargaining_coverage": [], "wage_p90_p10": [], "wage_gini": []}
    for seed in range(3):
        b, s = paired(extension_only, seed)
        for name in impacts:
            impacts[name].append((s[name] - b[name]).mean())
    assert np.mean(impacts["bargaining_coverage"]) > 0.1
    assert np.mean(impacts["wage_p90_p10"]) < 0
    assert np.mean(impacts["wage_gini"]) < 0


def test_the_union_premium_is_positive_and_grows_with_bargaining_power(kyrgyzstan):
    premiums = {}
    for power in (0.1, 0.3):
        rules = dataclasses.replace(kyrgyzstan.bargaining, bargaining_power=power)
        country = dataclasses.replace(kyrgyzstan, union_density=0.3, bargaining=rules)
        model = LabourMarketModel(country, scale=400, seed=0)
        model.run(36)
        premiums[power] = model.datacollector.get_model_vars_dataframe()["union_wage_premium"].iloc[-12:].mean()
        model.release()
    assert premiums[0.1] > 0
    assert premiums[0.3] > premiums[0.1]


def strike_history(kyrgyzstan, threshold: float, seed: int):
    # militant enough that some ballots pass, not so militant that every member votes yes
    # (then the threshold would not matter)
    rules = dataclasses.replace(kyrgyzstan.bargaining, ballot_threshold=threshold, militancy=2.0, bargaining_power=0.5)
    country = dataclasses.replace(kyrgyzstan, union_density=0.3, bargaining=rules)
    model = LabourMarketModel(country, scale=500, seed=seed)
    strikes = []
    for _ in range(36):
        model.step()
        strikes += [(model.month, u) for u in model.unions if u.stage == STRIKE]
    days = model.datacollector.get_model_vars_dataframe()["strike_days"].sum()
    model.release()
    return strikes, days


def test_no_strike_without_a_ballot_above_the_threshold(kyrgyzstan):
    strikes, _ = strike_history(kyrgyzstan, 0.4, seed=1)
    assert strikes, "this setting should produce strikes"
    for month, union in strikes:
        called = [b for b in union.ballots if b[3] and b[0] <= month]
        assert called and called[-1][1] >= called[-1][2]
    for union in {u for _, u in strikes}:
        assert all((support >= threshold) == strike for _, support, threshold, strike in union.ballots)


def test_a_higher_ballot_threshold_gives_weakly_fewer_strike_days(kyrgyzstan):
    days = {
        threshold: sum(strike_history(kyrgyzstan, threshold, seed)[1] for seed in range(2))
        for threshold in (0.3, 0.6, 0.9)
    }
    assert days[0.3] >= days[0.6] >= days[0.9]
    assert days[0.3] > 0


def test_share_below_minimum_counts_informal_pay():
    assert share_below_minimum(np.array([50.0, 150.0, 99.0, 200.0]), 100.0) == 0.5
    assert share_below_minimum(np.array([]), 100.0) == 0.0
