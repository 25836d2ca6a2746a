"""Government: the minimum wage, unemployment benefits, pensions and the government account.

Model-level policy state, not an agent (DESIGN.md section 2).
- The minimum wage binds formal jobs; once a year it is indexed to the growth of the median
  wage over the past year (`indexation` = share of that growth passed on).
- Unemployment benefit: a worker who loses a formal job and becomes unemployed receives
  `replacement_rate` x the last wage for at most `max_months` months while unemployed. Where
  a preset has no figures, the defaults are the minimum standard of ILO Convention 102
  (Social Security (Minimum Standards), 1952): 45 % of previous earnings (Art. 67) for 13
  weeks (Art. 24), i.e. 3 months.
- Pensions are indexed once a year to the consumer prices of the past year. Where a preset
  has no pension figure, social insurance pays out what it collects at start (pay as you go,
  `sim.initial_state.pay_as_you_go_pension`).
- Taxes (`sim.social_accounts.FiscalRates`): income tax and employees' contributions on
  formal pay (informal pay escapes both), employers' contributions, value added tax and
  other taxes on products on households' market purchases, profit tax of formal firms,
  tariffs on imports (on imported inputs only in the share `model.input_tariff_share`).
- The government pays the public sector's wages, buys goods and services (fixed in real
  terms) and training courses, pays pensions and benefits; its deficit adds to its debt,
  which the banks hold. No fiscal rule: automatic stabilisers work in full.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.config import CountryConfig
from sim.social_accounts import FiscalRates
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
        fiscal: Effective tax rates.
        average_pension_local: Average old-age pension now (indexed yearly to prices).
        prices_at_indexation: Consumer price index at the last pension indexation.
        benefits_paid: Unemployment benefits paid this month, local currency.
        pensions_paid: Pensions paid this month, local currency.
        tariff_revenue: Tariffs collected on imports this month, local currency.
        training_paid: Reskilling subsidies owed for this month's trainees (paid to the
            course providers next month), local currency.
        revenue: Taxes collected this month, local currency.
        spending: Outlays this month, local currency.
        debt: Government debt at the end of the month, local currency.
    """

    minimum_wage_local: float
    median_wage_at_indexation: float
    replacement_rate: float
    max_months: int
    indexation: float
    fiscal: FiscalRates
    average_pension_local: float = 0.0
    prices_at_indexation: float = 1.0
    benefits_paid: float = 0.0
    pensions_paid: float = 0.0
    tariff_revenue: float = 0.0
    training_paid: float = 0.0
    revenue: float = 0.0
    spending: float = 0.0
    debt: float = 0.0

    @property
    def balance(self) -> float:
        """This month's revenue less outlays (negative: a deficit)."""
        return self.revenue - self.spending


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


def income_taxes(formal_pay: np.ndarray, rates: FiscalRates) -> tuple[np.ndarray, np.ndarray]:
    """Income tax (on pay above the allowance) and employees' contributions withheld from
    the pay of formal employees this month (informal pay escapes both)."""
    taxable = np.maximum(formal_pay - rates.income_tax_allowance, 0.0)
    return rates.income_tax * taxable, rates.employee_contributions * formal_pay


def start_government(
    country: CountryConfig,
    workers: Workers,
    minimum_wage: float,
    pensions_paid: float,
    fiscal: FiscalRates,
    average_pension: float,
) -> Government:
    """The government at start: the minimum wage, the preset's benefit rules, its tax
    rates, and the pensions it paid in the month before the start."""
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
        fiscal=fiscal,
        average_pension_local=average_pension,
        pensions_paid=pensions_paid,
    )


def benefits_due(status: np.ndarray, benefit: np.ndarray, months_left: np.ndarray) -> np.ndarray:
    """Unemployment benefit paid to each person this month: job seekers with months left, and
    trainees, who keep it while they train (as their comparison group of job seekers does)."""
    return np.where(receives_benefit(status, months_left), benefit, 0.0)


def receives_benefit(status: np.ndarray, months_left: np.ndarray) -> np.ndarray:
    """Who draws unemployment benefit this month: job seekers and trainees with months left."""
    return ((status == Status.UNEMPLOYED) | (status == Status.IN_TRAINING)) & (months_left > 0)
