"""Households: disposable income, consumption out of income and deposits, ownership, poverty.

A household pools the monthly income of its members: the take-home pay of its resident
working-age members (wages less income tax and employees' contributions on formal pay) and
their own-account (mixed) income, pensions and unemployment benefits, the remittances its
members abroad send, and its share of the dividends of domestic firms. It consumes out of
last month's disposable income and its deposits (the consumption function of stock-flow
consistent models: C = a1 YD + a2 D, Godley and Lavoie 2007, chapter 3), never more than its
deposits plus a borrowing limit, and saves or dissaves the difference, so its deposits settle
where (1 - a1) YD = a2 D. Spending feeds back into demand for goods (`sim.markets.goods`):
the income-expenditure link of agent-based macro models (Dosi, Fagiolo and Roventini 2010).

Firms are owned by households, in fixed shares concentrated at the top: a `top_owner_share`
of domestic equity is held by a `top_owner_fraction` of households drawn at random, the rest
by the others in equal parts (the Federal Reserve's Distributional Financial Accounts put the
top 10 % of US wealth holders' share of corporate equities above 80 %; no figure for the
region's countries was found, so the share is a stated parameter). The owners are drawn
independently of earnings: handing equity to the households with the highest earnings at
start ties it to transitory luck (a job, an employer) that the flows then undo, and the
owners' earnings regressing to the mean lowered poverty by 2.6 points in 20 years of an
unshocked Serbian baseline (1.2 with owners ranked by their members' skills, 0.2 drawn at
random; median of 3 seeds, `tests/test_slow.py::drift`). How equity and earnings are jointly distributed in these
countries was not found.

Poverty is measured on equivalised income (the modified OECD scale: 1 for the first adult,
0.5 for each further adult, 0.3 for each child), person-weighted, or on income per person where
the preset's national line is counted so; inequality on income per person (World Bank practice
for per-capita welfare). Members abroad do not count as residents of the household. Two lines:
the preset's national line (moved from its year to the wages' with consumer price inflation,
`line_at_prices`), or without one a share of the median equivalised income where the scenario
starts, held fixed in real terms; and beside it the at-risk-of-poverty line, 60 % of each
month's median (Eurostat, ilc_li02), whose median is found by selection (`person_quantile`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.household_formation import HouseholdType, age_profile


@dataclass
class Households:
    """Columnar household state.

    Attributes:
        region: Region of the household (all members live there).
        members: Working-age members, resident or abroad (simulated persons).
        dependants: Children aged 0-14 (counted, not simulated persons).
        kind: Household type at formation (`sim.household_formation.HouseholdType`).
        age_profile: Members aged 15-24, 25-54 and 55+ at formation, resident or abroad (n x 3):
            the places its type gives each age, kept as persons age
            (`sim.household_formation.renew`); none for foreign workers, who do not age here.
        income: Disposable income last month, local currency.
        benefits: Pensions and unemployment benefits received last month, local currency.
        remittances: Remittances received last month, local currency.
        balance: Bank deposits (negative: loans) at the end of last month, local currency.
        ownership: Share of domestic owners' equity in firms held (sums to 1).
        planned_consumption: Consumption planned this month (VAT included), local currency.
    """

    region: np.ndarray
    members: np.ndarray
    dependants: np.ndarray
    kind: np.ndarray
    age_profile: np.ndarray
    income: np.ndarray
    benefits: np.ndarray
    remittances: np.ndarray
    balance: np.ndarray
    ownership: np.ndarray
    planned_consumption: np.ndarray

    def __len__(self) -> int:
        return len(self.region)


def assign_households(
    region: np.ndarray, age_group: np.ndarray, members_per_household: float, rng: np.random.Generator
) -> tuple[np.ndarray, Households]:
    """Group the workers of each region at random into households of about
    `members_per_household` (where a preset has no household survey: `sim.household_formation`
    forms them by age and kinship). Returns the household index of every worker and the table."""
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
    kind = np.full(n_households, HouseholdType.UNCLASSIFIED, dtype=np.int8)
    return household, household_table(hh_region, kind, np.zeros(n_households, dtype=np.int32), household, age_group)


def household_table(
    region: np.ndarray, kind: np.ndarray, children: np.ndarray, household: np.ndarray, age_group: np.ndarray
) -> Households:
    """A household table of households in `region` of type `kind` with `children`, whose
    members are the persons whose household and age group are given; no money yet."""
    n_households = len(region)
    members = np.bincount(household, minlength=n_households).astype(np.int32)
    profile = age_profile(household, age_group, n_households).astype(np.int32)
    money = (np.zeros(n_households) for _ in range(6))
    return Households(
        region.astype(np.int8), members, children.astype(np.int32), kind.astype(np.int8), profile, *money
    )


def with_households_of_one(
    household: np.ndarray, households: Households, region: np.ndarray
) -> tuple[np.ndarray, Households]:
    """Add one household of one working-age member for each of `len(region)` more persons (in
    `region`), after the existing ones: the household index of every person and the table."""
    first = len(households)
    extra = len(region)
    grown = Households(
        np.concatenate([households.region, region.astype(households.region.dtype)]),
        np.concatenate([households.members, np.ones(extra, dtype=households.members.dtype)]),
        np.concatenate([households.dependants, np.zeros(extra, dtype=households.dependants.dtype)]),
        np.concatenate([households.kind, np.full(extra, HouseholdType.FOREIGN_WORKER, dtype=households.kind.dtype)]),
        np.concatenate([households.age_profile, np.zeros((extra, households.age_profile.shape[1]), dtype=np.int32)]),
        *(
            np.concatenate([getattr(households, name), np.zeros(extra, dtype=getattr(households, name).dtype)])
            for name in (
                "income",
                "benefits",
                "remittances",
                "balance",
                "ownership",
                "planned_consumption",
            )
        ),
    )
    return np.concatenate([household, np.arange(first, first + extra, dtype=household.dtype)]), grown


def consumption_plan(
    income: np.ndarray,
    balance: np.ndarray,
    propensity_income: float,
    propensity_wealth: float,
    borrowing_limit_months: float,
    demand_factor: float = 1.0,
) -> np.ndarray:
    """Each household's consumption this month: a1 x last month's disposable income + a2 x
    deposits (times the demand factor), between 0 and what it has: deposits plus the
    borrowing limit (months of income)."""
    wanted = propensity_income * income
    wanted += propensity_wealth * balance
    wanted *= demand_factor
    limit = np.maximum(income, 0.0)
    limit *= borrowing_limit_months
    limit += balance
    return np.clip(wanted, 0.0, np.maximum(limit, 0.0, out=limit), out=wanted)


def steady_balance(income: np.ndarray, propensity_income: float, propensity_wealth: float) -> np.ndarray:
    """Deposits at which a household consumes exactly its income: (1 - a1) YD / a2."""
    return (1.0 - propensity_income) * income / propensity_wealth


def ownership_shares(n_households: int, top_fraction: float, top_share: float, rng: np.random.Generator) -> np.ndarray:
    """Equity shares: `top_fraction` of the households, drawn at random, hold `top_share` in
    equal parts, the others the rest in equal parts."""
    n_top = int(round(top_fraction * n_households))
    if n_top in (0, n_households):
        return np.full(n_households, 1.0 / max(n_households, 1))
    shares = np.full(n_households, (1.0 - top_share) / (n_households - n_top))
    shares[rng.choice(n_households, size=n_top, replace=False)] = top_share / n_top
    return shares


def pooled_income(household: np.ndarray, earnings: np.ndarray, n_households: int) -> np.ndarray:
    """Sum the members' monthly earnings (or benefits) per household (local currency)."""
    return np.bincount(household, weights=earnings, minlength=n_households)


