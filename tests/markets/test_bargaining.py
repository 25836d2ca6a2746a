"""Collective bargaining on hand-made inputs: claim, offer, ballot, settlement, coverage, premium."""

import numpy as np
import pytest

from sim.markets.bargaining import (
    ballot_support,
    claim,
    covered_firms,
    offer,
    outside_option,
    settlement,
    union_wage_premium,
)
from sim.markets.wages import agreement_floor, lighthouse


def test_the_claim_rises_with_power_and_productivity_and_falls_with_unemployment():
    assert outside_option(100.0, 0.1, 0.5) == pytest.approx(95.0)
    assert claim(100.0, 300.0, 0.0) == 100.0
    assert claim(100.0, 300.0, 0.2) == pytest.approx(140.0)
    assert claim(100.0, 400.0, 0.2) > claim(100.0, 300.0, 0.2)
    assert claim(outside_option(100.0, 0.2, 0.0), 300.0, 0.2) < claim(outside_option(100.0, 0.05, 0.0), 300.0, 0.2)
    assert offer(100.0, None) == 100.0 and offer(100.0, 120.0) == 120.0


def test_ballot_support_rises_with_the_shortfall_and_settlements_split_the_gap():
    rng = np.random.default_rng(0)
    small = ballot_support(100_000, 110.0, 100.0, 2.0, rng)
    large = ballot_support(100_000, 140.0, 100.0, 2.0, rng)
    assert small == pytest.approx(0.2, abs=0.01) and large == pytest.approx(0.8, abs=0.01)
    assert ballot_support(100, 100.0, 100.0, 2.0, rng) == 0.0
    assert settlement(100.0, 140.0, 0.5) == 120.0


def test_coverage_needs_recognition_and_members_or_extension():
    members = np.array([3, 0, 3, 0])
    draw = np.array([0.2, 0.2, 0.9, 0.9])
    formal = np.array([True, True, True, False])
    alive = np.ones(4, bool)
    assert list(covered_firms(members, draw, 0.5, np.zeros(4, bool), formal, alive)) == [True, False, False, False]
    assert list(covered_firms(members, draw, 0.5, np.ones(4, bool), formal, alive)) == [True, True, True, False]


def test_premium_compares_like_with_like():
    log_wage = np.log(np.array([110.0, 100.0, 220.0, 200.0, 50.0]))
    covered = np.array([True, False, True, False, False])
    cell = np.array([0, 0, 1, 1, 2])
    assert union_wage_premium(log_wage, covered, cell, 3) == pytest.approx(np.log(1.1))


def test_grade_floors_lift_low_grades_most_and_the_lighthouse_pulls_informal_pay():
    premium = np.array([0.75, 1.0, 1.6])
    wages = np.array([75.0, 100.0, 160.0])
    floored = agreement_floor(wages, np.full(3, 110.0), np.array([0, 1, 2]), premium)
    assert floored[0] / wages[0] > floored[1] / wages[1] > floored[2] / wages[2] - 1e-12
    assert floored[2] == 160.0
    assert lighthouse(np.array([50.0, 150.0]), np.array([100.0, 100.0]), 0.2) == pytest.approx([60.0, 150.0])
