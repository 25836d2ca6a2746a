"""Labour-market indicators (ILO definitions) and wage-distribution statistics.

Step 12 of the monthly cycle. Definitions follow the ILO's resolution concerning
statistics of work (19th ICLS, 2013) and the ILO Global Wage Report:
- working-age population: resident persons 15+ (people abroad are not resident);
- labour force = employed + unemployed; participation rate = labour force / population;
- employment rate = employment-to-population ratio; unemployment rate = unemployed /
  labour force; informality rate = informal employment / employment (own-account workers
  and employees of unregistered firms);
- youth and adult unemployment rates: of those aged 15-24 and of those aged 25 and over;
  the NEET rate: the share of residents aged 15-24 neither in employment nor in education
  or training (ILO SDG 8.6.1; students: `sim.markets.education`);
- job vacancy rate = vacancies / (occupied posts + vacancies) (Eurostat JVS definition);
- job-finding rate = hires out of unemployment / unemployed at the start of the month;
  separation rate = employees who lost or left their job / employment at the start;
- wage statistics cover employees (own-account earnings are not wages); low pay = below
  two thirds of the median wage; the Gini coefficient of wages;
- migrants abroad are persons of working age living and working abroad; the emigration
  rate is emigrants / residents aged 15+ at the start of the month, the return rate
  returnees / migrants abroad at the start of the month;
- foreign workers (`sim.markets.immigration`) are counted apart: foreign_workers are those
  here at the month's end, foreign_arrivals and foreign_departures the month's flows; the
  labour-force, household and poverty indicators cover the residents without them, as
  household surveys do, while wages, firms, output and the accounts include their work;
  remittances_paid is what they send home, from their pay and the deposits of those who
  leave (local currency; _usd in dollars, _gdp_share over GDP, the WDI's personal
  remittances paid BM.TRF.PWKR.CD.DT over GDP);
- GDP (monthly, local currency, market prices) by expenditure: household consumption +
  government consumption + investment + exports - imports; gdp_income is the same GDP by
  income (firms' value added, public wages, mixed income, taxes on products): the two agree
  when the accounts close; real_gdp is value added at base prices (GDP at basic prices):
  firms' real value added plus public wages and mixed income deflated by consumer prices,
  taxes on products left out; *_gdp_share are the WDI's shares (NE.CON.PRVT.ZS ...), tax
  revenue excludes social contributions as GC.TAX.TOTL.GD.ZS does; the government balance,
  the current account and each sector's net lending are this month's flows over this month's
  GDP, government debt and net foreign assets are stocks over the annual GDP (12 x monthly);
  accounts_closure_gap is the month's largest residual of the transaction-flow matrix and
  balance sheets over GDP (0 up to rounding); remittances_gdp_share = remittances received /
  GDP (the WDI indicator BX.TRF.PWKR.DT.GD.ZS), remittances_usd the same flow in US dollars
  at the month's exchange rate (exchange_rate_local_per_usd);
- household income is disposable income: take-home pay and mixed income, pensions and
  benefits, remittances received and dividends; its Gini is over income per resident person,
  person-weighted; the poverty rate is the share of resident persons whose household's
  equivalised income (or income per person, where the preset's national line is per person)
  is below the poverty line (poverty_line, local currency a month), which rises with consumer
  prices (fixed in real terms; see `sim.households`); the at-risk-of-poverty rate is the share below 60 % of
  this month's median equivalised income (Eurostat's, whose line moves with the median);
  real wages are wages over consumer prices;
- benefit_recipients: persons receiving unemployment benefit; share_below_minimum_wage:
  employees (formal and informal) paid less than the minimum wage (ILO Global Wage
  Report: a measure of non-compliance and of informal pay);
- union_density: union members / formal employees; bargaining_coverage: employees of firms
  covered by a collective agreement / employees (ILOSTAT ILR_TUMT and ILR_CBCT); the union
  wage premium is the mean log-wage gap of covered over uncovered formal employees of the
  same sector and skill; strike_days are working days not worked because of strikes;
- consumer_price_index (1 at start): the households' bundle at sector and import prices
  (`sim.prices`); tariff_revenue is local currency per month;
- training_enrolment: persons in training (outside the labour force while they train);
  training_entrants: persons who enrolled this month; programme_cost: the subsidy paid this
  month; long_term_unemployment_share: unemployed for 12 months or more / unemployed;
  participant_ and comparison_<outcome>_rate_<k>m (outcome employment, inactive, abroad): the
  share employed, inactive or abroad k months after entry of the cohort that entered then, and
  of its matched comparison group (empty when no cohort entered k months ago); participant_ and
  comparison_earnings_<k>m: their mean monthly earnings at home then, 0 for those without work.
Rates are fractions. Population counts are in persons (simulated persons x scale).
"""

