"""The initial economy: workers, firms and households built from a country preset.

The stocks are drawn to match the preset's observed facts (employment, unemployment and
inactivity; informality and own-account work; employment by sector; population by region;
the average wage), and the constants of goods demand are then derived so that, at the
start, demand for every market equals what its firms produce. Behavioural flows (for
example the entry rate into the labour force) are set so that these stocks are a steady
state of the monthly cycle. Firm sizes follow a Pareto tail (Axtell 2001).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from sim.config import SECTORS, SKILL_FIT, SKILL_LEVELS, TRADABLE_SECTORS, CountryConfig, ModelParams
from sim.firms import Firms
from sim.households import (
    Households,
    assign_households,
    household_welfare,
    pensions,
    pooled_income,
    weighted_quantile,
)
from sim.markets.goods import DemandStructure, market_index
from sim.markets.migration import MigrationParams, emigration_probability, income_ratio
from sim.markets.separations import FlowRates, participation_entry_rate
from sim.policy import sector_vector
from sim.workers import NO_EMPLOYER, NO_SECTOR, AgeGroup, Status, Workers


@dataclass
class Calibration:
    """Constants derived at start that the monthly cycle keeps using.

    Attributes:
        regions: Region names.
        demand: Constants of goods demand.
        spending0_by_region: Household spending by region at start (local currency).
        normal_margin: Profit margin of each market at start (sector x region, flattened).
        formal_share: Share of formal firms by market at start.
        own_account_sector_prob: Sector of new own-account work, region x sector.
        own_account_entry_rate: Monthly chance that an unemployed person without an offer
            starts own-account work, set so that own-account work is stationary at start.
        rates: Monthly transition probabilities.
        skill_fit: Sector x skill chance to apply (see SKILL_FIT).
        union_join_probability: Chance a new formal hire joins its sector's union.
        migration: Constants of migration.
        poverty_line: Poverty line per equivalent adult per month, local currency: the
            preset's national line, or the relative line at start, held fixed (anchored).
        pension_coverage: Chance that a person reaching the older age group draws a pension.
        minimum_wage: Statutory monthly minimum wage at start, local currency.
    """

    regions: tuple[str, ...]
    demand: DemandStructure
    spending0_by_region: np.ndarray
    normal_margin: np.ndarray
    formal_share: np.ndarray
    own_account_sector_prob: np.ndarray
    own_account_entry_rate: float
    rates: FlowRates
    skill_fit: np.ndarray
    union_join_probability: np.ndarray
    migration: MigrationCalibration
    poverty_line: float
    pension_coverage: float
    minimum_wage: float


def skill_fit_matrix() -> np.ndarray:
    """Sector x skill matrix of SKILL_FIT (1 where a sector is not listed)."""
    return np.array([SKILL_FIT.get(s, (1.0,) * len(SKILL_LEVELS)) for s in SECTORS])


def fit_joint(row_totals: np.ndarray, col_totals: np.ndarray, pattern: np.ndarray, iterations: int = 200) -> np.ndarray:
    """Iterative proportional fitting: a matrix with the given margins and zero pattern."""
    joint = pattern * np.outer(row_totals, col_totals)
    for _ in range(iterations):
        joint *= (row_totals / np.maximum(joint.sum(axis=1), 1e-300))[:, None]
        joint *= (col_totals / np.maximum(joint.sum(axis=0), 1e-300))[None, :]
    return joint


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
    )


def own_account_entry_rate(
    own_account: np.ndarray, age_group: np.ndarray, unemployed: int, rates: FlowRates, emigrants: float = 0.0
) -> float:
    """Entry rate into own-account work from unemployment that balances its outflows
    (stopping, leaving the labour force, retiring, emigrating), so that it is stationary at start."""
    older = np.count_nonzero(own_account & (age_group == AgeGroup.OLDER))
    outflow = (rates.own_account_exit + rates.employed_to_inactive) * own_account.sum() + rates.retirement * older
    outflow += emigrants
    return min(1.0, outflow / max(unemployed, 1))


@dataclass(frozen=True)
class MigrationCalibration:
    """Constants of migration derived at start.

    Attributes:
        destination_wage_local: Monthly wage of a migrant in work abroad, in local currency
            at base exchange rate: the level at which remittances are the preset's share of GDP.
        network_start: Share of each region's working-age people abroad at start.
        params: The behavioural parameters of migration, the calibrated propensity included.
    """

    destination_wage_local: float
    network_start: np.ndarray
    params: MigrationParams


def migration_candidates(status: np.ndarray, age_group: np.ndarray) -> np.ndarray:
    """Residents who may emigrate for work this month: the labour force (employed and job
    seekers) below the older age group."""
    return (status <= Status.UNEMPLOYED) & (age_group != AgeGroup.OLDER)


def home_income(wage: np.ndarray, status: np.ndarray, fallback: np.ndarray) -> np.ndarray:
    """Income a person expects at home: the wage if employed, else the fallback (what
    own-account work pays in the region)."""
    return np.where(status <= Status.EMPLOYED_INFORMAL, wage, fallback)


def network_share(region: np.ndarray, status: np.ndarray, n_regions: int) -> np.ndarray:
    """Share of each region's working-age people who are abroad."""
    abroad = np.bincount(region[status == Status.ABROAD], minlength=n_regions)
    return abroad / np.maximum(np.bincount(region, minlength=n_regions), 1)


