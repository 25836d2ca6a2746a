"""Worker flows: separations, participation, ageing."""

import dataclasses

import numpy as np
import pytest

from sim.markets.separations import (
    FlowRates,
    discouraged_entry_rate,
    draw_ageing,
    draw_transitions,
    participation_entry_rate,
    usual_unemployment,
)
from sim.workers import AgeGroup, Status

RATES = FlowRates(
    separation_formal=0.01,
    separation_informal=0.03,
    own_account_exit=0.02,
    employed_to_inactive=0.005,
    unemployed_to_inactive=0.04,
    inactive_to_unemployed=0.02,
    youth_to_prime=0.01,
    prime_to_older=0.003,
    retirement=0.006,
)


def test_transition_frequencies_match_the_rates():
    n = 200_000
    status = np.repeat(
        [Status.EMPLOYED_FORMAL, Status.EMPLOYED_INFORMAL, Status.UNEMPLOYED, Status.INACTIVE], n
    ).astype(np.int8)
    own_account = np.zeros(4 * n, bool)
    new = draw_transitions(status, own_account, RATES, np.random.default_rng(0))
    formal, informal, unemployed, inactive = (new[k * n : (k + 1) * n] for k in range(4))
    assert (formal == Status.UNEMPLOYED).mean() == pytest.approx(0.01, abs=0.001)
    assert (formal == Status.INACTIVE).mean() == pytest.approx(0.005, abs=0.001)
    assert (informal == Status.UNEMPLOYED).mean() == pytest.approx(0.03, abs=0.002)
    assert (unemployed == Status.INACTIVE).mean() == pytest.approx(0.04, abs=0.002)
    assert (inactive == Status.UNEMPLOYED).mean() == pytest.approx(0.02, abs=0.002)
    # nobody jumps into employment or abroad here
    assert not np.isin(new[2 * n :], [Status.EMPLOYED_FORMAL, Status.EMPLOYED_INFORMAL, Status.ABROAD]).any()


def test_entry_rate_balances_the_labour_force_outflows():
    rate = participation_entry_rate(employed=1000, unemployed=100, inactive=800, labour_force_older=200, rates=RATES)
    outflow = 0.005 * 1000 + 0.04 * 100 + 0.006 * 200
    assert rate * 800 == pytest.approx(outflow)


def test_ageing_moves_cohorts_forward_and_retires_only_the_older():
    age = np.repeat([AgeGroup.YOUTH, AgeGroup.PRIME, AgeGroup.OLDER], 100_000).astype(np.int8)
    new, retire = draw_ageing(age, RATES, np.random.default_rng(1))
    assert (new[:100_000] == AgeGroup.PRIME).mean() == pytest.approx(0.01, abs=0.002)
    assert not retire[:200_000].any()
    assert retire[200_000:].mean() == pytest.approx(0.006, abs=0.001)


def test_young_workers_lose_jobs_more_often_but_leave_the_labour_force_alike():
    n = 200_000
    rates = dataclasses.replace(RATES, youth_separation_multiplier=2.5)
    status = np.full(2 * n, Status.EMPLOYED_FORMAL, dtype=np.int8)
    young = np.arange(2 * n) < n
    new = draw_transitions(status, np.zeros(2 * n, bool), rates, np.random.default_rng(3), young=young)
    assert (new[:n] == Status.UNEMPLOYED).mean() == pytest.approx(2.5 * 0.01, abs=0.0015)
    assert (new[n:] == Status.UNEMPLOYED).mean() == pytest.approx(0.01, abs=0.001)
    assert (new[:n] == Status.INACTIVE).mean() == pytest.approx(0.005, abs=0.001)
    assert (new[n:] == Status.INACTIVE).mean() == pytest.approx(0.005, abs=0.001)


def test_young_own_account_workers_stop_at_the_rate_the_start_balances():
    n = 200_000
    rates = dataclasses.replace(RATES, youth_separation_multiplier=4.0)
    status = np.full(2 * n, Status.EMPLOYED_INFORMAL, dtype=np.int8)
    young = np.arange(2 * n) < n
    own_account = np.ones(2 * n, bool)
    new = draw_transitions(status, own_account, rates, np.random.default_rng(4), young=young)
    assert (new[:n] == Status.UNEMPLOYED).mean() == pytest.approx(0.02, abs=0.0015)
    assert (new[n:] == Status.UNEMPLOYED).mean() == pytest.approx(0.02, abs=0.0015)
    employees = draw_transitions(status, ~own_account, rates, np.random.default_rng(4), young=young)
    assert (employees[:n] == Status.UNEMPLOYED).mean() == pytest.approx(4.0 * 0.03, abs=0.003)


def test_fewer_inactive_people_look_for_work_where_unemployment_is_above_its_usual_rate():
    entry = np.array([0.02, 0.02, 0.02, 0.02])
    usual = np.array([0.10, 0.10, 0.10, 0.10])
    now = np.array([0.10, 0.12, 0.05, 0.40])
    rates = discouraged_entry_rate(entry, now, usual, elasticity=0.5)
    np.testing.assert_allclose(rates, [0.02, 0.02 * 0.9, 0.02 * 1.25, 0.0])  # never below zero
    np.testing.assert_allclose(discouraged_entry_rate(entry, now, usual, 0.0), entry)


def test_noise_in_unemployment_leaves_entry_unchanged_on_average():
    """Symmetric noise around the usual rate neither raises nor lowers entry on average (a
    convex rule would raise it, and participation with it)."""
    noisy = 0.10 + 0.02 * np.random.default_rng(0).standard_normal(100_000)
    rates = discouraged_entry_rate(np.full(len(noisy), 0.02), noisy, np.full(len(noisy), 0.10), 0.85)
    assert rates.mean() == pytest.approx(0.02 * (1 - 0.85 * (noisy.mean() - 0.10) / 0.10), rel=1e-9)
    assert rates.mean() == pytest.approx(0.02, rel=0.002)


def test_the_usual_rate_follows_the_region_and_forgets_half_in_a_half_life():
    start, now = np.array([0.10, 0.02]), np.array([0.04, 0.02])
    usual = start
    for _ in range(60):
        usual = usual_unemployment(usual, now, half_life_months=60.0)
    np.testing.assert_allclose(usual, [0.07, 0.02])  # half the way from 0.10 to 0.04
    for _ in range(60 * 20):
        usual = usual_unemployment(usual, now, half_life_months=60.0)
    np.testing.assert_allclose(usual, now, atol=1e-7)  # a rate that lasts becomes the usual one
    np.testing.assert_array_equal(usual_unemployment(start, now, half_life_months=np.inf), start)
    with pytest.raises(ValueError, match="half_life_months"):
        usual_unemployment(start, now, half_life_months=0.0)
