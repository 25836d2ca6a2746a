"""Collective bargaining: the wage floor, the strike ballot, coverage and the union premium.

Step 9 of the monthly cycle (its pure half; the unions' dispute calendar is in
`sim.unions`). Each union bargains once a year for its sector:

- the union's claim splits the surplus between productivity and the workers' outside option
  with its bargaining power (the generalised Nash solution of right-to-manage models:
  McDonald and Solow 1981; Nickell and Andrews 1983):
      claim = outside + power x (productivity - outside),
  where outside = market wage x (1 - u (1 - benefit replacement)), so unemployment weakens
  the claim; employers offer the outside option (the going wage), or the floor in force if
  higher;
- if the offer falls short, members vote on a strike: each votes yes with a probability that
  rises with the shortfall; a strike is called when the yes share reaches the ballot
  threshold (the procedural hurdle the ILO's supervisory bodies comment on);
- a settlement without a strike splits the gap with `concession_without_strike`, one after a
  strike (or a successful mediation) at the midpoint;
- an agreement covers the firms that recognise the union and employ its members, and with
  extension every formal firm of the sector (erga omnes, as in ILO Recommendation 91).
"""

from __future__ import annotations

import numpy as np

WORKING_DAYS_PER_MONTH = 260 / 12
"""Days a striker does not work in a month of strike: 52 five-day weeks / 12."""


def outside_option(market_wage: float, unemployment_rate: float, replacement_rate: float) -> float:
    """Expected income of a worker who leaves: the going wage if re-employed, the benefit if not."""
    return market_wage * (1.0 - unemployment_rate * (1.0 - replacement_rate))


def claim(outside: float, productivity: float, power: float) -> float:
    """The union's wage claim: the outside option plus its share of the surplus."""
    return outside + power * max(productivity - outside, 0.0)


def offer(outside: float, floor_in_force: float | None) -> float:
    """The employers' offer: the going wage, or the floor in force if that is higher."""
    return max(outside, floor_in_force or 0.0)


def ballot_support(
    members: int, claim_wage: float, offer_wage: float, militancy: float, rng: np.random.Generator
) -> float:
    """Share of members voting to strike: each votes yes with probability
    militancy x (claim - offer) / offer, capped at 1."""
    if members <= 0 or claim_wage <= offer_wage:
        return 0.0
    yes = min(1.0, militancy * (claim_wage - offer_wage) / max(offer_wage, 1e-9))
    return float(rng.binomial(members, yes) / members)


def settlement(offer_wage: float, claim_wage: float, share_of_gap: float) -> float:
    """The floor agreed: the offer plus a share of the gap to the claim."""
    return offer_wage + share_of_gap * max(claim_wage - offer_wage, 0.0)


def covered_firms(
    members_per_firm: np.ndarray,
    recognition_draw: np.ndarray,
    recognition: float,
    extended: np.ndarray,
    formal: np.ndarray,
    alive: np.ndarray,
) -> np.ndarray:
    """Firms covered by their sector's agreement: those that recognise the union and employ
    members, and every formal firm where the agreement is extended (`extended` per firm)."""
    recognised = (members_per_firm > 0) & (recognition_draw < recognition)
    return alive & formal & (recognised | extended)


def union_wage_premium(log_wage: np.ndarray, covered: np.ndarray, cell: np.ndarray, n_cells: int) -> float:
    """Mean log-wage gap of covered over uncovered employees within the same cell (sector x
    skill), weighted by covered employees, over cells that have both; NaN when no cell has
    both (for example when agreements are extended to every formal firm)."""
    # one pass over the employees, by cell and coverage (each sum in the employees' order)
    key = np.asarray(cell, dtype=np.intp) * 2 + covered
    n_unc, n_cov = np.bincount(key, minlength=2 * n_cells).reshape(n_cells, 2).T
    sum_unc, sum_cov = np.bincount(key, weights=log_wage, minlength=2 * n_cells).reshape(n_cells, 2).T
    both = (n_cov > 0) & (n_unc > 0)
    if not both.any():
        return float("nan")
    gap = sum_cov[both] / n_cov[both] - sum_unc[both] / n_unc[both]
    return float(np.average(gap, weights=n_cov[both]))
