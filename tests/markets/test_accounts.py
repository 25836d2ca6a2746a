"""Firm accounts, exit and entry on hand-made firms."""

import numpy as np
import pytest

from sim.markets.accounts import closure_hazard, exiting, expected_entrants, settle_accounts


def test_profit_is_sales_minus_wages_minus_capital_cost_and_part_is_retained():
    acc = settle_accounts(
        employees=np.array([10, 10]),
        working=np.array([10, 10]),
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


def test_insolvent_firms_exit_after_the_grace_months_and_small_firms_close_at_their_rate():
    rng = np.random.default_rng(0)
    months = np.array([3, 2, 5])
    alive = np.array([True, True, False])
    assert list(exiting(alive, months, 3, np.zeros(3), rng)) == [True, False, False]
    hazard = closure_hazard(np.r_[np.full(100_000, 5.0), np.full(100_000, 50.0)], 0.01, 12.0)
    many = exiting(np.ones(200_000, bool), np.zeros(200_000, int), 3, hazard, rng)
    assert many[:100_000].mean() == pytest.approx(0.01, abs=0.002)
    assert not many[100_000:].any()


def test_entry_replaces_exits_at_the_normal_margin_and_follows_profitability():
    entrants = expected_entrants(np.array([4.0, 4.0, 4.0]), np.array([0.1, 0.2, -0.5]), np.full(3, 0.1), 5.0)
    assert entrants == pytest.approx([4.0, 6.0, 0.0])


def test_strikers_produce_nothing_but_capital_still_costs():
    acc = settle_accounts(
        employees=np.array([10]),
        working=np.array([6]),
        productivity=np.array([100.0]),
        orders=np.array([1000.0]),
        wage_bill=np.array([240.0]),
        capacity=np.array([10.0]),
        net_worth=np.array([0.0]),
        months_negative_worth=np.array([0]),
        capital_cost_share=0.5,
        payout_ratio=0.8,
        capacity_adjustment=0.1,
    )
    assert acc.output == pytest.approx([600.0]) and acc.sales == pytest.approx([600.0])
    assert acc.profit == pytest.approx([600.0 - 240.0 - 500.0])
