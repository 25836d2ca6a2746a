"""Wage posting: unfilled vacancies raise wages, long queues lower them, the minimum wage binds formal jobs."""

import numpy as np
import pytest

from sim.markets.wages import adjust_posted_wages, employee_wages, floor_wages


def test_unfilled_vacancies_raise_and_long_queues_lower_posted_wages():
    new = adjust_posted_wages(
        posted_wage=np.full(4, 100.0),
        vacancies=np.array([4, 4, 4, 0]),
        hires=np.array([0, 2, 4, 0]),
        applicants=np.array([0, 5, 40, 0]),
        wage_rise_unfilled=0.03,
        wage_fall_queue=0.004,
        queue_threshold=3.0,
    )
    assert new == pytest.approx([103.0, 101.5, 99.6, 100.0])


def test_minimum_wage_binds_formal_jobs_only():
    assert list(floor_wages(np.array([50.0, 50.0, 200.0]), np.array([True, False, True]), 100.0)) == [
        100.0,
        50.0,
        200.0,
    ]
    wages = employee_wages(
        np.array([100.0, 100.0]), np.array([0, 2]), np.array([0.5, 1.0, 2.0]), np.array([True, True]), 80.0
    )
    assert list(wages) == [80.0, 200.0]
