"""Working hours: overtime meets orders beyond normal output (hand-made inputs)."""

import numpy as np
import pytest

from sim.markets.hours import OvertimeRules, overtime_pays, overtime_rules, overtime_share, pay_factor


def test_overtime_meets_the_orders_beyond_normal_output_up_to_the_limit():
    share = overtime_share(
        orders=np.array([90.0, 103.0, 130.0, 50.0, 120.0]),
        normal_output=np.array([100.0, 100.0, 100.0, 0.0, 100.0]),
        limit=0.06,
        allowed=np.array([True, True, True, True, False]),
    )
    # short of orders: normal hours; 3 % short: 3 % overtime; 30 % short: the limit;
    # no one at work or overtime not allowed (it does not pay, or a public producer): none
    assert share == pytest.approx([0.0, 0.03, 0.06, 0.0, 0.0])


def test_an_overtime_hour_is_worked_only_if_its_output_covers_its_pay():
    # a unit sells at 1 and uses 0.2 of imported inputs: 0.8 left for labour
    pays = overtime_pays(np.full(3, 1.0), np.full(3, 0.2), np.array([0.5, 0.53, 0.6]), premium=0.5)
    assert pays.tolist() == [True, True, False]  # 0.75 and 0.795 <= 0.8 < 0.9


def test_overtime_is_paid_at_the_premium():
    assert pay_factor(np.array([0.0, 0.05]), premium=0.5) == pytest.approx([1.0, 1.075])


def test_a_preset_without_a_labour_code_gets_the_eu_week_and_the_ilo_premium():
    rules = overtime_rules(None, None)
    assert rules.limit == pytest.approx(0.2) and rules.premium == pytest.approx(0.25)
    assert overtime_rules(0.0577, 0.5) == OvertimeRules(0.0577, 0.5)
