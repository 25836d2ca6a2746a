"""Households: grouping within regions and pooling of earnings."""

import numpy as np
import pytest

from sim.households import assign_households, pooled_income


def test_households_stay_within_a_region_and_have_the_requested_size():
    rng = np.random.default_rng(0)
    region = rng.integers(0, 3, 10_001).astype(np.int8)
    household, table = assign_households(region, 2.0, rng)
    assert (table.region[household] == region).all()
    assert table.members.sum() == len(region)
    assert table.members.mean() == pytest.approx(2.0, abs=0.01)
    assert set(np.unique(table.members)) <= {1, 2}


def test_every_unit_earned_is_a_unit_of_household_income():
    rng = np.random.default_rng(1)
    household = rng.integers(0, 50, 1000)
    earnings = rng.random(1000) * 100
    income = pooled_income(household, earnings, 50)
    assert income.sum() == pytest.approx(earnings.sum())
    assert income[7] == pytest.approx(earnings[household == 7].sum())