from __future__ import annotations

import numpy as np

from sim.accounts import Ledger, Stocks, current_account, national_accounts, sector_balances
from sim.config import SECTORS, TRADABLE_SECTORS
from sim.markets.training import FOLLOW_UP_MONTHS, FOLLOW_UP_STATUSES
from sim.markets.youth_guarantee import FOLLOW_UP_MONTHS as GUARANTEE_FOLLOW_UP_MONTHS
from sim.households import (
    Households,
    Welfare,
    at_risk_of_poverty_rate,
    household_welfare,
    income_for_line,
    poverty_rate,
    weighted_gini,
)
from sim.workers import AgeGroup, Status, at_home, count_each

WAGE_PERCENTILES = (10, 25, 50, 75, 90)

FOLLOW_UP_PREFIXES = ("participant_", "comparison_", "guarantee_offered_", "guarantee_not_offered_")
"""Indicators of a programme's entrants k months on: NaN in a month with no entrants k months ago."""

INDICATOR_NAMES: tuple[str, ...] = (
    "unemployment_rate",
    "employment_rate",
    "participation_rate",
    "informality_rate",
    "vacancy_rate",
    "job_finding_rate",
    "separation_rate",
    "mean_wage",
    "median_wage",
    *(f"wage_p{p}" for p in WAGE_PERCENTILES),
    "wage_gini",
    "low_pay_share",
    "firms",
    *(f"employment_share_{s}" for s in SECTORS),
    "youth_unemployment_rate",
    "adult_unemployment_rate",
    "neet_rate",
    "tradable_employment_share",
    "tradable_employment",
    "wage_p90_p10",
    "working_age_population",
    "labour_force",
    "employed_persons",
    "unemployed_persons",
    "vacancies",
    "migrants_abroad",
    "emigration_rate",
    "return_rate",
    "foreign_workers",
    "foreign_arrivals",
    "foreign_departures",
    "internal_migration_rate",
    "commuting_share",
    "remittances_gdp_share",
    "remittances",
    "gdp",
    "household_income_mean",
    "income_gini",
    "poverty_rate",
    "at_risk_of_poverty_rate",
    "poverty_line",
    "benefit_recipients",
    "share_below_minimum_wage",
    "minimum_wage",
    "union_density",
    "bargaining_coverage",
    "union_wage_premium",
    "strike_days",
    "consumer_price_index",
    "tariff_revenue",
    "training_enrolment",
    "training_completions",
    "training_entrants",
    "programme_cost",
    "long_term_unemployment_share",
    "guarantee_eligible",
    "guarantee_jobs",
    "guarantee_traineeships",
    "guarantee_courses",
    "guarantee_unplaced",
    "guarantee_subsidised",
    "guarantee_trainees",
    "guarantee_cost",
    *(
        f"guarantee_{group}_{outcome}_rate_{k}m"
        for k in GUARANTEE_FOLLOW_UP_MONTHS
        for group in ("offered", "not_offered")
        for outcome in ("employment", "neet")
    ),
    *(
        f"{group}_{outcome}_rate_{k}m"
        for k in FOLLOW_UP_MONTHS
        for group in ("participant", "comparison")
        for outcome in FOLLOW_UP_STATUSES
    ),
    *(f"{group}_earnings_{k}m" for k in FOLLOW_UP_MONTHS for group in ("participant", "comparison")),
    "gdp_income",
    "real_gdp",
    "household_consumption_gdp_share",
    "government_consumption_gdp_share",
    "investment_gdp_share",
    "exports_gdp_share",
    "imports_gdp_share",
    "tax_revenue_gdp_share",
    "government_balance_gdp_share",
    "government_debt_gdp_share",
    "current_account_gdp_share",
    "net_foreign_assets_gdp_share",
    *(f"{sector}_net_lending_gdp_share" for sector in ("households", "firms", "government", "banks", "rest_of_world")),
    "accounts_closure_gap",
    "real_mean_wage",
    "real_median_wage",
    "exchange_rate_local_per_usd",
    "remittances_usd",
    "remittances_paid",
    "remittances_paid_gdp_share",
    "remittances_paid_usd",
)
"""Public names of the monthly indicators, in column order."""


