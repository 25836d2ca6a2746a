"""Prices: a price per sector, import prices, exchange rates and the consumer price index.

- Each sector's domestic price follows normal-cost pricing (Godley and Lavoie 2007, chapter
  8; Lavoie 2014, chapter 3): the target price is a mark-up on unit labour cost (wages and
  employers' contributions per unit of output) and imported inputs, raised when orders exceed
  output (excess demand); the mark-up is set at start so that every price is 1, and each
  month a price moves a share `price_adjustment` of the way to its target.
- Import prices in local currency are world prices (in US dollars, 1 at base) times the
  local currency's rate to the dollar (1 at base); what our exports cost abroad is the
  domestic price divided by that rate.
- The consumer price index is the price of the households' bundle: budget shares of the
  sectors' constant-elasticity (Armington) composites of home and imported varieties, tariffs
  included; 1 at start. Own-account output is priced with the same bundle.
- Investment goods: construction at its domestic price and equipment as a composite of
  home and imported manufactures.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Prices:
    """Prices of the current month (indices, 1 at start).

    Attributes:
        sector: Price of each sector's domestic output (SECTORS order).
        consumer_price_index: Consumer prices now.
        consumer_price_index_before: Consumer prices a month earlier.
        markup: Mark-up factor of each sector on unit cost (1 + mark-up), fixed at start.
    """

    sector: np.ndarray
    consumer_price_index: float
    consumer_price_index_before: float
    markup: np.ndarray

    @property
    def inflation(self) -> float:
        """Consumer price inflation over the last month (log change)."""
        return float(np.log(self.consumer_price_index / self.consumer_price_index_before))


def composite_price(base_import_share: np.ndarray, home_price: np.ndarray, import_price: np.ndarray, elasticity: float):
    """Price of the constant-elasticity composite of home and imported varieties of each good
    (1 when both cost 1): (m0 p_m^(1-s) + (1-m0) p_h^(1-s))^(1/(1-s))."""
    m0 = base_import_share
    power = 1.0 - elasticity
    return (m0 * import_price**power + (1.0 - m0) * home_price**power) ** (1.0 / power)


def bundle_price(budget_share: np.ndarray, composite: np.ndarray) -> float:
    """Price of a bundle bought in fixed budget shares (a Cobb-Douglas index of the
    sectors' composite prices, 1 when all are 1)."""
    return float(np.exp(np.dot(budget_share, np.log(np.maximum(composite, 1e-12)))))


def unit_costs(labour_cost: np.ndarray, output: np.ndarray, input_share: np.ndarray, input_price: float) -> np.ndarray:
    """Unit cost of each sector: labour cost per unit of real output plus imported inputs
    per unit at their price (local currency per unit at base prices)."""
    labour = np.divide(labour_cost, output, out=np.zeros_like(labour_cost), where=output > 0)
    return labour + input_share * input_price


def target_prices(markup: np.ndarray, unit_cost: np.ndarray, excess_demand: np.ndarray, sensitivity: float):
    """Normal-cost prices, raised (or lowered) with excess demand = orders / output - 1."""
    return markup * unit_cost * (1.0 + sensitivity * np.clip(excess_demand, -0.5, 0.5))


def adjust_prices(price: np.ndarray, target: np.ndarray, speed: float) -> np.ndarray:
    """Move each price a share `speed` of the way to its target (where a target exists)."""
    return np.where(target > 0, price + speed * (target - price), price)
