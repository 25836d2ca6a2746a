"""Migration on hand-made inputs: who leaves, who returns, what is sent home."""

import numpy as np
import pytest

from sim.markets.migration import (
    MigrationParams,
    choose_destination,
    destination_employment,
    destination_pull,
    destination_weights,
    emigration_probability,
    home_pull,
    income_ratio,
    remittances_sent,
    return_probability,
)

PARAMS = MigrationParams(
    propensity=0.01,
    gap_elasticity=0.5,
    network_elasticity=0.5,
    cost_share=0.3,
    remittance_share=0.5,
    return_rate_employed=0.03,
    return_rate_jobless=0.1,
)


def test_emigration_rises_with_the_income_gap_and_the_network():
    ratio = income_ratio(10_000.0, np.array([10_000.0, 5_000.0, 2_500.0]), PARAMS.cost_share)
    assert ratio == pytest.approx([0.7, 1.4, 2.8])
    home = np.array([10_000.0, 5_000.0, 2_500.0])
    pull = home_pull(home, 0.5) * destination_pull(np.array([10_000.0]), np.ones(1), PARAMS.cost_share, 0.5).sum()
    assert pull == pytest.approx(ratio**0.5)  # the pull factors into home and abroad
    p = emigration_probability(pull, np.full(3, 0.1), np.full(3, 0.1), PARAMS)
    assert p[0] < p[1] < p[2]
    assert p[2] / p[1] == pytest.approx(2**0.5)
    bigger_network = emigration_probability(pull, np.full(3, 0.2), np.full(3, 0.1), PARAMS)
    assert bigger_network == pytest.approx(p * 2**0.5)


def test_a_higher_cost_lowers_emigration_and_zero_propensity_means_nobody_leaves():
    cheap = emigration_probability(
        income_ratio(10_000.0, np.array([5_000.0]), 0.1) ** 0.5, np.ones(1), np.ones(1), PARAMS
    )
    dear = emigration_probability(
        income_ratio(10_000.0, np.array([5_000.0]), 0.6) ** 0.5, np.ones(1), np.ones(1), PARAMS
    )
    assert dear < cheap
    nobody = MigrationParams(**{**PARAMS.__dict__, "propensity": 0.0})
    assert (emigration_probability(np.full(5, 10.0), np.ones(5), np.ones(5), nobody) == 0).all()


def test_returns_jump_without_work_abroad_and_only_workers_remit():
    employed = np.array([True, False])
    assert list(return_probability(employed, PARAMS)) == [0.03, 0.1]
    assert list(remittances_sent(employed, 40_000.0, 0.5)) == [20_000.0, 0.0]
    assert destination_employment(0.9, np.array([0.8, 2.0])) == pytest.approx([0.72, 1.0])


def test_newcomers_go_where_compatriots_are_and_less_where_income_fell():
    """Two destinations with equal expected incomes: pulls in proportion to the stock there;
    income halved in one at an elasticity of 0.5: its pull falls by 1 - 0.5 ** 0.5."""
    equal = destination_pull(np.array([4.0, 4.0]), np.array([0.75, 0.25]), 0.5, 0.5)
    assert equal == pytest.approx([0.75 * 2**0.5, 0.25 * 2**0.5])
    assert equal.sum() == pytest.approx(2**0.5)  # equal incomes: as with one destination
    halved = destination_pull(np.array([4.0, 2.0]), np.array([0.75, 0.25]), 0.5, 0.5)
    assert halved[1] / equal[1] == pytest.approx(0.5**0.5)
    # the chosen destination follows the pulls, whatever the leaver earned at home: uniform
    # draws below 0.75 pick the first
    assert list(choose_destination(equal[None, :], np.array([0.0, 0.74, 0.76, 0.999]))) == [0, 0, 1, 1]
    many = choose_destination(halved[None, :], np.random.default_rng(0).random(100_000))
    assert np.mean(many == 1) == pytest.approx(halved[1] / halved.sum(), abs=0.005)


def test_a_destination_that_loses_its_migrants_draws_fewer_newcomers_less_than_in_proportion():
    start = np.array([0.8, 0.2])
    assert destination_weights(start, start, 0.5) == pytest.approx(start)  # nothing moved: the start shares
    halved = destination_weights(np.array([0.9, 0.1]), start, 0.5)
    assert halved[1] == pytest.approx(0.2 * 0.5**0.5)  # half the share: 71 % of the draw, not 50 %
    assert halved[0] == pytest.approx(0.8 * (0.9 / 0.8) ** 0.5)
    assert destination_weights(np.array([1.0, 0.0]), start, 1.0) == pytest.approx(
        [1.0, 0.0]
    )  # elasticity 1: the shares now
