"""Training on hand-made inputs: target sectors, enrolment within seats, matching."""

import numpy as np

from sim.markets.training import enrol, growing_sectors, matched_comparison, trained_ability


def test_target_sectors_are_those_that_grew_most():
    assert list(growing_sectors(np.array([110.0, 90.0, 150.0, 100.0]), np.array([100.0, 100.0, 100.0, 0.0]), 2)) == [
        0,
        2,
    ]


def test_enrolment_respects_seats_and_the_subsidy():
    eligible = np.arange(10)
    u_apply = np.linspace(0.0, 0.9, 10)
    u_cost = np.zeros(10)
    assert len(enrol(eligible, 100, 1.0, 0.5, u_apply, u_cost)) == 5
    assert len(enrol(eligible, 2, 1.0, 0.5, u_apply, u_cost)) == 2
    assert len(enrol(eligible, 100, 0.3, 1.0, u_apply, np.full(10, 0.5))) == 0  # subsidy too small


def test_matches_share_the_cell():
    key = np.array([1, 1, 2, 2, 3])
    rng = np.random.default_rng(0)
    matched, comparison = matched_comparison(np.array([0, 2, 4]), np.array([1, 3]), key, rng)
    assert list(matched) == [0, 2] and list(comparison) == [1, 3]


def test_a_course_raises_efficiency_by_the_return_to_schooling_pro_rata_to_its_length():
    ability = np.array([1.0, 2.0])
    assert np.allclose(trained_ability(ability, 6, 0.09), [1.045, 2.09])  # half a year at 9 % a year
    assert np.allclose(trained_ability(ability, 12, 0.09), [1.09, 2.18])
    assert np.array_equal(trained_ability(ability, 0, 0.09), ability)
    month_by_month = ability
    for _ in range(6):  # as the model applies it: a twelfth of the year's return each month
        month_by_month = trained_ability(month_by_month, 1, 0.09)
    assert np.allclose(month_by_month, ability * (1 + 0.09 / 12) ** 6)  # +4.6 %
