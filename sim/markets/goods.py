"""Goods demand: who buys what from whom, in money, and what firms can fill.

Step 2 of the monthly cycle. Four kinds of buyers spend money (local currency):

- households spend what their consumption function decides (`sim.households`): a fixed
  share on own-account output of their region, the rest on market goods in fixed budget
  shares, value added tax included;
- firms buy investment goods with their capital costs: construction from their own region
  and equipment, a composite of home and imported manufactures;
- the government buys the same bundle as households (without VAT) in fixed real amounts,
  and the training courses it subsidises from private service firms;
- the rest of the world buys exports, which follow world demand and the price our goods
  fetch abroad after partners' tariffs with a constant elasticity (Simonovska and Waugh 2014
  put it near 4): X = X0 * world demand * (p / e * (1 + partner tariff))^(-elasticity), where
  e is the local currency's rate to the US dollar.

For each tradable good, the share of spending on imports is a CES (Armington 1969) function
of the tariff-inclusive import price relative to the home price: with elasticity sigma and
base share m0, m(p) = m0 p^(1-sigma) / (m0 p^(1-sigma) + 1 - m0).

Non-tradable goods are sold on regional markets, tradable goods on one national market (held
in column 0). A region buys non-tradables at home up to what its own producers supplied at
start and the rest from the regions whose producers supplied more than their own region
bought, the nearer ones more (`purchase_geography`): builders and traders of the cities also
serve the regions around them, and every regional market clears at start, so no region's producers gain or lose
customers before anything changes. Firms sell what is ordered up to what they produce; what
they cannot fill is not bought (`realised`), so every payment in the accounts is a sale that
happened.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.config import SECTORS
from sim.regions import fit_joint

CONSTRUCTION, MANUFACTURING, TRADE_SERVICES = (
    SECTORS.index(s) for s in ("construction", "manufacturing", "trade_services")
)


@dataclass(frozen=True)
class DemandStructure:
    """Constants of goods demand, derived at start from the initial economy and the
    national accounts (`sim.social_accounts`).

    Attributes:
        budget_share: Share of each sector's good in market spending excluding VAT (sums to
            1; 0 for the public sector), households and government alike.
        base_import_share: Import share of spending on each good at equal prices (0 for
            non-tradables).
        own_account_share: Share of households' consumption spent on own-account output.
        base_exports: Real exports by sector at base prices, base exchange rate and no
            partner tariffs (local currency per month at base prices).
        construction_share: Share of investment spending on construction (the rest buys
            equipment).
        equipment_import_share: Import share of equipment spending at equal prices.
        government_purchases_real: Government purchases of goods and services per month,
            at base prices.
        public_services_real: Government demand for public-sector output by region, at
            base prices (the public sector's labour demand).
        imported_input_share: Imported intermediate inputs per unit of gross output, by
            sector (0 for the public sector).
        region_share: Share of each region in the population (where government purchases
            of non-tradables are made).
        export_region_share: Sector x region: where each non-tradable sector's exports (of
            services: transport, tourism ...) are sold, its regions' shares of its output at
            start (tradables are exported from their national market).
        tradable: Sector is traded (national market) or not (regional market).
        public: Sector is the government's own production.
        local_purchase_share: Sector x region: share of a region's purchases of a
            non-tradable made from its own producers (`purchase_geography`; None: all).
        supplier_share: Sector x buyer region x supplier region: how a region's purchases
            away from home split over the supplying regions (None: none are made).
    """

    budget_share: np.ndarray
    base_import_share: np.ndarray
    own_account_share: float
    base_exports: np.ndarray
    construction_share: float
    equipment_import_share: float
    government_purchases_real: float
    public_services_real: np.ndarray
    imported_input_share: np.ndarray
    region_share: np.ndarray
    export_region_share: np.ndarray
    tradable: np.ndarray
    public: np.ndarray
    local_purchase_share: np.ndarray | None = None
    supplier_share: np.ndarray | None = None


@dataclass(frozen=True)
class PriceSignals:
    """Prices buyers face this month (indices, 1 at base).

    Attributes:
        home: Domestic price of each sector's output.
        imports: Import price of each good in local currency before tariffs.
        own_tariff: Tariff on imports of each good (fraction).
        partner_tariff: Partners' tariff on our exports of each good (fraction).
        world_demand: World demand for each good relative to base.
        local_per_usd: Local currency per US dollar relative to base.
    """

    home: np.ndarray
    imports: np.ndarray
    own_tariff: np.ndarray
    partner_tariff: np.ndarray
    world_demand: np.ndarray
    local_per_usd: float


@dataclass(frozen=True)
class DemandPlan:
    """What each buyer orders this month, in money (local currency), before it is filled.

    Attributes:
        household_home: Households' orders of home goods excluding VAT, sector x region.
        household_imports: Households' imports excluding tariffs and VAT, sector x region.
        household_own_account: Households' spending on own-account output, by region.
        government_home: Government orders of home goods, sector x region.
        training_home: Training courses the government buys, sector x region.
        government_imports: Government imports, by sector.
        investment_home: Investment orders of home goods, sector x region.
        investment_imports: Imported equipment, excluding tariffs.
        exports: Export orders, sector x region (tradables in column 0).
        tariff_rate: Tariff on imports of each good.
        public_services_real: Government demand for public-sector output by region (real).
    """

    household_home: np.ndarray
    household_imports: np.ndarray
    household_own_account: np.ndarray
    government_home: np.ndarray
    training_home: np.ndarray
    government_imports: np.ndarray
    investment_home: np.ndarray
    investment_imports: float
    exports: np.ndarray
    tariff_rate: np.ndarray
    public_services_real: np.ndarray


def import_share(base_share: np.ndarray, relative_import_price: np.ndarray, elasticity: float) -> np.ndarray:
    """Armington import share of spending given the tariff-inclusive relative price."""
    weighted = base_share * relative_import_price ** (1.0 - elasticity)
    return weighted / (weighted + 1.0 - base_share)


def export_demand(
    base_exports: np.ndarray,
    world_demand: np.ndarray,
    partner_tariff: np.ndarray,
    price_abroad: np.ndarray,
    elasticity: float,
) -> np.ndarray:
    """Real exports by sector: base exports scaled by world demand, partners' tariffs and the
    price our goods fetch abroad (domestic price / exchange rate, 1 at base)."""
    return base_exports * world_demand * (price_abroad * (1.0 + partner_tariff)) ** (-elasticity)


def plan_demand(
    structure: DemandStructure,
    consumption_by_region: np.ndarray,
    investment_by_region: np.ndarray,
    government_purchases: float,
    training_purchases: float,
    prices: PriceSignals,
    vat_rate: float,
    armington_elasticity: float,
    export_elasticity: float,
) -> DemandPlan:
    """Orders of every buyer this month (local currency).

    Args:
        consumption_by_region: Households' planned consumption, VAT included.
        investment_by_region: Firms' planned investment spending, by the firms' region.
        government_purchases: Government purchases of the bundle this month (nominal).
        training_purchases: Training courses bought from private service firms (nominal).
        prices: Prices buyers face.
        vat_rate: Effective VAT rate on market purchases.
    """
    s = structure
    p_import = prices.imports * (1.0 + prices.own_tariff)
    m = import_share(s.base_import_share, p_import / prices.home, armington_elasticity)
    # households: own-account output, then market goods excluding VAT
    own_account = s.own_account_share * consumption_by_region
    market = (consumption_by_region - own_account) / (1.0 + vat_rate)
    spend = s.budget_share[:, None] * market[None, :]
    household_home = spend * (1.0 - m)[:, None]
    household_imports = spend * m[:, None] / (1.0 + prices.own_tariff)[:, None]
    # government: the same bundle without VAT, imports at world prices, bought where people live
    m_gov = import_share(s.base_import_share, prices.imports / prices.home, armington_elasticity)
    gov_spend = s.budget_share * government_purchases
    government_home = np.outer(gov_spend * (1.0 - m_gov), s.region_share)
    training_home = np.zeros_like(government_home)
    training_home[TRADE_SERVICES] = training_purchases * s.region_share
    # investment: construction in the investing firms' regions, equipment national
    manufacturing = MANUFACTURING
    investment_home = np.zeros_like(household_home)
    investment_home[CONSTRUCTION] = s.construction_share * investment_by_region
    equipment = (1.0 - s.construction_share) * investment_by_region.sum()
    m_eq = import_share(
        np.array([s.equipment_import_share]),
        np.array([p_import[manufacturing] / prices.home[manufacturing]]),
        armington_elasticity,
    )[0]
    investment_home[manufacturing, 0] = equipment * (1.0 - m_eq)
    investment_imports = equipment * m_eq / (1.0 + prices.own_tariff[manufacturing])
    real_exports = export_demand(
        s.base_exports,
        prices.world_demand,
        prices.partner_tariff,
        prices.home / prices.local_per_usd,
        export_elasticity,
    )
    return DemandPlan(
        household_home=household_home,
        household_imports=household_imports,
        household_own_account=own_account,
        government_home=government_home,
        training_home=training_home,
        government_imports=gov_spend * m_gov,
        investment_home=investment_home,
        investment_imports=float(investment_imports),
        exports=(real_exports * prices.home)[:, None] * s.export_region_share,
        tariff_rate=prices.own_tariff,
        public_services_real=s.public_services_real,
    )


def domestic_orders(plan: DemandPlan) -> np.ndarray:
    """Domestic buyers' orders by the buyers' region (sector x region, local currency)."""
    return plan.household_home + plan.government_home + plan.training_home + plan.investment_home


def purchase_geography(
    demand: np.ndarray, supply: np.ndarray, decay: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Where regions buy each good (from domestic demand and supply at start, sector x region):
    the share of a region's purchases made from its own producers (sector x region), and how
    the purchases a region makes away from home split over the supplying regions (sector x
    buyer region x supplier region, rows summing to 1).

    With demand and supply as shares of each sector's national total, a region buys at home
    all it can of what its producers supplied (min(1, supply / demand)); the rest comes from
    the regions whose producers supplied more than their region bought, each buyer's share of
    it falling with distance (`decay`, regions x regions: distance^-elasticity; uniform where
    None), fitted by iterative proportional fitting so that every region's producers sell
    what they supplied (a doubly constrained gravity model of trade, Wilson 1970).
    """
    n_sectors, n_regions = demand.shape
    d = np.divide(
        demand,
        demand.sum(axis=1, keepdims=True),
        out=np.zeros_like(demand),
        where=demand.sum(axis=1, keepdims=True) > 0,
    )
    y = np.divide(
        supply,
        supply.sum(axis=1, keepdims=True),
        out=np.zeros_like(supply),
        where=supply.sum(axis=1, keepdims=True) > 0,
    )
    local = np.minimum(1.0, np.divide(y, d, out=np.ones_like(d), where=d > 0))
    deficit = (1.0 - local) * d
    surplus = np.maximum(y - d, 0.0)
    pattern = np.ones((n_regions, n_regions)) - np.eye(n_regions) if decay is None else decay
    routes = np.zeros((n_sectors, n_regions, n_regions))
    for s in range(n_sectors):
        if deficit[s].sum() > 1e-12 and surplus[s].sum() > 1e-12:
            flows = fit_joint(deficit[s], surplus[s], pattern)
            routes[s] = np.divide(
                flows,
                flows.sum(axis=1, keepdims=True),
                out=np.zeros_like(flows),
                where=flows.sum(axis=1, keepdims=True) > 0,
            )
    return local, routes


