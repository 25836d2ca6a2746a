"""Firm accounts and the demography of firms: production, costs, profit, dividends, exit, entry.

Step 10 of the monthly cycle. A firm produces with its workers (real output = working
employees x productivity, at base prices), sells what was ordered up to what it produced at
its sector's price, and pays: wages and, if formal, employers' social contributions; imported
inputs in proportion to its sales; investment goods worth the user cost of its installed
capacity (replacement and adjustment of capital, so investment equals the capital
consumed); and, if formal and profitable, profit tax. What is left, the profit after tax, is
paid out as dividends together with a share of any net worth above the firm's target (a
buffer of a few months of output), or retained when net worth is below it, so net worth is
stationary at the target: the retention rule of stock-flow consistent models (Godley and
Lavoie 2007, chapter 11; Caiani et al. 2016). Net worth is held as bank deposits, or owed to
the banks when negative.

Capacity follows the labour the firm plans to employ slowly, so a firm whose demand falls
carries capital costs it cannot shed at once, and one that cannot hire all it wants keeps its
market (its unfilled orders go unfilled) rather than shrinking for ever. A firm whose net
worth stays negative for `exit_after_months` exits (its debt is written off by the banks)
and its workers become unemployed; small firms also close for reasons outside the model
(their owners take what is left). Entry replaces the
exits at the normal margin and rises or falls with the market's profitability relative to
that margin (free entry in the spirit of Hopenhayn 1992; the entry-exit rules of agent-based
macro models, Dosi, Fagiolo and Roventini 2010); owners pay in the entrant's net worth.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class FirmCosts:
    """What a firm pays per unit, this month.

    Attributes:
        price: Price of the firm's output (its sector's).
        employer_contribution_rate: Employers' social contributions on formal pay.
        input_share: Imported inputs per unit of real output (its sector's).
        input_price: Price of imported inputs in local currency (1 at base).
        profit_tax_rate: Effective profit tax of formal firms.
    """

    price: np.ndarray
    employer_contribution_rate: float
    input_share: np.ndarray
    input_price: float
    profit_tax_rate: float


@dataclass(frozen=True)
class Accounts:
    """One month's accounts of every firm (local currency unless real)."""

    output: np.ndarray  # real output (base prices)
    sales: np.ndarray  # real sales (base prices)
    revenue: np.ndarray
    wage_bill: np.ndarray
    employer_contributions: np.ndarray
    inputs: np.ndarray
    investment: np.ndarray
    profit: np.ndarray  # before tax
    profit_tax: np.ndarray
    dividends: np.ndarray
    net_worth: np.ndarray
    months_negative_worth: np.ndarray
    capacity: np.ndarray
    subsidy: np.ndarray  # wage subsidies received (youth guarantee)


def settle_accounts(
    capacity_target: np.ndarray,
    working: np.ndarray,
    productivity: np.ndarray,
    orders: np.ndarray,
    wage_bill: np.ndarray,
    formal: np.ndarray,
    market: np.ndarray,
    investment: np.ndarray,
    capacity: np.ndarray,
    net_worth: np.ndarray,
    target_worth: np.ndarray,
    months_negative_worth: np.ndarray,
    costs: FirmCosts,
    payout_speed: float,
    capacity_adjustment: float,
    subsidy: np.ndarray | None = None,
) -> Accounts:
    """This month's accounts of every firm.

    Args:
        capacity_target: The labour the firm plans to employ (capacity follows it).
        working: Labour at work (staff less strikers).
        orders: Real orders (base prices).
        formal: Formal firms pay contributions and profit tax.
        market: Firms that sell (private firms; the public sector's units do not).
        investment: Investment goods bought this month (local currency).
        target_worth: Net worth each firm aims to hold.
        payout_speed: Share of the gap between net worth and its target paid out (or kept)
            each month on top of the profit after tax.
        subsidy: Wage subsidies each firm receives this month (None: none).
    """
    output = working * productivity
    sales = np.minimum(orders, output)
    revenue = np.where(market, costs.price * sales, 0.0)
    contributions = np.where(formal & market, costs.employer_contribution_rate * wage_bill, 0.0)
    inputs = np.where(market, costs.input_share * sales * costs.input_price, 0.0)
    spent = np.where(market, investment, 0.0)
    subsidy = np.zeros(len(output)) if subsidy is None else np.where(market, subsidy, 0.0)
    profit = revenue + subsidy - wage_bill * market - contributions - inputs - spent
    tax = np.where(formal & market, costs.profit_tax_rate * np.maximum(profit, 0.0), 0.0)
    after_tax = profit - tax
    dividends = np.where(market, np.maximum(after_tax + payout_speed * (net_worth - target_worth), 0.0), 0.0)
    new_worth = np.where(market, net_worth + after_tax - dividends, net_worth)
    negative = np.where(new_worth < 0, months_negative_worth + 1, 0)
    new_capacity = np.maximum(capacity + capacity_adjustment * (capacity_target - capacity), 1.0)
    return Accounts(
        output,
        sales,
        revenue,
        wage_bill,
        contributions,
        inputs,
        spent,
        profit,
        tax,
        dividends,
        new_worth,
        negative.astype(np.int32),
        new_capacity,
        subsidy,
    )


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
