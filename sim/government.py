"""Government: the minimum wage, unemployment benefits, pensions and the government account.

Model-level policy state, not an agent (DESIGN.md section 2).
- The minimum wage binds formal jobs; once a year it is indexed to the growth of the median
  wage over the past year (`indexation` = share of that growth passed on).
- Unemployment benefit: a worker who loses a formal job and becomes unemployed receives
  `replacement_rate` x the last wage for at most `max_months` months while unemployed. Where
  a preset has no figures, the defaults are the minimum standard of ILO Convention 102
  (Social Security (Minimum Standards), 1952): 45 % of previous earnings (Art. 67) for 13
  weeks (Art. 24), i.e. 3 months.
- The government account pays benefits, pensions and reskilling subsidies and collects
  tariffs on imports; other taxes are not modelled, so its balance is mostly cumulative outlay.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.config import CountryConfig
from sim.workers import Status, Workers

ILO_C102_REPLACEMENT_RATE = 0.45
ILO_C102_BENEFIT_MONTHS = 3


@dataclass
class Government:
    """Policy state that evolves during a run.

    Attributes:
        minimum_wage_local: Statutory monthly minimum wage now, local currency.
        median_wage_at_indexation: Median wage at the last indexation, local currency.
        replacement_rate: Unemployment benefit / last wage.
        max_months: Months of benefit per spell of unemployment.
        indexation: Share of the median wage's growth passed on to the minimum wage each year.
        benefits_paid: Unemployment benefits paid this month, local currency.
        pensions_paid: Pensions paid this month, local currency.
        tariff_revenue: Tariffs collected on imports this month, local currency.
        training_paid: Reskilling subsidies paid this month, local currency.
        balance: Cumulative revenue minus outlays, local currency.
    """

    minimum_wage_local: float
    median_wage_at_indexation: float
    replacement_rate: float
    max_months: int
    indexation: float
    benefits_paid: float = 0.0
    pensions_paid: float = 0.0
    tariff_revenue: float = 0.0
    training_paid: float = 0.0
    balance: float = 0.0


def indexed_minimum_wage(minimum_wage: float, median_now: float, median_before: float, indexation: float) -> float:
    """Minimum wage after the annual indexation to the median wage's growth."""
    if median_before <= 0:
        return minimum_wage
    return minimum_wage * (1.0 + indexation * (median_now / median_before - 1.0))


def unemployment_benefit(last_wage: np.ndarray, replacement_rate: float) -> np.ndarray:
    """Monthly benefit of newly unemployed former formal employees."""
    return replacement_rate * last_wage


def share_below_minimum(wages: np.ndarray, minimum_wage: float) -> float:
    """Share of employees paid less than the minimum wage (non-compliance, informal jobs included)."""
    return float(np.count_nonzero(wages < minimum_wage) / len(wages)) if len(wages) else 0.0


def start_government(country: CountryConfig, workers: Workers, minimum_wage: float, pensions_paid: float) -> Government:
    """The government at start: the minimum wage, the preset's benefit rules, and the
    pensions it paid in the month before the start."""
    employee_wages = workers.wage[workers.employer >= 0]
    return Government(
        minimum_wage_local=float(minimum_wage),
        median_wage_at_indexation=float(np.median(employee_wages)) if len(employee_wages) else 0.0,
        replacement_rate=(
            ILO_C102_REPLACEMENT_RATE
            if country.unemployment_benefit_replacement_rate is None
            else country.unemployment_benefit_replacement_rate
        ),
        max_months=ILO_C102_BENEFIT_MONTHS
        if country.unemployment_benefit_months is None
        else country.unemployment_benefit_months,
        indexation=country.minimum_wage_indexation,
        pensions_paid=pensions_paid,
    )


def benefits_due(status: np.ndarray, benefit: np.ndarray, months_left: np.ndarray) -> np.ndarray:
    """Unemployment benefit paid to each person this month (unemployed with months left)."""
    return np.where((status == Status.UNEMPLOYED) & (months_left > 0), benefit, 0.0)
