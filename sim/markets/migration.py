"""Migration: emigration, work abroad, remittances and return.

Step 5 of the monthly cycle. Emigration follows the expected income gap, as in Harris and
Todaro (1970) and the migration-network literature (Massey et al. 1993; McKenzie and
Rapoport 2010 on networks lowering the cost of moving):

    p_emigrate = propensity x (income abroad x (1 - cost) / income at home)^gap_elasticity
                           x (network share / its start value)^network_elasticity

where income abroad is the destination wage converted at the exchange rate times the chance
of work there, income at home is the person's wage (or, without a job, what own-account work
pays in the region), and the network share is the share of the region's people who are
abroad. Migrants abroad work with the destination's employment rate, remit a share of what
they earn to their household at home, and return at a low rate while they have work there
and at a high rate when they do not, so returns jump when the destination market turns.
Returnees re-enter the home labour force as job seekers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class MigrationParams:
    """Behavioural parameters of migration (fractions are per month)."""

    propensity: float  # scale of the monthly emigration probability
    gap_elasticity: float
    network_elasticity: float
    cost_share: float  # share of earnings abroad lost to the cost of living and moving
    remittance_share: float  # share of earnings abroad sent home
    return_rate_employed: float  # return probability while working abroad
    return_rate_jobless: float  # return probability without work abroad
    max_emigration_rate: float = 0.2


def destination_employment(base_rate: float, destination_demand: float) -> float:
    """Chance that a migrant has work abroad this month: the base rate scaled by labour demand."""
    return float(np.clip(base_rate * destination_demand, 0.0, 1.0))


def income_ratio(expected_abroad: float, income_home: np.ndarray, cost_share: float) -> np.ndarray:
    """Expected income abroad, net of costs, relative to income at home."""
    return expected_abroad * (1.0 - cost_share) / np.maximum(income_home, 1.0)


def emigration_probability(
    ratio: np.ndarray,
    network: np.ndarray,
    network_start: np.ndarray,
    params: MigrationParams,
    propensity: np.ndarray | None = None,
) -> np.ndarray:
    """Monthly emigration probability of each candidate (ratio and network per person), at
    `propensity` (per person: its region's) or else `params.propensity`."""
    pull = ratio**params.gap_elasticity
    networks = np.divide(network, network_start, out=np.ones_like(network), where=network_start > 0)
    base = params.propensity if propensity is None else propensity
    return np.minimum(base * pull * networks**params.network_elasticity, params.max_emigration_rate)


def return_probability(employed_abroad: np.ndarray, params: MigrationParams) -> np.ndarray:
    """Monthly return probability of each migrant."""
    return np.where(employed_abroad, params.return_rate_employed, params.return_rate_jobless)


def remittances_sent(employed_abroad: np.ndarray, wage_abroad_local: float, remittance_share: float) -> np.ndarray:
    """Remittances each migrant sends home this month, local currency."""
    return np.where(employed_abroad, remittance_share * wage_abroad_local, 0.0)