def ratio(numerator: float, denominator: float) -> float:
    """numerator / denominator, or 0 when the denominator is 0."""
    return float(numerator) / float(denominator) if denominator else 0.0


def gini(values: np.ndarray) -> float:
    """Gini coefficient of non-negative values (0: equal, 1: one has everything)."""
    return gini_of_sorted(np.sort(values))


def gini_of_sorted(x: np.ndarray) -> float:
    """Gini coefficient of values already sorted in ascending order."""
    n = len(x)
    total = x.sum()
    if n == 0 or total <= 0:
        return 0.0
    rank_weighted = np.dot(np.arange(1, n + 1), x)
    return float(2.0 * rank_weighted / (n * total) - (n + 1.0) / n)


def percentiles_of_sorted(x: np.ndarray, percentiles: tuple[int, ...]) -> np.ndarray:
    """Percentiles of sorted values, linear interpolation (numpy's default method)."""
    position = np.asarray(percentiles, dtype=float) / 100.0 * (len(x) - 1)
    lower = np.floor(position).astype(np.int64)
    upper = np.minimum(lower + 1, len(x) - 1)
    return x[lower] + (position - lower) * (x[upper] - x[lower])


def sorted_by_groups(values: np.ndarray, group: np.ndarray | None, n_groups: int) -> np.ndarray:
    """`values` in ascending order. Where every group (an employer and skill: all its members
    are paid alike) holds one value, the groups' values are sorted and repeated, one sort of
    the groups instead of the persons; the result is the same array. Otherwise (strikers
    unpaid in a paid group, say) the values themselves are sorted."""
    if group is None:
        return np.sort(values)
    level = np.zeros(n_groups)
    level[group] = values
    if not np.array_equal(level[group], values):
        return np.sort(values)
    count = np.bincount(group, minlength=n_groups)
    used = np.flatnonzero(count)
    order = np.argsort(level[used])
    return np.repeat(level[used][order], count[used][order])


def wage_distribution(wages: np.ndarray, group: np.ndarray | None = None, n_groups: int = 0) -> dict[str, float]:
    """Mean, median, percentiles, Gini and low-pay share of a set of monthly wages (`group`:
    optional groups of equal pay, `sorted_by_groups`)."""
    if len(wages) == 0:
        out = {"mean_wage": 0.0, "median_wage": 0.0, "wage_gini": 0.0, "low_pay_share": 0.0, "wage_p90_p10": 0.0}
        out.update({f"wage_p{p}": 0.0 for p in WAGE_PERCENTILES})
        return out
    sorted_wages = sorted_by_groups(wages, group, n_groups)
    pct = percentiles_of_sorted(sorted_wages, WAGE_PERCENTILES)
    median = float(pct[WAGE_PERCENTILES.index(50)])
    out = {f"wage_p{p}": float(v) for p, v in zip(WAGE_PERCENTILES, pct)}
    n = len(sorted_wages)
    total = sorted_wages.sum()
    out.update(
        mean_wage=float(total / n),
        median_wage=median,
        wage_gini=gini_of_sorted(sorted_wages),
        low_pay_share=float(np.searchsorted(sorted_wages, 2.0 / 3.0 * median, side="left") / n),
        wage_p90_p10=ratio(out["wage_p90"], out["wage_p10"]),
    )
    return out


