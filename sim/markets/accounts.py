"""Firm accounts and the demography of firms: production, profit, exit and entry.

Step 10 of the monthly cycle. A firm produces with its workers (output = employees x
productivity), sells what was ordered up to what it produced, pays wages and the cost of
its installed capacity, pays out part of any profit and keeps the rest as net worth.
Capacity follows the workforce slowly, so a firm whose demand falls carries costs it
cannot shed at once. A firm whose net worth stays negative for `exit_after_months` exits
and its workers become unemployed; small firms also close for reasons outside the model.
Entry replaces the exits at the normal margin and rises or
falls with the market's profitability relative to that margin (free entry in the spirit of Hopenhayn 1992; the
entry-exit rules of agent-based macro models, Dosi, Fagiolo and Roventini 2010).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Accounts:
    output: np.ndarray
    sales: np.ndarray
    wage_bill: np.ndarray
    capital_cost: np.ndarray
    profit: np.ndarray
    net_worth: np.ndarray
    months_negative_worth: np.ndarray
    capacity: np.ndarray


def settle_accounts(
    employees: np.ndarray,
    working: np.ndarray,
    productivity: np.ndarray,
    orders: np.ndarray,
    wage_bill: np.ndarray,
    capacity: np.ndarray,
    net_worth: np.ndarray,
    months_negative_worth: np.ndarray,
    capital_cost_share: float,
    payout_ratio: float,
    capacity_adjustment: float,
) -> Accounts:
    """This month's accounts of every firm (local currency per month); `working` is the
    head count less strikers."""
    output = working * productivity
    sales = np.minimum(orders, output)
    capital_cost = capital_cost_share * productivity * capacity
    profit = sales - wage_bill - capital_cost
    retained = profit - payout_ratio * np.maximum(profit, 0.0)
    new_worth = net_worth + retained
    negative = np.where(new_worth < 0, months_negative_worth + 1, 0)
    new_capacity = np.maximum(capacity + capacity_adjustment * (employees - capacity), 1.0)
    return Accounts(output, sales, wage_bill, capital_cost, profit, new_worth, negative.astype(np.int32), new_capacity)


def closure_hazard(capacity: np.ndarray, closure_rate: float, small_firm_workers: float) -> np.ndarray:
    """Monthly chance of closing for reasons outside the model (the owner retires, moves
    ...): `closure_rate` for small firms, none for larger ones, which exit only when
    insolvent. Exit rates fall with size (Dunne, Roberts and Samuelson 1989); at coarse
    scales a large simulated firm stands for many establishments, whose separate closures
    average out rather than strike all at once."""
    return np.where(capacity <= small_firm_workers, closure_rate, 0.0)


def exiting(
    alive: np.ndarray,
    months_negative_worth: np.ndarray,
    exit_after_months: int,
    hazard: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """Firms that exit this month: negative net worth for too long, or a closure drawn at
    the firm's `hazard` (one draw per slot, so paired runs draw alike)."""
    insolvent = months_negative_worth >= exit_after_months
    return alive & (insolvent | (rng.random(len(alive)) < hazard))


def expected_entrants(
    exits: np.ndarray, margin: np.ndarray, normal_margin: np.ndarray, sensitivity: float
) -> np.ndarray:
    """Expected entrants per market this month: at the normal margin, as many as the
    market's firms that exited; more when margins are higher, fewer when lower."""
    pull = np.clip(1.0 + sensitivity * (margin - normal_margin), 0.0, 3.0)
    return exits * pull
