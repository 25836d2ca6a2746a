"""Labour demand: orders, expectations, vacancies and layoffs (hand-made inputs)."""

import numpy as np
import pytest

from sim.markets.labour_demand import (
    firm_orders,
    select_layoffs,
    stochastic_round,
    update_expectations,
    vacancies_and_layoffs,
)


def test_orders_split_each_market_by_weight_among_live_firms():
    orders = firm_orders(
        np.array([100.0, 40.0]),
        np.array([0, 0, 0, 1]),
        np.array([1.0, 3.0, 5.0, 2.0]),
        np.array([True, True, False, True]),
    )
    assert orders == pytest.approx([25.0, 75.0, 0.0, 40.0])


def test_expectations_move_part_of_the_way():
    assert update_expectations(np.array([100.0]), np.array([200.0]), 0.25)[0] == pytest.approx(125.0)


def test_stochastic_rounding_is_unbiased():
    rng = np.random.default_rng(0)
    assert stochastic_round(np.full(200_000, 2.3), rng).mean() == pytest.approx(2.3, abs=0.01)


def test_shortfall_opens_vacancies_and_excess_is_shed_at_the_firing_speed():
    rng = np.random.default_rng(1)
    n = 100_000
    vac, lay = vacancies_and_layoffs(
        expected_sales=np.r_[np.full(n, 120.0), np.full(n, 50.0)],
        productivity=np.full(2 * n, 10.0),
        employees=np.full(2 * n, 10),
        expected_quits=np.zeros(2 * n),
        firing_speed=np.full(2 * n, 0.2),
        alive=np.ones(2 * n, dtype=bool),
        rng=rng,
    )
    assert (vac[:n] == 2).all() and (lay[:n] == 0).all()
    assert (vac[n:] == 0).all() and lay[n:].mean() == pytest.approx(0.2 * 5, abs=0.02)


def test_replacement_hiring_covers_expected_quits_and_dead_firms_do_nothing():
    vac, lay = vacancies_and_layoffs(
        np.array([100.0, 100.0]),
        np.array([10.0, 10.0]),
        np.array([10, 10]),
        np.array([0.1, 0.1]),
        np.array([0.2, 0.2]),
        np.array([True, False]),
        np.random.default_rng(0),
    )
    assert list(vac) == [1, 0] and list(lay) == [0, 0]


def test_layoffs_pick_the_expected_number_of_each_firms_employees():
    rng = np.random.default_rng(2)
    employer = np.repeat([0, 1, -1], [1000, 1000, 500])
    laid_off = select_layoffs(employer, np.array([1000, 1000]), np.array([100, 0]), rng)
    assert laid_off[:1000].sum() == pytest.approx(100, abs=35)
    assert not laid_off[1000:].any()
