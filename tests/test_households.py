"""Households: grouping within regions and pooling of earnings."""

import numpy as np
import pytest

from sim.households import assign_households, pooled_income, poverty_line_label, poverty_line_words


def test_households_stay_within_a_region_and_have_the_requested_size():
    rng = np.random.default_rng(0)
    region = rng.integers(0, 3, 10_001).astype(np.int8)
    household, table = assign_households(region, 2.0, rng)
    assert (table.region[household] == region).all()
    assert table.members.sum() == len(region)
    assert table.members.mean() == pytest.approx(2.0, abs=0.01)
    assert set(np.unique(table.members)) <= {1, 2}


def test_every_unit_earned_is_a_unit_of_household_income():
    rng = np.random.default_rng(1)
    household = rng.integers(0, 50, 1000)
    earnings = rng.random(1000) * 100
    income = pooled_income(household, earnings, 50)
    assert income.sum() == pytest.approx(earnings.sum())
    assert income[7] == pytest.approx(earnings[household == 7].sum())


def test_equivalence_scale_is_the_modified_oecd_scale():
    from sim.households import equivalence_scale

    scale = equivalence_scale(np.array([1, 2, 2, 0, 0]), np.array([0, 0, 2, 2, 0]))
    assert scale == pytest.approx([1.0, 1.5, 2.1, 1.3, 0.0])


def test_weighted_gini_matches_the_gini_of_the_expanded_population():
    from sim.households import weighted_gini
    from sim.indicators import gini

    values, weights = np.array([10.0, 30.0, 5.0]), np.array([2, 1, 3])
    assert weighted_gini(values, weights) == pytest.approx(gini(np.repeat(values, weights)))


def test_poverty_counts_persons_below_the_line():
    from sim.households import household_welfare, poverty_rate

    welfare = household_welfare(np.array([100.0, 1000.0, 50.0]), np.array([1, 2, 0]), np.array([0, 2, 0]))
    # household 3 has nobody at home; household 1 (1 person) is poor, household 2 (4 persons) is not
    assert poverty_rate(welfare, 200.0) == pytest.approx(1 / 5)


def test_the_fast_weighted_sort_agrees_with_argsort():
    from sim.households import sorted_with_weights

    rng = np.random.default_rng(3)
    values = np.r_[0.0, rng.lognormal(9, 1, 10_000)]
    weights = rng.integers(0, 8, len(values))
    x, w = sorted_with_weights(values, weights)
    order = np.argsort(values)
    assert x == pytest.approx(values[order], rel=1e-13)
    assert (w == weights[order]).all()
    big = weights.copy()
    big[0] = 100  # too large to ride in the mantissa: the argsort path
    xb, wb = sorted_with_weights(values, big)
    assert xb == pytest.approx(values[order]) and wb.sum() == big.sum()


def test_households_consume_out_of_income_and_deposits_but_never_more_than_they_have():
    from sim.households import consumption_plan, steady_balance

    income = np.array([100.0, 100.0, 0.0])
    balance = np.array([200.0, 0.0, 30.0])
    plan = consumption_plan(income, balance, 0.9, 0.05, 0.0)
    assert plan == pytest.approx([100.0, 0.0, 1.5])  # the second has nothing in the bank yet
    assert consumption_plan(income, balance, 0.9, 0.05, 1.0)[1] == pytest.approx(90.0)  # may borrow a month
    assert steady_balance(np.array([100.0]), 0.9, 0.05) == pytest.approx([200.0])
    assert consumption_plan(income, balance, 0.9, 0.05, 0.0, demand_factor=2.0)[0] == pytest.approx(200.0)


def test_equity_is_concentrated_in_a_random_tenth_of_households():
    from sim.households import ownership_shares

    shares = ownership_shares(1000, 0.1, 0.8, np.random.default_rng(0))
    top = shares > shares.min()
    assert shares.sum() == pytest.approx(1.0)
    assert top.sum() == 100 and shares[top].sum() == pytest.approx(0.8)
    # drawn independently of the order of households: owners are spread over it
    assert 0.05 < top[:500].mean() < 0.15 and 0.05 < top[500:].mean() < 0.15
    assert np.array_equal(shares, ownership_shares(1000, 0.1, 0.8, np.random.default_rng(0)))


def test_the_poverty_line_is_named_as_the_preset_gives_it():

    national = poverty_line_words(True, 0.6, 4_500.0, "KZT")
    relative = poverty_line_words(False, 0.6, 9_214.3, "KGS")
    assert national.startswith("national poverty line (4,500 KZT") and "no national line" not in national
    assert relative.startswith("60 % of the median equivalised household income at start (9,214 KGS")
    assert "no national line" in relative
    assert poverty_line_label(True, 0.6) == "national line"
    assert poverty_line_label(False, 0.5) == "50 % of the start's median"


def test_a_line_per_person_counts_income_per_person_and_a_relative_line_per_equivalent_adult():
    from sim.households import household_welfare, poverty_rate

    # a couple with two children on 1,000 a month: 250 per person, 1,000 / 2.1 = 476 per equivalent adult;
    # a single adult on 400
    welfare = household_welfare(np.array([1000.0, 400.0]), np.array([2, 1]), np.array([2, 0]))
    assert poverty_rate(welfare, 300.0, per_person=True) == pytest.approx(4 / 5)  # the family is poor
    assert poverty_rate(welfare, 300.0) == 0.0  # per equivalent adult nobody is
    assert poverty_rate(welfare, 450.0) == pytest.approx(1 / 5)  # the single adult only
    words = poverty_line_words(True, 0.6, 568_000.0, "UZS", "per person")
    assert words.startswith("national poverty line (568,000 UZS per person a month")


def test_uzbekistan_counts_poverty_per_person_under_its_national_line_and_kyrgyzstan_per_equivalent_adult():
    from sim.config import load_country
    from sim.model import LabourMarketModel

    uzbekistan = LabourMarketModel(load_country("uzbekistan"), scale=20_000, seed=0)
    assert uzbekistan.poverty_per_person and uzbekistan.calibration.poverty_line == 568_000.0
    kyrgyzstan = LabourMarketModel(load_country("kyrgyzstan"), scale=5_000, seed=0)
    assert not kyrgyzstan.poverty_per_person  # a relative line, per equivalent adult
    for model in (uzbekistan, kyrgyzstan):
        model.release()
