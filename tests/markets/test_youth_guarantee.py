"""The youth guarantee's offers and placements on hand-made inputs."""

from __future__ import annotations

import numpy as np
import pytest

from sim.markets import youth_guarantee as yg

NEVER = np.iinfo(np.int32).min


def test_the_young_unemployed_for_four_months_are_eligible_once_a_spell():
    young = np.array([True, True, True, True, False, True])
    unemployed = np.array([True, True, True, False, True, True])
    months = np.array([4, 3, 9, 9, 9, 5])
    # the sixth had its offer in month 18, within the spell that began in month 20 - 5 = 15
    last_reached = np.array([NEVER, NEVER, NEVER, NEVER, NEVER, 18])
    assert yg.eligible(young, unemployed, months, last_reached, 20, 4).tolist() == [
        True,
        False,
        True,
        False,
        False,
        False,
    ]
    # a new spell (begun in month 19) after that offer: eligible again once four months old
    assert yg.eligible(young, unemployed, np.array([4] * 6), np.array([18] * 6), 23, 4).tolist() == [
        True,
        True,
        True,
        False,
        False,
        True,
    ]


def test_offers_come_at_the_offer_rate_and_their_types_at_the_shares():
    rng = np.random.default_rng(1)
    n = 200_000
    kind = yg.offer_types(rng.random(n), rng.random(n), 0.4, np.array([0.5, 0.2, 0.3]))
    offered = kind != yg.NO_OFFER
    assert offered.mean() == pytest.approx(0.4, abs=0.005)
    shares = np.bincount(kind[offered], minlength=3) / offered.sum()
    assert shares == pytest.approx([0.5, 0.2, 0.3], abs=0.005)
    # a type without a share is never drawn
    assert not (yg.offer_types(rng.random(n), rng.random(n), 1.0, np.array([0.0, 0.0, 1.0])) != 2).any()


def test_seats_go_to_the_lowest_draws_among_those_offered():
    u_offer = np.array([0.05, 0.3, 0.9, 0.1, 0.2])
    kind = yg.offer_types(u_offer, np.zeros(5), 0.5, np.array([1.0, 0.0, 0.0]), seats=2)
    assert kind.tolist() == [0, yg.NO_OFFER, yg.NO_OFFER, 0, yg.NO_OFFER]
    assert (yg.offer_types(u_offer, np.zeros(5), 0.5, np.array([1.0, 0.0, 0.0]), seats=0) == yg.NO_OFFER).all()


def test_placements_take_vacancies_of_their_own_region_and_never_more_than_there_are():
    rng = np.random.default_rng(2)
    firm = np.array([10, 11, 12])
    firm_region = np.array([0, 0, 1])
    vacancies = np.array([2, 1, 1])
    person_region = np.array([0, 0, 0, 0, 1, 2])
    placed = yg.place(person_region, firm, firm_region, vacancies, rng)
    assert (placed[:4] >= 0).sum() == 3  # three vacancies in region 0 for four persons
    assert set(placed[:4][placed[:4] >= 0]) <= {10, 11}
    assert np.bincount(placed[placed >= 0], minlength=13)[[10, 11, 12]].tolist() == [2, 1, 1]
    assert placed[4] == 12 and placed[5] == -1  # region 2 has no vacancy


def test_a_placement_is_paid_its_share_of_the_pay_while_the_person_stays_and_months_remain():
    jobs = yg.Placements.none().add(np.array([0, 1]), np.array([5, 6]), 0.5, 2, ends=False)
    p = jobs.add(np.array([2]), np.array([5]), 1.0, 1, ends=True)
    employer = np.array([5, 7, 5])  # person 1 left firm 6
    running = p.running(employer)
    assert running.person.tolist() == [0, 2]
    pay = np.array([100.0, 80.0, 60.0])
    assert yg.subsidies(running, pay, 8)[5] == pytest.approx(0.5 * 100 + 60)
    running.months_left -= 1
    assert running.running(employer).person.tolist() == [0]  # the traineeship's month is over
    assert running.over(employer).tolist() == [2]  # and with it the traineeship: the job ends
    running.months_left -= 1
    assert running.over(employer).tolist() == [2]  # a subsidised job goes on unpaid
