"""Migration: emigration, work abroad, remittances and return.

Step 5 of the monthly cycle. Emigration follows the expected income gap, as in Harris and
Todaro (1970) and the migration-network literature (Massey et al. 1993; McKenzie and
Rapoport 2010 on networks lowering the cost of moving):

    p_emigrate to d = propensity x (network share / its start value)^network_elasticity
                      x s0_d x (s_d / s0_d)^network_elasticity
                      x (income in d x (1 - cost) / income at home)^gap_elasticity

where income in d is the destination's wage converted at the exchange rate times the chance
of work there, income at home is the person's wage (or, without a job, what own-account work
pays in the region), and the network share is the share of the region's people who are
abroad. Newcomers go where their compatriots are (the network as a destination's draw;
Beine, Docquier and Ozden 2011): s_d is the share of the migrants abroad who are in d, s0_d
its value at start, so that a destination that loses its migrants draws fewer newcomers, less
than in proportion (an elasticity below one pulls the shares back to their start); and less
where income has fallen. Migrants abroad work with their destination's employment rate, remit a share of
what they earn to their household at home, and return at a low rate while they have work
there and at a high rate when they do not, so returns jump when a destination market turns.
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


def destination_employment(base_rate: float, destination_demand: np.ndarray) -> np.ndarray:
    """Chance that a migrant has work abroad this month, by destination: the base rate scaled
    by the destination's labour demand."""
    return np.clip(base_rate * np.asarray(destination_demand, dtype=float), 0.0, 1.0)


def income_ratio(expected_abroad: np.ndarray | float, income_home: np.ndarray, cost_share: float) -> np.ndarray:
    """Expected income abroad, net of costs, relative to income at home (broadcast: a row of
    destinations against a column of persons gives persons x destinations)."""
    return expected_abroad * (1.0 - cost_share) / np.maximum(income_home, 1.0)


def destination_weights(share: np.ndarray, share_start: np.ndarray, network_elasticity: float) -> np.ndarray:
    """Draw of each destination's network on newcomers: its share of the migrants abroad at
    start times (its share now / at start) to the network elasticity; the start shares when
    nothing has moved."""
    return (
        share_start
        * np.divide(share, share_start, out=np.ones_like(share), where=share_start > 0) ** network_elasticity
    )


def destination_pull(
    expected_abroad: np.ndarray, weights: np.ndarray, cost_share: float, gap_elasticity: float
) -> np.ndarray:
    """Pull of each destination on a candidate whose income at home is 1 (its income ratio,
    `income_ratio`, to the gap elasticity, times its network weight, `destination_weights`);
    a candidate with income y at home feels it times y^-gap_elasticity (`home_pull`), the same
    for every destination, so the destination a leaver chooses does not depend on y. Where
    expected incomes are equal and weights sum to one, the pulls sum to the ratio to the
    elasticity."""
    return (np.asarray(expected_abroad, dtype=float) * (1.0 - cost_share)) ** gap_elasticity * weights


def home_pull(income_home: np.ndarray, gap_elasticity: float) -> np.ndarray:
    """The factor of each candidate's pulls that comes from income at home: y^-gap_elasticity
    (incomes below 1 count as 1, as in `income_ratio`)."""
    return np.maximum(income_home, 1.0) ** -gap_elasticity


def emigration_probability(
    pull: np.ndarray,
    network: np.ndarray,
    network_start: np.ndarray,
    params: MigrationParams,
    propensity: np.ndarray | None = None,
    region: np.ndarray | None = None,
) -> np.ndarray:
    """Monthly emigration probability of each candidate (pull, summed over destinations, and
    network per person), at `propensity` (per person: its region's) or else `params.propensity`.
    With `region` (each candidate's), `network`, `network_start` and `propensity` are by
    region: the network's factor is worked out once a region, then looked up."""
    networks = np.divide(network, network_start, out=np.ones_like(network), where=network_start > 0)
    factor = networks**params.network_elasticity
    base = params.propensity if propensity is None else propensity
    if region is not None:
        factor = factor[region]
        base = base if propensity is None else base[region]
    return np.minimum(base * pull * factor, params.max_emigration_rate)


def choose_destination(pull: np.ndarray, uniform: np.ndarray) -> np.ndarray:
    """Destination index of each emigrant (rows of `pull`), drawn in proportion to the pulls
    with `uniform` in [0, 1) (the draw that decided the departure, rescaled: given u < p,
    u / p is uniform)."""
    cumulative = np.cumsum(pull, axis=1)
    below = uniform[:, None] * cumulative[:, -1:] >= cumulative
    return np.minimum(below.sum(axis=1), pull.shape[1] - 1)


def return_probability(employed_abroad: np.ndarray, params: MigrationParams) -> np.ndarray:
    """Monthly return probability of each migrant."""
    return np.where(employed_abroad, params.return_rate_employed, params.return_rate_jobless)


def remittances_sent(
    employed_abroad: np.ndarray, wage_abroad_local: np.ndarray | float, remittance_share: float
) -> np.ndarray:
    """Remittances each migrant sends home this month, local currency (`wage_abroad_local`:
    the wage where each one works)."""
    return np.where(employed_abroad, remittance_share * wage_abroad_local, 0.0)
