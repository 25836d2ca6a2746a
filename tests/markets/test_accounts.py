"""Firm accounts, exit and entry on hand-made firms."""

import numpy as np
import pytest

from sim.markets.accounts import FirmCosts, closure_hazard, exiting, expected_entrants, settle_accounts


def settle(**changes):
    args = dict(
        capacity_target=np.array([10.0, 10.0]),
        working=np.array([10.0, 10.0]),
        productivity=np.array([100.0, 100.0]),
        orders=np.array([1500.0, 800.0]),
        wage_bill=np.array([400.0, 400.0]),
        formal=np.array([True, False]),
        market=np.array([True, True]),
        investment=np.array([100.0, 100.0]),
        capacity=np.array([10.0, 10.0]),
        net_worth=np.array([300.0, 300.0]),
        target_worth=np.array([300.0, 300.0]),
        months_negative_worth=np.array([0, 2]),
        costs=FirmCosts(np.array([1.0, 1.0]), 0.2, np.array([0.1, 0.1]), 1.0, 0.25),
        payout_speed=0.1,
        capacity_adjustment=0.1,
    )
    args.update(changes)
    return settle_accounts(**args)


def test_profit_is_revenue_less_wages_contributions_inputs_and_investment_and_only_formal_firms_pay_taxes():
    acc = settle()
    assert acc.sales == pytest.approx([1000.0, 800.0])  # cannot sell more than it made
    assert acc.employer_contributions == pytest.approx([80.0, 0.0])
    assert acc.inputs == pytest.approx([100.0, 80.0])
    assert acc.profit == pytest.approx([1000 - 400 - 80 - 100 - 100, 800 - 400 - 80 - 100])
    assert acc.profit_tax == pytest.approx([0.25 * 320.0, 0.0])
    # at its target net worth a firm pays out its profit after tax and keeps its net worth
    assert acc.dividends == pytest.approx([240.0, 220.0])
    assert acc.net_worth == pytest.approx([300.0, 300.0])


def test_dividends_pay_out_net_worth_above_target_and_a_loss_eats_into_net_worth():
    rich = settle(net_worth=np.array([500.0, 300.0]))
    assert rich.dividends[0] == pytest.approx(240.0 + 0.1 * 200.0)
    loss = settle(orders=np.array([300.0, 800.0]))
    assert loss.profit[0] < 0 and loss.dividends[0] == 0.0 and loss.profit_tax[0] == 0.0
    assert loss.net_worth[0] == pytest.approx(300.0 + loss.profit[0])


def test_prices_scale_revenue_and_public_producers_neither_sell_nor_pay():
    dear = settle(costs=FirmCosts(np.array([1.1, 1.0]), 0.2, np.array([0.1, 0.1]), 1.0, 0.25))
    assert dear.revenue[0] == pytest.approx(1100.0)
    public = settle(market=np.array([False, True]))
    assert public.revenue[0] == 0 and public.profit[0] == 0 and public.dividends[0] == 0
    assert public.net_worth[0] == 300.0


def test_strikers_produce_nothing_but_capital_still_costs():
    acc = settle(working=np.array([6.0, 10.0]), wage_bill=np.array([240.0, 400.0]))
    assert acc.output[0] == pytest.approx(600.0) and acc.sales[0] == pytest.approx(600.0)
    assert acc.investment[0] == 100.0


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
