"""Matching: applications, offers and acceptances on hand-made job seekers and openings."""

import dataclasses

import numpy as np
import pytest

from sim.markets.matching import (
    DURATION_SCREENING_MONTHS,
    EXPERIENCE_WEIGHT,
    MatchingParams,
    Openings,
    Seekers,
    applicant_score,
    call_back_probability,
    match,
    offered_wage,
    pick_by_cumulative,
    send_applications,
)


def params(rounds=3, fit=None, apps=3):
    return MatchingParams(
        apps,
        2.0,
        np.array([[1.0, 0.05], [0.05, 1.0]]),
        np.array([0.75, 1.0, 1.6]),
        np.ones((2, 3)) if fit is None else fit,
        offer_rounds=rounds,
    )


def seekers(n, region=0, skill=1, acceptance=0.0):
    return Seekers(np.arange(n), np.full(n, region), np.full(n, skill), np.zeros(n), np.full(n, acceptance))


def openings(vacancies, wages, regions=None, sectors=None, floors=None):
    k = len(vacancies)
    return Openings(
        np.arange(10, 10 + k),
        np.zeros(k, int) if regions is None else np.array(regions),
        np.zeros(k, int) if sectors is None else np.array(sectors),
        np.array(vacancies),
        np.array(wages, float),
        np.zeros(k) if floors is None else np.array(floors, float),
    )


def test_nobody_is_hired_twice_and_no_firm_beyond_its_vacancies():
    rng = np.random.default_rng(0)
    result = match(seekers(200), openings([5, 3, 8], [100.0, 120.0, 90.0]), params(), rng)
    assert len(np.unique(result.worker)) == len(result.worker)
    hires = np.bincount(result.firm - 10, minlength=3)
    assert (hires <= [5, 3, 8]).all()
    assert hires.sum() == 16  # plenty of willing applicants: every post is filled


def test_offers_below_the_acceptance_wage_are_declined():
    result = match(seekers(50, acceptance=150.0), openings([10], [100.0]), params(), np.random.default_rng(1))
    assert len(result.worker) == 0


def test_wages_are_the_base_times_the_skill_premium_floored():
    assert list(
        offered_wage(np.array([100.0, 100.0]), np.array([0, 2]), np.array([0.75, 1.0, 1.6]), np.array([90.0, 0.0]))
    ) == [90.0, 160.0]


def test_more_rounds_fill_more_posts_when_the_best_applicants_are_wanted_everywhere():
    skilled = Seekers(
        np.arange(60), np.zeros(60, int), np.r_[np.full(8, 2), np.zeros(52, int)], np.zeros(60), np.zeros(60)
    )
    filled = []
    for rounds in (1, 3):
        result = match(skilled, openings([1] * 20, [100.0] * 20), params(rounds=rounds), np.random.default_rng(3))
        filled.append(len(result.worker))
    assert filled[1] > filled[0]


def test_applications_favour_higher_wages_and_own_region():
    rng = np.random.default_rng(4)
    s = seekers(20_000, region=0)
    o = openings([1, 1, 1], [100.0, 200.0, 200.0], regions=[0, 0, 1])
    _, opening = send_applications(s, o, params(apps=1), rng)
    counts = np.bincount(opening, minlength=3)
    assert counts[1] > 3 * counts[0]  # wage elasticity 2: four times the weight
    assert counts[1] > 10 * counts[2]  # another region: 5 % of the weight


def test_a_zero_skill_fit_means_no_application():
    fit = np.array([[1.0, 1.0, 1.0], [0.0, 1.0, 1.0]])
    s = seekers(1000, skill=0)
    o = openings([5, 5], [100.0, 300.0], sectors=[0, 1])
    _, opening = send_applications(s, o, params(fit=fit), np.random.default_rng(5))
    assert (opening == 0).all()


def test_seekers_of_a_less_efficient_region_send_fewer_applications():
    """Matching efficiency 0.5 halves the applications of region 1's seekers (in expectation);
    efficiency 1 draws exactly as no efficiency at all."""
    import dataclasses

    many = Seekers(
        np.arange(20_000),
        np.r_[np.zeros(10_000, int), np.ones(10_000, int)],
        np.ones(20_000, int),
        np.zeros(20_000),
        np.zeros(20_000),
    )
    o = openings([1] * 50, [100.0] * 50, regions=[0] * 25 + [1] * 25)
    base = params(apps=4)
    halved = dataclasses.replace(base, search_efficiency=np.array([1.0, 0.5]))
    seeker, _ = send_applications(many, o, halved, np.random.default_rng(5))
    per_seeker = np.bincount(many.region[seeker], minlength=2) / 10_000
    assert per_seeker[1] == pytest.approx(0.5 * per_seeker[0], rel=0.05)
    ones = dataclasses.replace(base, search_efficiency=np.ones(2))
    for a, b in zip(
        send_applications(many, o, base, np.random.default_rng(6)),
        send_applications(many, o, ones, np.random.default_rng(6)),
    ):
        np.testing.assert_array_equal(a, b)