def pensions(pensioner: np.ndarray, resident: np.ndarray, average_pension: float) -> np.ndarray:
    """Old-age pension of each person this month: the average pension to resident pensioners."""
    return np.where(pensioner & resident, average_pension, 0.0)


def equivalence_scale(adults: np.ndarray, children: np.ndarray) -> np.ndarray:
    """Modified OECD scale: 1 + 0.5 per further adult + 0.3 per child (0 with nobody).

    Household sizes are small integers: the scale of each (adults, children) pair is
    computed once and looked up."""
    adults, children = np.asarray(adults, dtype=np.intp), np.asarray(children, dtype=np.intp)
    if len(adults) == 0:
        return np.zeros(0)
    n_children = int(children.max()) + 1
    a, c = np.divmod(np.arange((int(adults.max()) + 1) * n_children), n_children)
    table = np.where(a + c > 0, 1.0 + 0.5 * np.maximum(a - 1, 0) + 0.3 * c - 0.3 * (a == 0), 0.0)
    return table[adults * n_children + children]


def weighted_quantile(values: np.ndarray, weights: np.ndarray, q: float) -> float:
    """The q-quantile of values with non-negative weights (persons)."""
    order = np.argsort(values)
    cumulative = np.cumsum(weights[order])
    if cumulative[-1] <= 0:
        return 0.0
    return float(values[order][np.searchsorted(cumulative, q * cumulative[-1])])


