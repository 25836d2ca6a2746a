"""Wage setting: hiring signals move relative wages, unemployment and prices the level, error
correction brings wages back to their norm; the minimum wage binds formal jobs."""

import numpy as np
import pytest

from sim.markets.wages import WageRules, adjust_posted_wages, employee_wages, floor_wages, hiring_signal

RULES = WageRules(
    rise_unfilled=0.03,
    fall_queue=0.004,
    queue_threshold=3.0,
    indexation=1.0,
    error_correction=0.05,
    unemployment_response=0.1,
)
VACANCIES, HIRES, APPLICANTS = np.array([4, 4, 4, 0]), np.array([0, 2, 4, 0]), np.array([0, 5, 40, 0])


def adjust(norm=100.0, inflation=0.0, unemployment_gap=0.0, rules=RULES):
    signal = hiring_signal(VACANCIES, HIRES, APPLICANTS, rules)
    return adjust_posted_wages(
        np.full(4, 100.0), signal, np.ones(4), np.full(4, np.log(100.0 / norm)), inflation, unemployment_gap, rules
    )


def test_unfilled_vacancies_raise_and_long_queues_lower_wages_relative_to_the_average_firm():
    signal = hiring_signal(VACANCIES, HIRES, APPLICANTS, RULES)
    assert signal == pytest.approx([0.03, 0.015, -0.004, 0.0])
    assert adjust() == pytest.approx(100.0 * np.exp(signal - signal.mean()))
    # the signals move relative wages, not the level of all wages
    assert np.log(adjust()).mean() == pytest.approx(np.log(100.0))


def test_wages_fall_while_unemployment_is_above_its_normal_rate():
    assert adjust(unemployment_gap=0.01) / adjust() == pytest.approx(np.full(4, np.exp(-0.1 * 0.01)))
    assert (adjust(unemployment_gap=-0.01) > adjust()).all()


def test_each_firm_answers_its_own_regions_unemployment():
    """Firms 0 and 1 sit in a region 2 points above its normal rate, firms 2 and 3 in one at
    its normal rate: only the first two cut their wages (the regional wage curve)."""
    gap = np.array([0.02, 0.02, 0.0, 0.0])
    ratio = adjust(unemployment_gap=gap) / adjust()
    assert ratio == pytest.approx([np.exp(-0.1 * 0.02)] * 2 + [1.0, 1.0])


def test_wages_pass_on_inflation_and_return_to_their_norm():
    assert adjust(inflation=0.01)[3] / adjust()[3] == pytest.approx(np.exp(0.01))
    half = WageRules(0.03, 0.004, 3.0, 0.5, 0.05)
    assert adjust(inflation=0.01, rules=half)[3] / adjust(rules=half)[3] == pytest.approx(np.exp(0.005))
    # a wage 10 % above its norm falls by 5 % of the log gap a month, one below it rises
    assert adjust(norm=100.0 / 1.1)[3] / adjust()[3] == pytest.approx(np.exp(-0.05 * np.log(1.1)))
    assert adjust(norm=110.0)[3] > adjust()[3]


def test_persistent_unemployment_moves_the_wage_level_but_not_its_trend():
    """Error correction: with unemployment a point above normal every month the wage settles
    at a level 2 % lower (a wage curve in levels) instead of falling for ever."""
    wage = np.full(1, 100.0)
    for _ in range(600):
        wage = adjust_posted_wages(wage, np.zeros(1), np.ones(1), np.log(wage / 100.0), 0.0, 0.01, RULES)
    assert wage[0] == pytest.approx(100.0 * np.exp(-0.1 * 0.01 / 0.05), rel=1e-6)


def test_minimum_wage_binds_formal_jobs_only():
    assert list(floor_wages(np.array([50.0, 50.0, 200.0]), np.array([True, False, True]), 100.0)) == [
        100.0,
        50.0,
        200.0,
    ]
    # efficiency units: skill premia 0.5 and 2.0, abilities 1.2 and 0.9
    wages = employee_wages(np.array([100.0, 100.0]), np.array([0.5 * 1.2, 2.0 * 0.9]), np.array([True, True]), 80.0)
    assert list(wages) == pytest.approx([80.0, 180.0])
