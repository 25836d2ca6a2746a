"""Indicators on hand-made populations: ILO rates, wage percentiles, Gini, regional table."""

import numpy as np
import pytest

from sim.config import SECTORS
from sim.indicators import census, gini, labour_indicators, regional_table, wage_curve_elasticity, wage_distribution
from sim.workers import Status

FORMAL, INFORMAL, U, N, A = (
    Status.EMPLOYED_FORMAL,
    Status.EMPLOYED_INFORMAL,
    Status.UNEMPLOYED,
    Status.INACTIVE,
    Status.ABROAD,
)


def test_gini_of_equal_and_concentrated_incomes():
    assert gini(np.full(10, 5.0)) == pytest.approx(0.0)
    assert gini(np.r_[np.zeros(9), 1.0]) == pytest.approx(0.9)
    assert gini(np.array([1.0, 3.0])) == pytest.approx(0.25)


def test_wage_distribution_percentiles_and_low_pay():
    out = wage_distribution(np.arange(1.0, 101.0))
    assert out["median_wage"] == pytest.approx(50.5)
    assert out["wage_p10"] == pytest.approx(10.9)
    assert out["mean_wage"] == pytest.approx(50.5)
    assert out["low_pay_share"] == pytest.approx(0.33)  # wages below 2/3 x 50.5 = 33.67
    assert out["wage_p90_p10"] == pytest.approx(90.1 / 10.9)


def test_ilo_rates_from_statuses():
    status = np.array([FORMAL, FORMAL, INFORMAL, U, N, N, A], dtype=np.int8)
    age = np.array([0, 1, 1, 0, 1, 2, 1], dtype=np.int8)
    sector = np.array([2, 0, 0, -1, -1, -1, -1], dtype=np.int8)
    employee_wage = np.array([100.0, 200.0])  # the informal one works on own account
    out = labour_indicators(census(np.zeros(7, dtype=np.int8), age, status, sector, 1), employee_wage, scale=10.0)
    assert out["working_age_population"] == 60.0  # abroad is not resident
    assert out["labour_force"] == 40.0
    assert out["unemployment_rate"] == pytest.approx(0.25)
    assert out["employment_rate"] == pytest.approx(0.5)
    assert out["participation_rate"] == pytest.approx(4 / 6)
    assert out["informality_rate"] == pytest.approx(1 / 3)
    assert out["youth_unemployment_rate"] == pytest.approx(0.5)
    assert out["employment_share_agriculture"] == pytest.approx(2 / 3)
    assert out["mean_wage"] == pytest.approx(150.0)  # employees only
    assert out["tradable_employment"] == pytest.approx(30.0)


def test_youth_and_adult_unemployment_split_the_labour_force_at_25():
    status = np.array([FORMAL, U, FORMAL, U, FORMAL, N], dtype=np.int8)
    age = np.array([0, 0, 1, 1, 2, 2], dtype=np.int8)  # youth, prime, older
    sector = np.array([0, -1, 0, -1, 0, -1], dtype=np.int8)
    out = labour_indicators(census(np.zeros(6, dtype=np.int8), age, status, sector, 1), np.ones(3), scale=1.0)
    assert out["youth_unemployment_rate"] == pytest.approx(0.5)
    assert out["adult_unemployment_rate"] == pytest.approx(1 / 3)  # 25+: two at work, one seeking
    assert out["unemployment_rate"] == pytest.approx(2 / 5)


def test_regional_table_counts_each_region():
    region = np.array([0, 0, 1, 1, 1, 1], dtype=np.int8)
    status = np.array([FORMAL, U, FORMAL, N, FORMAL, A], dtype=np.int8)
    sector = np.array([0, -1, 4, -1, 4, -1], dtype=np.int8)
    age = np.array([0, 1, 1, 2, 1, 1], dtype=np.int8)
    home = region[[0, 2, 4]]  # the employees
    work_region = np.array([0, 1, 0])  # the last employee commutes from region 1 to region 0
    employee_wage = np.array([100.0, 300.0, 500.0])
    table = regional_table(census(region, age, status, sector, 2), home, work_region, employee_wage, scale=10.0)
    assert list(table["unemployment_rate"]) == [0.5, 0.0]
    assert list(table["participation_rate"]) == [1.0, 2 / 3]
    assert list(table["mean_wage"]) == [100.0, 400.0]  # by where employees live
    assert list(table["commuting_share"]) == [0.0, 0.5]
    assert list(table["migrants_abroad"]) == [0.0, 10.0]
    assert list(table["working_age_population"]) == [20.0, 30.0]
    assert table[f"employment_{SECTORS[4]}"][1] == 20.0


def test_the_census_counts_each_person_once_in_their_cell():
    region = np.array([1, 1, 0, 1], dtype=np.int8)
    age = np.array([0, 0, 2, 1], dtype=np.int8)
    status = np.array([FORMAL, FORMAL, A, U], dtype=np.int8)
    sector = np.array([3, 3, -1, 2], dtype=np.int8)  # the unemployed keeps the sector of the last job
    counts = census(region, age, status, sector, 2)
    assert counts.shape == (2, 3, len(Status), len(SECTORS) + 1) and counts.sum() == 4
    assert counts[1, 0, FORMAL, 4] == 2 and counts[0, 2, A, 0] == 1 and counts[1, 1, U, 3] == 1


def test_percentiles_of_sorted_values_match_numpy():
    from sim.indicators import percentiles_of_sorted

    x = np.sort(np.random.default_rng(0).lognormal(9, 1, 1001))
    assert percentiles_of_sorted(x, (10, 25, 50, 75, 90)) == pytest.approx(np.percentile(x, [10, 25, 50, 75, 90]))


def test_the_wage_curve_is_read_within_regions_and_periods():
    """Log pay = region effect + period effect - 0.1 log unemployment + noise: the estimate
    finds -0.1 although richer regions have lower unemployment (a cross-section would say
    otherwise) and a common cycle moves every region."""
    rng = np.random.default_rng(0)
    periods, regions = 40, 15
    region_u = rng.uniform(0.03, 0.12, regions)
    log_u = (
        np.log(region_u)[None, :] + 0.3 * np.sin(np.arange(periods))[:, None] + rng.normal(0, 0.2, (periods, regions))
    )
    log_w = -2.0 * np.log(region_u)[None, :] + 0.05 * np.arange(periods)[:, None] - 0.1 * log_u
    log_w += rng.normal(0, 0.01, log_w.shape)
    slope, se = wage_curve_elasticity(np.exp(log_w), np.exp(log_u))
    assert abs(slope + 0.1) < 3 * se and se < 0.01
    flat, _ = wage_curve_elasticity(np.exp(log_w + 0.1 * log_u), np.exp(log_u))  # no wage curve
    assert abs(flat) < 0.01


def test_wages_sorted_by_pay_groups_are_the_wages_sorted():
    from sim.indicators import sorted_by_groups

    rng = np.random.default_rng(3)
    group = rng.integers(0, 50, 2000)
    level = rng.lognormal(9, 0.5, 50)
    wages = level[group]
    np.testing.assert_array_equal(sorted_by_groups(wages, group, 50), np.sort(wages))
    wages[7] = 0.0  # a striker unpaid in a paid group: the persons are sorted
    np.testing.assert_array_equal(sorted_by_groups(wages, group, 50), np.sort(wages))
    assert wage_distribution(wages, group, 50) == wage_distribution(wages)