def market_orders(
    plan: DemandPlan,
    tradable: np.ndarray,
    public: np.ndarray,
    local_share: np.ndarray | None = None,
    supplier_share: np.ndarray | None = None,
) -> np.ndarray:
    """Money orders for domestic producers by market (sector x region, tradables pooled in
    column 0 with exports); public-sector rows hold the government's real demand for public
    services. Regions' purchases of non-tradables go to producers by `purchase_geography`'s
    shares (all at home where they are None); exports are sold where they are produced."""
    by_region = domestic_orders(plan)
    if local_share is not None:
        away = np.einsum("sb,sbj->sj", (1.0 - local_share) * by_region, supplier_share)
        by_region = local_share * by_region + away
    by_region = by_region + plan.exports
    orders = np.where(tradable[:, None], 0.0, by_region)
    orders[tradable, 0] = by_region[tradable].sum(axis=1)
    orders[public] = plan.public_services_real[None, :]
    return orders


def market_index(sector: np.ndarray, region: np.ndarray, tradable: np.ndarray, n_regions: int) -> np.ndarray:
    """Index into the flattened sector x region market array for each firm."""
    return sector.astype(np.int64) * n_regions + np.where(tradable[sector], 0, region)


def fill_rates(orders: np.ndarray, sales: np.ndarray) -> np.ndarray:
    """Share of each market's orders that firms filled (1 where nothing was ordered)."""
    return np.divide(sales, orders, out=np.ones_like(orders), where=orders > 0)


def broadcast_fill(
    fill: np.ndarray,
    tradable: np.ndarray,
    local_share: np.ndarray | None = None,
    supplier_share: np.ndarray | None = None,
) -> np.ndarray:
    """Fill rate each domestic buyer of a region meets for each good: the national market's
    for tradables; for the others, its own region's market's on what it buys at home and the
    supplying regions' on what it buys away (`purchase_geography`'s shares; exports meet
    their producers' region's, `local_share` None)."""
    if local_share is not None:
        away = np.einsum("sbj,sj->sb", supplier_share, fill)
        fill = local_share * fill + (1.0 - local_share) * away
    return np.where(tradable[:, None], fill[:, :1], fill)
