"""The initial economy: workers, firms and households built from a country preset.

The stocks are drawn to match the preset's observed facts (employment, unemployment and
inactivity; informality and own-account work; employment by sector; population by region;
the average wage), and the opening accounts (`sim.social_accounts`) then set the money
flows around them: firms' value added from their labour costs and the labour income share,
GDP by expenditure and tax revenue at the preset's shares, so that at the start demand for
every market equals what its firms produce and households neither save nor dissave. Behavioural flows (for
example the entry rate into the labour force) are set so that these stocks are a steady
state of the monthly cycle. Firm sizes follow a Pareto tail (Axtell 2001).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from sim.config import (
    SECTORS,
    SKILL_FIT,
    SKILL_LEVELS,
    TRADABLE_SECTORS,
    CountryConfig,
    ModelParams,
    inflation_by_year,
)
from sim.firms import Firms
from sim.household_formation import HOUSEHOLD_TYPE_KEYS, Composition, allocate, fit_size_dispersion, form_households
from sim.government import income_taxes
from sim.households import (
    Households,
    assign_households,
    household_table,
    with_households_of_one,
    household_welfare,
    line_at_prices,
    ownership_shares,
    pensions,
    pooled_income,
    steady_balance,
    weighted_quantile,
)
from sim.markets.accounts import FirmCosts, closure_hazard, settle_accounts
from sim.markets.goods import DemandStructure, market_index
from sim.markets.matching import RANKING_NOISE
from sim.markets import immigration
from sim.markets.migration import MigrationParams, destination_employment, emigration_probability, income_ratio
from sim.markets.separations import FlowRates, labour_force_outflow, participation_entry_rate
from sim.policy import sector_vector
from sim.prices import unit_costs
from sim.regions import (
    counts_at_rates,
    distances_km,
    expected_earnings,
    fit_joint,
    gravity_moves,
    migrant_shares,
    region_facts,
    regional_wage_levels,
    sector_pattern,
    unemployment_by_region,
)
from sim.social_accounts import (
    FiscalRates,
    OpeningAccounts,
    OpeningInputs,
    demand_structure,
    open_accounts,
    statutory_rates,
)
from sim.workers import (
    NO_DESTINATION,
    NO_EMPLOYER,
    NO_SECTOR,
    AgeGroup,
    Status,
    Workers,
    at_home,
    count_each,
    draw_ability,
)


@dataclass
class Calibration:
    """Constants derived at start that the monthly cycle keeps using.

    Attributes:
        regions: Region names.
        demand: Constants of goods demand.
        normal_margin: Profit margin of each market at start (sector x region, flattened).
        formal_share: Chance that an entrant to a market is formal: the formal share of the
            market's firms that close for reasons outside the model at start (its small firms),
            or of all its firms where none is small.
        own_account_sector_prob: Sector of new own-account work, region x sector.
        own_account_entry_rate: Monthly chance that an unemployed person without an offer
            starts own-account work, by region, set so that each region's own-account work is
            stationary at start.
        own_account_inactive_entry_rate: Monthly chance that an inactive person starts
            own-account work, by region: the rest of those entries
            (`ModelParams.own_account_entry_from_inactivity`).
        own_account_rate: Own-account income per unit of skill premium by region at start.
        rates: Monthly transition probabilities.
        skill_fit: Sector x skill chance to apply (see SKILL_FIT).
        union_join_probability: Chance a new formal hire joins its sector's union.
        migration: Constants of migration.
        poverty_line: Poverty line per equivalent adult per month, local currency: the
            preset's national line, or the relative line at start, held fixed (anchored).
        pension_coverage: Chance that a person reaching the older age group draws a pension.
        minimum_wage: Statutory monthly minimum wage at start, local currency.
        opening: The opening accounts (GDP by expenditure, taxes, sector balances).
        fiscal: Effective tax rates.
        foreign_ownership: Share of firms' owners abroad (dividends paid abroad).
        markup: Mark-up factor of each sector on unit cost (1 + mark-up).
        usd_rate: Local currency per US dollar at start (NaN where the preset has none).
        average_pension: Average pension at start: the preset's, or pay-as-you-go.
        entrant_productivity: Mean productivity an entrant draws around, by sector, region
            and formality (index (sector x region) x 2 + formal).
        normal_unemployment: Unemployment rate of each region at which wages neither rise
            nor fall for want of workers: the region's rate at start (its published rate
            scaled to the preset's national rate).
        own_currency_destination: Index of a destination whose currency is ours (our money
            moves with it against the dollar), or None.
        entry_by_region: Monthly chance that an inactive resident of each region enters the
            labour force: the rate that keeps the region's labour force stationary at start.
        entry_skill_factor: Each skill level's entry rate relative to its region's (regions x
            skills, `skill_entry_factors`), so that each skill's labour force is stationary at
            start too, as sorted by skill as the start puts it.
        own_account_skill_weight: Relative chance of each skill level among the starters of
            own-account work, from unemployment (row 0) and from inactivity (row 1), by
            region and skill (2 x regions x skills, `skill_weights`): starters with the skills
            of own-account workers at start.
        entry_region_share: Regional split of each sector's jobs in firms at start (sectors x
            regions): where an entrant to a tradable (national) market sets up, the regions'
            endowments (land, deposits, plants, skills) that entry does not move.
        expected_earnings_start: What a member of each region's labour force expects to earn
            a month at start (mean wage of employees x (1 - unemployment rate)): the spatial
            equilibrium from which internal migration answers changes.
        moves_at_start: Monthly chance that a household of region i moves to region j at
            start (regions x regions; zero where the preset has no internal migration rate).
        wage_level: Pay level of each region relative to the national (the factor that put its
            wages at their published ratio, `sim.regions.regional_wage_levels`; 1 where none
            is published and none needed): agreements' grids are scaled by it.
        immigration: Constants of the foreign workers (`ImmigrationCalibration`).
        school_leaving_rate: Monthly chance that a student leaves school for inactivity
            (`sim.markets.education.leaving_rate`), set when the model draws its students.
        school_return_share: Chance that a young person who leaves the labour force goes
            back to school (the start's share of students among the inactive young).
    """

    regions: tuple[str, ...]
    demand: DemandStructure
    normal_margin: np.ndarray
    formal_share: np.ndarray
    own_account_sector_prob: np.ndarray
    own_account_entry_rate: np.ndarray
    own_account_inactive_entry_rate: np.ndarray
    own_account_rate: np.ndarray
    rates: FlowRates
    skill_fit: np.ndarray
    union_join_probability: np.ndarray
    migration: MigrationCalibration
    poverty_line: float
    pension_coverage: float
    minimum_wage: float
    opening: OpeningAccounts
    fiscal: FiscalRates
    foreign_ownership: float
    markup: np.ndarray
    usd_rate: float
    average_pension: float
    entrant_productivity: np.ndarray
    normal_unemployment: np.ndarray
    own_currency_destination: int | None
    entry_by_region: np.ndarray
    entry_skill_factor: np.ndarray
    own_account_skill_weight: np.ndarray
    entry_region_share: np.ndarray
    expected_earnings_start: np.ndarray
    moves_at_start: np.ndarray
    wage_level: np.ndarray
    immigration: ImmigrationCalibration
    school_leaving_rate: float = 0.0
    school_return_share: float = 0.0


def skill_fit_matrix() -> np.ndarray:
    """Sector x skill matrix of SKILL_FIT (1 where a sector is not listed)."""
    return np.array([SKILL_FIT.get(s, (1.0,) * len(SKILL_LEVELS)) for s in SECTORS])


def informality_by_sector(share: np.ndarray, weight: np.ndarray, target: float) -> np.ndarray:
    """Informal share of each sector's jobs, proportional to `weight` (capped at 1), with
    the employment-weighted mean equal to `target` (bisection on the scale)."""
    lo, hi = 0.0, 1.0 / max(weight[weight > 0].min(initial=1.0), 1e-9) + 1.0
    for _ in range(100):
        mid = 0.5 * (lo + hi)
        if np.dot(share, np.minimum(1.0, mid * weight)) < target:
            lo = mid
        else:
            hi = mid
    return np.minimum(1.0, hi * weight)


EMPLOYMENT_SORTING_NOISE = 5.0
"""Noise (in skill levels) of the ranking that picks the employed at start: wide, so that
the employed are only somewhat more skilled than the inactive. Set on an older steady state
(Kyrgyzstan after 20 years: mean skill level 0.93 employed, 0.80 inactive); since the
regions' mobility and the sorted start, Kyrgyzstan's employees reach 1.23 and its inactive
0.83 after 20 years (seed 0, scale 200), and Tajikistan's employees climb from 1.20 to 1.55
in eight years: a start too little sorted, `tests/test_slow.py`."""


def sectors_and_formality(
    formal_jobs: np.ndarray, informal_jobs: np.ndarray, skill: np.ndarray, fit: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Sector and formality of one region's employed, given their skills.

    Formal jobs of every sector, the public sector's among them, go to the more skilled
    (skill plus a noise of standard deviation RANKING_NOISE, as employers rank applicants in
    `sim.markets.matching`), informal jobs to the rest (informality falls steeply with
    education: ILO, Women and men in the informal economy, 2018). Within each of the two
    groups a worker's sector is drawn given its skill from the joint of the group's jobs by
    sector and its skills (`fit_joint`, with the zeros of the sector x skill `fit`).

    Returns (sector, informal) for each worker.
    """
    n = len(skill)
    jobs = formal_jobs.sum() + informal_jobs.sum()
    n_formal = int(round(n * formal_jobs.sum() / jobs)) if jobs > 0 else n
    key = skill + rng.normal(0.0, RANKING_NOISE, n)
    informal = np.zeros(n, dtype=bool)
    informal[np.argsort(key, kind="stable")[: n - n_formal]] = True
    sector = np.full(n, NO_SECTOR, dtype=np.int8)
    for group, group_jobs in ((~informal, formal_jobs), (informal, informal_jobs)):
        members = np.flatnonzero(group)
        if not len(members) or group_jobs.sum() <= 0:
            continue
        skills = np.bincount(skill[members], minlength=fit.shape[1]).astype(float)
        joint = fit_joint(group_jobs / group_jobs.sum(), skills / skills.sum(), fit)
        for k in range(fit.shape[1]):
            who = members[skill[members] == k]
            column = joint[:, k]
            if len(who) and column.sum() > 0:
                sector[who] = rng.choice(len(group_jobs), size=len(who), p=column / column.sum())
    if np.any(sector == NO_SECTOR):
        raise ValueError(
            f"{np.count_nonzero(sector == NO_SECTOR)} employed persons fit no sector with jobs: "
            "their skills are excluded from every such sector (the sector x skill fit)"
        )
    return sector, informal


def unemployed_youth_by_region(
    youth_rate: float | None, youth_force: np.ndarray, adult_force: np.ndarray, unemployed: np.ndarray
) -> np.ndarray:
    """How many of each region's `unemployed` are young (15-24).

    Each region's unemployed split between its young and adult labour force in the ratio
    k Y_r : A_r, the young being k times as likely to be unemployed as adults everywhere,
    with k set (bisection) so that the young are unemployed at `youth_rate` nationally.
    Without a youth rate (or one the total cannot hold) k = 1: the young are unemployed like
    everyone else."""
    youth_force, adult_force = np.asarray(youth_force, float), np.asarray(adult_force, float)
    unemployed = np.asarray(unemployed, float)

    def youth(k: float) -> np.ndarray:
        weight = k * youth_force + adult_force
        return np.divide(k * youth_force * unemployed, weight, out=np.zeros_like(weight), where=weight > 0)

    k = 1.0
    wanted = None if youth_rate is None else youth_rate * youth_force.sum()
    if wanted is not None and 0 < wanted < unemployed.sum() and youth_force.sum() > 0:
        lo, hi = 0.0, 1e6
        for _ in range(100):
            k = 0.5 * (lo + hi)
            lo, hi = (k, hi) if youth(k).sum() < wanted else (lo, k)
    return np.minimum(np.round(youth(k)), youth_force).astype(np.int64)


def months_unemployed_at_start(
    status: np.ndarray, long_term_share: float | None, rng: np.random.Generator
) -> np.ndarray:
    """Months in status at start: the unemployed have been so for a geometric number of months
    whose 12-month survival is the preset's long-term unemployment share (exit rate
    q = 1 - share^(1/12)); everyone else, and every unemployed person where no share is
    published, starts at 0."""
    months = np.zeros(len(status), dtype=np.int32)
    unemployed = np.flatnonzero(status == Status.UNEMPLOYED)
    if long_term_share is None or long_term_share <= 0 or len(unemployed) == 0:
        return months
    exit_rate = 1.0 - min(long_term_share, 0.999) ** (1.0 / 12.0)
    months[unemployed] = rng.geometric(exit_rate, len(unemployed)) - 1
    return months


def age_structure(country: CountryConfig, p: ModelParams) -> np.ndarray:
    """Shares of youth, prime and older in the 15+ population: the preset's, else the
    stationary structure of a constant population with `years_*` in each group."""
    if country.youth_population_share is not None and country.older_population_share is not None:
        y, o = country.youth_population_share, country.older_population_share
        return np.array([y, 1.0 - y - o, o])
    years = np.array([p.years_youth, p.years_prime, p.years_older])
    return years / years.sum()


def flow_rates(p: ModelParams, age_shares: np.ndarray, inactive_to_unemployed: float = 0.0) -> FlowRates:
    """Monthly transition rates. Ageing keeps `age_shares` stationary: young people age at
    1 / (12 years_youth); the other rates pass the same flow on (retirees are replaced by
    young entrants, so the population is constant)."""
    youth_to_prime = 1.0 / (12.0 * p.years_youth)
    flow = youth_to_prime * age_shares[AgeGroup.YOUTH]
    return FlowRates(
        separation_formal=p.separation_rate_formal,
        separation_informal=p.separation_rate_informal,
        own_account_exit=p.own_account_exit_rate,
        employed_to_inactive=p.employed_to_inactive_rate,
        unemployed_to_inactive=p.unemployed_to_inactive_rate,
        inactive_to_unemployed=inactive_to_unemployed,
        youth_to_prime=youth_to_prime,
        prime_to_older=flow / age_shares[AgeGroup.PRIME],
        retirement=flow / age_shares[AgeGroup.OLDER],
        youth_separation_multiplier=p.youth_separation_multiplier,
        trainee_to_inactive=p.trainee_exit_ratio * p.unemployed_to_inactive_rate,
    )


def participation_by_age(
    rates: FlowRates, age_shares: np.ndarray, participation: float, unemployment: float
) -> np.ndarray:
    """Participation of youth, prime and older residents in the steady state of the flows
    between activity and inactivity, scaled to the preset's overall participation.

    Everyone enters and leaves the labour force at the same rates (entry e from inactivity,
    exit x from the labour force), young people arrive inactive (retirees are replaced by
    young entrants) and the groups age at g_y, g_p and retire at r, so
        p_youth = e / (e + x + g_y),
        p_prime = (e + g_p p_youth) / (e + x + g_p),
        p_older = (e + r p_prime) / (e + x + r),
    with e set (bisection) so that the population-weighted mean is `participation`. Starting
    there, participation by age does not drift for decades as cohorts replace each other.
    """
    exit = (1.0 - unemployment) * rates.employed_to_inactive + unemployment * rates.unemployed_to_inactive

    def by_age(entry: float) -> np.ndarray:
        youth = entry / (entry + exit + rates.youth_to_prime)
        prime = (entry + rates.prime_to_older * youth) / (entry + exit + rates.prime_to_older)
        older = (entry + rates.retirement * prime) / (entry + exit + rates.retirement)
        return np.array([youth, prime, older])

    lo, hi = 0.0, 1.0
    for _ in range(80):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if np.dot(age_shares, by_age(mid)) < participation else (lo, mid)
    return by_age(0.5 * (lo + hi))


def stock_by_age(rates: FlowRates, exit_rate: float, inflow_by_age: np.ndarray) -> np.ndarray:
    """A stock's size by age group in the steady state of its flows (unnormalised): people
    enter at each age at `inflow_by_age`, leave at `exit_rate` at every age, age, and retire:
        S_youth = I_youth / (x + g_y),
        S_prime = (I_prime + g_y S_youth) / (x + g_p),
        S_older = (I_older + g_p S_prime) / (x + r),
    with x the exit rate. Starting there, the stock does not drift as cohorts age."""
    inflow = inflow_by_age.astype(float)
    youth = inflow[AgeGroup.YOUTH] / (exit_rate + rates.youth_to_prime)
    prime = (inflow[AgeGroup.PRIME] + rates.youth_to_prime * youth) / (exit_rate + rates.prime_to_older)
    older = (inflow[AgeGroup.OLDER] + rates.prime_to_older * prime) / (exit_rate + rates.retirement)
    return np.array([youth, prime, older])


def own_account_by_age(rates: FlowRates, unemployed_by_age: np.ndarray) -> np.ndarray:
    """Age profile of own-account workers in the steady state of their flows (`stock_by_age`):
    they enter from unemployment (at each age in proportion to the unemployed), and stop or
    leave the labour force at the same rates at every age."""
    profile = stock_by_age(rates, rates.own_account_exit + rates.employed_to_inactive, unemployed_by_age)
    return profile / profile.sum() if profile.sum() > 0 else np.full(3, 1.0 / 3.0)


def abroad_by_age(rates: FlowRates, return_rate: float, emigrants_by_age: np.ndarray) -> np.ndarray:
    """Age profile of migrants abroad in the steady state of their flows (`stock_by_age`):
    they leave from the labour force below the older age group (`emigrants_by_age`, in
    proportion), return at `return_rate`, age while abroad, and retire."""
    below_older = np.array([emigrants_by_age[AgeGroup.YOUTH], emigrants_by_age[AgeGroup.PRIME], 0.0])
    profile = stock_by_age(rates, return_rate, below_older)
    return profile / profile.sum() if profile.sum() > 0 else np.array([0.5, 0.5, 0.0])


def own_account_outflow(own_account: np.ndarray, age_group: np.ndarray, rates: FlowRates, emigrants: float = 0.0) -> float:
    """Own-account workers who leave it in a month at start: those who stop, leave the labour
    force, retire or emigrate."""
    older = np.count_nonzero(own_account & (age_group == AgeGroup.OLDER))
    outflow = (rates.own_account_exit + rates.employed_to_inactive) * own_account.sum() + rates.retirement * older
    return float(outflow + emigrants)


def own_account_entry_rates(
    outflow: np.ndarray, unemployed: np.ndarray, inactive: np.ndarray, from_inactivity: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Monthly entry rates into own-account work that balance its `outflow`
    (`own_account_outflow`), so that it is stationary at start: from unemployment, and straight
    from inactivity for the share `from_inactivity` of the entrants
    (`ModelParams.own_account_entry_from_inactivity`). Arrays are by region.

    The rate from unemployment applies to those still unemployed after the month's matching, a
    pool that holds the month's entrants to own-account work besides the stock left unemployed
    at the end of the month. In a steady state the pool is U + E with E = their entries, so the
    rate is E / (U + E), not E / U (which would let the stock grow until its outflow matched the
    larger entry). The rate from inactivity spreads its entries over the inactive, whose stock
    they hardly change.

    In labour force surveys people start working on their own account without having been
    counted as job seekers the month before: gross flows run straight from inactivity to
    informal self-employment (Perry et al. 2007, Informality: Exit and Exclusion, World Bank,
    chapter 4). The share is not published for the presets; it is fitted to the long-term
    unemployment share where that is. These entrants join the labour force by this route, so
    the entry rate into job search that holds participation is lowered by as many
    (`participation_entry_rate`)."""
    from_unemployment = (1.0 - from_inactivity) * outflow
    return (
        np.minimum(1.0, from_unemployment / np.maximum(unemployed + from_unemployment, 1.0)),
        np.minimum(1.0, from_inactivity * outflow / np.maximum(inactive, 1.0)),
    )


def skill_entry_factors(outflow: np.ndarray, inactive: np.ndarray) -> np.ndarray:
    """Each skill level's entry rate into the labour force relative to its region's (regions x
    skills): the rates outflow / inactive that keep each skill's labour force stationary,
    clipped at zero and scaled so that the region's entries are unchanged.

    The start sorts the labour force by skill (participation rises with education: the
    employed and job seekers are drawn from the more skilled, `build`), while people leave the
    labour force at rates that ignore skill. With one entry rate for all skills, the inactive
    skilled would enter no more often than others, the labour force would drift towards the
    population's skills, and pay per employee would fall with no change in pay rates (Albania,
    Serbia and Tajikistan: real median wages -7 %, -3 % and -5 % in 20 years, posted wages
    unchanged). `outflow` is each cell's net flow out of the labour force a month, less what
    enters straight into own-account work; `inactive` the cell's inactive residents."""
    outflow = np.maximum(np.asarray(outflow, dtype=float), 0.0)
    inactive = np.asarray(inactive, dtype=float)
    rate = np.divide(outflow, inactive, out=np.zeros_like(outflow), where=inactive > 0)
    entries = (rate * inactive).sum(axis=1, keepdims=True)
    region_rate = np.divide(entries, inactive.sum(axis=1, keepdims=True), out=np.zeros_like(entries), where=entries > 0)
    return np.divide(rate, region_rate, out=np.ones_like(rate), where=region_rate > 0)


def skill_weights(starters: np.ndarray, pool: np.ndarray, pseudo_count: float = 0.5) -> np.ndarray:
    """Relative chance of each skill level to be drawn from `pool` (regions x skills, persons)
    so that those drawn have the skills of `starters` (regions x skills, persons a month): the
    ratio of the two skill shares. `pseudo_count` persons are added to each cell of the pool (a
    stock), so that a skill absent from the pool at start does not get an unbounded weight
    later; none to the starters (a flow of a few persons a month, which a pseudo-count would
    blur towards equal shares)."""
    starters = np.asarray(starters, dtype=float)
    pool = np.asarray(pool, dtype=float) + pseudo_count
    target = np.divide(starters, starters.sum(axis=1, keepdims=True), out=np.zeros_like(starters), where=starters > 0)
    return target / (pool / pool.sum(axis=1, keepdims=True))


@dataclass(frozen=True)
class MigrationCalibration:
    """Constants of migration derived at start.

    Attributes:
        destination_wage_local: Monthly wage of a migrant in work abroad, in local currency
            at base exchange rate: the level at which remittances are the preset's share of GDP.
        network_start: Share of each region's working-age people abroad at start.
        destination_share_start: Share of the migrants abroad in each destination at start.
        params: The behavioural parameters of migration, the calibrated propensity included.
        propensity_by_region: Emigration propensity of each region's candidates: the rate at
            which the region's emigration balances the returns and retirements of its own
            migrants at start (regions with larger networks abroad send more), or the
            national propensity everywhere when the user sets one.
    """

    destination_wage_local: float
    network_start: np.ndarray
    destination_share_start: np.ndarray
    params: MigrationParams
    propensity_by_region: np.ndarray


@dataclass(frozen=True)
class ImmigrationCalibration:
    """Constants of the foreign workers (`sim.markets.immigration`), derived at start.

    Attributes:
        first_foreign: Index of the first foreign worker: persons from here on are foreign
            (those here at start first, then those away), those before it ours.
        first_foreign_household: Index of the first foreign worker's household (one each).
        remittance_share: Share of their gross earnings the employed send home (at most
            their take-home pay): what gives the preset's remittances paid at start.
        arrival_rate: Monthly arrival probability of those away that balances departures at start.
        pool_start: Foreign workers away at start.
        income_start: Their expected earnings here at start (employment rate x mean earnings,
            local currency a month, base exchange rate).
        alternative: Index of their other destination among the preset's, or None.
        alternative_employment_start: The chance of work there at start.
    """

    first_foreign: int
    first_foreign_household: int
    remittance_share: float = 0.0
    arrival_rate: float = 0.0
    pool_start: int = 0
    income_start: float = 0.0
    alternative: int | None = None
    alternative_employment_start: float = 1.0


def foreign_income(status: np.ndarray, wage: np.ndarray) -> float:
    """Expected earnings of a foreign worker here: their employment rate times the mean
    earnings of those in work (`status`, `wage`: of the foreign workers)."""
    present = at_home(status)
    working = status <= Status.EMPLOYED_INFORMAL
    n_present = np.count_nonzero(present)
    if n_present == 0 or not working.any():
        return 0.0
    return float(np.count_nonzero(working) / n_present * wage[working].mean())


def calibrate_immigration(
    country: CountryConfig,
    p: ModelParams,
    workers: Workers,
    net_earnings: np.ndarray,
    gdp: float,
    first_foreign: int,
    first_foreign_household: int,
) -> ImmigrationCalibration:
    """The share of earnings foreign workers send home, so that remittances paid (from their
    pay, `net_earnings` after taxes, and the deposits of those who leave) are the preset's
    share of `gdp` (monthly, at start), and the arrival rate that balances their departures at
    the return rates of migrants."""
    none = ImmigrationCalibration(first_foreign, first_foreign_household)
    if country.immigration is None or first_foreign == len(workers):
        return none
    w = workers
    status, wage = w.status[first_foreign:], w.wage[first_foreign:]
    working = status <= Status.EMPLOYED_INFORMAL
    share = immigration.remittance_share_at_start(
        country.immigration.remittances_paid_gdp_share * gdp,
        wage[working].sum(),
        net_earnings[first_foreign:][working].sum(),
        p.return_rate_employed,
        (1.0 - p.propensity_to_consume_income) / p.propensity_to_consume_wealth,
    )
    if share > 1.0:
        raise ValueError(
            f"{country.name}: remittances paid ({country.immigration.remittances_paid_gdp_share:.2%} of GDP) exceed "
            f"what its {country.immigration.foreign_workers:,.0f} foreign workers earn at start; check the two figures"
        )
    present = at_home(status)
    leaving = np.where(working, p.return_rate_employed, p.return_rate_jobless)[present].sum()
    pool = int(np.count_nonzero(status == Status.AWAY))
    names = list(country.destinations)
    alternative = names.index(country.immigration.alternative) if country.immigration.alternative else None
    return ImmigrationCalibration(
        first_foreign=first_foreign,
        first_foreign_household=first_foreign_household,
        remittance_share=share,
        arrival_rate=immigration.arrival_rate_at_start(leaving, pool),
        pool_start=pool,
        income_start=foreign_income(status, wage),
        alternative=alternative,
        alternative_employment_start=float(destination_employment(p.destination_employment_rate, np.ones(1))[0]),
    )


def destinations_at_start(country: CountryConfig, n_abroad: int, rng: np.random.Generator) -> np.ndarray:
    """Destination of each of `n_abroad` migrants at start: the preset's shares, exactly
    (`allocate`), in random order (no draw with a single destination)."""
    shares = np.array([d.migrant_share for d in country.destinations.values()])
    placed = (
        np.repeat(np.arange(len(shares), dtype=np.int8), allocate(n_abroad, shares))
        if n_abroad
        else np.zeros(0, np.int8)
    )
    if len(shares) > 1:
        rng.shuffle(placed)
    return placed


def migration_candidates(status: np.ndarray, age_group: np.ndarray) -> np.ndarray:
    """Residents who may emigrate for work this month: the labour force (employed and job
    seekers) and trainees (who would otherwise be job seekers), below the older age group."""
    return ((status <= Status.UNEMPLOYED) | (status == Status.IN_TRAINING)) & (age_group != AgeGroup.OLDER)


def home_income(wage: np.ndarray, status: np.ndarray, fallback: np.ndarray) -> np.ndarray:
    """Income a person expects at home: the wage if employed, else the fallback (what
    own-account work pays in the region)."""
    return np.where(status <= Status.EMPLOYED_INFORMAL, wage, fallback)


def network_share(
    region: np.ndarray, status: np.ndarray, n_regions: int, abroad: np.ndarray | None = None
) -> np.ndarray:
    """Share of each region's working-age people who are abroad (`abroad`: their indices,
    where the caller has them)."""
    if abroad is None:
        abroad = np.flatnonzero(status == Status.ABROAD)
    return count_each(region[abroad], n_regions) / np.maximum(count_each(region, n_regions), 1)


def calibrate_migration(
    country: CountryConfig,
    p: ModelParams,
    workers: Workers,
    gdp: float,
    households: Households,
    own_account: np.ndarray,
    posted_by_region: np.ndarray,
    retirement_rate: float,
    rng: np.random.Generator,
) -> tuple[MigrationCalibration, np.ndarray, np.ndarray]:
    """Set the wage abroad so that remittances are the preset's share of `gdp` (monthly, at
    start), and the
    emigration propensity so that emigration balances expected returns and retirements
    abroad (`retirement_rate`, monthly, of the older); record the
    remittances households receive at start.

    Returns the calibration, each worker's emigration probability at start, and the
    expected number of returns a month, by the migrants' region.
    """
    n_regions = len(posted_by_region)
    w = workers
    abroad = w.status == Status.ABROAD
    params = MigrationParams(
        propensity=p.emigration_propensity or 0.0,
        gap_elasticity=p.emigration_gap_elasticity,
        network_elasticity=p.network_elasticity,
        cost_share=p.migration_cost_share,
        remittance_share=p.remittance_share,
        return_rate_employed=p.return_rate_employed,
        return_rate_jobless=p.return_rate_jobless,
    )
    if not abroad.any() or not country.remittances_gdp_share:
        none = MigrationCalibration(
            0.0, np.zeros(n_regions), np.zeros(len(country.destinations)), params, np.full(n_regions, params.propensity)
        )
        return none, np.zeros(len(w)), np.zeros(n_regions)
    e = p.destination_employment_rate
    wage_abroad = country.remittances_gdp_share * gdp / (p.remittance_share * e * abroad.sum())
    # exactly the expected share in work abroad, so that remittances at start are the target
    employed_abroad = np.zeros(len(w), dtype=bool)
    migrants = np.flatnonzero(abroad)
    employed_abroad[rng.choice(migrants, size=int(round(e * len(migrants))), replace=False)] = True
    households.remittances[:] = np.bincount(
        w.household[employed_abroad],
        weights=np.full(employed_abroad.sum(), p.remittance_share * wage_abroad),
        minlength=len(households),
    )
    fallback = (
        p.own_account_earnings_ratio
        * posted_by_region[w.region]
        * w.efficiency(slice(None), np.asarray(p.skill_premium))
    )
    candidates = migration_candidates(w.status, w.age_group)
    ratio = income_ratio(e * wage_abroad, home_income(w.wage, w.status, fallback), p.migration_cost_share)
    return_rate = e * p.return_rate_employed + (1 - e) * p.return_rate_jobless
    # the stock abroad loses those who return and those who retire abroad, region by region
    returns = np.bincount(w.region[abroad], minlength=n_regions) * return_rate
    older_abroad = abroad & (w.age_group == AgeGroup.OLDER)
    outflow = returns + np.bincount(w.region[older_abroad], minlength=n_regions) * retirement_rate
    pull = np.bincount(
        w.region[candidates], weights=ratio[candidates] ** p.emigration_gap_elasticity, minlength=n_regions
    )
    if p.emigration_propensity is None:
        params = dataclasses.replace(params, propensity=outflow.sum() / pull.sum())
        by_region = np.divide(outflow, pull, out=np.full(n_regions, params.propensity), where=pull > 0)
    else:
        by_region = np.full(n_regions, params.propensity)
    emigrate = np.zeros(len(w))
    ones = np.ones(candidates.sum())
    emigrate[candidates] = emigration_probability(
        ratio[candidates] ** p.emigration_gap_elasticity, ones, ones, params, by_region[w.region[candidates]]
    )
    share_start = np.bincount(w.destination[abroad], minlength=len(country.destinations)) / abroad.sum()
    calibration = MigrationCalibration(
        wage_abroad, network_share(w.region, w.status, n_regions), share_start, params, by_region
    )
    return calibration, emigrate, returns


def pay_as_you_go_pension(country: CountryConfig, wage: np.ndarray, formal: np.ndarray, pensioner: np.ndarray) -> float:
    """The average pension where the preset has none: social insurance pays out what it
    collects (employees' and employers' contributions on formal pay at start, shared by the
    pensioners), a pay-as-you-go balance, so that contributions are not a tax that buys
    nothing. A stated rule, not a figure of the country."""
    t = country.taxes
    rate = (t.employee_social_contributions or 0.0) + (t.employer_social_contributions or 0.0)
    return float(rate * wage[formal].sum() / max(np.count_nonzero(pensioner), 1))


def national_line(country: CountryConfig) -> float | None:
    """The preset's national poverty line a month in the wages' prices (moved from the year
    it is published in with consumer price inflation), or None: a relative line."""
    if country.poverty_line_local is None:
        return None
    if country.poverty_line_year is None or country.price_year is None:
        return float(country.poverty_line_local)
    inflation = inflation_by_year(country.consumer_prices)
    return line_at_prices(country.poverty_line_local, country.poverty_line_year, country.price_year, inflation)


def minimum_wage_level(country: CountryConfig, employee_wages: np.ndarray) -> float:
    """The statutory minimum wage at start: the preset's level, or its ratio to the median
    wage times the median of the employees' wages."""
    if country.minimum_wage_local is not None:
        return float(country.minimum_wage_local)
    return float(country.minimum_wage_to_median * np.median(employee_wages))


def pension_coverage(country: CountryConfig, age_shares: np.ndarray, population: float) -> float:
    """Share of the older residents who draw a pension: pensioners / older population, or
    all of them when the number of pensioners is not known."""
    if country.pensioners is None:
        return 1.0
    return float(min(1.0, country.pensioners / (age_shares[AgeGroup.OLDER] * population)))


def household_composition(country: CountryConfig, p: ModelParams) -> Composition:
    """The preset's household survey (`country.households`) in the terms of
    `sim.household_formation`; the spread of sizes still to be fitted."""
    survey = country.households
    types = np.array([getattr(survey.types, name) for name in HOUSEHOLD_TYPE_KEYS])
    return Composition(
        mean_size=survey.mean_size,
        type_shares=types / types.sum(),
        older_alone=survey.older_alone,
        older_couple_only=survey.older_couple_only,
        children_per_adult=survey.children_share / (1.0 - survey.children_share),
        couple_sorting_noise=p.couple_sorting_noise,
    )


def native_households(
    country: CountryConfig,
    p: ModelParams,
    region: np.ndarray,
    age_group: np.ndarray,
    skill: np.ndarray,
    abroad: np.ndarray,
    rng: np.random.Generator,
) -> tuple[np.ndarray, Households, np.ndarray]:
    """Households of the preset's own people: by age and kinship at its survey's sizes and types
    (`sim.household_formation`; the spread of sizes fitted to the survey's size bands where it
    gives them), or without a survey at random of `model.working_age_members_per_household`;
    the household of each person and the table."""
    if country.households is None:
        return assign_households(region, age_group, p.working_age_members_per_household, rng)
    composition = household_composition(country, p)
    sizes = country.households.sizes
    if sizes is not None:
        bands = np.array([sizes.one, sizes.two_to_three, sizes.four_to_five, sizes.six_or_more])
        composition = fit_size_dispersion(region, age_group, skill, abroad, composition, bands, rng)
    formed = form_households(region, age_group, skill, abroad, composition, rng)
    households = household_table(formed.region, formed.kind, formed.children, formed.household, age_group)
    return formed.household, households


def build(
    country: CountryConfig,
    p: ModelParams,
    scale: float,
    rng: np.random.Generator,
    ability_rng: np.random.Generator | None = None,
    household_rng: np.random.Generator | None = None,
) -> tuple[Workers, Firms, Households, Calibration]:
    """Draw the initial economy for `country` at `scale` persons per simulated person
    (abilities from `ability_rng`, their own stream, else from `rng`)."""
    facts = region_facts(country)
    regions = facts.names
    n_regions, n_sectors = len(regions), len(SECTORS)
    population = country.employed_persons / country.employment_to_population
    n_resident = max(int(round(population / scale)), 100)
    n_abroad = int(round((country.migrants_abroad or 0.0) / scale))
    n_native = n_resident + n_abroad
    # foreign workers: those here at start, then as many away (`sim.markets.immigration`), last
    n_foreign = int(round(country.immigration.foreign_workers / scale)) if country.immigration else 0
    n = n_native + 2 * n_foreign
    premium = np.asarray(p.skill_premium, dtype=float)

    # --- persons: region, age; migrants abroad (at the age profile of their flows), then the residents' status
    age_shares = age_structure(country, p)
    age_group = rng.choice(len(AgeGroup), size=n, p=age_shares).astype(np.int8)
    status = np.full(n, Status.INACTIVE, dtype=np.int8)
    status[n_native:] = Status.AWAY
    # migrants leave from the labour force below the older age group and age abroad
    rates_at_start = flow_rates(p, age_shares)
    participation_guess = participation_by_age(
        rates_at_start,
        age_shares,
        country.employment_to_population * (1.0 + country.unemployed_persons / country.employed_persons),
        country.unemployed_persons / (country.employed_persons + country.unemployed_persons),
    )
    emigrants_by_age = age_shares * participation_guess * (np.arange(len(AgeGroup)) != AgeGroup.OLDER)
    return_rate = p.destination_employment_rate * p.return_rate_employed
    return_rate += (1.0 - p.destination_employment_rate) * p.return_rate_jobless
    profile = abroad_by_age(rates_at_start, return_rate, emigrants_by_age)
    for a, count in enumerate(allocate(n_abroad, profile)):
        members = np.flatnonzero(age_group[:n_native] == a)
        status[rng.choice(members, size=min(count, len(members)), replace=False)] = Status.ABROAD
    residents = np.flatnonzero(at_home(status))
    foreign_idx = np.arange(n_native, n)
    if n_foreign:  # of the ages of those who migrate, as our own migrants
        age_group[foreign_idx] = rng.choice(
            len(AgeGroup), size=len(foreign_idx), p=emigrants_by_age / emigrants_by_age.sum()
        )
    # regions: residents by the regions' population, migrants abroad by their regions' counts
    region = np.zeros(n, dtype=np.int8)
    abroad_idx = np.flatnonzero(status == Status.ABROAD)
    shares = migrant_shares(facts, country.migrants_abroad or 0.0)
    placing = [(residents, facts.population_share), (abroad_idx, shares)]
    if n_foreign:  # where they work: no figure by region found, the regions' population
        placing.append((foreign_idx, facts.population_share))
    for members, share in placing:
        placed = np.repeat(np.arange(n_regions, dtype=np.int8), allocate(len(members), share))
        rng.shuffle(placed)
        region[members] = placed
    destination = np.full(n, NO_DESTINATION, dtype=np.int8)
    destination[abroad_idx] = destinations_at_start(country, len(abroad_idx), rng)
    n_employed = int(round(len(residents) * country.employment_to_population))
    n_unemployed = int(round(n_employed * country.unemployed_persons / country.employed_persons))
    # skills of everybody; the labour force of each age group at the participation its flows
    # sustain (`participation_by_age`), its more skilled members first (ranked with a wide noise:
    # employers hire the skilled first; exits from the labour force ignore skill, and entries
    # keep each skill's share, `skill_entry_factors`); the employed are the more skilled of the labour force in the same way
    skill = rng.choice(len(SKILL_LEVELS), size=n, p=p.skill_share).astype(np.int8)
    ability = draw_ability(n, p.ability_dispersion, p.ability_tail_exponent, ability_rng or rng)
    person_units = premium[skill] * ability  # efficiency units of labour: what a person is paid for
    key = skill + rng.normal(0.0, EMPLOYMENT_SORTING_NOISE, n)
    unemployment = country.unemployed_persons / (country.employed_persons + country.unemployed_persons)
    by_age = np.bincount(age_group[residents], minlength=len(AgeGroup))
    participation = participation_by_age(
        flow_rates(p, age_shares), by_age / by_age.sum(), (n_employed + n_unemployed) / len(residents), unemployment
    )
    labour_force = []
    regional_participation = not np.isnan(facts.participation_rate).all()
    for a, count in enumerate(allocate(n_employed + n_unemployed, participation * by_age)):
        members = residents[age_group[residents] == a]
        if not regional_participation:  # no regional figure: the national ranking
            labour_force.append(members[np.argsort(-key[members], kind="stable")[:count]])
            continue
        # each region's share of the age group's labour force at its published participation
        here = np.bincount(region[members], minlength=n_regions)
        for r, k in enumerate(counts_at_rates(facts.participation_rate, here, count)):
            mine = members[region[members] == r]
            labour_force.append(mine[np.argsort(-key[mine], kind="stable")[:k]])
    labour_force = np.concatenate(labour_force)
    # the unemployed of each region (its published rate) are its least skilled in the same way
    job_key = skill[labour_force] + rng.normal(0.0, EMPLOYMENT_SORTING_NOISE, len(labour_force))
    ranked = labour_force[np.argsort(-job_key, kind="stable")]
    force_by_region = np.bincount(region[labour_force], minlength=n_regions)
    unemployed_by_region = unemployment_by_region(facts, force_by_region, len(labour_force) - n_employed)
    # within a region the young are unemployed at the preset's youth rate (as far as it
    # publishes one), the least skilled of each age first
    young = age_group[ranked] == AgeGroup.YOUTH
    youth_unemployed = unemployed_youth_by_region(
        country.youth_unemployment_rate,
        np.bincount(region[ranked][young], minlength=n_regions),
        np.bincount(region[ranked][~young], minlength=n_regions),
        unemployed_by_region,
    )
    for r in range(n_regions):
        for members, jobless in (
            (ranked[young & (region[ranked] == r)], youth_unemployed[r]),
            (ranked[~young & (region[ranked] == r)], unemployed_by_region[r] - youth_unemployed[r]),
        ):
            status[members[: len(members) - jobless]] = Status.EMPLOYED_FORMAL
            status[members[len(members) - jobless :]] = Status.UNEMPLOYED
    if n_foreign:  # foreign workers here: in work at the residents' rate, the more skilled first
        here = foreign_idx[:n_foreign]
        separation = (1 - country.informality_rate) * rates_at_start.separation_formal
        separation += country.informality_rate * rates_at_start.separation_informal
        in_work_share = immigration.employed_share_at_start(separation, unemployment, p.return_rate_employed)
        in_work = int(round(n_foreign * in_work_share))
        ranked_here = here[
            np.argsort(-(skill[here] + rng.normal(0.0, EMPLOYMENT_SORTING_NOISE, n_foreign)), kind="stable")
        ]
        status[ranked_here[:in_work]] = Status.EMPLOYED_FORMAL
        status[ranked_here[in_work:]] = Status.UNEMPLOYED
    employed_idx = np.flatnonzero(status == Status.EMPLOYED_FORMAL)

    # --- sectors and formality of the employed given their region (its industries) and skills:
    # formal jobs, public ones included, to the more skilled (the economy starts sorted as the
    # matching sorts it); ICT hires no low-skill workers
    sector_share = sector_vector(country.sector_employment_share)
    informal_share = informality_by_sector(
        sector_share, sector_vector(country.informality_weight), country.informality_rate
    )
    fit = skill_fit_matrix()
    employed_by_region = np.bincount(region[employed_idx], minlength=n_regions).astype(float)
    jobs = fit_joint(
        employed_by_region, sector_share * len(employed_idx), sector_pattern(facts, sector_share, employed_by_region)
    )
    sector = np.full(n, NO_SECTOR, dtype=np.int8)
    informal = np.zeros(len(employed_idx), dtype=bool)
    for r in range(n_regions):
        here = np.flatnonzero(region[employed_idx] == r)
        if len(here):
            sector[employed_idx[here]], informal[here] = sectors_and_formality(
                jobs[r] * (1.0 - informal_share), jobs[r] * informal_share, skill[employed_idx[here]], fit, rng
            )
    own_account_given_informal = country.own_account_share / max(country.informality_rate, 1e-12)
    # own-account workers among the informal, with the age profile their flows sustain
    unemployed_by_age = np.bincount(age_group[status == Status.UNEMPLOYED], minlength=len(AgeGroup))
    profile = own_account_by_age(flow_rates(p, age_shares), unemployed_by_age)
    informal_idx = employed_idx[informal]
    own_account = np.zeros(n, dtype=bool)
    n_own = int(round(own_account_given_informal * len(informal_idx)))
    by_age = [rng.permutation(informal_idx[age_group[informal_idx] == a]) for a in range(len(AgeGroup))]
    wanted = allocate(n_own, profile)
    for _ in range(len(AgeGroup)):  # cap at the informal workers of an age; the rest to other ages
        taken = np.minimum(wanted, [len(b) for b in by_age])
        short = n_own - taken.sum()
        room = np.array([len(b) for b in by_age]) - taken
        if short <= 0 or room.sum() <= 0:
            break
        wanted = taken + allocate(short, np.where(room > 0, profile + 1e-12, 0.0))
    for a, members in enumerate(by_age):
        own_account[members[: min(wanted[a], len(members))]] = True
    status[informal_idx] = Status.EMPLOYED_INFORMAL
    employer = np.full(n, NO_EMPLOYER, dtype=np.int32)

    # --- firms: one cell per (sector, region, formal); Pareto-tailed sizes
    statutory = statutory_rates(country)
    formal_base_wage = gross_mean_wage(country, statutory) / np.dot(p.skill_share, premium)
    employees_in_firms = (status <= Status.EMPLOYED_INFORMAL) & ~own_account
    firm_region, firm_sector, firm_formal, firm_noise = [], [], [], []
    next_firm = 0
    worker_cell = (sector.astype(np.int64) * n_regions + region) * 2 + (status == Status.EMPLOYED_FORMAL)
    for c in np.unique(worker_cell[employees_in_firms]):
        members = np.flatnonzero(employees_in_firms & (worker_cell == c))
        n_firms = max(1, int(round(len(members) / p.mean_firm_size_workers)))
        size_weight = rng.pareto(p.firm_size_tail_exponent, n_firms) + 1.0
        employer[members] = next_firm + rng.choice(n_firms, size=len(members), p=size_weight / size_weight.sum())
        s, r, f = int(c // 2 // n_regions), int(c // 2 % n_regions), bool(c % 2)
        firm_sector += [s] * n_firms
        firm_region += [r] * n_firms
        firm_formal += [f] * n_firms
        firm_noise.append(rng.normal(0.0, p.productivity_dispersion, n_firms))
        next_firm += n_firms
    firms = Firms.empty(int(next_firm * 1.25) + 10)
    live = np.arange(next_firm)
    firms.alive[live] = True
    firms.region[live] = firm_region
    firms.sector[live] = firm_sector
    firms.formal[live] = firm_formal
    firms.recognition_draw[live] = rng.random(next_firm)
    firms.appeal[live] = 1.0
    noise = np.exp(np.concatenate(firm_noise) - 0.5 * p.productivity_dispersion**2)
    formality_factor = np.where(firms.formal[live], 1.0, p.informal_wage_ratio)
    # rent sharing: more productive firms pay more (elasticity 0.5)
    firms.posted_wage[live] = formal_base_wage * formality_factor * np.sqrt(noise)
    has_employer = employer >= 0
    # regional wage levels: each region's wages at its published ratio to the national mean
    # (value added, and with it productivity, follows the wage bill below)
    pay = firms.posted_wage[employer[has_employer]] * person_units[has_employer]
    level = regional_wage_levels(facts.wage_ratio, region[has_employer], pay)
    firms.posted_wage[live] *= level[firms.region[live]]
    firms.employees[:] = np.bincount(employer[has_employer], minlength=len(firms))
    wage = np.zeros(n)
    formal_job = status == Status.EMPLOYED_FORMAL
    wage[has_employer] = firms.posted_wage[employer[has_employer]] * person_units[has_employer]
    minimum_wage = minimum_wage_level(country, wage[has_employer])
    firms.posted_wage[live] = np.where(
        firms.formal[live], np.maximum(firms.posted_wage[live], minimum_wage), firms.posted_wage[live]
    )
    firms.reference_wage[live] = firms.posted_wage[live]
    wage[formal_job] = np.maximum(wage[formal_job], minimum_wage)
    wage_bill = np.bincount(employer[has_employer], weights=wage[has_employer], minlength=len(firms))[live]
    margin_noise = np.exp(rng.normal(0.0, p.margin_dispersion, next_firm))
    public = np.array([s == "public" for s in SECTORS])
    private = ~public[firms.sector[live]]
    # value added: the firm's labour costs are the labour income share of it, with a small
    # dispersion of margins; the public sector's producers are valued at cost by the accounts
    labour_cost = wage_bill * (1.0 + statutory.employer_contributions * firms.formal[live])
    value_added = labour_cost / country.labour_income_share * margin_noise

    # --- own-account earnings (what the model pays them at start) and reservation wages
    posted_by_region = firms.regional_mean_posted_wage(n_regions)
    wage[own_account] = p.own_account_earnings_ratio * posted_by_region[region[own_account]] * person_units[own_account]
    reservation = p.reservation_wage_ratio * posted_by_region[region] * person_units

    household, households = native_households(
        country, p, region[:n_native], age_group[:n_native], skill[:n_native], status[:n_native] == Status.ABROAD,
        household_rng or rng,
    )
    n_native_households = len(households)
    if n_foreign:  # each foreign worker a household of one, here
        household, households = with_households_of_one(household, households, region[n_native:])
    workers = Workers(
        region=region,
        age_group=age_group,
        skill=skill,
        status=status,
        employer=employer,
        sector=sector,
        wage=wage,
        reservation_wage=reservation,
        months_in_status=np.zeros(n, dtype=np.int32),
        experience_months=np.where(status <= Status.EMPLOYED_INFORMAL, 24, 0).astype(np.int32),
        union_member=np.zeros(n, dtype=bool),
        household=household,
        pensioner=np.zeros(n, dtype=bool),
        benefit=np.zeros(n),
        benefit_months_left=np.zeros(n, dtype=np.int16),
        training_months_left=np.zeros(n, dtype=np.int16),
        training_target=np.full(n, NO_SECTOR, dtype=np.int8),
        course_months=np.zeros(n, dtype=np.int16),
        ability=ability,
        trained=np.zeros(n, dtype=bool),
        destination=destination,
        in_education=np.zeros(n, dtype=bool),  # the model's students are drawn on their own stream
    )
    coverage = pension_coverage(country, age_shares, population)
    workers.pensioner[:] = (age_group == AgeGroup.OLDER) & at_home(status) & (rng.random(n) < coverage)
    average_pension = country.average_pension_local
    if average_pension is None:
        average_pension = pay_as_you_go_pension(country, wage, status == Status.EMPLOYED_FORMAL, workers.pensioner)
    pension = pensions(workers.pensioner, at_home(status), average_pension)

    # --- the opening accounts: GDP by expenditure, taxes and sector balances (sim.social_accounts)
    public_worker = has_employer & public[np.maximum(sector, 0)]
    taxable = np.maximum(wage - statutory.income_tax_allowance, 0.0)
    opening = open_accounts(
        country,
        p,
        OpeningInputs(
            value_added=value_added[private],
            labour_cost=labour_cost[private],
            firm_sector=firms.sector[live][private],
            firm_formal=firms.formal[live][private],
            public_wages=float(wage[public_worker].sum()),
            gross_wages=float(wage[has_employer].sum()),
            own_account_income=float(wage[own_account].sum()),
            income_tax_base=float(taxable[formal_job].sum()),
            contribution_base=float(wage[formal_job].sum()),
            pensions=float(pension.sum()),
        ),
        remittances_of_gdp=(country.remittances_gdp_share or 0.0) if n_abroad else 0.0,
        remittances_paid_of_gdp=country.immigration.remittances_paid_gdp_share if n_foreign else 0.0,
    )
    a = opening.input_share
    # private firms' gross output is their value added plus imported inputs; public
    # producers' output (at base prices) sizes the government's demand for their services
    # productivity is output per efficiency unit of labour (per unit of skill premium), so
    # skills are as productive as they are paid: labour cost per efficiency unit (the posted
    # wage where a firm has nobody yet) over the labour share of gross output
    unit = np.where(public[np.maximum(sector, 0)], 1.0, person_units)  # public producers count heads
    efficiency = np.bincount(employer[has_employer], weights=unit[has_employer], minlength=len(firms))[live]
    cost_per_unit = np.where(
        efficiency > 0,
        labour_cost / np.maximum(efficiency, 1e-12),
        firms.posted_wage[live] * (1.0 + statutory.employer_contributions * firms.formal[live]),
    )
    input_share = np.where(private, a, 0.0)
    firms.productivity[live] = cost_per_unit / country.labour_income_share * margin_noise / (1.0 - input_share)
    firms.capacity[live] = np.maximum(efficiency, 1.0)
    firms.skill_per_head[live] = np.where(
        firms.employees[live] > 0, efficiency / np.maximum(firms.employees[live], 1), np.dot(p.skill_share, premium)
    )
    firms.output[live] = efficiency * firms.productivity[live]
    firms.expected_sales[live] = firms.output[live]
    firms.orders[live] = firms.output[live]
    firms.sales[live] = firms.output[live]
    firms.investment[live] = np.where(
        private, opening.investment_per_output * firms.productivity[live] * firms.capacity[live], 0.0
    )
    # net worth: months of normal output (at capacity, so a firm still hiring has a buffer)
    normal_output = firms.productivity[live] * firms.capacity[live]
    firms.target_worth[live] = np.where(private, p.initial_net_worth_months * normal_output, 0.0)
    firms.net_worth[live] = firms.target_worth[live]
    fiscal = opening.fiscal
    tradable = np.array([s in TRADABLE_SECTORS for s in SECTORS])
    costs = FirmCosts(
        price=np.ones(next_firm),
        employer_contribution_rate=fiscal.employer_contributions,
        input_share=np.where(private, a, 0.0),
        input_price=1.0,
        profit_tax_rate=fiscal.profit_tax,
    )
    start = settle_accounts(
        efficiency,
        efficiency,
        firms.productivity[live],
        firms.orders[live],
        wage_bill,
        firms.formal[live],
        private,
        firms.investment[live],
        firms.capacity[live],
        firms.net_worth[live],
        firms.target_worth[live],
        np.zeros(next_firm, dtype=np.int32),
        costs,
        p.dividend_payout_speed,
        0.0,
    )
    firms.profit[live] = start.profit

    # --- migration: remittances are the preset's share of GDP
    migration, emigrate, returns_by_region = calibrate_migration(
        country, p, workers, opening.gdp, households, own_account, posted_by_region, rates_at_start.retirement, rng
    )

    # --- immigration: what foreign workers send home is the preset's remittances paid
    net_earnings = wage.copy()
    net_earnings[formal_job] -= sum(income_taxes(wage[formal_job], fiscal))
    immigration_constants = calibrate_immigration(
        country, p, workers, net_earnings, opening.gdp, n_native, n_native_households
    )
    sent_abroad = np.zeros(n)
    sent_abroad[n_native:] = immigration.remittances_paid(
        status[n_native:] <= Status.EMPLOYED_INFORMAL,
        wage[n_native:],
        net_earnings[n_native:],
        immigration_constants.remittance_share,
    )

    # --- households: disposable income, ownership of firms, deposits at their steady level
    before_dividends = (
        pooled_income(household, net_earnings + pension - sent_abroad, len(households)) + households.remittances
    )
    dividends = float(start.dividends.sum())
    other = float(before_dividends.sum())
    foreign = opening.foreign_ownership
    if dividends > 0 and 0.0 < foreign < 1.0:  # households neither save nor dissave at start
        foreign = float(np.clip(1.0 - (opening.consumption - other) / dividends, 0.0, 1.0))
    resident_adults = np.bincount(household[:n_native][at_home(status[:n_native])], minlength=len(households))
    households.ownership[:n_native_households] = ownership_shares(
        n_native_households, p.top_owner_fraction, p.top_owner_share, rng
    )
    households.income[:] = before_dividends + (1.0 - foreign) * dividends * households.ownership
    households.benefits[:] = pooled_income(household, pension, len(households))
    households.balance[:] = steady_balance(
        households.income, p.propensity_to_consume_income, p.propensity_to_consume_wealth
    )
    households.planned_consumption[:] = households.income

    # --- unions: formal employees are members with the preset's density
    join = np.full(n_sectors, country.union_density or 0.0)
    workers.union_member[:] = formal_job & (rng.random(n) < join[np.maximum(sector, 0)])

    # --- goods demand constants and market-level constants
    region_share = np.bincount(region[at_home(status)], minlength=n_regions) / max(np.count_nonzero(at_home(status)), 1)
    public_output = np.zeros(n_regions)
    np.add.at(public_output, firms.region[live][~private], firms.output[live][~private])
    output_by_region = np.zeros((n_sectors, n_regions))
    np.add.at(output_by_region, (firms.sector[live], firms.region[live]), firms.output[live])
    demand = demand_structure(opening, public_output, region_share, output_by_region)
    market = market_index(firms.sector[live], firms.region[live], tradable, n_regions)
    n_markets = n_sectors * n_regions
    revenue = np.bincount(market, weights=start.revenue, minlength=n_markets)
    profit = np.bincount(market, weights=start.profit, minlength=n_markets)
    normal_margin = np.divide(profit, revenue, out=np.zeros(n_markets), where=revenue > 0)
    # entry technology: the capacity-weighted mean productivity at start of the formal and of
    # the informal firms of each sector in each region (index (sector x region) x 2 + formal:
    # a tradable's entrant takes its region's, not its national market's), the sector's of the
    # same formality where a region has none
    weight = firms.capacity[live]
    formal_firm = firms.formal[live].astype(np.int64)
    sector_cell = firms.sector[live].astype(np.int64) * 2 + formal_firm
    by_sector = np.bincount(sector_cell, weights=weight * firms.productivity[live], minlength=2 * n_sectors)
    sector_weight = np.bincount(sector_cell, weights=weight, minlength=2 * n_sectors)
    sector_mean = np.divide(by_sector, sector_weight, out=np.zeros(2 * n_sectors), where=sector_weight > 0)
    cell = (firms.sector[live].astype(np.int64) * n_regions + firms.region[live]) * 2 + formal_firm
    cell_weight = np.bincount(cell, weights=weight, minlength=2 * n_markets)
    cells = np.arange(2 * n_markets)
    entrant_productivity = np.divide(
        np.bincount(cell, weights=weight * firms.productivity[live], minlength=2 * n_markets),
        cell_weight,
        out=sector_mean[(cells // 2) // n_regions * 2 + cells % 2],
        where=cell_weight > 0,
    )
    # entrants replace the firms that close for reasons outside the model (the small ones):
    # formal in the proportion of those, so that the formal share of firms is stationary
    counts = np.bincount(market, minlength=n_markets)
    closing = closure_hazard(firms.capacity[live], p.closure_rate, p.mean_firm_size_workers)
    closures = np.bincount(market, weights=closing, minlength=n_markets)
    formal_share = np.divide(
        np.bincount(market, weights=firms.formal[live], minlength=n_markets),
        counts,
        out=np.ones(n_markets),
        where=counts > 0,
    )
    formal_share = np.divide(
        np.bincount(market, weights=closing * firms.formal[live], minlength=n_markets),
        closures,
        out=formal_share,
        where=closures > 0,
    )
    oa_cell = np.zeros((n_regions, n_sectors))
    np.add.at(oa_cell, (region[own_account], sector[own_account]), 1.0)
    oa_cell += 1e-9
    own_account_sector_prob = oa_cell / oa_cell.sum(axis=1, keepdims=True)
    # normal-cost pricing: the mark-up on unit labour and input cost that makes every price 1
    sector_output = np.bincount(firms.sector[live], weights=firms.output[live], minlength=n_sectors)
    sector_labour = np.bincount(
        firms.sector[live], weights=start.wage_bill + start.employer_contributions, minlength=n_sectors
    )
    unit_cost = unit_costs(sector_labour, sector_output, demand.imported_input_share, 1.0)
    markup = np.where(public | (unit_cost <= 0), 1.0, 1.0 / np.maximum(unit_cost, 1e-12))

    # --- flows: participation and own-account work stationary, emigration and returns included
    counts_by_status = np.bincount(status, minlength=len(Status))
    labour_force = status <= Status.UNEMPLOYED
    labour_force_older = np.count_nonzero((age_group == AgeGroup.OLDER) & labour_force)
    rates = flow_rates(p, age_shares)
    in_region = region[None, :] == np.arange(n_regions)[:, None]
    own_account_emigrants = [emigrate[own_account & here].sum() for here in in_region]
    own_account_out = np.array(
        [
            own_account_outflow(own_account & here, age_group, rates, own_account_emigrants[r])
            for r, here in enumerate(in_region)
        ]
    )
    # the labour force's net outflow by region and skill: the start sorts the labour force and
    # own-account work by skill, and the flows into both keep each skill's share (returnees
    # come home to where they left from, with the skills of their region's migrants)
    n_skills = len(SKILL_LEVELS)
    cell = region.astype(np.int64) * n_skills + skill

    def by_cell(mask: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        counts = np.bincount(cell[mask], None if weights is None else weights[mask], n_regions * n_skills)
        return counts.reshape(n_regions, n_skills).astype(float)

    unemployed_cells = by_cell(status == Status.UNEMPLOYED)
    inactive_cells = by_cell(status == Status.INACTIVE)
    abroad_cells = by_cell(status == Status.ABROAD)
    returns_cells = returns_by_region[:, None] * np.divide(
        abroad_cells, abroad_cells.sum(axis=1, keepdims=True), out=np.zeros_like(abroad_cells), where=abroad_cells > 0
    )
    force_outflow_cells = (
        labour_force_outflow(
            by_cell(status <= Status.EMPLOYED_INFORMAL),
            unemployed_cells,
            by_cell((age_group == AgeGroup.OLDER) & labour_force),
            rates,
        )
        + by_cell(labour_force, emigrate)
        - returns_cells
    )
    own_account_cells = by_cell(own_account)
    own_account_out_cells = own_account_out[:, None] * np.divide(
        own_account_cells,
        own_account_cells.sum(axis=1, keepdims=True),
        out=np.zeros_like(own_account_cells),
        where=own_account_cells > 0,
    )
    # own-account starters from inactivity, at most the labour force's net outflow, region by
    # region and skill by skill: where returning migrants nearly replace those who leave
    # (Batken), more would make the labour force grow however little inactive people looked
    # for work
    region_need = np.maximum(force_outflow_cells.sum(axis=1), 0.0)
    wanted = np.clip(
        p.own_account_entry_from_inactivity * own_account_out_cells, 0.0, np.maximum(force_outflow_cells, 0.0)
    )
    own_account_from_inactivity_cells = (
        wanted
        * np.minimum(
            1.0, np.divide(region_need, wanted.sum(axis=1), out=np.ones(n_regions), where=wanted.sum(axis=1) > 0)
        )[:, None]
    )
    own_account_from_inactivity = own_account_from_inactivity_cells.sum(axis=1)
    share_from_inactivity = np.divide(
        own_account_from_inactivity, own_account_out, out=np.zeros(n_regions), where=own_account_out > 0
    )
    entry = participation_entry_rate(
        counts_by_status[:2].sum(),
        counts_by_status[Status.UNEMPLOYED],
        counts_by_status[Status.INACTIVE],
        labour_force_older,
        rates,
        other_net_outflow=emigrate[labour_force].sum() - returns_by_region.sum() - own_account_from_inactivity.sum(),
    )
    # the same balance region by region and skill by skill, so that no region's labour force
    # drifts towards the national participation, nor towards the population's skills
    inactive_by_region = inactive_cells.sum(axis=1)
    # the region's remaining need, spread over its skills in proportion to what each still
    # lacks: a skill whose returnees outnumber those it loses takes none, and the region's
    # labour force balances
    remaining = np.maximum(force_outflow_cells - own_account_from_inactivity_cells, 0.0)
    into_job_search = (region_need - own_account_from_inactivity)[:, None] * np.divide(
        remaining, remaining.sum(axis=1, keepdims=True), out=np.zeros_like(remaining), where=remaining > 0
    )
    entry_by_region = np.clip(into_job_search.sum(axis=1) / np.maximum(inactive_by_region, 1), 0.0, 1.0)
    entry_skill_factor = skill_entry_factors(into_job_search, inactive_cells)
    own_account_skill_weight = np.stack(
        [
            skill_weights(own_account_out_cells - own_account_from_inactivity_cells, unemployed_cells),
            skill_weights(own_account_from_inactivity_cells, inactive_cells),
        ]
    )
    welfare = household_welfare(households.income, resident_adults, households.dependants)
    poverty_line = national_line(country)
    if poverty_line is None:
        poverty_line = country.relative_poverty_line * weighted_quantile(
            welfare.equivalised_income, welfare.residents, 0.5
        )
    jobs_in_firms = np.zeros((n_sectors, n_regions))
    np.add.at(jobs_in_firms, (sector[employees_in_firms], region[employees_in_firms]), 1.0)
    entry_region_share = np.divide(
        jobs_in_firms,
        jobs_in_firms.sum(axis=1, keepdims=True),
        out=np.full((n_sectors, n_regions), 1.0 / n_regions),
        where=jobs_in_firms.sum(axis=1, keepdims=True) > 0,
    )
    own_premium = np.bincount(region[own_account], weights=person_units[own_account], minlength=n_regions)
    regional_unemployment = unemployed_by_region / np.maximum(force_by_region, 1)
    # internal migration: gravity flows among the regions' households at the preset's yearly rate
    in_firms = workers.employer >= 0
    firm_pay = np.bincount(region[in_firms], weights=wage[in_firms], minlength=n_regions)
    firm_staff = np.bincount(region[in_firms], minlength=n_regions)
    mean_pay = np.divide(firm_pay, firm_staff, out=np.zeros(n_regions), where=firm_staff > 0)
    yearly = country.internal_migration_rate or 0.0
    residents_by_region = np.bincount(
        households.region, weights=resident_adults + households.dependants, minlength=n_regions
    )
    moves_at_start = gravity_moves(
        residents_by_region / max(residents_by_region.sum(), 1.0),
        distances_km(facts.lat, facts.lon),
        p.migration_distance_elasticity,
        1.0 - (1.0 - yearly) ** (1.0 / 12.0),
    )
    own_account_entry_rate, own_account_inactive_entry_rate = own_account_entry_rates(
        own_account_out,
        unemployed_cells.sum(axis=1),
        inactive_by_region,
        share_from_inactivity,
    )
    own_income = np.bincount(region[own_account], weights=wage[own_account], minlength=n_regions)
    calibration = Calibration(
        regions=regions,
        demand=demand,
        normal_margin=normal_margin,
        formal_share=formal_share,
        own_account_sector_prob=own_account_sector_prob,
        own_account_entry_rate=own_account_entry_rate,
        own_account_inactive_entry_rate=own_account_inactive_entry_rate,
        own_account_rate=np.divide(own_income, own_premium, out=np.zeros(n_regions), where=own_premium > 0),
        rates=dataclasses.replace(rates, inactive_to_unemployed=entry),
        skill_fit=fit,
        union_join_probability=join,
        migration=migration,
        poverty_line=float(poverty_line),
        pension_coverage=coverage,
        minimum_wage=minimum_wage,
        opening=opening,
        fiscal=fiscal,
        foreign_ownership=foreign,
        markup=markup,
        usd_rate=country.exchange_rates.local_per_usd if country.exchange_rates else float("nan"),
        average_pension=float(average_pension),
        entrant_productivity=entrant_productivity,
        normal_unemployment=regional_unemployment,
        own_currency_destination=next(
            (i for i, d in enumerate(country.destinations.values()) if d.currency == country.currency), None
        ),
        entry_by_region=entry_by_region,
        entry_skill_factor=entry_skill_factor,
        own_account_skill_weight=own_account_skill_weight,
        entry_region_share=entry_region_share,
        expected_earnings_start=expected_earnings(
            np.where(firm_staff > 0, mean_pay, firm_pay.sum() / max(firm_staff.sum(), 1)),
            regional_unemployment,
        ),
        moves_at_start=moves_at_start,
        wage_level=level,
        immigration=immigration_constants,
    )
    # drawn last, so that the rest of the initial economy does not depend on it
    workers.months_in_status[:] = months_unemployed_at_start(status, country.long_term_unemployment_share, rng)
    return workers, firms, households, calibration


def gross_mean_wage(country: CountryConfig, rates: FiscalRates) -> float:
    """The preset's mean wage before income tax and employees' contributions: as given, or
    grossed up from take-home pay with the statutory rates (net = gross - contributions -
    income tax on gross pay above the allowance)."""
    net = country.mean_wage_local
    if country.mean_wage_basis == "gross":
        return float(net)
    t, c, allowance = rates.income_tax, rates.employee_contributions, rates.income_tax_allowance
    gross_above = (net - t * allowance) / (1.0 - t - c)
    return float(gross_above if gross_above > allowance else net / (1.0 - c))
