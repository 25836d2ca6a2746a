"""Households formed by age and kinship at a survey's sizes and types (`sim.household_formation`)."""

import dataclasses

import numpy as np
import pytest

from sim.household_formation import (
    Composition,
    HouseholdType,
    age_profile,
    form_households,
    measure_composition,
    pair_by_skill,
    renew,
)
from sim.workers import AgeGroup

KYRGYZ_MICS_2023 = Composition(
    mean_size=4.20,
    type_shares=np.array([0.1111, 0.0921, 0.3459, 0.0890, 0.3619]),
    older_alone=0.0944,
    older_couple_only=0.1712,
    children_per_adult=0.3211 / (1 - 0.3211),
    couple_sorting_noise=0.5,
)


def population(n: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    age = rng.choice(3, n, p=[0.25, 0.57, 0.18]).astype(np.int8)
    skill = rng.choice(3, n, p=[0.3, 0.5, 0.2]).astype(np.int8)
    region = rng.integers(0, 4, n).astype(np.int8)
    abroad = rng.random(n) < 0.05
    return age, skill, region, abroad


def test_households_have_the_surveys_size_types_children_and_older_persons_arrangements():
    age, skill, region, abroad = population(40_000)
    formed = form_households(region, age, skill, abroad, KYRGYZ_MICS_2023, np.random.default_rng(1))
    assert (formed.household >= 0).all()  # everybody lives somewhere
    assert (formed.region[formed.household] == region).all()  # in their own region
    check = measure_composition(formed, age, ~abroad)
    assert check.mean_size == pytest.approx(4.20, abs=0.01)
    assert check.type_shares[:5] == pytest.approx(KYRGYZ_MICS_2023.type_shares, abs=0.002)
    assert check.children_share == pytest.approx(0.3211, abs=0.002)
    assert check.older_alone == pytest.approx(0.0944, abs=0.005)
    assert check.older_couple_only == pytest.approx(0.1712, abs=0.005)
    residents = np.bincount(formed.household[~abroad], minlength=len(formed.kind))
    kind = formed.kind
    assert (residents[kind == HouseholdType.ONE_PERSON] == 1).all()
    assert (residents[kind == HouseholdType.ONE_PERSON] + formed.children[kind == HouseholdType.ONE_PERSON] == 1).all()
    assert (residents[kind == HouseholdType.COUPLE_ONLY] == 2).all()
    assert (formed.children[kind == HouseholdType.COUPLE_ONLY] == 0).all()
    family = np.isin(kind, [HouseholdType.COUPLE_WITH_CHILDREN, HouseholdType.EXTENDED])
    assert (residents[family] + formed.children[family] >= 3).all()  # a couple and someone else
    single_parent = kind == HouseholdType.SINGLE_PARENT
    assert (residents[single_parent] + formed.children[single_parent] >= 2).all()
    # migrants abroad belong to households with a place for them, not to persons living alone
    assert not np.isin(formed.household[abroad], np.flatnonzero(kind == HouseholdType.ONE_PERSON)).any()
    # older persons living with others live with their children's families
    older_elsewhere = (age == AgeGroup.OLDER) & ~abroad
    older_elsewhere &= ~np.isin(kind[formed.household], [HouseholdType.ONE_PERSON, HouseholdType.COUPLE_ONLY])
    assert np.mean(kind[formed.household[older_elsewhere]] == HouseholdType.EXTENDED) > 0.9


def test_the_same_draws_give_the_same_households():
    age, skill, region, abroad = population(5_000)
    a = form_households(region, age, skill, abroad, KYRGYZ_MICS_2023, np.random.default_rng(3))
    b = form_households(region, age, skill, abroad, KYRGYZ_MICS_2023, np.random.default_rng(3))
    assert np.array_equal(a.household, b.household) and np.array_equal(a.children, b.children)


def test_couples_are_assortative_by_skill_and_random_with_a_large_noise():
    rng = np.random.default_rng(4)
    persons = np.arange(20_000)
    skill = rng.choice(3, len(persons), p=[0.3, 0.5, 0.2]).astype(np.int8)

    def spouses_correlation(noise):
        pairs = pair_by_skill(persons, skill, noise, np.random.default_rng(5))
        assert sorted(pairs.ravel()) == list(persons)  # everybody marries once
        return np.corrcoef(skill[pairs[:, 0]], skill[pairs[:, 1]])[0, 1]

    assert spouses_correlation(0.0) > 0.99
    assert 0.3 < spouses_correlation(0.5) < spouses_correlation(0.0)
    assert abs(spouses_correlation(100.0)) < 0.05
    # the default noise: about 48 % of couples of equal skill, as stated beside the parameter
    from sim.config import ModelParams

    p = ModelParams()
    skill = rng.choice(3, len(persons), p=p.skill_share).astype(np.int8)
    pairs = pair_by_skill(persons, skill, p.couple_sorting_noise, np.random.default_rng(8))
    assert np.mean(skill[pairs[:, 0]] == skill[pairs[:, 1]]) == pytest.approx(0.485, abs=0.015)


def test_a_wider_size_dispersion_makes_more_small_and_more_large_families():
    age, skill, region, abroad = population(40_000)
    even = form_households(region, age, skill, abroad, KYRGYZ_MICS_2023, np.random.default_rng(6))
    spread = dataclasses.replace(KYRGYZ_MICS_2023, size_dispersion=1.0)
    wide = form_households(region, age, skill, abroad, spread, np.random.default_rng(6))
    even_sizes = measure_composition(even, age, ~abroad).size_shares
    wide_sizes = measure_composition(wide, age, ~abroad).size_shares
    assert wide_sizes[1] > even_sizes[1] + 0.05  # more of 2-3
    assert wide_sizes[2] < even_sizes[2] - 0.05  # fewer of 4-5
    assert measure_composition(wide, age, ~abroad).mean_size == pytest.approx(4.20, abs=0.01)


def test_persons_out_of_place_swap_homes_until_every_home_has_its_ages_again():
    # 0: an older person alone, who retired: a newcomer of 15 holds the home
    # 1: a couple with a child, of whom a parent just turned 55
    # 2: a couple with a child, of whom the child just turned 25
    household = np.array([0, 1, 1, 1, 2, 2, 2])
    age = np.array([0, 2, 1, 0, 1, 1, 1], dtype=np.int8)
    profile = np.array([[0, 0, 1], [1, 2, 0], [1, 2, 0]])
    skill = np.zeros(7, dtype=np.int8)
    region = np.zeros(3, dtype=np.int8)
    moved = renew(household, age, skill, np.ones(7, dtype=bool), profile, region, np.random.default_rng(0))
    assert np.array_equal(age_profile(moved, age, 3), profile)
    assert moved[1] == 0  # the new pensioner lives in the home of the one who retired
    assert np.array_equal(np.bincount(moved), np.bincount(household))  # sizes kept
    assert np.array_equal(household, [0, 1, 1, 1, 2, 2, 2])  # the input is left as it was


def test_homes_are_not_renewed_across_regions_nor_by_persons_abroad():
    household = np.array([0, 1, 1])
    age = np.array([0, 2, 1], dtype=np.int8)
    profile = np.array([[0, 0, 1], [1, 1, 0]])
    skill = np.zeros(3, dtype=np.int8)
    rng = np.random.default_rng(0)
    apart = renew(household, age, skill, np.ones(3, dtype=bool), profile, np.array([0, 1], dtype=np.int8), rng)
    assert np.array_equal(apart, household)
    abroad = np.array([True, False, True])  # the new pensioner is abroad: his home keeps him
    assert np.array_equal(renew(household, age, skill, abroad, profile, np.zeros(2, dtype=np.int8), rng), household)
    together = renew(household, age, skill, np.ones(3, bool), profile, np.zeros(2, np.int8), rng)
    assert not np.array_equal(together, household)


def test_the_person_who_moves_in_has_the_skill_of_the_one_who_moves_out_where_one_can():
    # 0: a home short of an older person, whose newcomer (skill 2) is out of place;
    # 1 and 2: families where a parent turned 55, of skill 0 and 2, each with a youth place short
    household = np.array([0, 1, 1, 2, 2])
    age = np.array([0, 2, 1, 2, 1], dtype=np.int8)
    skill = np.array([2, 0, 0, 2, 0], dtype=np.int8)
    profile = np.array([[0, 0, 1], [1, 1, 0], [1, 1, 0]])
    for seed in range(20):
        rng = np.random.default_rng(seed)
        moved = renew(household, age, skill, np.ones(5, bool), profile, np.zeros(3, np.int8), rng)
        assert moved[3] == 0 and moved[0] == 2


def test_a_region_of_one_person_has_one_household_of_one():
    formed = form_households(
        np.zeros(1, dtype=np.int8), np.array([1], dtype=np.int8), np.array([0], dtype=np.int8),
        np.zeros(1, dtype=bool), KYRGYZ_MICS_2023, np.random.default_rng(0),
    )
    assert list(formed.household) == [0] and list(formed.kind) == [HouseholdType.ONE_PERSON]
    assert formed.head[0]


def test_heads_are_those_alone_the_couples_and_the_single_parents():
    age, skill, region, abroad = population(20_000)
    formed = form_households(region, age, skill, abroad, KYRGYZ_MICS_2023, np.random.default_rng(7))
    heads = np.bincount(formed.household[formed.head], minlength=len(formed.kind))
    expected = np.array([1, 2, 2, 1, 2])[formed.kind]
    assert np.array_equal(heads, expected)
    assert not formed.head[abroad].any()


def test_a_preset_starts_with_its_surveys_households_and_keeps_their_sizes_and_ages(kyrgyzstan):
    from sim.household_formation import Formed
    from sim.model import LabourMarketModel
    from sim.workers import at_home

    model = LabourMarketModel("kyrgyzstan", scale=1000, seed=0)
    survey = kyrgyzstan.households
    first = model.calibration.immigration.first_foreign
    w, h = model.workers, model.households
    ours, homes = slice(0, first), model.native_households
    formed = Formed(w.household[ours], h.region, h.kind, h.dependants)
    check = measure_composition(formed, w.age_group[ours], at_home(w.status[ours]))
    assert check.mean_size == pytest.approx(survey.mean_size, abs=0.05)
    assert check.type_shares[HouseholdType.EXTENDED] == pytest.approx(survey.types.extended, abs=0.01)
    assert check.children_share == pytest.approx(survey.children_share, abs=0.005)
    members = model.native_members.copy()
    assert np.array_equal(age_profile(w.household[ours], w.age_group[ours], len(members)), h.age_profile[homes])
    newcomers = 0
    for _ in range(24):
        model.step()
        newcomers += np.count_nonzero(model.entrants_this_month < first)
    assert newcomers > 50
    assert np.array_equal(np.bincount(w.household[ours], minlength=len(members)), members)  # sizes kept
    # persons out of place: no more than their regions have beyond the places of their age
    excess = age_profile(w.household[ours], w.age_group[ours], len(members)) - h.age_profile[homes]
    region = h.region[homes]
    beyond = sum(np.maximum(excess[region == r].sum(axis=0), 0).sum() for r in np.unique(region))
    out_of_place = np.maximum(excess, 0).sum()
    assert out_of_place <= beyond + np.count_nonzero(~at_home(w.status[ours]))  # those abroad do not move
    assert out_of_place < 0.02 * members.sum()
    model.release()