def calibrate_migration(
    country: CountryConfig,
    p: ModelParams,
    workers: Workers,
    firms: Firms,
    households: Households,
    own_account: np.ndarray,
    posted_by_region: np.ndarray,
    rng: np.random.Generator,
) -> tuple[MigrationCalibration, np.ndarray, float]:
    """Set the wage abroad so that remittances are the preset's share of GDP, and the
    emigration propensity so that emigration balances expected returns; record the
    remittances households receive at start.

    Returns the calibration, each worker's emigration probability at start, and the
    expected number of returns a month.
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
        return MigrationCalibration(0.0, np.zeros(n_regions), params), np.zeros(len(w)), 0.0
    e = p.destination_employment_rate
    gdp = firms.output[firms.alive].sum() + w.wage[own_account].sum()
    wage_abroad = country.remittances_gdp_share * gdp / (p.remittance_share * e * abroad.sum())
    employed_abroad = abroad & (rng.random(len(w)) < e)
    households.remittances[:] = np.bincount(
        w.household[employed_abroad],
        weights=np.full(employed_abroad.sum(), p.remittance_share * wage_abroad),
        minlength=len(households),
    )
    fallback = p.own_account_earnings_ratio * posted_by_region[w.region] * np.asarray(p.skill_premium)[w.skill]
    candidates = migration_candidates(w.status, w.age_group)
    ratio = income_ratio(e * wage_abroad, home_income(w.wage, w.status, fallback), p.migration_cost_share)
    expected_returns = abroad.sum() * (e * p.return_rate_employed + (1 - e) * p.return_rate_jobless)
    if p.emigration_propensity is None:
        params = dataclasses.replace(
            params, propensity=expected_returns / (ratio[candidates] ** p.emigration_gap_elasticity).sum()
        )
    emigrate = np.zeros(len(w))
    ones = np.ones(candidates.sum())
    emigrate[candidates] = emigration_probability(ratio[candidates], ones, ones, params)
    calibration = MigrationCalibration(wage_abroad, network_share(w.region, w.status, n_regions), params)
    return calibration, emigrate, float(expected_returns)


def minimum_wage_level(country: CountryConfig, employee_wages: np.ndarray) -> float:
    """The statutory minimum wage at start: the preset's level, or its ratio to the median
    wage times the median of the employees' wages."""
    if country.minimum_wage_local is not None:
        return float(country.minimum_wage_local)
    return float(country.minimum_wage_to_median * np.median(employee_wages))


