"""Migration on hand-made inputs: who leaves, who returns, what is sent home."""

import numpy as np
import pytest

from sim.markets.migration import (
    MigrationParams,
    destination_employment,
    emigration_probability,
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
    p = emigration_probability(ratio, np.full(3, 0.1), np.full(3, 0.1), PARAMS)
    assert p[0] < p[1] < p[2]
    assert p[2] / p[1] == pytest.approx(2**0.5)
    bigger_network = emigration_probability(ratio, np.full(3, 0.2), np.full(3, 0.1), PARAMS)
    assert bigger_network == pytest.approx(p * 2**0.5)


def test_a_higher_cost_lowers_emigration_and_zero_propensity_means_nobody_leaves():
    cheap = emigration_probability(income_ratio(10_000.0, np.array([5_000.0]), 0.1), np.ones(1), np.ones(1), PARAMS)
    dear = emigration_probability(income_ratio(10_000.0, np.array([5_000.0]), 0.6), np.ones(1), np.ones(1), PARAMS)
    assert dear < cheap
    nobody = MigrationParams(**{**PARAMS.__dict__, "propensity": 0.0})
    assert (emigration_probability(np.full(5, 10.0), np.ones(5), np.ones(5), nobody) == 0).all()


def test_returns_jump_without_work_abroad_and_only_workers_remit():
    employed = np.array([True, False])
    assert list(return_probability(employed, PARAMS)) == [0.03, 0.1]
    assert list(remittances_sent(employed, 40_000.0, 0.5)) == [20_000.0, 0.0]
    assert destination_employment(0.9, 0.8) == pytest.approx(0.72)
    assert destination_employment(0.9, 2.0) == 1.0
