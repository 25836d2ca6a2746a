"""Firm population: columnar state, one numpy array per attribute, and a per-firm view.

Core objects: `Firms` (the arrays) and `FirmView` (what `model.firms[j]` returns).

Firms live in slots: an exiting firm frees its slot (`alive` False) and an entrant takes a
free slot, so that indices held by workers stay valid; the arrays grow when no slot is free.
Money is local currency per month; output and sales are real: local currency at base prices
(revenue is sales times the sector's price).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from sim.config import SECTORS


@dataclass
class Firms:
    """Columnar firm state: field j of every array describes firm slot j.

    Attributes:
        alive: The slot holds an active firm.
        region: Region index.
        sector: Sector index into SECTORS.
        formal: Registered firm (pays at least the minimum wage) or informal.
        covered: Covered by a collective agreement.
        productivity: Output per worker per month, local currency at base prices.
        employees: Head count (simulated workers naming this firm as employer).
        skill_per_head: Efficiency units (skill premia) per employee when the firm last
            settled its accounts (1 for the public sector's producers, which count heads).
        capacity: Installed capacity in efficiency units of labour (skill premia; heads for
            the public sector's producers); orders and capital costs scale with it.
        posted_wage: Base monthly wage offered to a medium-skill worker, local currency.
        reference_wage: The firm's real wage norm (posted wage at start prices), local currency.
        vacancies: Open vacancies this month.
        expected_sales: Real sales the firm plans for, per month.
        orders: Real demand addressed to the firm this month.
        sales: Real sales this month (orders met from output).
        output: Real output this month (working employees x productivity x hours).
        overtime: Overtime hours this month as a share of normal hours (`sim.markets.hours`).
        investment: Investment goods the firm orders this month, local currency.
        profit: Revenue less wages, contributions, imported inputs and investment this month.
        net_worth: Deposits less loans, local currency.
        target_worth: Net worth the firm aims to hold, local currency.
        months_negative_worth: Consecutive months with net_worth < 0.
        applicants: Applications received this month.
        hires: Workers hired this month.
        recognition_draw: Uniform draw fixed at birth: the firm bargains with the union when
            the draw is below the recognition rate in force.
        founded: Month the firm entered (0 for the firms at start): tells a slot's new firm
            from the one that left it.
        appeal: The firm's pull on its market's customers relative to its capacity, with a
            capacity-weighted mean of 1 in each market (`drift_customers`).
    """

    alive: np.ndarray
    region: np.ndarray
    sector: np.ndarray
    formal: np.ndarray
    covered: np.ndarray
    productivity: np.ndarray
    employees: np.ndarray
    skill_per_head: np.ndarray
    capacity: np.ndarray
    posted_wage: np.ndarray
    reference_wage: np.ndarray
    vacancies: np.ndarray
    expected_sales: np.ndarray
    orders: np.ndarray
    sales: np.ndarray
    output: np.ndarray
    overtime: np.ndarray
    investment: np.ndarray
    profit: np.ndarray
    net_worth: np.ndarray
    target_worth: np.ndarray
    months_negative_worth: np.ndarray
    applicants: np.ndarray
    hires: np.ndarray
    recognition_draw: np.ndarray
    founded: np.ndarray
    appeal: np.ndarray

    def __len__(self) -> int:
        return len(self.alive)

    def __getitem__(self, j: int) -> "FirmView":
        n = len(self)
        if not -n <= j < n:
            raise IndexError(f"firm slot {j} does not exist (there are {n})")
        return FirmView.of(self, int(j) % n)

    @classmethod
    def empty(cls, n: int) -> "Firms":
        """Return `n` free slots."""
        dtypes = {
            "alive": bool,
            "region": np.int8,
            "sector": np.int8,
            "formal": bool,
            "covered": bool,
            "employees": np.int32,
            "vacancies": np.int32,
            "months_negative_worth": np.int32,
            "applicants": np.int32,
            "hires": np.int32,
            "founded": np.int32,
        }
        return cls(**{f.name: np.zeros(n, dtype=dtypes.get(f.name, np.float64)) for f in fields(cls)})

    def regional_mean_posted_wage(self, n_regions: int) -> np.ndarray:
        """Mean posted wage of live firms by region, weighted by head count + 1."""
        return self.mean_posted_wage(self.region, n_regions, self.alive)

    def mean_posted_wage(self, cell: np.ndarray, n_cells: int, among: np.ndarray) -> np.ndarray:
        """Mean posted wage of the firms `among` in each cell (0 where there is none),
        weighted by head count + 1."""
        weight = np.where(among, self.employees + 1.0, 0.0)
        total = np.bincount(cell, weights=weight * self.posted_wage, minlength=n_cells)
        return total / np.maximum(np.bincount(cell, weights=weight, minlength=n_cells), 1e-12)

    def free_slots(self, n: int) -> np.ndarray:
        """Return indices of `n` free slots, growing the arrays when too few are free."""
        free = np.flatnonzero(~self.alive)
        if len(free) < n:
            old = len(self)
            grow = max(n - len(free), old // 2 + 1)
            more = Firms.empty(grow)
            for f in fields(self):
                setattr(self, f.name, np.concatenate([getattr(self, f.name), getattr(more, f.name)]))
            free = np.concatenate([free, np.arange(old, old + grow)])
        return free[:n]


@dataclass(frozen=True)
class FirmView:
    """A readable record of one firm."""

    index: int
    alive: bool
    region: int
    sector: str
    formal: bool
    covered: bool
    employees: int
    vacancies: int
    posted_wage_monthly_local: float
    productivity_monthly_local: float
    sales_monthly_local: float
    profit_monthly_local: float
    net_worth_local: float

    @classmethod
    def of(cls, f: Firms, j: int) -> "FirmView":
        return cls(
            index=j,
            alive=bool(f.alive[j]),
            region=int(f.region[j]),
            sector=SECTORS[int(f.sector[j])],
            formal=bool(f.formal[j]),
            covered=bool(f.covered[j]),
            employees=int(f.employees[j]),
            vacancies=int(f.vacancies[j]),
            posted_wage_monthly_local=float(f.posted_wage[j]),
            productivity_monthly_local=float(f.productivity[j]),
            sales_monthly_local=float(f.sales[j]),
            profit_monthly_local=float(f.profit[j]),
            net_worth_local=float(f.net_worth[j]),
        )


def drift_customers(
    appeal: np.ndarray, market: np.ndarray, weight: np.ndarray, movable: np.ndarray, sd: float, draws: np.ndarray
) -> np.ndarray:
    """Customers drifting between the firms of a market: Gibrat's law of proportionate effect.

    Each `movable` firm's appeal is multiplied by exp(sd x draw - sd^2 / 2), a shock of mean 1
    whatever the firm's size; appeals are then rescaled so that their mean weighted by
    `weight` (capacity x productivity: the firm's share of its market's orders before appeal)
    is 1 in every market, so customers move between firms without the market growing or
    shrinking. With exit of small firms and entry at the mean, proportionate growth gives a
    firm-size distribution with a Pareto tail of exponent near 1 (Simon 1955; Gabaix 1999,
    QJE 114(3)), the distribution Axtell (2001) measures; without it a market keeps the sizes
    it was given at start."""
    new = np.where(movable, appeal * np.exp(sd * draws - 0.5 * sd**2), appeal)
    n = int(market.max(initial=-1)) + 1
    w = np.where(movable, weight, 0.0)
    mean = np.bincount(market, weights=w * new, minlength=n) / np.maximum(np.bincount(market, weights=w, minlength=n), 1e-300)
    divisor = np.where(mean > 0, mean, 1.0)  # a market without movable weight keeps its appeals
    return np.where(movable, new / divisor[market], new)

