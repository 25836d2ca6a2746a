"""Firms' growth: customers drifting between the firms of a market (Gibrat's law)."""

import numpy as np
import pytest

from sim.firms import drift_customers


def test_customers_move_between_firms_but_every_market_keeps_its_weighted_mean_appeal():
    rng = np.random.default_rng(0)
    market = np.repeat([0, 1, 2], 50)
    weight = rng.uniform(1.0, 30.0, 150)
    movable = np.ones(150, bool)
    movable[100:] = False  # market 2: the public sector's producers
    appeal = drift_customers(np.ones(150), market, weight, movable, 0.1, rng.standard_normal(150))
    for m in (0, 1):
        here = market == m
        assert np.average(appeal[here], weights=weight[here]) == pytest.approx(1.0)
        assert appeal[here].std() > 0.05  # some firms won customers, others lost them
    assert (appeal[100:] == 1.0).all()


def test_growth_is_proportionate_whatever_a_firm_s_size():
    """Gibrat's law: the distribution of growth rates does not depend on size."""
    rng = np.random.default_rng(1)
    n = 40_000
    appeal = np.where(np.arange(n) < n // 2, 0.2, 5.0)  # small and large firms in one market
    new = drift_customers(appeal, np.zeros(n, int), np.ones(n), np.ones(n, bool), 0.05, rng.standard_normal(n))
    growth = np.log(new / appeal)
    small, large = growth[: n // 2], growth[n // 2 :]
    assert small.std() == pytest.approx(large.std(), rel=0.03)
    assert small.mean() == pytest.approx(large.mean(), abs=0.002)


def test_a_market_of_equal_firms_grows_a_right_tail_of_sizes():
    """From equal appeals, proportionate shocks with exit of the smallest and entry at the mean
    give a right-skewed, heavy-tailed distribution: the largest firm many times the mean."""
    rng = np.random.default_rng(2)
    n = 2000
    appeal = np.ones(n)
    for _ in range(600):
        appeal = drift_customers(appeal, np.zeros(n, int), np.ones(n), np.ones(n, bool), 0.1, rng.standard_normal(n))
        appeal[appeal < 0.05] = 1.0  # exit and entry at the market's mean
    assert appeal.max() > 20 * appeal.mean()
    assert np.median(appeal) < 0.6 * appeal.mean()
