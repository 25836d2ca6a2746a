"""Firm accounts, exit and entry on hand-made firms."""

import numpy as np
import pytest

from sim.markets.accounts import exiting, expected_entrants, settle_accounts


def test_profit_is_sales_minus_wages_minus_capital_cost_and_part_is_retained():
    acc = settle_accounts(
        employees=np.array([10, 10]),
        productivity=np.array([100.0, 100.0]),
        orders=np.array([1500.0, 800.0]),
        wage_bill=np.array([400.0, 400.0]),
        capacity=np.array([10.0, 10.0]),
        net_worth=np.array([0.0, 0.0]),
        months_negative_worth=np.array([0, 2]),
        capital_cost_share=0.5,
        payout_ratio=0.8,
        capacity_adjustment=0.1,
    )
    assert acc.sales == pytest.approx([1000.0, 800.0])  # cannot sell more than it made
    assert acc.profit == pytest.approx([100.0, -100.0])
    assert acc.net_worth == pytest.approx([20.0, -100.0])
    assert list(acc.months_negative_worth) == [0, 3]


def test_insolvent_firms_exit_after_the_grace_months_and_closures_follow_their_rate():
    rng = np.random.default_rng(0)
    months = np.array([3, 2, 5])
    alive = np.array([True, True, False])
    assert list(exiting(alive, months, 3, 0.0, rng)) == [True, False, False]
    many = exiting(np.ones(100_000, bool), np.zeros(100_000, int), 3, 0.01, rng)
    assert many.mean() == pytest.approx(0.01, abs=0.002)


def test_entry_replaces_exits_at_the_normal_margin_and_follows_profitability():
    entrants = expected_entrants(np.array([4.0, 4.0, 4.0]), np.array([0.1, 0.2, -0.5]), np.full(3, 0.1), 5.0)
    assert entrants == pytest.approx([4.0, 6.0, 0.0])
