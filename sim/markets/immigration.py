"""Immigration: foreign workers who come to work here, and what they send home.

Step 5 of the monthly cycle, the destination's side of the migration in `sim.markets.migration`
(Harris and Todaro 1970 seen from the other end): the country draws workers from its
neighbours, whose other choice is a third destination (for Central Asia, Russia). A foreign
worker abroad (not here) arrives with a monthly probability

    p_arrive = rate x pool at start / pool now x (income here / income there)^gap_elasticity,

both incomes in US dollars relative to their values at start: income here is the foreign
workers' employment rate times their mean earnings, income there the third destination's
employment rate times its currency's value in dollars. `pool at start / pool now` keeps the
arrivals of the neighbours' large pool of migrants (millions in Russia) from shrinking as the
simulated pool empties. Foreign workers here search and work as residents do; they do not
leave the labour force, age or draw pensions or unemployment benefit, and go home at the
return rates of migrants (low with work, high without), taking their deposits with them. The
employed send a share of their pay home: personal remittances paid, leaving the household
sector for the rest of the world. Survey indicators (labour force, poverty, household income) count residents without
them, as household surveys do; firms' wages and output include their work.
"""

from __future__ import annotations

import numpy as np


def arrival_probability(
    rate: float,
    pool_start: int,
    pool_now: int,
    income_here: float,
    income_there: float,
    gap_elasticity: float,
    cap: float = 0.5,
) -> float:
    """Monthly probability that a foreign worker abroad arrives (`income_here` and
    `income_there` relative to their start values), at most `cap`."""
    if pool_now <= 0:
        return 0.0
    pull = (income_here / max(income_there, 1e-9)) ** gap_elasticity
    return float(min(rate * pool_start / pool_now * pull, cap))


def employed_share_at_start(separation_rate: float, unemployment_rate: float, return_rate_employed: float) -> float:
    """Share of the foreign workers here who have work in the steady state of their flows:
    arrivals enter as job seekers, who find work at the residents' rate (`separation_rate` x
    (1 - u) / u, the rate that holds the residents' unemployment rate u), and the employed
    lose work at `separation_rate` or go home at `return_rate_employed`; so unemployed /
    employed = (separation + return) / finding."""
    if unemployment_rate <= 0:
        return 1.0
    finding = separation_rate * (1.0 - unemployment_rate) / unemployment_rate
    return finding / (finding + separation_rate + return_rate_employed)


def arrival_rate_at_start(expected_departures: float, pool: int) -> float:
    """The monthly arrival probability of each of `pool` foreign workers away that balances
    the expected departures of those here."""
    return expected_departures / pool if pool > 0 else 0.0


def remittance_share_at_start(
    remittances_paid: float, earnings: float, take_home: float, leaving_rate: float, deposits_per_income: float
) -> float:
    """Share of their gross `earnings` that foreign workers in work send home so that
    remittances paid are `remittances_paid` (a month, local currency) at start, counting the
    deposits that those who leave (at `leaving_rate`) take home: their households hold
    `deposits_per_income` times their income (`take_home` less what they send). Solves
    paid = s E + leaving x k (T - s E) for s."""
    denominator = earnings * (1.0 - leaving_rate * deposits_per_income)
    if denominator <= 0:
        return 0.0
    return max(remittances_paid - leaving_rate * deposits_per_income * take_home, 0.0) / denominator


def remittances_paid(employed: np.ndarray, gross: np.ndarray, take_home: np.ndarray, share: float) -> np.ndarray:
    """What each foreign worker sends home this month: `share` of gross earnings while in
    work, at most the take-home pay."""
    return np.where(employed, np.minimum(share * gross, take_home), 0.0)