def pension_coverage(country: CountryConfig, age_shares: np.ndarray, population: float) -> float:
    """Share of the older residents who draw a pension: pensioners / older population, or
    all of them when only the average pension is known; 0 without a pension figure."""
    if country.average_pension_local is None:
        return 0.0
    if country.pensioners is None:
        return 1.0
    return float(min(1.0, country.pensioners / (age_shares[AgeGroup.OLDER] * population)))


def allocate(total: int, shares: np.ndarray) -> np.ndarray:
    """Split an integer total into integer counts proportional to shares (largest remainder)."""
    raw = total * np.asarray(shares, dtype=float) / np.sum(shares)
    counts = np.floor(raw).astype(np.int64)
    counts[np.argsort(counts - raw)[: total - counts.sum()]] += 1
    return counts


def build(
    country: CountryConfig, p: ModelParams, scale: float, rng: np.random.Generator
) -> tuple[Workers, Firms, Households, Calibration]:
    """Draw the initial economy for `country` at `scale` persons per simulated person."""
    regions = tuple(country.region_population_share)
    n_regions, n_sectors = len(regions), len(SECTORS)
    population = country.employed_persons / country.employment_to_population
    n_resident = max(int(round(population / scale)), 100)
    n_abroad = int(round((country.migrants_abroad or 0.0) / scale))
    n = n_resident + n_abroad
    premium = np.asarray(p.skill_premium, dtype=float)

    # --- persons: region, age; migrants abroad (youth and prime age), then the residents' status
    region = np.repeat(np.arange(n_regions, dtype=np.int8), allocate(n, list(country.region_population_share.values())))
    rng.shuffle(region)
    age_shares = age_structure(country, p)
    age_group = rng.choice(len(AgeGroup), size=n, p=age_shares).astype(np.int8)
    status = np.full(n, Status.INACTIVE, dtype=np.int8)
    working_age = np.flatnonzero(age_group != AgeGroup.OLDER)
    abroad = rng.choice(working_age, size=min(n_abroad, len(working_age)), replace=False)
    status[abroad] = Status.ABROAD
    residents = np.flatnonzero(status != Status.ABROAD)
    n_employed = int(round(len(residents) * country.employment_to_population))
    n_unemployed = int(round(n_employed * country.unemployed_persons / country.employed_persons))
    order = rng.permutation(residents)
    employed_idx = order[:n_employed]
    status[employed_idx] = Status.EMPLOYED_FORMAL
    status[order[n_employed : n_employed + n_unemployed]] = Status.UNEMPLOYED

    # --- skills and sectors of the employed, jointly (ICT hires no low-skill workers)
    sector_share = sector_vector(country.sector_employment_share)
    fit = skill_fit_matrix()
    joint = fit_joint(sector_share, np.asarray(p.skill_share, dtype=float), fit)
    cell = rng.choice(joint.size, size=n_employed, p=(joint / joint.sum()).ravel())
    sector = np.full(n, NO_SECTOR, dtype=np.int8)
    skill = rng.choice(len(SKILL_LEVELS), size=n, p=p.skill_share).astype(np.int8)
    sector[employed_idx] = cell // len(SKILL_LEVELS)
    skill[employed_idx] = cell % len(SKILL_LEVELS)

    # --- formality: informal jobs by sector, a share of them own-account
    informal_share = informality_by_sector(
        sector_share, sector_vector(country.informality_weight), country.informality_rate
    )
    own_account_given_informal = country.own_account_share / max(country.informality_rate, 1e-12)
    u = rng.random(n_employed)
    informal = u < informal_share[sector[employed_idx]]
    own_account = np.zeros(n, dtype=bool)
    own_account[employed_idx] = informal & (u < informal_share[sector[employed_idx]] * own_account_given_informal)
    status[employed_idx[informal]] = Status.EMPLOYED_INFORMAL
    employer = np.full(n, NO_EMPLOYER, dtype=np.int32)

    # --- firms: one cell per (sector, region, formal); Pareto-tailed sizes
    formal_base_wage = country.mean_wage_local / np.dot(p.skill_share, premium)
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
    noise = np.exp(np.concatenate(firm_noise) - 0.5 * p.productivity_dispersion**2)
    formality_factor = np.where(firms.formal[live], 1.0, p.informal_wage_ratio)
    # rent sharing: more productive firms pay more (elasticity 0.5)
    firms.posted_wage[live] = formal_base_wage * formality_factor * np.sqrt(noise)
    has_employer = employer >= 0
    firms.employees[:] = np.bincount(employer[has_employer], minlength=len(firms))
    wage = np.zeros(n)
    formal_job = status == Status.EMPLOYED_FORMAL
    wage[has_employer] = firms.posted_wage[employer[has_employer]] * premium[skill[has_employer]]
    minimum_wage = minimum_wage_level(country, wage[has_employer])
    firms.posted_wage[live] = np.where(
        firms.formal[live], np.maximum(firms.posted_wage[live], minimum_wage), firms.posted_wage[live]
    )
    wage[formal_job] = np.maximum(wage[formal_job], minimum_wage)
    # productivity: the level at which the firm's wage bill is the labour income share of
    # its output, with a small dispersion of margins
    wage_bill = np.bincount(employer[has_employer], weights=wage[has_employer], minlength=len(firms))[live]
    mean_wage = np.where(
        firms.employees[live] > 0, wage_bill / np.maximum(firms.employees[live], 1), firms.posted_wage[live]
    )
    margin_noise = np.exp(rng.normal(0.0, p.margin_dispersion, next_firm))
    firms.productivity[live] = mean_wage / country.labour_income_share * margin_noise
    firms.capacity[live] = np.maximum(firms.employees[live], 1.0)
    firms.output[live] = firms.employees[live] * firms.productivity[live]
    firms.expected_sales[live] = firms.output[live]
    firms.orders[live] = firms.output[live]
    firms.sales[live] = firms.output[live]
    firms.net_worth[live] = p.initial_net_worth_months * firms.output[live]

    # --- own-account earnings (what the model pays them every month) and reservation wages
    posted_by_region = firms.regional_mean_posted_wage(n_regions)
    wage[own_account] = (
        p.own_account_earnings_ratio * posted_by_region[region[own_account]] * premium[skill[own_account]]
    )
    reservation = p.reservation_wage_ratio * posted_by_region[region] * premium[skill]

    household, households = assign_households(region, p.working_age_members_per_household, rng)
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
    )
    coverage = pension_coverage(country, age_shares, population)
    workers.pensioner[:] = (age_group == AgeGroup.OLDER) & (status != Status.ABROAD) & (rng.random(n) < coverage)
    households.dependants[:] = rng.poisson((country.dependants_per_adult or 0.0) * households.members)
    migration, emigrate, expected_returns = calibrate_migration(
        country, p, workers, firms, households, own_account, posted_by_region, rng
    )
    pension = pensions(workers.pensioner, status != Status.ABROAD, country.average_pension_local or 0.0)
    households.benefits[:] = pooled_income(household, pension, len(households))
    households.income[:] = (
        pooled_income(household, wage, len(households)) + households.benefits + households.remittances
    )

    # --- unions: formal employees are members with the preset's density
    join = np.full(n_sectors, country.union_density or 0.0)
    workers.union_member[:] = formal_job & (rng.random(n) < join[np.maximum(sector, 0)])

    # --- goods demand constants: demand equals production in every market at start
    tradable = np.array([s in TRADABLE_SECTORS for s in SECTORS])
    public = np.array([s == "public" for s in SECTORS])
    output = np.zeros((n_sectors, n_regions))
    np.add.at(output, (firms.sector[live], firms.region[live]), firms.output[live])
    export_share = sector_vector(country.export_share)
    import_share0 = np.where(tradable, sector_vector(country.import_share), 0.0)
    national = output.sum(axis=1)
    base_exports = np.where(tradable, export_share * national, 0.0)
    spending_by_good = np.where(tradable, (national - base_exports) / (1.0 - import_share0), national)
    spending_by_good[public] = 0.0
    budget_share = spending_by_good / spending_by_good.sum()
    non_tradable_private = ~tradable & ~public
    spending0 = output[non_tradable_private].sum(axis=0) / budget_share[non_tradable_private].sum()
    income_by_region = np.bincount(households.region, weights=households.income, minlength=n_regions)
    autonomous = spending0 - p.marginal_propensity_to_consume * income_by_region
    if np.any(autonomous < 0):
        raise ValueError(
            "the calibrated autonomous consumption is negative: lower model.marginal_propensity_to_consume"
        )
    demand = DemandStructure(
        budget_share=budget_share,
        base_import_share=import_share0,
        base_exports=base_exports,
        autonomous_consumption=autonomous,
        government_demand=output[public].sum(axis=0),
        tradable=tradable,
        public=public,
    )

    # --- market-level constants
    market = market_index(firms.sector[live], firms.region[live], tradable, n_regions)
    n_markets = n_sectors * n_regions
    sales = np.bincount(market, weights=firms.output[live], minlength=n_markets)
    costs = np.bincount(
        market,
        weights=wage_bill + p.capital_cost_share * firms.productivity[live] * firms.capacity[live],
        minlength=n_markets,
    )
    normal_margin = np.divide(sales - costs, sales, out=np.zeros(n_markets), where=sales > 0)
    counts = np.bincount(market, minlength=n_markets)
    formal_share = np.divide(
        np.bincount(market, weights=firms.formal[live], minlength=n_markets),
        counts,
        out=np.ones(n_markets),
        where=counts > 0,
    )
    oa_cell = np.zeros((n_regions, n_sectors))
    np.add.at(oa_cell, (region[own_account], sector[own_account]), 1.0)
    oa_cell += 1e-9
    own_account_sector_prob = oa_cell / oa_cell.sum(axis=1, keepdims=True)

    # --- flows: participation and own-account work stationary, emigration and returns included
    counts_by_status = np.bincount(status, minlength=len(Status))
    labour_force = status <= Status.UNEMPLOYED
    labour_force_older = np.count_nonzero((age_group == AgeGroup.OLDER) & labour_force)
    rates = flow_rates(p, age_shares)
    entry = participation_entry_rate(
        counts_by_status[:2].sum(),
        counts_by_status[Status.UNEMPLOYED],
        counts_by_status[Status.INACTIVE],
        labour_force_older,
        rates,
        other_net_outflow=emigrate[labour_force].sum() - expected_returns,
    )
    resident_adults = np.bincount(household[status != Status.ABROAD], minlength=len(households))
    welfare = household_welfare(households.income, resident_adults, households.dependants)
    poverty_line = country.poverty_line_local
    if poverty_line is None:
        poverty_line = country.relative_poverty_line * weighted_quantile(
            welfare.equivalised_income, welfare.residents, 0.5
        )
    calibration = Calibration(
        regions=regions,
        demand=demand,
        spending0_by_region=spending0,
        normal_margin=normal_margin,
        formal_share=formal_share,
        own_account_sector_prob=own_account_sector_prob,
        own_account_entry_rate=own_account_entry_rate(
            own_account, age_group, n_unemployed, rates, emigrate[own_account].sum()
        ),
        rates=dataclasses.replace(rates, inactive_to_unemployed=entry),
        skill_fit=fit,
        union_join_probability=join,
        migration=migration,
        poverty_line=float(poverty_line),
        pension_coverage=coverage,
        minimum_wage=minimum_wage,
    )
    return workers, firms, households, calibration
