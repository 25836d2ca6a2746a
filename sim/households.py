"""Households: income pooling of their working-age members.

A household pools the monthly earnings of its members (wages and own-account earnings;
benefits and remittances join in later issues). Last month's pooled income is what
households spend on goods (see `sim.markets.goods`), so employment feeds back into demand:
the Keynesian income-expenditure link of agent-based macro models (Dosi et al. 2010).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Households:
    """Columnar household state.

    Attributes:
        region: Region of the household (all members live there).
        members: Working-age members (simulated persons).
        income: Pooled earnings last month, local currency.
    """

    region: np.ndarray
    members: np.ndarray
    income: np.ndarray

    def __len__(self) -> int:
        return len(self.region)

    def copy(self) -> "Households":
        return Households(self.region.copy(), self.members.copy(), self.income.copy())


def assign_households(
    region: np.ndarray, members_per_household: float, rng: np.random.Generator
) -> tuple[np.ndarray, Households]:
    """Group the workers of each region into households of about `members_per_household`.

    Returns the household index of every worker and the household table.
    """
    n = len(region)
    order = np.lexsort((rng.random(n), region))
    sorted_region = region[order]
    # a new household starts every `members_per_household` workers and at each region change
    position = np.arange(n)
    region_start = np.r_[True, sorted_region[1:] != sorted_region[:-1]]
    first_of_region = np.maximum.accumulate(np.where(region_start, position, 0))
    within = position - first_of_region
    starts = region_start | (np.floor(within / members_per_household) != np.floor((within - 1) / members_per_household))
    household_sorted = np.cumsum(starts) - 1
    household = np.empty(n, dtype=np.int32)
    household[order] = household_sorted
    n_households = int(household_sorted[-1]) + 1 if n else 0
    hh_region = np.zeros(n_households, dtype=np.int8)
    hh_region[household_sorted] = sorted_region
    members = np.bincount(household, minlength=n_households).astype(np.int32)
    return household, Households(hh_region, members, np.zeros(n_households))


def pooled_income(household: np.ndarray, earnings: np.ndarray, n_households: int) -> np.ndarray:
    """Sum the members' monthly earnings per household (local currency)."""
    return np.bincount(household, weights=earnings, minlength=n_households)
