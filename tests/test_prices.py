"""Prices on hand-made inputs: composites, normal-cost targets, adjustment."""

import numpy as np
import pytest

from sim.prices import adjust_prices, bundle_price, composite_price, target_prices, unit_costs


def test_a_composite_costs_one_at_base_and_moves_with_the_import_share():
    m0 = np.array([0.0, 0.5, 0.9])
    assert composite_price(m0, np.ones(3), np.ones(3), 2.0) == pytest.approx(np.ones(3))
    dear = composite_price(m0, np.ones(3), np.full(3, 1.2), 2.0)
    assert dear[0] == pytest.approx(1.0) and 1.0 < dear[1] < dear[2] < 1.2


def test_a_bundle_price_weighs_goods_by_budget_shares():
    assert bundle_price(np.array([0.5, 0.5]), np.array([1.0, 1.0])) == pytest.approx(1.0)
    assert bundle_price(np.array([0.25, 0.75]), np.array([1.21, 1.0])) == pytest.approx(1.21**0.25)


def test_normal_cost_prices_follow_unit_labour_and_input_costs_and_excess_demand():
    uc = unit_costs(np.array([40.0, 0.0]), np.array([100.0, 0.0]), np.array([0.3, 0.3]), 1.0)
    assert uc == pytest.approx([0.7, 0.3])
    markup = 1.0 / uc
    assert target_prices(markup, uc, np.zeros(2), 0.1) == pytest.approx([1.0, 1.0])
    # wages 10 % higher: the price target rises by the labour share of unit cost
    higher = unit_costs(np.array([44.0, 0.0]), np.array([100.0, 0.0]), np.array([0.3, 0.3]), 1.0)
    assert target_prices(markup, higher, np.zeros(2), 0.1)[0] == pytest.approx(1.0 + 0.04 / 0.7)
    assert target_prices(markup, uc, np.array([0.2, -0.2]), 0.1) == pytest.approx([1.02, 0.98])


def test_prices_move_part_of_the_way_to_their_target():
    assert adjust_prices(np.ones(3), np.array([1.2, 0.8, 0.0]), 0.25) == pytest.approx([1.05, 0.95, 1.0])
