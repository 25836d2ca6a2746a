"""Goods demand: Armington import shares, export demand, market demand (hand-made inputs)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.markets.goods import (
    DemandStructure,
    export_demand,
    household_spending,
    import_share,
    market_demand,
    market_index,
)


@given(base=st.floats(0.01, 0.99), tariff=st.floats(0.0, 2.0), sigma=st.floats(1.1, 8.0))
def test_a_tariff_on_imports_lowers_their_share(base, tariff, sigma):
    share = import_share(np.array([base]), np.array([1.0 + tariff]), sigma)[0]
    assert 0.0 < share <= base + 1e-12


def test_import_share_equals_the_base_at_equal_prices_and_falls_faster_with_higher_elasticity():
    base = np.array([0.3, 0.75])
    assert import_share(base, np.ones(2), 2.0) == pytest.approx(base)
    low = import_share(base, np.full(2, 1.25), 1.5)
    high = import_share(base, np.full(2, 1.25), 4.0)
    assert (high < low).all()


def test_exports_fall_with_partner_tariffs_at_the_trade_elasticity():
    base = np.array([100.0, 0.0])
    assert export_demand(base, np.ones(2), np.zeros(2), 4.0) == pytest.approx(base)
    hit = export_demand(base, np.ones(2), np.array([0.25, 0.25]), 4.0)
    assert hit[0] == pytest.approx(100.0 * 1.25**-4) and hit[1] == 0.0
    assert export_demand(base, np.array([0.5, 1.0]), np.zeros(2), 4.0)[0] == pytest.approx(50.0)


def test_spending_follows_income_with_the_propensity_to_consume():
    spend = household_spending(np.array([100.0, 200.0]), np.array([10.0, 10.0]), 0.8, 1.0)
    assert spend == pytest.approx([90.0, 170.0])


def structure():
    # sectors: 0 tradable, 1 non-tradable, 2 public; two regions
    return DemandStructure(
        budget_share=np.array([0.4, 0.6, 0.0]),
        base_import_share=np.array([0.5, 0.0, 0.0]),
        base_exports=np.array([30.0, 0.0, 0.0]),
        autonomous_consumption=np.zeros(2),
        government_demand=np.array([5.0, 7.0]),
        tradable=np.array([True, False, False]),
        public=np.array([False, False, True]),
    )


def test_market_demand_pools_tradables_nationally_and_keeps_services_regional():
    d = structure()
    spending = np.array([100.0, 50.0])
    demand = market_demand(d, spending, np.zeros(3), np.ones(3), d.base_exports, 2.0)
    # tradable: half of 40 % of all spending is for home goods, plus exports, in column 0
    assert demand[0, 0] == pytest.approx(0.5 * 0.4 * 150.0 + 30.0) and demand[0, 1] == 0.0
    assert demand[1] == pytest.approx([60.0, 30.0])
    assert demand[2] == pytest.approx([5.0, 7.0])


def test_our_own_tariff_shifts_spending_to_home_tradables():
    d = structure()
    spending = np.array([100.0, 50.0])
    free = market_demand(d, spending, np.zeros(3), np.ones(3), d.base_exports, 2.0)
    tariff = market_demand(d, spending, np.array([0.25, 0.0, 0.0]), np.ones(3), d.base_exports, 2.0)
    assert tariff[0, 0] > free[0, 0]
    assert tariff[1] == pytest.approx(free[1])


def test_market_index_puts_a_tradable_sector_in_one_market():
    idx = market_index(np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1]), np.array([True, False]), 2)
    assert list(idx) == [0, 0, 2, 3]