def census(
    region: np.ndarray, age_group: np.ndarray, status: np.ndarray, sector: np.ndarray, n_regions: int
) -> np.ndarray:
    """Persons by region x age group x status x sector (index 0: no sector, s + 1: sector s),
    in one count of everybody; the stocks of `labour_indicators` and `regional_table`."""
    shape = (n_regions, len(AgeGroup), len(Status), len(SECTORS) + 1)
    cells = int(np.prod(shape))
    key = region.astype(np.int16 if cells < 2**15 else np.intp)  # a narrow key: fewer bytes to pass
    for size, part in zip(shape[1:], (age_group, status, sector)):
        key *= size
        key += part
    key += 1  # sector NO_SECTOR (-1) lands on 0
    return np.bincount(key, minlength=cells).reshape(shape)


EMPLOYED = [Status.EMPLOYED_FORMAL, Status.EMPLOYED_INFORMAL]


def labour_indicators(
    counts: np.ndarray,
    employee_wage: np.ndarray,
    scale: float,
    pay_group: np.ndarray | None = None,
    n_pay_groups: int = 0,
) -> dict[str, float]:
    """Stocks and rates from the `census` of the worker state (no flows), and the wage
    distribution of the employees' wages; `pay_group` (of each employee, in order) speeds
    it up where members of a group are paid alike."""
    by_age_status = counts.sum(axis=(0, 3))
    by_status = by_age_status.sum(axis=0)
    employed = by_status[EMPLOYED].sum()
    unemployed = by_status[Status.UNEMPLOYED]
    population = by_status.sum() - by_status[Status.ABROAD]
    labour_force = employed + unemployed
    by_sector = counts[:, :, EMPLOYED, 1:].sum(axis=(0, 1, 2))
    youth_employed = by_age_status[AgeGroup.YOUTH, EMPLOYED].sum()
    youth_unemployed = by_age_status[AgeGroup.YOUTH, Status.UNEMPLOYED]
    adult_employed, adult_unemployed = employed - youth_employed, unemployed - youth_unemployed
    tradable = [SECTORS.index(s) for s in TRADABLE_SECTORS]
    out = {
        "unemployment_rate": ratio(unemployed, labour_force),
        "employment_rate": ratio(employed, population),
        "participation_rate": ratio(labour_force, population),
        "informality_rate": ratio(by_status[Status.EMPLOYED_INFORMAL], employed),
        "youth_unemployment_rate": ratio(youth_unemployed, youth_employed + youth_unemployed),
        "adult_unemployment_rate": ratio(adult_unemployed, adult_employed + adult_unemployed),
        "tradable_employment_share": ratio(by_sector[tradable].sum(), employed),
        "tradable_employment": float(by_sector[tradable].sum() * scale),
        "working_age_population": float(population * scale),
        "labour_force": float(labour_force * scale),
        "employed_persons": float(employed * scale),
        "unemployed_persons": float(unemployed * scale),
    }
    out.update({f"employment_share_{s}": ratio(by_sector[i], employed) for i, s in enumerate(SECTORS)})
    out.update(wage_distribution(employee_wage, pay_group, n_pay_groups))
    return out


def regional_table(
    counts: np.ndarray, home: np.ndarray, work_region: np.ndarray, employee_wage: np.ndarray, scale: float
) -> dict[str, np.ndarray]:
    """Per-region working-age population, unemployment, participation, employment and
    informality rates, mean wage of employees, the share of employees who commute to another
    region, migrants abroad and employment by sector (persons).

    `counts` is the `census`; `home`, `work_region` and `employee_wage` are each employee's
    region, employer's region and wage."""
    n_regions = counts.shape[0]
    by_status = counts.sum(axis=(1, 3))
    population = by_status.sum(axis=1) - by_status[:, Status.ABROAD]
    employed = by_status[:, EMPLOYED].sum(axis=1)
    labour_force = employed + by_status[:, Status.UNEMPLOYED]
    n_employees = count_each(home, n_regions)
    commuters = np.bincount(home[work_region != home], minlength=n_regions)
    wage_sum = np.bincount(home, weights=employee_wage, minlength=n_regions)
    by_sector = counts[:, :, EMPLOYED, 1:].sum(axis=(1, 2)) * scale

    def share(part: np.ndarray, whole: np.ndarray) -> np.ndarray:
        return np.divide(part, whole, out=np.zeros(n_regions), where=whole > 0)

    table = {
        "working_age_population": population * scale,
        "unemployment_rate": share(by_status[:, Status.UNEMPLOYED], labour_force),
        "participation_rate": share(labour_force, population),
        "employment_rate": share(employed, population),
        "informality_rate": share(by_status[:, Status.EMPLOYED_INFORMAL], employed),
        "mean_wage": share(wage_sum, n_employees),
        "commuting_share": share(commuters, n_employees),
        "migrants_abroad": by_status[:, Status.ABROAD] * float(scale),
    }
    table.update({f"employment_{s}": by_sector[:, i].astype(float) for i, s in enumerate(SECTORS)})
    return table


