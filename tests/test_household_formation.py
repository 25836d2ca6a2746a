"""Households formed by age and kinship at a survey's sizes and types (`sim.household_formation`)."""

import dataclasses

import numpy as np
import pytest

from sim.household_formation import (
    Composition,
    HouseholdType,
    form_households,
    leave_home,
    measure_composition,
    pair_by_skill,
)
from sim.workers import AgeGroup, Status

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


def test_a_young_adult_of_a_large_family_in_the_region_leaves_home_for_a_retiree_who_lived_alone():
    # households: 0 = the retiree alone (region 0); 1 = a family of four (region 0);
    # 2 = a family of four in region 1; 3 = a couple (region 0)
    household = np.array([0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3])
    region = np.array([0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0], dtype=np.int8)
    age = np.array([2, 1, 1, 0, 2, 1, 1, 0, 0, 1, 1], dtype=np.int8)
    status = np.full(len(household), Status.EMPLOYED_FORMAL, dtype=np.int8)
    status[3] = Status.ABROAD  # the family's young son is abroad: he cannot move in
    head = np.array([1, 1, 0, 0, 1, 1, 1, 0, 0, 1, 1], dtype=bool)  # 1, 4: the family's couple
    members = np.bincount(household)
    rng = np.random.default_rng(0)
    movers = leave_home(np.array([0]), region, age, status, household, head, members, np.array([0]), rng)
    assert movers.shape == (1,)
    assert movers[0] == 2  # the one resident of the family of four who is neither a spouse nor older
    # nobody can move: the family's other child is older too
    age_old = age.copy()
    age_old[2] = AgeGroup.OLDER
    none = leave_home(np.array([0]), region, age_old, status, household, head, members, np.array([0]), rng)
    assert none[0] == -1


def test_two_retirees_alone_do_not_take_two_members_of_one_family_in_a_month():
    household = np.array([0, 1, 2, 2, 2])
    region = np.zeros(5, dtype=np.int8)
    age = np.array([2, 2, 1, 1, 1], dtype=np.int8)
    status = np.zeros(5, dtype=np.int8)  # all at home
    head = np.zeros(5, dtype=bool)
    members = np.bincount(household)
    movers = leave_home(
        np.array([0, 1]), region, age, status, household, head, members, np.array([0, 1]), np.random.default_rng(2)
    )
    assert (movers >= 0).sum() == 1 and movers.max() in (2, 3, 4)


def test_a_retiree_without_a_mover_does_not_stop_another_from_finding_one():
    # retiree 0 lives in region 1, where nobody can move; retiree 1 in region 0, where 3 can
    household = np.array([0, 1, 2, 2, 2])
    region = np.array([1, 0, 0, 0, 0], dtype=np.int8)
    age = np.array([2, 2, 1, 1, 1], dtype=np.int8)
    status = np.zeros(5, dtype=np.int8)
    head = np.array([1, 1, 1, 1, 0], dtype=bool)
    members = np.bincount(household)
    movers = leave_home(
        np.array([0, 1]), region, age, status, household, head, members, np.array([0, 1]), np.random.default_rng(3)
    )
    assert list(movers) == [-1, 4]


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


def test_a_preset_starts_with_its_surveys_households_and_keeps_their_sizes(kyrgyzstan):
    from sim.household_formation import Formed
    from sim.model import LabourMarketModel
    from sim.workers import at_home

    model = LabourMarketModel("kyrgyzstan", scale=1000, seed=0)
    survey = kyrgyzstan.households
    first = model.calibration.immigration.first_foreign
    w, h = model.workers, model.households
    ours = slice(0, first)
    formed = Formed(w.household[ours], h.region, h.kind, h.dependants)
    check = measure_composition(formed, w.age_group[ours], at_home(w.status[ours]))
    assert check.mean_size == pytest.approx(survey.mean_size, abs=0.05)
    assert check.type_shares[HouseholdType.EXTENDED] == pytest.approx(survey.types.extended, abs=0.01)
    assert check.children_share == pytest.approx(survey.children_share, abs=0.005)
    members = model.native_members.copy()
    newcomers = 0
    for _ in range(24):
        model.step()
        # no newcomer of 15 lives alone in the home a retiree left: someone of a family moved in
        entrants = model.entrants_this_month[model.entrants_this_month < first]
        assert (members[w.household[entrants]] > 1).all()
        assert not w.household_head[entrants].any()
        newcomers += len(entrants)
    assert newcomers > 50
    # retirees alone are succeeded by children or relatives leaving home: every household keeps its size
    assert np.array_equal(np.bincount(w.household[ours], minlength=len(h)), members)
    # the heads of households: one a person alone, two a couple
    heads = np.bincount(w.household[ours][w.household_head[ours]], minlength=len(h))
    one = (h.kind == HouseholdType.ONE_PERSON) & (members == 1)
    assert (heads[one] == 1).all()
    model.release()


def test_households_by_kinship_pool_income_more_evenly_than_households_formed_at_random(kyrgyzstan):
    """Larger families with earners and dependants together: a lower income Gini."""
    from sim.model import LabourMarketModel

    ginis = {}
    for survey in (True, False):
        country = kyrgyzstan if survey else dataclasses.replace(kyrgyzstan, households=None)
        model = LabourMarketModel(country, scale=1000, seed=0)
        for _ in range(6):
            model.step()
        ginis[survey] = model.datacollector.get_model_vars_dataframe()["income_gini"].iloc[-6:].mean()
        model.release()
    assert ginis[True] < ginis[False] - 0.03
