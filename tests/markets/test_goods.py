"""Goods demand: Armington import shares, export demand, who orders what (hand-made inputs)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.markets.goods import (
    DemandStructure,
    PriceSignals,
    broadcast_fill,
    export_demand,
    fill_rates,
    import_share,
    market_index,
    market_orders,
    plan_demand,
    purchase_geography,
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


def test_exports_fall_with_partner_tariffs_and_dearer_goods_and_rise_with_a_weaker_currency():
    base = np.array([100.0, 0.0])
    assert export_demand(base, np.ones(2), np.zeros(2), np.ones(2), 4.0) == pytest.approx(base)
    hit = export_demand(base, np.ones(2), np.array([0.25, 0.25]), np.ones(2), 4.0)
    assert hit[0] == pytest.approx(100.0 * 1.25**-4) and hit[1] == 0.0
    assert export_demand(base, np.array([0.5, 1.0]), np.zeros(2), np.ones(2), 4.0)[0] == pytest.approx(50.0)
    # our currency loses 20 % against the dollar: our goods cost 20 % less abroad
    assert export_demand(base, np.ones(2), np.zeros(2), np.full(2, 0.8), 4.0)[0] == pytest.approx(100 * 0.8**-4)


def structure():
    # the seven sectors; two regions
    budget = np.array([0.2, 0.0, 0.3, 0.1, 0.4, 0.0, 0.0])
    tradable = np.array([True, True, True, False, False, True, False])
    return DemandStructure(
        budget_share=budget,
        base_import_share=np.where(tradable, 0.5, 0.0),
        own_account_share=0.1,
        base_exports=np.array([10.0, 30.0, 20.0, 0.0, 0.0, 5.0, 0.0]),
        construction_share=0.4,
        equipment_import_share=0.5,
        government_purchases_real=50.0,
        public_services_real=np.array([7.0, 3.0]),
        imported_input_share=np.array([0.2] * 6 + [0.0]),
        region_share=np.array([0.6, 0.4]),
        export_region_share=np.where(tradable[:, None], [1.0, 0.0], [0.6, 0.4]),
        tradable=tradable,
        public=np.arange(7) == 6,
    )


def signals(**changes):
    base = dict(
        home=np.ones(7),
        imports=np.ones(7),
        own_tariff=np.zeros(7),
        partner_tariff=np.zeros(7),
        world_demand=np.ones(7),
        local_per_usd=1.0,
    )
    base.update(changes)
    return PriceSignals(**base)


def plan(**changes):
    return plan_demand(
        structure(), np.array([110.0, 55.0]), np.array([20.0, 10.0]), 50.0, 0.0, signals(**changes), 0.1, 2.0, 4.0
    )


def test_household_money_goes_to_own_account_work_taxes_and_goods_and_adds_up():
    p = plan()
    consumption = 165.0
    own_account = p.household_own_account.sum()
    assert own_account == pytest.approx(0.1 * consumption)
    goods = p.household_home.sum() + p.household_imports.sum()
    assert goods * 1.1 + own_account == pytest.approx(consumption)  # 10 % taxes on products
    # a tradable good at equal prices: half home, half imported
    assert p.household_home[0].sum() == pytest.approx(p.household_imports[0].sum())
    # a non-tradable good is bought at home, in the buyers' region
    assert p.household_imports[4].sum() == 0 and p.household_home[4, 0] == pytest.approx(2 * p.household_home[4, 1])


def test_orders_pool_tradables_nationally_keep_services_regional_and_carry_public_services_in_real_terms():
    s, p = structure(), plan()
    orders = market_orders(p, s.tradable, s.public)
    assert orders[0, 1] == 0.0
    assert orders[0, 0] == pytest.approx(p.household_home[0].sum() + p.government_home[0].sum() + p.exports[0].sum())
    assert orders[4] == pytest.approx(p.household_home[4] + p.government_home[4])
    assert orders[3] == pytest.approx(p.investment_home[3] + p.household_home[3] + p.government_home[3])
    assert orders[6] == pytest.approx([7.0, 3.0])


def test_investment_buys_construction_where_firms_are_and_equipment_home_and_abroad():
    p = plan()
    assert p.investment_home[3] == pytest.approx([0.4 * 20.0, 0.4 * 10.0])
    equipment = 0.6 * 30.0
    assert p.investment_home[2, 0] + p.investment_imports == pytest.approx(equipment)


def test_our_tariff_shifts_spending_to_home_goods_and_a_depreciation_raises_exports():
    free, tariff = plan(), plan(own_tariff=np.where(structure().tradable, 0.25, 0.0))
    assert tariff.household_home[2].sum() > free.household_home[2].sum()
    assert tariff.household_home[4] == pytest.approx(free.household_home[4])
    weak = plan(local_per_usd=1.25)
    assert weak.exports[1].sum() > free.exports[1].sum()


def test_fill_rates_are_sales_over_orders_and_tradables_share_the_national_rate():
    orders = np.array([[10.0, 0.0], [4.0, 6.0]])
    sales = np.array([[5.0, 0.0], [4.0, 3.0]])
    fill = fill_rates(orders, sales)
    assert fill == pytest.approx(np.array([[0.5, 1.0], [1.0, 0.5]]))
    assert broadcast_fill(fill, np.array([True, False])) == pytest.approx(np.array([[0.5, 0.5], [1.0, 0.5]]))


def test_market_index_puts_a_tradable_sector_in_one_market():
    idx = market_index(np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1]), np.array([True, False]), 2)
    assert list(idx) == [0, 0, 2, 3]


def test_regions_buy_at_home_what_their_producers_supply_and_the_rest_from_the_surplus_regions():
    """One good, four regions: regions 0 and 2 each buy 40 % of the country's purchases and
    supply 30 %, regions 1 and 3 buy 10 % and supply 20 %; region 1 is near region 0, region
    3 near region 2. Regions 0 and 2 buy three quarters at home and the rest from the surplus
    regions, more from the near one; each region's producers sell what they supplied; what
    buyers pay is what producers sell."""
    demand = np.array([[40.0, 10.0, 40.0, 10.0]])
    supply = np.array([[3.0, 2.0, 3.0, 2.0]])
    distance = np.array([[0, 100, 500, 1000], [100, 0, 1000, 500], [500, 1000, 0, 100], [1000, 500, 100, 0.0]])
    decay = np.where(distance > 0, 1.0 / np.maximum(distance, 1.0), 0.0)
    local, routes = purchase_geography(demand, supply, decay)
    assert local == pytest.approx(np.array([[0.75, 1.0, 0.75, 1.0]]))
    assert routes[0, 0].sum() == pytest.approx(1.0) and routes[0, 0, 1] > 0.8 > routes[0, 0, 3] > 0
    away = np.einsum("sb,sbj->sj", (1 - local) * demand, routes)
    orders = local * demand + away
    assert orders == pytest.approx(100.0 * supply / supply.sum())
    # region 3's producers fill half their orders: region 0's buyers meet that on what they buy there
    market_fill = np.array([[1.0, 1.0, 1.0, 0.5]])
    fill = broadcast_fill(market_fill, np.array([False]), local, routes)
    assert fill[0, 0] == pytest.approx(0.75 + 0.25 * (routes[0, 0, 1] + 0.5 * routes[0, 0, 3]))
    assert fill[0, 1] == 1.0 and fill[0, 3] == 0.5
    assert (demand * fill).sum() == pytest.approx((orders * market_fill).sum())