def job_flows(
    employees_before: np.ndarray, employees_after: np.ndarray, continuing: np.ndarray
) -> tuple[float, float]:
    """Gross job creation and destruction between two dates, as shares of the mean of the two
    dates' employment (Davis, Haltiwanger and Schuh 1996): the gains of growing firms and the
    size of entrants, and the losses of shrinking firms and the size of those that left.
    Arrays are aligned by firm slot; `continuing` marks slots that hold the same firm at both
    dates (elsewhere the slot's firm at the first date left and any at the second entered)."""
    before = np.asarray(employees_before, dtype=float)
    after = np.asarray(employees_after, dtype=float)
    change = np.where(continuing, after - before, 0.0)
    created = np.maximum(change, 0.0).sum() + after[~continuing].sum()
    destroyed = np.maximum(-change, 0.0).sum() + before[~continuing].sum()
    mean = 0.5 * (before.sum() + after.sum())
    return (float(created / mean), float(destroyed / mean)) if mean > 0 else (float("nan"), float("nan"))


def two_way_within(z: np.ndarray) -> np.ndarray:
    """A periods x regions panel less each region's and each period's mean (plus the grand
    mean): what is left once region and period effects are removed."""
    return z - z.mean(axis=0) - z.mean(axis=1, keepdims=True) + z.mean()


def wage_curve_elasticity(mean_wage: np.ndarray, unemployment_rate: np.ndarray) -> tuple[float, float]:
    """The wage curve: elasticity of regional pay to regional unemployment with region and
    period effects (Blanchflower and Oswald 1994, who find about -0.1 across countries).

    Args:
        mean_wage: Mean wage, periods x regions (a balanced panel, all positive).
        unemployment_rate: Unemployment rate, periods x regions (all positive).

    Returns:
        The slope of log wage on log unemployment once each region's and each period's mean
        is removed, and its standard error clustered by region.
    """

    y, x = two_way_within(np.log(mean_wage)), two_way_within(np.log(unemployment_rate))
    sxx = float((x * x).sum())
    slope = float((x * y).sum()) / sxx
    score = (x * (y - slope * x)).sum(axis=0)  # one sum per region (cluster)
    regions = x.shape[1]
    se = float(np.sqrt(regions / max(regions - 1, 1) * (score**2).sum()) / sxx)
    return slope, se


def resident_welfare(
    households: Households,
    household_of: np.ndarray,
    status: np.ndarray,
    members: np.ndarray | None = None,
    away: np.ndarray | None = None,
) -> Welfare:
    """Per-capita and equivalised income of every household, counting its residents only (the
    persons given: households of no one given count no one). `members`, each household's
    persons among those given, where the caller holds it: then only those away are counted
    (`away`: their indices among the persons given, where the caller holds them too)."""
    if members is None:
        resident_adults = np.bincount(household_of[at_home(status)], minlength=len(households))
    else:
        away = np.flatnonzero(~at_home(status)) if away is None else away
        resident_adults = members - np.bincount(household_of[away], minlength=len(households))
    return household_welfare(households.income, resident_adults, households.dependants)


def regional_poverty(
    households: Households, welfare: Welfare, poverty_line: float, n_regions: int, per_person: bool = False
) -> np.ndarray:
    """Poverty rate of each region's resident persons (as `poverty_rate`, by household region)."""
    poor = income_for_line(welfare, per_person) < poverty_line
    # persons by region and whether poor, in one count (whole persons: the sums are exact)
    key = households.region.astype(np.intp) * 2 + poor
    by_poverty = np.bincount(key, weights=welfare.residents, minlength=2 * n_regions)
    poor_people, people = by_poverty[1::2], by_poverty[0::2] + by_poverty[1::2]
    return np.divide(poor_people, people, out=np.zeros(n_regions), where=people > 0)