WEIGHT_BITS = 6
"""Low mantissa bits that carry a weight through the sort in `weighted_gini`."""


def sorted_with_weights(values: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Non-negative values in ascending order with their integer weights.

    Small weights ride in the lowest WEIGHT_BITS bits of each value's float64 mantissa, so
    that one plain sort (about twice as fast as argsort and a gather) orders both; the
    values move by at most 2**-46 of themselves. Larger weights take the argsort path.
    """
    weights = np.asarray(weights, dtype=np.int64)
    if len(values) == 0 or weights.max() >= 2**WEIGHT_BITS or values.min() < 0:
        order = np.argsort(values)
        return values[order], weights[order].astype(float)
    mask = np.int64(2**WEIGHT_BITS - 1)
    keys = np.ascontiguousarray(values, dtype=np.float64).view(np.int64) & ~mask
    keys |= weights
    keys.sort()
    sorted_weights = (keys & mask).astype(float)
    keys &= ~mask  # the values again, in place
    return keys.view(np.float64), sorted_weights


def weighted_gini(values: np.ndarray, weights: np.ndarray) -> float:
    """Gini coefficient of non-negative values held by groups of `weights` persons each."""
    x, w = sorted_with_weights(values, weights)
    total_w, total = w.sum(), np.dot(w, x)
    if total_w <= 0 or total <= 0:
        return 0.0
    cum_w = np.cumsum(w)
    cum_w -= 0.5 * w  # mid-rank of each group
    return float(2.0 * np.dot(w * x, cum_w) / (total_w * total) - 1.0)


@dataclass(frozen=True)
class Welfare:
    """Household welfare measures of one month."""

    per_capita_income: np.ndarray  # income per resident person, local currency per month
    equivalised_income: np.ndarray  # income per equivalent adult
    residents: np.ndarray  # resident persons (adults at home + children)


def household_welfare(income: np.ndarray, resident_adults: np.ndarray, children: np.ndarray) -> Welfare:
    """Per-capita and equivalised income of every household (0 where nobody lives)."""
    residents = resident_adults + children
    scale = equivalence_scale(resident_adults, children)
    per_capita = np.divide(income, residents, out=np.zeros(len(income)), where=residents > 0)
    equivalised = np.divide(income, scale, out=np.zeros(len(income)), where=scale > 0)
    return Welfare(per_capita, equivalised, residents)


def line_basis(national: bool, basis: str) -> str:
    """What a poverty line is counted per: a national line as its statistics office counts
    it (`basis`), a relative line per equivalent adult (it is a share of the median
    equivalised income)."""
    return basis if national else "per equivalent adult"


def poverty_line_words(
    national: bool, relative_share: float, line_local: float, currency: str, per: str = "per equivalent adult"
) -> str:
    """Which line a run's poverty rate counts under, as tables and figures name it: the preset's
    national line, or `relative_share` of the median equivalised household income where the
    scenario starts; either way fixed in real terms from there (it rises with consumer prices),
    unlike the at-risk-of-poverty rate reported beside it, whose line moves with each month's
    median (`at_risk_of_poverty_rate`)."""
    amount = (
        f"{line_local:,.0f} {currency} {line_basis(national, per)} a month at the scenario's start, "
        "indexed to consumer prices"
    )
    if national:
        return f"national poverty line ({amount})"
    return (
        f"{100 * relative_share:.0f} % of the median equivalised household income at the scenario's start ({amount}); "
        "the preset has no national line in local currency"
    )


def poverty_line_label(national: bool, relative_share: float) -> str:
    """The line in a few words, for a figure's panel: 'national line' or '60 % of the start's median'."""
    return "national line" if national else f"{100 * relative_share:.0f} % of the start's median"


def income_for_line(welfare: Welfare, per_person: bool) -> np.ndarray:
    """Each household's income as its poverty line counts it: per resident person, or per
    equivalent adult (`equivalence_scale`)."""
    return welfare.per_capita_income if per_person else welfare.equivalised_income


def person_quantile(values: np.ndarray, persons: np.ndarray, q: float) -> float:
    """`weighted_quantile` for whole persons (household income over its residents), without
    sorting every household: the quantile is sought among the households whose values lie
    between two quantiles of an evenly spaced sample of them (q +- 0.02, then +- 0.1), which
    holds it unless the sample misleads (then the full sort). Exact either way."""
    weight = np.asarray(persons, dtype=np.float64)
    total = float(weight.sum())
    if len(values) == 0 or total <= 0:
        return 0.0
    target = q * total  # the quantile is the first value whose persons up to it reach this
    if target <= 0:
        return float(values.min())
    step = max(len(values) // QUANTILE_SAMPLE, 1)
    sample, sample_weight = values[::step], weight[::step]
    for band in (0.02, 0.1):
        below = values < weighted_quantile(sample, sample_weight, max(q - band, 0.0))
        up_to = values <= weighted_quantile(sample, sample_weight, min(q + band, 1.0))
        persons_below = float(np.dot(weight, below))  # whole persons: any order sums them exactly
        if persons_below < target <= float(np.dot(weight, up_to)):
            inside = up_to & ~below
            return _quantile_in(values[inside], weight[inside], target - persons_below)
    return weighted_quantile(values, weight, q)


def _quantile_in(values: np.ndarray, persons: np.ndarray, reach: float) -> float:
    """The first value, in ascending order, whose persons up to it reach `reach`."""
    order = np.argsort(values)
    return float(values[order][np.searchsorted(np.cumsum(persons[order]), reach)])


QUANTILE_SAMPLE = 2048
"""Households in the evenly spaced sample that brackets a quantile in `person_quantile`."""


AT_RISK_SHARE = 0.6
"""Eurostat's at-risk-of-poverty threshold: 60 % of the national median equivalised income."""


def at_risk_of_poverty_rate(welfare: Welfare, share: float = AT_RISK_SHARE) -> float:
    """Share of resident persons whose equivalised household income is below `share` of this
    month's median equivalised income over persons: the EU's at-risk-of-poverty rate (Eurostat
    ilc_li02, 60 % of the national median), whose line moves with the median."""
    people = welfare.residents.sum()
    if not people:
        return 0.0
    line = share * person_quantile(welfare.equivalised_income, welfare.residents, 0.5)
    return float(np.dot(welfare.residents, welfare.equivalised_income < line) / people)  # whole persons: exact


def line_at_prices(line_local: float, line_year: int, price_year: int, inflation_percent: dict[int, float]) -> float:
    """A poverty line published in `line_year`'s prices moved to `price_year`'s with the
    annual average consumer price inflation of the years between (percent, keyed by year):
    up by each later year's inflation, down by it for an earlier price year."""
    factor = 1.0
    for year in range(min(line_year, price_year) + 1, max(line_year, price_year) + 1):
        if year not in inflation_percent:
            raise KeyError(year)
        factor *= 1.0 + inflation_percent[year] / 100.0
    return line_local * factor if price_year > line_year else line_local / factor


def poverty_rate(welfare: Welfare, poverty_line: float, per_person: bool = False) -> float:
    """Share of resident persons in households whose income per equivalent adult (or per
    person, `per_person`) is below the line."""
    people = welfare.residents.sum()
    poor = income_for_line(welfare, per_person) < poverty_line
    return float(np.dot(welfare.residents, poor) / people) if people else 0.0  # whole persons: exact


@dataclass(frozen=True)
class IncomeSources:
    """Where household income comes from, and what each source does to its inequality.

    Attributes:
        share: Each source's share of residents' household income (by source name).
        gini_without: Income Gini (per person, as `weighted_gini`) of income less that source.
        persons_without_earnings: Share of resident persons whose household has no income from
            work, pensions, benefits or remittances (at most its dividends).
    """

    share: dict[str, float]
    gini_without: dict[str, float]
    persons_without_earnings: float


def income_sources(income: np.ndarray, sources: dict[str, np.ndarray], residents: np.ndarray) -> IncomeSources:
    """Decompose households' `income` (local currency a month) among `sources` (each an array
    per household, summing with the others to `income` but for taxes), for the households with
    `residents`: shares, the Gini of income less each source, and the persons whose household
    lives on dividends at most ("dividends" in `sources`)."""
    lived_in = residents > 0
    people = residents[lived_in]
    total = income[lived_in].sum()
    per_person = {name: values[lived_in] / people for name, values in sources.items()}
    share = {name: float(values[lived_in].sum() / total) if total > 0 else 0.0 for name, values in sources.items()}
    base = income[lived_in] / people
    gini_without = {name: weighted_gini(np.maximum(base - part, 0.0), people) for name, part in per_person.items()}
    work = sum(values[lived_in] for name, values in sources.items() if name != "dividends")
    without = float(people[work <= 0].sum() / people.sum()) if people.sum() else 0.0
    return IncomeSources(share, gini_without, without)
