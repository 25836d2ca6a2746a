"""Labour demand: sales expectations, desired employment, vacancies and layoffs.

Step 3 of the monthly cycle. A firm's market share follows its installed capacity, so its
orders are `market demand x capacity share`. It updates its sales expectation adaptively
(Nerlove 1958), wants the workforce that produces the expected sales at its productivity,
and closes the gap: a shortfall, plus the expected quits of the month (replacement hiring), opens
vacancies at once; an excess is shed gradually at the
firing speed (firing frictions, as in the labour-demand models surveyed by Hamermesh 1993).
Fractional gaps are rounded stochastically so that small firms adjust in expectation.
"""

from __future__ import annotations

import numpy as np


def firm_orders(
    market_demand_flat: np.ndarray, market: np.ndarray, weight: np.ndarray, alive: np.ndarray
) -> np.ndarray:
    """Split each market's demand across its live firms in proportion to `weight`."""
    w = np.where(alive, weight, 0.0)
    total = np.bincount(market, weights=w, minlength=len(market_demand_flat))
    share = np.divide(w, total[market], out=np.zeros_like(w), where=total[market] > 0)
    return market_demand_flat[market] * share


def update_expectations(expected: np.ndarray, observed: np.ndarray, adjustment: float) -> np.ndarray:
    """Adaptive expectations: move a share `adjustment` of the way to the observation."""
    return expected + adjustment * (observed - expected)


def stochastic_round(x: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Round to an integer up with probability equal to the fractional part."""
    base = np.floor(x)
    return (base + (rng.random(len(x)) < x - base)).astype(np.int32)


def vacancies_and_layoffs(
    expected_sales: np.ndarray,
    productivity: np.ndarray,
    employees: np.ndarray,
    expected_quits: np.ndarray,
    firing_speed: np.ndarray,
    alive: np.ndarray,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Vacancies to open and workers to lay off this month, per firm.

    Args:
        expected_sales: Sales the firm plans for (local currency per month).
        productivity: Output per worker (local currency per month).
        employees: Current head count.
        expected_quits: Share of the staff expected to leave this month (replacement hiring).
        firing_speed: Share of the excess head count shed per month.
        alive: Live firms; others get zeros.
        rng: The labour-demand stream.
    """
    desired = np.where(alive, expected_sales / productivity, 0.0)
    gap = desired - employees
    vacancies = stochastic_round(np.maximum(gap + expected_quits * employees, 0.0), rng)
    layoffs = stochastic_round(np.maximum(-gap, 0.0) * firing_speed, rng)
    return np.where(alive, vacancies, 0), np.minimum(np.where(alive, layoffs, 0), employees)


def select_layoffs(
    employer: np.ndarray, employees: np.ndarray, layoffs: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Pick which employees go: each employee of firm j with probability layoffs_j / employees_j.

    `employer` holds the firm index of each employed worker (>= 0) or -1.
    Returns a boolean mask over workers.
    """
    prob = np.divide(layoffs, employees, out=np.zeros(len(employees)), where=employees > 0)
    # one chance appended for the workers without a firm: index -1 reads it, and it is 0
    chance = np.append(prob, 0.0)[employer]
    return rng.random(len(employer)) < chance
