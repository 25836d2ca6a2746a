"""The school-to-work transition on hand-made inputs."""

from __future__ import annotations

import numpy as np
import pytest

from sim.markets import education
from sim.workers import Status

E, U, N, T = (
    Status.EMPLOYED_FORMAL,
    Status.UNEMPLOYED,
    Status.INACTIVE,
    Status.IN_TRAINING,
)  # N: not in the labour force


def test_neet_counts_the_young_job_seekers_and_inactive_who_are_not_students():
    status = np.array([E, U, N, N, T, U])
    young = np.array([True, True, True, True, True, False])
    student = np.array([False, False, True, False, False, False])
    assert education.neet(young, status, student).tolist() == [False, True, False, True, False, False]


def test_the_neet_rate_from_counts_takes_the_students_from_the_inactive():
    young_by_status = np.zeros(len(Status), dtype=np.int64)
    young_by_status[[E, U, N, T, Status.ABROAD]] = [30, 10, 55, 5, 40]  # abroad: not at home
    assert education.neet_rate(young_by_status, students=45) == pytest.approx((10 + 55 - 45) / 100)


def test_students_are_as_many_as_the_neet_rate_leaves_and_at_most_the_inactive_young():
    # 100 young, 60 not working (20 unemployed, 40 inactive): a NEET rate of 30 % leaves 30 students
    assert education.students_wanted(0.30, 100, 60, 40) == 30
    # a rate below the job seekers' share cannot be met: all inactive young are students
    assert education.students_wanted(0.10, 100, 60, 40) == 40
    # a rate above the not-working share: nobody is a student
    assert education.students_wanted(0.70, 100, 60, 40) == 0


@pytest.mark.parametrize("share", [0.2, 0.5, 0.8])
def test_the_leaving_rate_makes_the_students_share_of_the_inactive_young_a_steady_state(share):
    entrants, leavers, inactive_exit = 10.0, 25.0, 0.06
    rate = education.leaving_rate(entrants, leavers, inactive_exit, share)
    students, others = 0.0, 0.0
    for _ in range(5000):  # the expected stocks month by month, from empty
        students, others = (
            students + entrants + share * leavers - (inactive_exit + rate) * students,
            others + (1 - share) * leavers + rate * students - inactive_exit * others,
        )
    assert students / (students + others) == pytest.approx(share, rel=1e-6)


def test_students_leave_school_when_they_enter_the_labour_force_turn_25_or_draw_the_leaving_rate():
    student = np.ones(5, dtype=bool)
    status = np.array([N, U, E, N, N])
    young = np.array([True, True, True, False, True])
    u = np.array([0.9, 0.9, 0.9, 0.9, 0.01])
    assert education.still_students(student, status, young, u, 0.05).tolist() == [True, False, False, False, False]


def test_the_young_who_leave_the_labour_force_go_back_to_school_at_the_return_share():
    left = np.ones(100_000, dtype=bool)
    left[::2] = False
    u = np.random.default_rng(0).random(len(left))
    back = education.back_to_school(left, u, 0.3)
    assert not back[~left].any()
    assert back[left].mean() == pytest.approx(0.3, abs=0.01)