def household_indicators(
    households: Households, welfare: Welfare, poverty_line: float, gdp: float, scale: float, per_person: bool = False
) -> dict[str, float]:
    """Remittances, household income, its inequality and poverty."""
    lived_in = welfare.residents > 0
    remittances = float(households.remittances.sum())
    return {
        "remittances": remittances * scale,
        "gdp": float(gdp) * scale,
        "remittances_gdp_share": ratio(remittances, gdp),
        "household_income_mean": float(households.income[lived_in].mean()) if lived_in.any() else 0.0,
        "income_gini": weighted_gini(welfare.per_capita_income[lived_in], welfare.residents[lived_in]),
        "poverty_rate": poverty_rate(welfare, poverty_line, per_person),
        "at_risk_of_poverty_rate": at_risk_of_poverty_rate(welfare),
    }


def macro_indicators(
    ledger: Ledger,
    stocks: Stocks,
    closure: tuple[np.ndarray, np.ndarray, float],
    firm_value_added: float,
    real_firm_value_added: float,
    consumer_price_index: float,
    scale: float,
) -> dict[str, float]:
    """GDP by expenditure and income, its composition, the government's and the country's
    balances and stocks, sector balances, and how far the accounts are from closing."""
    na = national_accounts(ledger, firm_value_added)
    gdp = na["gdp"]
    annual = 12.0 * gdp
    balances = sector_balances(ledger)
    rows, columns, bank_gap = closure
    gap = max(float(np.abs(rows).max(initial=0.0)), float(np.abs(columns).max(initial=0.0)), abs(bank_gap))
    # value added outside firms (public wages, mixed income) deflated by consumer prices;
    # taxes on products are left out, so that a tariff does not count as output
    other_value_added = na["gdp_income"] - firm_value_added - na["product_taxes"]
    out = {
        "gdp": gdp * scale,
        "gdp_income": na["gdp_income"] * scale,
        "real_gdp": (real_firm_value_added + other_value_added / consumer_price_index) * scale,
        "tax_revenue_gdp_share": ratio(na["tax_revenue"], gdp),
        "government_balance_gdp_share": ratio(balances["government"], gdp),
        "government_debt_gdp_share": ratio(stocks.government_debt, annual),
        "current_account_gdp_share": ratio(current_account(ledger), gdp),
        "net_foreign_assets_gdp_share": ratio(stocks.net_foreign_assets, annual),
        "accounts_closure_gap": ratio(gap, gdp),
    }
    for name in ("household_consumption", "government_consumption", "investment", "exports", "imports"):
        out[f"{name}_gdp_share"] = ratio(na[name], gdp)
    for sector, value in balances.items():
        out[f"{sector}_net_lending_gdp_share"] = ratio(value, gdp)
    return out


def opening_indicators(opening, stocks: Stocks, scale: float) -> dict[str, float]:
    """The macro indicators of the opening accounts (month 0, before any month is settled):
    GDP and its composition as calibrated, no flows of the balances yet."""
    gdp = opening.gdp
    out = {name: 0.0 for name in MACRO_NAMES}
    out.update(
        gdp=gdp * scale,
        gdp_income=gdp * scale,
        real_gdp=gdp * scale,
        tax_revenue_gdp_share=opening.shares["tax_revenue"],
        government_debt_gdp_share=ratio(stocks.government_debt, 12.0 * gdp),
        net_foreign_assets_gdp_share=ratio(stocks.net_foreign_assets, 12.0 * gdp),
    )
    for name in ("household_consumption", "government_consumption", "investment", "exports", "imports"):
        out[f"{name}_gdp_share"] = opening.shares[name]
    return out


MACRO_NAMES: tuple[str, ...] = INDICATOR_NAMES[
    INDICATOR_NAMES.index("gdp_income") : INDICATOR_NAMES.index("real_mean_wage")
]
"""The indicators `macro_indicators` reports (with "gdp")."""