def test_a_job_in_the_neighbouring_region_must_pay_for_the_commute():
    """One seeker, two posts with room for it: at home for 100, next door for `wage` with a
    commute costing 10 % of the pay. It applies to both (two applications, two firms) and
    takes the one worth more net of the commute (months where its two draws hit one firm are
    left out)."""
    mobility = np.array([[1.0, 1.0], [1.0, 1.0]])  # both posts equally likely to get the application
    cost = np.array([[0.0, 0.1], [0.1, 0.0]])
    for wage, expected_firm in ((105.0, 10), (120.0, 11)):
        p = MatchingParams(2, 0.0, mobility, np.array([0.75, 1.0, 1.6]), np.ones((1, 3)), commuting_cost=cost)
        taken = []
        for seed in range(20):
            result = match(seekers(1), openings([1, 1], [100.0, wage], regions=[0, 1]), p, np.random.default_rng(seed))
            if result.applicants.tolist() == [1, 1]:
                taken += list(result.firm)
        assert taken and set(taken) == {expected_firm}


def test_employers_rank_down_first_job_seekers_and_up_experience():
    p = dataclasses.replace(params(), inexperience_screening=0.5)
    score = applicant_score(
        np.array([1, 1, 1]), np.array([0, 24, 0]), np.array([False, False, True]), np.zeros(3), p
    )
    # two years in the sector add EXPERIENCE_WEIGHT; a first-job seeker loses the inexperience screening
    assert score == pytest.approx([1.0, 1.0 + EXPERIENCE_WEIGHT, 0.5])


def test_call_backs_fall_with_time_out_of_work_over_eight_months_then_stay():
    read = call_back_probability(np.array([0, 4, 8, 24]), 0.6)
    assert read == pytest.approx([1.0, 0.7, 0.4, 0.4])
    assert DURATION_SCREENING_MONTHS == 8.0


def queue_for_few_posts(months_unemployed=None, first_job=None, screening=None, seed=0):
    """Hires by group when 400 otherwise identical seekers queue for 40 posts."""
    n = 400
    group = np.arange(n) % 2
    who = Seekers(
        np.arange(n),
        np.zeros(n, int),
        np.ones(n, int),
        np.zeros(n),
        np.zeros(n),
        months_unemployed=None if months_unemployed is None else np.where(group == 1, months_unemployed, 0),
        first_job=None if first_job is None else group == 1,
    )
    p = dataclasses.replace(params(), **(screening or {}))
    result = match(who, openings([10, 10, 10, 10], [100.0] * 4), p, np.random.default_rng(seed))
    return np.bincount(group[result.worker], minlength=2)


def test_a_worker_who_has_been_out_longer_is_picked_less_often():
    screened = np.sum([queue_for_few_posts(12, screening={"duration_screening": 0.75}, seed=s) for s in range(5)], 0)
    unscreened = np.sum([queue_for_few_posts(12, seed=s) for s in range(5)], 0)
    assert screened.sum() == unscreened.sum() == 200  # every post filled either way
    # a year out: a quarter of the applications read, and clearly fewer hires than the newly unemployed
    assert screened[1] < 0.5 * screened[0]
    assert abs(unscreened[1] - unscreened[0]) < 0.3 * unscreened.mean()  # without screening, no gap


def test_a_skilled_long_term_applicant_still_beats_the_unskilled_when_read():
    """Screening passes over applications; it does not rank the long-term unemployed below
    everyone else: among those read, the more skilled are hired whatever their months out."""
    n = 400
    skilled = np.arange(n) % 2 == 1
    who = Seekers(
        np.arange(n),
        np.zeros(n, int),
        skilled.astype(int),
        np.zeros(n),
        np.zeros(n),
        months_unemployed=np.where(skilled, 24, 0),
    )
    p = dataclasses.replace(params(), duration_screening=0.5)
    hired = np.concatenate(
        [match(who, openings([10, 10, 10, 10], [100.0] * 4), p, np.random.default_rng(s)).worker for s in range(5)]
    )
    assert skilled[hired].mean() > 0.9


def test_a_young_entrant_without_experience_finds_work_more_slowly():
    hires = np.sum(
        [queue_for_few_posts(first_job=True, screening={"inexperience_screening": 0.5}, seed=s) for s in range(5)], 0
    )
    assert hires[1] < 0.6 * hires[0]


def test_an_abler_worker_is_offered_and_paid_more_for_the_same_skill():
    assert offered_wage(
        np.array([100.0, 100.0]), np.array([1, 1]), np.array([0.75, 1.0, 1.6]), np.zeros(2), np.array([0.8, 1.5])
    ) == pytest.approx([80.0, 150.0])


@pytest.mark.parametrize("seed", range(4))
def test_the_guide_table_picks_what_a_binary_search_picks(seed):
    """`pick_by_cumulative` returns searchsorted's entry for every draw: weights of very
    different sizes, zero weights, draws on a cumulative weight exactly and just below one."""
    rng = np.random.default_rng(seed)
    n = 5000
    weight = rng.lognormal(0.0, 2.0, n) * (rng.random(n) < 0.9) * np.where(rng.random(n) < 0.5, 1e-3, 1.0)
    cumulative = np.cumsum(weight)
    draws = rng.random(20_000) * cumulative[-1]
    draws[:50] = cumulative[:50]
    draws[50:100] = np.nextafter(cumulative[50:100], 0.0)
    draws[100] = 0.0
    expected = np.minimum(np.searchsorted(cumulative, draws, side="right"), n - 1)
    assert np.array_equal(pick_by_cumulative(cumulative, draws), expected)
