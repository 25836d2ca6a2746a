"""Goods demand: household spending, Armington import substitution and export demand.

Step 2 of the monthly cycle. Households spend a share of last month's income plus an
autonomous part (income not modelled here: transfers, property income) on goods, split
across sectors by fixed budget shares. For tradable goods, the share spent on imports is a
CES (Armington 1969) function of the tariff-inclusive price of imports relative to domestic
goods: with elasticity sigma and base import share m0 at equal prices,

    m(p) = m0 p^(1-sigma) / (m0 p^(1-sigma) + 1 - m0),   p = p_import (1 + own tariff).

Exports follow world demand and the price our goods fetch abroad after partners' tariffs,
with a constant price elasticity (the trade elasticity; Simonovska and Waugh 2014 put it
near 4): X = X0 * world_demand * (1 + partner tariff)^(-elasticity).
Government buys the public sector's output (fixed real spending).

Non-tradable goods are sold on regional markets, tradable goods on one national market.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class DemandStructure:
    """Calibrated constants of goods demand (derived at start from the initial economy).

    Attributes:
        budget_share: Share of household spending on each sector's good (sums to 1).
        base_import_share: Import share of spending on each good at equal prices (0 for
            non-tradables).
        base_exports: Exports by sector at zero partner tariff and normal world demand,
            local currency per month.
        autonomous_consumption: Spending not tied to modelled earnings, by region.
        government_demand: Government purchases of public services by region.
        tradable: Sector is traded (national market) or not (regional market).
        public: Sector is bought by the government, not by households.
    """

    budget_share: np.ndarray
    base_import_share: np.ndarray
    base_exports: np.ndarray
    autonomous_consumption: np.ndarray
    government_demand: np.ndarray
    tradable: np.ndarray
    public: np.ndarray


def import_share(base_share: np.ndarray, relative_import_price: np.ndarray, elasticity: float) -> np.ndarray:
    """Armington import share of spending given the tariff-inclusive relative price."""
    weighted = base_share * relative_import_price ** (1.0 - elasticity)
    return weighted / (weighted + 1.0 - base_share)


def export_demand(
    base_exports: np.ndarray, world_demand: np.ndarray, partner_tariff: np.ndarray, elasticity: float
) -> np.ndarray:
    """Exports by sector: base exports scaled by world demand and partners' tariffs."""
    return base_exports * world_demand * (1.0 + partner_tariff) ** (-elasticity)


def household_spending(
    income_by_region: np.ndarray, autonomous: np.ndarray, mpc: float, demand_factor: float
) -> np.ndarray:
    """Household spending by region: mpc x last month's income + autonomous spending."""
    return demand_factor * (mpc * income_by_region + autonomous)


def market_demand(
    structure: DemandStructure,
    spending_by_region: np.ndarray,
    own_tariff: np.ndarray,
    import_price: np.ndarray,
    exports: np.ndarray,
    armington_elasticity: float,
) -> np.ndarray:
    """Demand for domestic producers by market, sector x region, local currency per month.

    A non-tradable sector has one market per region: its households' (or, for the public
    sector, the government's) demand for home goods. A tradable sector has one national
    market, held in column 0: domestic demand for home goods summed over regions plus
    exports; its other columns are 0.
    """
    m = import_share(structure.base_import_share, import_price * (1.0 + own_tariff), armington_elasticity)
    # spending on imports includes the tariff: home producers get (1 - m) of spending
    home = structure.budget_share[:, None] * (1.0 - m)[:, None] * spending_by_region[None, :]
    home[structure.public, :] = structure.government_demand[None, :]
    national = home[structure.tradable].sum(axis=1) + exports[structure.tradable]
    home[structure.tradable, :] = 0.0
    home[structure.tradable, 0] = national
    return home


def market_index(sector: np.ndarray, region: np.ndarray, tradable: np.ndarray, n_regions: int) -> np.ndarray:
    """Index into the flattened sector x region market array for each firm."""
    return sector.astype(np.int64) * n_regions + np.where(tradable[sector], 0, region)


def consumer_prices(
    structure: DemandStructure, own_tariff: np.ndarray, import_price: np.ndarray, elasticity: float
) -> float:
    """Consumer price index (1 at base): the CES price of each good's home-import bundle,
    weighted by budget shares. Home goods cost 1; imports cost their price times (1 + tariff)."""
    m0 = structure.base_import_share
    p_import = import_price * (1.0 + own_tariff)
    bundle = (m0 * p_import ** (1.0 - elasticity) + (1.0 - m0)) ** (1.0 / (1.0 - elasticity))
    return float(np.dot(structure.budget_share, bundle))


def tariff_revenue(
    structure: DemandStructure,
    spending_by_region: np.ndarray,
    own_tariff: np.ndarray,
    import_price: np.ndarray,
    elasticity: float,
) -> float:
    """Tariff collected on households' imports this month, local currency."""
    m = import_share(structure.base_import_share, import_price * (1.0 + own_tariff), elasticity)
    imports_incl_tariff = structure.budget_share * m * spending_by_region.sum()
    return float(np.sum(imports_incl_tariff * own_tariff / (1.0 + own_tariff)))
