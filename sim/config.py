"""Typed configuration of a run, registered with Hydra, and its validation.

Core objects: `Config` (the whole run), `CountryConfig` (observed facts of a country
preset), `ModelParams` (behavioural parameters of the monthly cycle), `ShockConfig` and
`PolicyConfig` (what the world does and what the government chooses), `validate`, and
`load_country` (a preset from configs/country/ without composing a whole run).

Structured configs already reject unknown keys and wrong types (OmegaConf raises with the
full key); `validate` adds ranges and cross-field rules, and raises `ConfigError` naming the
key and what is allowed. Nothing runs and nothing is written before it passes.

Units: rates are fractions per month unless the name says otherwise; money is local currency
per month (`*_local`); durations are in months.
"""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Dict, List, Optional

from hydra.core.config_store import ConfigStore
from omegaconf import MISSING, DictConfig, OmegaConf

SECTORS: tuple[str, ...] = (
    "agriculture",
    "extractive",
    "manufacturing",
    "construction",
    "trade_services",
    "ict_business",
    "public",
)
"""The seven sectors of DESIGN.md, in the order used by every per-sector array."""

TRADABLE_SECTORS: tuple[str, ...] = ("agriculture", "extractive", "manufacturing", "ict_business")
"""Sectors whose goods cross the border: sold on one national market, exported and imported."""

SKILL_LEVELS: tuple[str, ...] = ("low", "medium", "high")

SKILL_FIT: dict[str, tuple[float, float, float]] = {
    "ict_business": (0.0, 0.5, 1.0),
    "public": (0.3, 1.0, 1.0),
}
"""Relative chance that a worker of each skill level (low, medium, high) applies to and
works in a sector; sectors not listed take all levels alike. A structural assumption:
ICT and business services hire no low-skill workers, the public sector few."""


class ConfigError(ValueError):
    """A configuration value is missing, of the wrong kind or out of its allowed range."""


# --------------------------------------------------------------------------------------
# Collective bargaining institutions
# --------------------------------------------------------------------------------------
@dataclass
class BargainingRules:
    """How collective bargaining works in a country (see `sim.markets.bargaining`).

    Attributes:
        bargaining_power: Union's share of the surplus between productivity and the
            outside option that it claims (0: claims the going wage).
        recognition: Share of formal firms with union members that bargain with the union.
        extension: Agreements are extended to every formal firm of the sector.
        ballot_threshold: Share of members voting yes needed to call a strike.
        notice_months: Months between a successful ballot and mediation.
        mediation_months: Months of compulsory mediation before a strike may start.
        mediation_settlement_rate: Chance per month of mediation that it settles the dispute.
        strike_months: Months a strike lasts before it ends in a settlement.
        militancy: Members' yes vote rises with the shortfall of the offer (yes probability =
            militancy x shortfall / offer).
        concession_without_strike: Share of the gap the employers concede without a strike.
        covered_firing_factor: Firing speed of covered firms relative to uncovered ones.
        lighthouse_effect: Share of the gap to an extended agreement's grade rate that
            informal employers of the sector close (the "lighthouse effect" of formal wage
            floors on informal pay: Boeri, Garibaldi and Ribeiro 2011).
    """

    bargaining_power: float = 0.1
    recognition: float = 0.5
    extension: bool = False
    ballot_threshold: float = 0.5
    notice_months: int = 1
    mediation_months: int = 1
    mediation_settlement_rate: float = 0.3
    strike_months: int = 1
    militancy: float = 1.5
    concession_without_strike: float = 0.25
    covered_firing_factor: float = 0.5
    lighthouse_effect: float = 0.2


# --------------------------------------------------------------------------------------
# National accounts, taxes and exchange rates of a preset (the accounts of sim.accounts)
# --------------------------------------------------------------------------------------
@dataclass
class NationalAccounts:
    """GDP by expenditure in one base year, as fractions of GDP (WDI, current prices).

    The calibration sets the initial economy so that its expenditure shares match these
    (within 2 pp); the shares of a base year whose components sum to about 1 are used.

    Attributes:
        year: Base year of the shares.
        household_consumption: Household and NPISH final consumption / GDP (NE.CON.PRVT.ZS).
        government_consumption: General government final consumption / GDP (NE.CON.GOVT.ZS).
        investment: Gross capital formation / GDP (NE.GDI.TOTL.ZS).
        exports: Exports of goods and services / GDP (NE.EXP.GNFS.ZS).
        imports: Imports of goods and services / GDP (NE.IMP.GNFS.ZS).
        tax_revenue: Central government tax revenue excluding social contributions / GDP
            (GC.TAX.TOTL.GD.ZS), or null when not published for the base year.
    """

    year: int = MISSING
    household_consumption: float = MISSING
    government_consumption: float = MISSING
    investment: float = MISSING
    exports: float = MISSING
    imports: float = MISSING
    tax_revenue: Optional[float] = None


@dataclass
class TaxRates:
    """Statutory tax rates (fractions); null where no figure was found (the tax is then
    not levied in the model, and the preset says so).

    Attributes:
        personal_income: Personal income tax on wages (flat rate, or the rate of the band
            that holds the mean wage where the schedule is progressive).
        personal_income_allowance_local: Monthly wage exempt from personal income tax
            (local currency; 0 where there is no zero-rate band).
        employee_social_contributions: Social contributions paid by employees on formal pay.
        employer_social_contributions: Social contributions paid by employers on formal pay.
        vat: Standard rate of value added tax.
        profit: Corporate income (profit) tax.
    """

    personal_income: Optional[float] = None
    personal_income_allowance_local: float = 0.0
    employee_social_contributions: Optional[float] = None
    employer_social_contributions: Optional[float] = None
    vat: Optional[float] = None
    profit: Optional[float] = None


@dataclass
class ExchangeRates:
    """Exchange rates of the base year (annual averages, WDI PA.NUS.FCRF).

    Attributes:
        year: Year of the rates.
        local_per_usd: Local currency units per US dollar.
        destination_currency: ISO code of the migrants' destination currency, or null.
        destination_per_usd: Destination currency units per US dollar, or null.
    """

    year: int = MISSING
    local_per_usd: float = MISSING
    destination_currency: Optional[str] = None
    destination_per_usd: Optional[float] = None


# --------------------------------------------------------------------------------------
# Country preset: observed facts (each with its source in the YAML file)
# --------------------------------------------------------------------------------------
@dataclass
class GdpGrowth:
    """Annual growth of real GDP (GDP at constant prices), a consecutive series.

    Attributes:
        first_year: Calendar year of the first value.
        percent: Growth in percent a year, one value per year from `first_year`.
    """

    first_year: int = MISSING
    percent: List[float] = MISSING


@dataclass
class RegionConfig:
    """Observed facts of one first-level region (oblast, city of republican status, NUTS
    region), each with its source and year beside it in the preset's YAML.

    Attributes:
        name: The region's name as its statistics office names it (in English).
        population: Persons, or a stated proxy (labour force, census working-age
            population), on one basis for all regions of a country: it splits the
            country's population among regions.
        unemployment_rate: ILO unemployment rate (fraction), or null: the national rate.
            Rates of another year than the national one keep their ratio to the national
            rate of their source (`sim.regions.unemployment_by_region`).
        participation_rate: Labour-force participation rate (fraction), or null: the
            national rate; rates keep their ratio to each other (`sim.regions.counts_at_rates`).
        employment_share: Employment by broad sector (agriculture; industry = extractive,
            manufacturing and construction; services = the rest), fractions of the
            region's employed, or {} (not found): the national mix.
        mining_gva_share: Mining value added / gross regional product (fraction), or null:
            where given, extractive jobs within industry are placed by it.
        manufacturing_gva_share: Manufacturing value added / gross regional product, or null.
        wage_ratio: The region's average wage / the national average of the same source and
            period, or null: at start the region's firms pay at this ratio to the national
            mean wage (`sim.regions.regional_wage_levels`), regions without one at a common
            level that keeps the national mean.
        poverty_rate: Poverty rate (fraction; the preset names the line), or null.
        migrants_abroad: Labour migrants from the region (persons), or null.
        lat: Latitude of the region's centre (degrees north), or null.
        lon: Longitude of the region's centre (degrees east), or null.
        matching_efficiency: Effective job applications a job seeker living here sends,
            relative to the national number (1: as everywhere). A behavioural parameter, not an
            observation: `python -m sim.calibrate` fits it to the region's unemployment rate,
            as regional matching functions differ in efficiency (Ibourk, Maillard, Perelman
            and Sneessens 2004; Fahr and Sunde 2006).
        neighbours: Keys of the regions that share a border with this one (commuting
            range); a pair counts if either lists the other; none listed in the whole
            country: every pair.
    """

    name: str = MISSING
    population: float = MISSING
    unemployment_rate: Optional[float] = None
    participation_rate: Optional[float] = None
    employment_share: Dict[str, float] = field(default_factory=dict)
    mining_gva_share: Optional[float] = None
    manufacturing_gva_share: Optional[float] = None
    wage_ratio: Optional[float] = None
    poverty_rate: Optional[float] = None
    migrants_abroad: Optional[float] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    matching_efficiency: float = 1.0
    neighbours: List[str] = field(default_factory=list)


@dataclass
class CountryConfig:
    """Observed facts of one country; each value's source and year sit beside it in YAML.

    Attributes:
        name: Display name.
        currency: ISO code of the local currency (wages are in it).
        employed_persons: Employed persons aged 15+ (persons).
        unemployed_persons: ILO-unemployed persons aged 15+ (persons).
        employment_to_population: Employed / population 15+ (fraction).
        informality_rate: Informal employment / employment, ILO definition (fraction).
        own_account_share: Own-account and contributing family workers / employment (fraction).
        youth_population_share: Share of the 15+ population aged 15-24 (fraction), or null.
        older_population_share: Share of the 15+ population aged 55+ (fraction), or null.
        sector_employment_share: Employment share by sector (fractions summing to 1).
        regions: The country's first-level regions (`RegionConfig`), keyed by a short
            ASCII name.
        mean_wage_local: Average monthly wage of employees (local currency per month).
        minimum_wage_local: Statutory monthly minimum wage (local currency per month), or
            null: minimum_wage_to_median x the median wage at start.
        minimum_wage_to_median: Minimum wage / median wage (fraction), used when the level
            is null.
        labour_income_share: Labour income / GDP (fraction): sets productivity from wages.
        export_share: Share of each tradable sector's output that is exported (fraction).
        import_share: Share of domestic spending on each tradable good that buys imports.
        informality_weight: Relative propensity of each sector's jobs to be informal (>= 0).
        youth_unemployment_rate: ILO unemployment rate of those aged 15-24 (fraction), or null.
        long_term_unemployment_share: Unemployed for 12 months or more / unemployed
            (fraction, ILO definition), or null: a calibration target (and the start's
            durations), not an input of the mechanisms.
        youth_to_adult_unemployment_ratio: Unemployment rate 15-24 / rate 25+ from one
            source and year, or null: a validation reference (`python -m sim.validate`).
        unemployment_duration_shares: Shares of the unemployed by months of search, keyed by
            band ("0-1", "1-3", ..., "12+"; lower bound inclusive), summing to 1, or null: a
            validation reference.
        mean_to_median_wage: Mean / median monthly wage of employees from one source and
            year, or null: a validation reference for the wage distribution.
        real_gdp_growth: Annual real GDP growth (`GdpGrowth`), or null: the business-cycle
            demand process of `python -m sim.validate` (`sim.business_cycle`).
        gini_index: Published Gini index (fraction), or null: a check, its definition may differ.
        poverty_rate: Published poverty rate (fraction), or null.
        poverty_rate_definition: "national line" or "at risk of poverty" (60 % of the median).
        union_density: Union members / formal employees (fraction), or null when not found.
        bargaining_coverage: Employees covered by collective agreements / employees
            (fraction), or null: a calibration target, not an input.
        migrants_abroad: Working-age citizens working abroad (persons), or null: no migration.
        remittances_gdp_share: Personal remittances received / GDP (fraction), or null.
        destination: Name of the migrants' main destination (for labels).
        internal_migration_rate: Persons who move from one first-level region to another in
            a year / population (fraction), or null when not found: households then stay.
        dependants_per_adult: Children aged 0-14 per resident aged 15+, or null: none.
        poverty_line_local: National poverty line per equivalent adult per month (local
            currency, in the price year of the wages), or null: a relative line.
        relative_poverty_line: Share of the median equivalised household income that is the
            poverty line when there is no national line (0.6: the EU at-risk-of-poverty line).
        average_pension_local: Average old-age pension, local currency per month, or null.
        pensioners: Persons drawing a pension, or null (with an average pension: all older).
        unemployment_benefit_replacement_rate: Benefit / last wage for former formal
            employees, or null: the ILO Convention 102 minimum (0.45).
        unemployment_benefit_months: Months of benefit per spell, or null: ILO C102 (3).
        minimum_wage_indexation: Share of the past year's median wage growth passed on to
            the minimum wage at each annual indexation (1: the ratio to the median is kept).
        overtime_limit: The labour code's most overtime, as a share of normal hours (a cap of
            120 hours a year over a 40-hour week: 120 / 2,080), or null: 8 hours over a
            40-hour week, the EU's 48-hour average week (`sim.markets.hours`).
        overtime_premium: The labour code's least overtime pay above the normal rate (0.5:
            at least 1.5 times it), or null: 0.25, ILO Convention No. 1, article 6.
        mean_wage_basis: "gross" (before employees' income tax and contributions) or "net"
            (take-home pay of formal employees, converted to gross with the preset's rates).
        national_accounts: GDP by expenditure and tax revenue of a base year, or null.
        taxes: Statutory tax rates.
        exchange_rates: Exchange rates to the US dollar and the destination currency, or null.
        bargaining: Collective bargaining institutions (defaults are stated assumptions).
        calibrated: Behavioural parameters fitted to this preset by `python -m sim.calibrate`
            (ModelParams field names, bargaining.<rule>, or regions.<key>.matching_efficiency);
            they replace the defaults but not values a user sets.
    """

    name: str = MISSING
    currency: str = MISSING
    employed_persons: float = MISSING
    unemployed_persons: float = MISSING
    employment_to_population: float = MISSING
    informality_rate: float = MISSING
    own_account_share: float = MISSING
    youth_population_share: Optional[float] = None
    older_population_share: Optional[float] = None
    sector_employment_share: Dict[str, float] = field(default_factory=dict)
    regions: Dict[str, RegionConfig] = field(default_factory=dict)
    mean_wage_local: float = MISSING
    minimum_wage_local: Optional[float] = None
    minimum_wage_to_median: Optional[float] = None
    labour_income_share: float = MISSING
    export_share: Dict[str, float] = field(default_factory=dict)
    import_share: Dict[str, float] = field(default_factory=dict)
    informality_weight: Dict[str, float] = field(default_factory=dict)
    youth_unemployment_rate: Optional[float] = None
    long_term_unemployment_share: Optional[float] = None
    youth_to_adult_unemployment_ratio: Optional[float] = None
    unemployment_duration_shares: Optional[Dict[str, float]] = None
    mean_to_median_wage: Optional[float] = None
    real_gdp_growth: Optional[GdpGrowth] = None
    gini_index: Optional[float] = None
    poverty_rate: Optional[float] = None
    poverty_rate_definition: str = "national line"
    union_density: Optional[float] = None
    bargaining_coverage: Optional[float] = None
    migrants_abroad: Optional[float] = None
    remittances_gdp_share: Optional[float] = None
    destination: str = "abroad"
    internal_migration_rate: Optional[float] = None
    dependants_per_adult: Optional[float] = None
    poverty_line_local: Optional[float] = None
    relative_poverty_line: float = 0.6
    average_pension_local: Optional[float] = None
    pensioners: Optional[float] = None
    unemployment_benefit_replacement_rate: Optional[float] = None
    unemployment_benefit_months: Optional[int] = None
    minimum_wage_indexation: float = 1.0
    overtime_limit: Optional[float] = None
    overtime_premium: Optional[float] = None
    mean_wage_basis: str = "gross"
    national_accounts: Optional[NationalAccounts] = None
    taxes: TaxRates = field(default_factory=TaxRates)
    exchange_rates: Optional[ExchangeRates] = None
    bargaining: BargainingRules = field(default_factory=BargainingRules)
    calibrated: Dict[str, float] = field(default_factory=dict)


# --------------------------------------------------------------------------------------
# Behavioural parameters of the monthly cycle (model choices, not observations)
# --------------------------------------------------------------------------------------
@dataclass
class ModelParams:
    """Behavioural parameters of the monthly cycle, with units.

    These are modelling choices, not observed facts; the calibration issue fits the ones
    that move the targeted moments. Defaults give a stationary baseline near the preset.
    """

    # firms
    mean_firm_size_workers: float = 12.0  # simulated workers per firm at start
    firm_size_tail_exponent: float = 1.06  # Pareto tail of firm sizes (Axtell 2001: 1.06)
    productivity_dispersion: float = 0.25  # sd of log firm quality (pay follows with elasticity 0.5)
    margin_dispersion: float = 0.05  # sd of log productivity around the sector's labour share
    customer_drift_sd: float = 0.0  # sd of the monthly proportionate shock to a private firm's
    # share of its market's customers (Gibrat's law, `sim.firms.drift_customers`); 0: firms keep
    # their share. Off by default: at 0.025 firm sizes grow a Zipf tail (exponent 0.88-1.15 after
    # 25 years) and gross job reallocation is about 20 % a year, as in transition economies
    # (Haltiwanger and Vodopivec 2002, Labour Economics 9(5), Estonia; Davis, Haltiwanger and
    # Schuh 1996: 19.4 %), but at the presets' scales a simulated firm stands for hundreds of
    # real ones, so a Zipf tail among simulated firms concentrates a market in a few of them and
    # their shocks move the whole economy: over 20 quiet years (5 seeds, scale 100) seven of the
    # eight presets lose 12-15 % of their firms and one Tajik seed's informality rises 22 pp
    informal_wage_ratio: float = 0.6  # informal firm's base wage / formal (same market)
    capacity_adjustment: float = 0.04  # share of the capacity gap closed per month
    expectation_adjustment: float = 0.5  # adaptive expectations of sales, weight on news
    firing_speed_formal: float = 0.2  # share of excess staff laid off per month, formal
    firing_speed_informal: float = 0.5  # the same, informal firms
    dividend_payout_speed: float = 0.1  # share of the gap between net worth and its target
    # paid out (or retained) per month on top of the profit after tax
    initial_net_worth_months: float = 3.0  # months of output held as net worth (the target)
    exit_after_months: int = 3  # months of negative net worth before exit
    closure_rate: float = 0.005  # monthly chance that a small firm (capacity up to the mean
    # firm size) closes for reasons outside the model; larger firms exit only when insolvent.
    # Entry at the normal margin replaces exits, so the number of firms is stationary.
    entry_profit_sensitivity: float = 5.0  # entry response to the market's profit margin gap
    # wages
    wage_rise_unfilled: float = 0.03  # max monthly rise of a posted wage, all vacancies unfilled
    wage_fall_queue: float = 0.004  # monthly fall of a posted wage when queues are long
    queue_threshold: float = 3.0  # applicants per vacancy above which a queue is long
    wage_indexation: float = 0.5  # share of consumer price inflation passed on to wages and
    # their norm (partial indexation: Smets and Wouters 2007 estimate 0.58); below 1 it anchors
    # the price level, which markup pricing alone leaves adrift
    wage_error_correction: float = 0.05  # share of the log gap to the norm closed a month
    # (Blanchard and Katz 1999): half-life of a deviation about 14 months
    wage_unemployment_response: float = 0.1  # monthly wage fall per unit of unemployment above
    # its normal rate; / wage_error_correction = the long-run fall (2 % per point: a wage-curve
    # elasticity of about -0.1 at 5 % unemployment, Blanchflower and Oswald 1994)
    skill_share: List[float] = field(default_factory=lambda: [0.35, 0.45, 0.20])
    skill_premium: List[float] = field(default_factory=lambda: [0.75, 1.0, 1.6])
    ability_dispersion: float = 0.3  # sd of log ability within a skill level (assumption: a
    # third of the residual sd of log wages, about 0.5, is left to firms' pay and luck)
    ability_tail_exponent: float = 3.0  # Pareto exponent of the upper tail of ability (and so
    # of top wages); top incomes have exponents between about 1.5 and 3 (Atkinson, Piketty and
    # Saez 2011, JEL 49(1)); wages are less concentrated than incomes: 3 (assumption)
    # search and matching
    applications_per_seeker: int = 3
    wage_search_elasticity: float = 2.0  # weight of a vacancy ~ wage ** elasticity
    cross_region_search_weight: float = 0.05  # weight of a vacancy in another region at distance 0 vs own
    search_distance_km: float = 50.0  # distance over which that weight falls by 1/e: steep, as
    # job search is local (Manning and Petrongolo 2011, CEP DP 1101: a job's attraction decays at
    # about 0.3 per km on UK wards), but less so, as distances between regional centres overstate
    # those of residents near a border (assumption: no commuting figure was found)
    commuting_cost_per_km: float = 0.001  # share of the monthly wage given up per km between
    # regional centres to commute (assumption: 100 km cost 10 % of the wage in time and travel)
    on_the_job_search_formal: float = 0.01  # share of formal employees searching a month
    on_the_job_search_informal: float = 0.05  # the same, informal employees (own-account workers stop first)
    job_switch_premium: float = 0.1  # wage gain an employed worker needs to move
    duration_screening: float = 0.874  # share of applications employers pass over from a seeker
    # out of work 8 months or more (linearly from none at 0 months: Kroft, Lange and Notowidigdo
    # 2013, call-backs fall over the first eight months, then flat); fitted to the long-term
    # unemployment share where it is published (0.837-0.941); the default is the median of those
    # six fits (results/calibration/) before Albania's refit with skill-sorted entry moved its
    # own from 0.855 to 0.890 (the median would be 0.891), for the others
    inexperience_screening: float = 0.5  # skill levels of rank a young first-job seeker lacks:
    # as much as two years of experience in the firm's sector weigh (assumption, not fitted)
    youth_separation_multiplier: float = 1.0  # job loss of workers aged 15-24 / of older
    # workers; fitted to the youth unemployment rate
    discouragement_elasticity: float = 0.85  # elasticity of entry into the labour force from
    # inactivity to the region's unemployment at its usual level, with the sign
    # turned (the discouraged-worker effect; `sim.markets.separations.discouraged_entry_rate`).
    # Set so that a trade shock raises non-participation about 2.5 times as much as unemployment,
    # as shares of the working-age population, as in US local labour markets hit by Chinese
    # imports (Autor, Dorn and Hanson 2013, AER 103(6), Table 5: +0.553 and +0.221 pp per $1,000
    # of import exposure per worker): Serbia's protectionism scenario, seed 0, months 1-36,
    # gives 2.2 at 0.75 and at 0.85, 4.0 at 1.0 and 3.1 at 1.2 (one seed: the ratio is noisy),
    # with the factor linear in unemployment and a 60-month memory of the usual rate. Not
    # fitted to Okun's law.
    discouragement_memory_months: float = 60.0  # half-life, in months, of a month's weight in
    # a region's usual unemployment rate (`sim.markets.separations.usual_unemployment`): about
    # one business cycle (the twelve US cycles from the 1948 peak to the 2020 peak average 75
    # months from peak to peak: NBER Business Cycle Dating Committee's chronology), so a slump discourages while a rate that lasts for
    # years becomes the usual one; `inf` keeps the start's rates
    reservation_wage_ratio: float = 0.45  # of the region's mean offered wage, at entry
    reservation_wage_decay: float = 0.05  # monthly fall of the reservation wage while unemployed
    own_account_exit_rate: float = 0.00674  # own-account workers who stop and search, a month;
    # fitted with the long-term unemployment share where it is published (0.0017-0.0213); the
    # default is the median of those six fits, for the others
    own_account_entry_from_inactivity: float = 0.606  # share of those who start own-account
    # work who come straight from inactivity, not from job search (`sim.initial_state.
    # own_account_entry_rates`); not published for the presets, fitted to the
    # long-term unemployment share where that is (0.52-0.83); the default is the median of
    # those six fits, for the others
    own_account_earnings_ratio: float = 0.5  # own-account earnings / region's mean wage
    # separations and participation
    separation_rate_formal: float = 0.008  # exogenous job losses per month, formal jobs
    separation_rate_informal: float = 0.02  # the same, informal jobs
    employed_to_inactive_rate: float = 0.004  # monthly exits from employment to inactivity
    unemployed_to_inactive_rate: float = 0.04  # monthly discouragement
    # training (step 6)
    training_cost_wage_share: float = 0.5  # cost of a trainee-month / mean wage (assumption)
    training_takeup: float = 0.3  # monthly chance that an eligible person considers enrolling
    training_dropout_rate: float = 0.03  # monthly chance a trainee drops out
    union_membership_churn: float = 0.02  # monthly chance a member leaves (and incumbents join)
    working_age_members_per_household: float = 2.0  # assumption until the households issue
    # migration (step 5)
    emigration_propensity: Optional[float] = None  # monthly scale of the emigration
    # probability; null: calibrated so that the stock of migrants abroad is stationary; 0: nobody leaves
    emigration_gap_elasticity: float = 0.5  # response to the income ratio abroad / at home
    network_elasticity: float = 0.5  # response to the region's share of people abroad (< 1: a stable stock)
    migration_cost_share: float = 0.3  # share of earnings abroad spent on living there and travel
    remittance_share: float = 0.5  # share of earnings abroad sent home (assumption)
    destination_employment_rate: float = 0.9  # chance a migrant has work abroad in normal times
    return_rate_employed: float = 0.03  # monthly return while working abroad (stays ~3 years)
    return_rate_jobless: float = 0.1  # monthly return without work abroad
    remittance_reservation_premium: float = 0.2  # higher reservation wage in receiving households
    trade_distance_elasticity: float = 0.9  # regions buy non-tradables away from home from
    # nearer suppliers: weight distance^-0.9 (mean of 1,467 distance elasticities of bilateral
    # trade, Disdier and Head 2008, Review of Economics and Statistics)
    # internal migration (step 5)
    migration_distance_elasticity: float = 1.0  # gravity: flows ~ destination size / distance ** this
    migration_income_elasticity: float = 1.0  # response of a flow to the destination's expected
    # earnings relative to the origin's (beyond their ratio at start)
    earnings_memory_months: float = 12.0  # mean age of the regional earnings a household judges
    # regions by (exponential smoothing)
    # demography: years spent in each age group (youth 15-24, prime 25-54, older 55+)
    years_youth: float = 10.0
    years_prime: float = 30.0
    years_older: float = 15.0
    # households: consumption C = a1 YD + a2 D (Godley and Lavoie 2007, model PC), monthly;
    # with a1 = 0.9 and a2 = 0.05 households hold two months of income in deposits (assumption)
    propensity_to_consume_income: float = 0.9  # a1, out of last month's disposable income
    propensity_to_consume_wealth: float = 0.05  # a2, out of deposits
    household_borrowing_limit_months: float = 0.0  # months of income a household may owe
    top_owner_fraction: float = 0.1  # households (drawn at random, sim.households) that
    top_owner_share: float = 0.8  # hold this share of domestic equity (US: top 10 % of wealth
    # holders hold over 80 % of corporate equities, Federal Reserve Distributional Financial
    # Accounts; no figure for the region was found)
    # prices (sim.prices)
    price_adjustment: float = 0.25  # share of the gap to the normal-cost price closed a month
    price_demand_sensitivity: float = 0.1  # target price rise per unit of excess demand
    # goods demand
    armington_elasticity: float = 2.0  # substitution between domestic and imported goods
    input_tariff_share: float = 0.0  # share of our tariff on manufactures that imported inputs
    # pay (0: inputs enter duty-free or have the duty drawn back, as under inward processing)
    export_price_elasticity: float = 4.0  # trade elasticity (Simonovska and Waugh 2014: ~4)
    demand_noise_sd: float = 0.0  # sd of monthly aggregate demand innovations (0: none)
    demand_noise_persistence: float = 0.9  # AR(1) coefficient of the demand factor


# --------------------------------------------------------------------------------------
# Shocks and policies (time schedules)
# --------------------------------------------------------------------------------------
@dataclass
class Scheduled:
    """When a shock applies: a linear ramp from `start_month`, then full size.

    Attributes:
        start_month: Horizon month at which the ramp starts (1 = first month after burn-in).
        ramp_months: Months from 0 to full size.
        duration_months: Months at full size before it is lifted; null = permanent.
    """

    start_month: int = 1
    ramp_months: int = 6
    duration_months: Optional[int] = None


@dataclass
class ProtectionismShock(Scheduled):
    """Partners raise tariffs on the country's exports, ramped linearly.

    Attributes:
        partner_tariff_by_sector: Added ad valorem tariff on our exports of each tradable
            sector at full size (fraction; 0.25 = 25 %).
    """

    partner_tariff_by_sector: Dict[str, float] = field(default_factory=dict)


@dataclass
class OwnTariffShock(Scheduled):
    """We raise tariffs on imports, ramped linearly: the home share of import-competing goods
    rises (Armington) and so do the prices households pay for imports.

    Attributes:
        tariff_by_sector: Added ad valorem tariff on imports of each tradable sector at full
            size (fraction).
    """

    tariff_by_sector: Dict[str, float] = field(default_factory=dict)


@dataclass
class WorldDemandShock(Scheduled):
    """World demand for our exports falls by sector, ramped linearly.

    Attributes:
        fall_by_sector: Fall of world demand for each tradable sector's exports at full size
            (fraction: 0.2 = 20 % less).
    """

    fall_by_sector: Dict[str, float] = field(default_factory=dict)


@dataclass
class RemittanceCollapseShock(Scheduled):
    """The migrants' destination economy falters: its labour demand falls and its currency
    loses value against the US dollar, and ours may too, so fewer migrants have work and each
    earns fewer dollars. Migrants' wages are set in the destination's currency; remittances
    in our currency move with both exchange rates:
    local = destination wage x (local per dollar) / (destination currency per dollar).
    Our own depreciation also raises import prices. Unlike the trade shocks it is lifted by
    default, after 24 months at full size.

    Attributes:
        destination_demand_fall: Fall of labour demand at the destination at full size
            (fraction: 0.15 = 15 % fewer migrants in work).
        destination_currency_fall: Fall of the destination currency's value in US dollars
            at full size (fraction: 0.37 = a rouble buys 37 % fewer dollars).
        local_currency_fall: Fall of our currency's value in US dollars at full size.
    """

    duration_months: Optional[int] = 24
    destination_demand_fall: float = 0.1
    destination_currency_fall: float = 0.28
    local_currency_fall: float = 0.0


@dataclass
class ShockConfig:
    """What the world does in the scenario; each field is one shock, null when absent.
    Shocks combine: `shock=[protectionism,remittance_collapse]` sets both."""

    protectionism: Optional[ProtectionismShock] = None
    own_tariffs: Optional[OwnTariffShock] = None
    world_demand: Optional[WorldDemandShock] = None
    remittance_collapse: Optional[RemittanceCollapseShock] = None


@dataclass
class CollectiveBargainingPolicy:
    """Strengthen social dialogue and collective bargaining (ILO advice). Each lever left
    null keeps the country's rule; the others replace it from `start_month` on.

    Attributes:
        extension: Extend agreements to every formal firm of the sector.
        bargaining_power: Union's share of the surplus it claims.
        ballot_threshold: Share of yes votes needed to call a strike.
        mediation_months: Months of compulsory mediation before a strike.
        recognition: Share of formal firms with members that bargain.
        start_month: Horizon month from which the new rules apply.
    """

    extension: Optional[bool] = True
    bargaining_power: Optional[float] = None
    ballot_threshold: Optional[float] = None
    mediation_months: Optional[int] = None
    recognition: Optional[float] = None
    start_month: int = 1


@dataclass
class ReskillingSubsidyPolicy:
    """A reskilling programme for a just transition (ILO advice): subsidised training that
    moves workers towards growing sectors.

    Attributes:
        seats_share: Training places, as a share of the labour force.
        subsidy_share: Share of the training cost the programme pays.
        duration_months: Months a course lasts.
        target_sectors: Sectors trained for; null: the `n_target_sectors` sectors whose
            employment grew most over the last 12 months (re-chosen every month).
        n_target_sectors: How many growing sectors are targeted when none are named.
        eligibility: "unemployed", or "unemployed_and_declining" (also employees of sectors
            whose employment fell over the last 12 months; they leave their job to train).
        start_month: Horizon month in which the programme opens.
    """

    seats_share: float = 0.002
    subsidy_share: float = 0.8
    duration_months: int = 6
    target_sectors: Optional[List[str]] = None
    n_target_sectors: int = 2
    eligibility: str = "unemployed"
    start_month: int = 1


@dataclass
class PolicyConfig:
    """What the government does in the scenario; each field is one policy, null when absent.
    Policies combine: `policy=[collective_bargaining,...]` sets several."""

    collective_bargaining: Optional[CollectiveBargainingPolicy] = None
    reskilling_subsidy: Optional[ReskillingSubsidyPolicy] = None


@dataclass
class PathsConfig:
    """Where outputs go; code reads `output_dir` and never builds paths itself."""

    root_dir: str = MISSING
    results_dir: str = MISSING
    output_dir: str = MISSING


@dataclass
class Config:
    """A whole run: country, shock, policy, model parameters and the run's size.

    Attributes:
        seed: Root of every random stream (one `SeedSequence(seed)`), and the first seed.
        seeds: Number of seeds (seed, seed + 1, ...): impacts get 95 % intervals across them.
        scale: Persons represented by one simulated person (>= 1).
        burn_in_months: Months the economy settles before the state is copied.
        horizon_months: Months that baseline and scenario run after burn-in.
        progress: Show a progress bar.
        figures: Write PNG figures.
    """

    country: CountryConfig = MISSING
    shock: ShockConfig = field(default_factory=ShockConfig)
    policy: PolicyConfig = field(default_factory=PolicyConfig)
    model: ModelParams = field(default_factory=ModelParams)
    paths: PathsConfig = field(default_factory=PathsConfig)
    seed: int = 0
    seeds: int = 1
    scale: float = 100.0
    burn_in_months: int = 24
    horizon_months: int = 36
    progress: bool = True
    figures: bool = True


PROJECT_ROOT = Path(__file__).resolve().parents[1]
"""The checkout: configs/ and results/ live here, wherever a run is launched from."""
CONFIG_DIR = PROJECT_ROOT / "configs"


def load_country(name: str) -> CountryConfig:
    """The country preset `configs/country/<name>.yaml` as a typed object (with the configs
    its defaults list names, such as its calibration)."""
    path = CONFIG_DIR / "country" / f"{name}.yaml"
    if not path.exists():
        available = sorted(p.stem for p in (CONFIG_DIR / "country").glob("*.yaml"))
        raise ConfigError(f"unknown country {name!r}: choose one of {available}")
    raw = OmegaConf.load(path)
    # as Hydra does: a config of the subfolder calibrated/ lands at country.calibrated
    parts = [
        OmegaConf.create({entry.split("/")[0]: OmegaConf.load(CONFIG_DIR / "country" / f"{entry}.yaml")})
        for entry in raw.pop("defaults", [])
        if entry != "_self_"
    ]
    return OmegaConf.to_object(OmegaConf.merge(OmegaConf.structured(CountryConfig), *parts, raw))


def apply_calibration(country: CountryConfig, params: ModelParams) -> tuple[CountryConfig, ModelParams]:
    """Apply the preset's fitted parameters where the user kept the default value."""
    defaults, rule_defaults = ModelParams(), BargainingRules()
    model, rules, regions = {}, {}, dict(country.regions)
    for name, value in country.calibrated.items():
        if name.startswith("regions."):
            _, key, field_name = name.split(".")
            if key in regions and getattr(regions[key], field_name) == getattr(RegionConfig(), field_name):
                regions[key] = replace(regions[key], **{field_name: value})
        elif name.startswith("bargaining."):
            rule = name.split(".", 1)[1]
            if getattr(country.bargaining, rule) == getattr(rule_defaults, rule):
                rules[rule] = value
        elif getattr(params, name) == getattr(defaults, name):
            model[name] = value
    if rules:
        country = replace(country, bargaining=replace(country.bargaining, **rules))
    if regions != country.regions:
        country = replace(country, regions=regions)
    return country, replace(params, **model)


FOLDER_NAME_LIMIT = 60
"""Characters a config value may take up in a folder name (`folder_name`)."""


def folder_name(text: Any) -> str:
    """`text` made safe as part of a folder name on every system: each run of characters other
    than ASCII letters, digits, '-' and '.' becomes one '_', leading dots and underscores go,
    and it is cut to `FOLDER_NAME_LIMIT` characters ('unnamed' if nothing is left)."""
    safe = re.sub(r"[^A-Za-z0-9.-]+", "_", str(text)).lstrip("._")[:FOLDER_NAME_LIMIT].rstrip("._")
    return safe or "unnamed"


def register_configs() -> None:
    """Register the schema with Hydra's ConfigStore, and the resolvers `project_root` and
    `folder_name` (a config value made safe for a folder name, as the run folders use it)."""
    ConfigStore.instance().store(name="config_schema", node=Config)
    if not OmegaConf.has_resolver("project_root"):
        OmegaConf.register_new_resolver("project_root", lambda: str(PROJECT_ROOT))
    if not OmegaConf.has_resolver("folder_name"):
        OmegaConf.register_new_resolver("folder_name", folder_name)


# --------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------
def _check(ok: bool, key: str, allowed: str, value: Any) -> None:
    if not ok:
        raise ConfigError(f"config key '{key}' = {value!r} is not allowed: {allowed}")


def _fraction(key: str, value: Any, *, open_upper: bool = False) -> None:
    ok = value is not None and math.isfinite(value) and 0.0 <= value and (value < 1.0 if open_upper else value <= 1.0)
    _check(ok, key, "a fraction in [0, 1" + (")" if open_upper else "]"), value)


def _positive(key: str, value: Any) -> None:
    _check(value is not None and math.isfinite(value) and value > 0, key, "a number > 0", value)


def _non_negative(key: str, value: Any) -> None:
    _check(value is not None and math.isfinite(value) and value >= 0, key, "a number >= 0", value)


def _sector_keys(key: str, mapping: dict, allowed: tuple[str, ...]) -> None:
    unknown = sorted(set(mapping) - set(allowed))
    _check(not unknown, key, f"keys among {list(allowed)}", unknown)


def _shares(key: str, mapping: dict, allowed: tuple[str, ...] | None) -> None:
    if allowed is not None:
        _sector_keys(key, mapping, allowed)
    _check(len(mapping) > 0, key, "at least one entry", mapping)
    for name, value in mapping.items():
        _fraction(f"{key}.{name}", value)
    total = sum(mapping.values())
    _check(abs(total - 1.0) < 1e-3, key, "shares that sum to 1 (they sum to %.4f)" % total, mapping)


BROAD_SECTORS: tuple[str, ...] = ("agriculture", "industry", "services")
"""The broad sectors of regional employment statistics (`RegionConfig.employment_share`)."""


def _regions(regions: dict) -> None:
    _check(len(regions) > 0, "country.regions", "at least one region", regions)
    for key, r in regions.items():
        at = f"country.regions.{key}"
        _positive(f"{at}.population", r.population)
        for name in (
            "unemployment_rate",
            "participation_rate",
            "mining_gva_share",
            "manufacturing_gva_share",
            "poverty_rate",
        ):
            if getattr(r, name) is not None:
                _fraction(f"{at}.{name}", getattr(r, name))
        for name in ("wage_ratio", "migrants_abroad"):
            if getattr(r, name) is not None:
                _non_negative(f"{at}.{name}", getattr(r, name))
        for other in r.neighbours:
            _check(other in regions and other != key, f"{at}.neighbours", f"other keys of {sorted(regions)}", other)
        if r.employment_share:
            _check(
                set(r.employment_share) == set(BROAD_SECTORS),
                f"{at}.employment_share",
                f"one share for each of {list(BROAD_SECTORS)}",
                sorted(r.employment_share),
            )
            for name, value in r.employment_share.items():
                _fraction(f"{at}.employment_share.{name}", value)
            total = sum(r.employment_share.values())
            _check(abs(total - 1.0) < 0.01, f"{at}.employment_share", "shares that sum to 1", total)
        _positive(f"{at}.matching_efficiency", r.matching_efficiency)
        _check((r.lat is None) == (r.lon is None), f"{at}.lat", "given together with lon", r.lat)
        if r.lat is not None:
            _check(-90 <= r.lat <= 90, f"{at}.lat", "degrees in [-90, 90]", r.lat)
            _check(-180 <= r.lon <= 180, f"{at}.lon", "degrees in [-180, 180]", r.lon)


MAX_MONTHS = 1200
"""Longest burn-in and horizon a run accepts: a century of months."""

MIN_SIMULATED_RESIDENTS = 500
"""Fewest simulated residents a run accepts: `scale` is bounded by the preset's residents
aged 15+ over this (a larger scale left 100 simulated persons standing for a country)."""

MAX_SIMULATED_RESIDENTS = 50_000_000
"""Most simulated residents a run accepts: about 17 GiB at `BYTES_PER_SIMULATED_PERSON`, more
than the largest preset (Uzbekistan's 27 million aged 15+) at scale 1."""

BYTES_PER_SIMULATED_PERSON = 367
"""Peak memory of a run per simulated person: 367 MB at 1 million (benchmarks/run.py)."""

MAX_PERSONS = 2e9
"""Largest count of persons a preset may give (a labour force, a region's population)."""

MAX_MONTHLY_AMOUNT = 1e12
"""Largest monthly amount in local currency a preset may give (a wage, a pension, a poverty
line): ten thousand times a monthly wage in the currencies with the smallest units; beyond it
amounts overflow the random draws they feed."""


def unknown_keys(node: DictConfig, prefix: str = "") -> list[str]:
    """Keys of a composed config that its schema does not have, depth first: a key added with
    `+` to a typed node (`+model.separation_rate_formall=0.5`) is kept by OmegaConf and
    dropped, unread, when the config becomes its dataclasses. Keys of mappings (the regions,
    the sector shares, the fitted parameters) are free."""
    schema = OmegaConf.get_type(node)
    names = {f.name for f in dataclasses.fields(schema)} if dataclasses.is_dataclass(schema) else None
    out = []
    for key in node.keys():
        if names is not None and key not in names and key != "hydra":
            out.append(f"{prefix}{key}")
            continue
        child = node._get_node(key)
        if isinstance(child, DictConfig) and not child._is_none():
            out += unknown_keys(child, f"{prefix}{key}.")
    return out


def validate(cfg: Config | DictConfig) -> Config:
    """Check ranges and cross-field rules; return the config as a typed object.

    Raises:
        ConfigError: naming the first offending key and what is allowed.
    """
    if isinstance(cfg, DictConfig):
        missing = sorted(OmegaConf.missing_keys(cfg))
        _check(not missing, missing[0] if missing else "", "a value (it is missing)", "???")
        unknown = unknown_keys(cfg)
        if unknown:
            raise ConfigError(
                f"config key '{unknown[0]}' does not exist (added with '+'?); the keys are documented in sim/config.py"
            )
        cfg = OmegaConf.to_object(cfg)
    c = cfg.country
    for key in ("name", "currency"):
        _check(bool(str(getattr(c, key)).strip()), f"country.{key}", "a non-empty text", getattr(c, key))
    _check(
        math.isfinite(cfg.scale) and cfg.scale >= 1, "scale", "a number >= 1 (persons per simulated person)", cfg.scale
    )
    for key in ("burn_in_months", "horizon_months"):
        months = getattr(cfg, key)
        _check(1 <= months <= MAX_MONTHS, key, f"an integer in [1, {MAX_MONTHS}] (at most a century)", months)
    _check(cfg.seed >= 0, "seed", "an integer >= 0", cfg.seed)
    _check(1 <= cfg.seeds <= 1000, "seeds", "an integer in [1, 1000]", cfg.seeds)

    _positive("country.employed_persons", c.employed_persons)
    _non_negative("country.unemployed_persons", c.unemployed_persons)
    _fraction("country.employment_to_population", c.employment_to_population)
    _positive("country.employment_to_population", c.employment_to_population)
    _fraction("country.informality_rate", c.informality_rate)
    _fraction("country.own_account_share", c.own_account_share)
    _check(
        c.own_account_share <= c.informality_rate,
        "country.own_account_share",
        "at most country.informality_rate (own-account work is informal here)",
        c.own_account_share,
    )
    for name in ("youth_population_share", "older_population_share"):
        if getattr(c, name) is not None:
            _fraction(f"country.{name}", getattr(c, name))
    _shares("country.sector_employment_share", c.sector_employment_share, SECTORS)
    _check(
        set(c.sector_employment_share) == set(SECTORS),
        "country.sector_employment_share",
        f"one share for each of {list(SECTORS)}",
        sorted(c.sector_employment_share),
    )
    _regions(c.regions)
    for key, persons in (
        ("country.employed_persons", c.employed_persons),
        ("country.unemployed_persons", c.unemployed_persons),
        ("country.migrants_abroad", c.migrants_abroad),
        *((f"country.regions.{k}.population", r.population) for k, r in c.regions.items()),
    ):
        if persons is not None:
            _check(persons <= MAX_PERSONS, key, f"at most {MAX_PERSONS:.0e} persons", persons)
    for name in ("personal_income", "employee_social_contributions", "employer_social_contributions", "vat", "profit"):
        if getattr(c.taxes, name) is not None:
            _fraction(f"country.taxes.{name}", getattr(c.taxes, name), open_upper=True)
    if c.employed_persons > 0 and 0 < c.employment_to_population <= 1:
        residents = c.employed_persons / c.employment_to_population
        largest = residents / MIN_SIMULATED_RESIDENTS
        _check(
            cfg.scale <= largest,
            "scale",
            f"at most {math.floor(largest):,} for {c.name}, so that at least {MIN_SIMULATED_RESIDENTS:,} simulated persons "
            f"stand for its {residents:,.0f} residents aged 15+",
            cfg.scale,
        )
        smallest = residents / MAX_SIMULATED_RESIDENTS
        _check(
            cfg.scale >= smallest,
            "scale",
            f"at least {math.ceil(smallest):,} for {c.name}, so that at most {MAX_SIMULATED_RESIDENTS:,} simulated persons "
            f"(about {MAX_SIMULATED_RESIDENTS * BYTES_PER_SIMULATED_PERSON / 2**30:.0f} GiB) stand for its "
            f"{residents:,.0f} residents aged 15+",
            cfg.scale,
        )
    for key, amount in (
        ("country.mean_wage_local", c.mean_wage_local),
        ("country.taxes.personal_income_allowance_local", c.taxes.personal_income_allowance_local),
        ("country.poverty_line_local", c.poverty_line_local),
        ("country.average_pension_local", c.average_pension_local),
    ):
        if amount is not None:
            _check(
                math.isfinite(amount) and amount <= MAX_MONTHLY_AMOUNT,
                key,
                f"a finite amount of at most {MAX_MONTHLY_AMOUNT:.0e} a month in local currency",
                amount,
            )
    _positive("country.mean_wage_local", c.mean_wage_local)
    _check(
        (c.minimum_wage_local is None) != (c.minimum_wage_to_median is None),
        "country.minimum_wage_local",
        "exactly one of country.minimum_wage_local and country.minimum_wage_to_median",
        c.minimum_wage_local,
    )
    if c.minimum_wage_local is not None:
        _non_negative("country.minimum_wage_local", c.minimum_wage_local)
        _check(
            c.minimum_wage_local < c.mean_wage_local,
            "country.minimum_wage_local",
            "below country.mean_wage_local",
            c.minimum_wage_local,
        )
    else:
        _fraction("country.minimum_wage_to_median", c.minimum_wage_to_median, open_upper=True)
    _fraction("country.labour_income_share", c.labour_income_share)
    _positive("country.labour_income_share", c.labour_income_share)
    for key in ("export_share", "import_share"):
        mapping = getattr(c, key)
        _sector_keys(f"country.{key}", mapping, TRADABLE_SECTORS)
        for name, value in mapping.items():
            _fraction(f"country.{key}.{name}", value, open_upper=True)
    _sector_keys("country.informality_weight", c.informality_weight, SECTORS)
    for name, value in c.informality_weight.items():
        _non_negative(f"country.informality_weight.{name}", value)
    for name in (
        "union_density",
        "bargaining_coverage",
        "remittances_gdp_share",
        "youth_unemployment_rate",
        "long_term_unemployment_share",
        "gini_index",
        "poverty_rate",
        "internal_migration_rate",
    ):
        if getattr(c, name) is not None:
            _fraction(f"country.{name}", getattr(c, name))
    if c.mean_to_median_wage is not None:
        _check(c.mean_to_median_wage >= 1, "country.mean_to_median_wage", "a ratio >= 1", c.mean_to_median_wage)
    if c.youth_to_adult_unemployment_ratio is not None:
        _positive("country.youth_to_adult_unemployment_ratio", c.youth_to_adult_unemployment_ratio)
    if c.unemployment_duration_shares is not None:
        for band in c.unemployment_duration_shares:
            _check(
                re.fullmatch(r"\d+(-\d+|\+)", band) is not None,
                f"country.unemployment_duration_shares.{band}",
                'a band of months such as "0-1", "3-6" or "12+"',
                band,
            )
        _shares("country.unemployment_duration_shares", c.unemployment_duration_shares, None)
    if c.real_gdp_growth is not None:
        _check(
            len(c.real_gdp_growth.percent) >= 10,
            "country.real_gdp_growth.percent",
            "at least 10 consecutive years",
            len(c.real_gdp_growth.percent),
        )
        _check(
            all(-50 < g < 100 for g in c.real_gdp_growth.percent),
            "country.real_gdp_growth.percent",
            "growth rates in percent, between -50 and 100",
            c.real_gdp_growth.percent,
        )
    for name in (
        "migrants_abroad",
        "dependants_per_adult",
        "poverty_line_local",
        "average_pension_local",
        "pensioners",
    ):
        if getattr(c, name) is not None:
            _non_negative(f"country.{name}", getattr(c, name))
    _check(
        (c.migrants_abroad is None) == (c.remittances_gdp_share is None),
        "country.remittances_gdp_share",
        "a value exactly when country.migrants_abroad has one (both calibrate migration)",
        c.remittances_gdp_share,
    )
    _fraction("country.relative_poverty_line", c.relative_poverty_line)
    _check(
        c.poverty_rate_definition in ("national line", "at risk of poverty"),
        "country.poverty_rate_definition",
        "'national line' or 'at risk of poverty'",
        c.poverty_rate_definition,
    )
    _non_negative("country.minimum_wage_indexation", c.minimum_wage_indexation)
    if c.unemployment_benefit_replacement_rate is not None:
        _fraction("country.unemployment_benefit_replacement_rate", c.unemployment_benefit_replacement_rate)
    if c.unemployment_benefit_months is not None:
        _non_negative("country.unemployment_benefit_months", c.unemployment_benefit_months)
    if c.overtime_limit is not None:
        _fraction("country.overtime_limit", c.overtime_limit)
    if c.overtime_premium is not None:
        _non_negative("country.overtime_premium", c.overtime_premium)

    m = cfg.model
    fractions = (
        "productivity_dispersion",
        "margin_dispersion",
        "customer_drift_sd",
        "informal_wage_ratio",
        "capacity_adjustment",
        "expectation_adjustment",
        "firing_speed_formal",
        "firing_speed_informal",
        "dividend_payout_speed",
        "closure_rate",
        "wage_rise_unfilled",
        "wage_fall_queue",
        "cross_region_search_weight",
        "on_the_job_search_formal",
        "on_the_job_search_informal",
        "reservation_wage_ratio",
        "reservation_wage_decay",
        "own_account_exit_rate",
        "own_account_earnings_ratio",
        "separation_rate_formal",
        "separation_rate_informal",
        "employed_to_inactive_rate",
        "unemployed_to_inactive_rate",
        "propensity_to_consume_income",
        "top_owner_fraction",
        "top_owner_share",
        "price_adjustment",
        "input_tariff_share",
        "wage_indexation",
        "wage_error_correction",
        "migration_cost_share",
        "remittance_share",
        "destination_employment_rate",
        "return_rate_employed",
        "return_rate_jobless",
        "union_membership_churn",
        "training_cost_wage_share",
        "training_takeup",
        "training_dropout_rate",
    )
    for name in fractions:
        _fraction(f"model.{name}", getattr(m, name))
    _check(
        0 <= m.demand_noise_persistence < 1,
        "model.demand_noise_persistence",
        "a number in [0, 1)",
        m.demand_noise_persistence,
    )
    for name in (
        "mean_firm_size_workers",
        "firm_size_tail_exponent",
        "queue_threshold",
        "years_youth",
        "years_prime",
        "years_older",
        "armington_elasticity",
        "export_price_elasticity",
        "propensity_to_consume_wealth",
        "search_distance_km",
        "earnings_memory_months",
        "youth_separation_multiplier",
        "ability_dispersion",
    ):
        _positive(f"model.{name}", getattr(m, name))
    _check(
        m.ability_tail_exponent > 1,
        "model.ability_tail_exponent",
        "a number > 1 (a finite mean)",
        m.ability_tail_exponent,
    )
    _non_negative("model.commuting_cost_per_km", m.commuting_cost_per_km)
    for name in (
        "wage_search_elasticity",
        "job_switch_premium",
        "initial_net_worth_months",
        "entry_profit_sensitivity",
        "demand_noise_sd",
        "household_borrowing_limit_months",
        "price_demand_sensitivity",
        "wage_unemployment_response",
        "emigration_gap_elasticity",
        "migration_distance_elasticity",
        "migration_income_elasticity",
        "trade_distance_elasticity",
        "network_elasticity",
        "remittance_reservation_premium",
        "duration_screening",
        "inexperience_screening",
        "discouragement_elasticity",
    ):
        _non_negative(f"model.{name}", getattr(m, name))
    _check(
        m.discouragement_memory_months > 0,
        "model.discouragement_memory_months",
        "a half-life in months > 0 (inf keeps the start's rates)",
        m.discouragement_memory_months,
    )
    _check(
        0.0 <= m.own_account_entry_from_inactivity < 1.0,
        "model.own_account_entry_from_inactivity",
        "a share in [0, 1)",
        m.own_account_entry_from_inactivity,
    )
    _check(m.duration_screening < 1.0, "model.duration_screening", "a share of call-backs in [0, 1)", m.duration_screening)
    if m.emigration_propensity is not None:
        _fraction("model.emigration_propensity", m.emigration_propensity)
    _check(
        m.applications_per_seeker >= 1, "model.applications_per_seeker", "an integer >= 1", m.applications_per_seeker
    )
    _check(m.exit_after_months >= 1, "model.exit_after_months", "an integer >= 1", m.exit_after_months)
    _check(
        len(m.skill_share) == len(SKILL_LEVELS),
        "model.skill_share",
        f"{len(SKILL_LEVELS)} shares ({', '.join(SKILL_LEVELS)})",
        m.skill_share,
    )
    _shares("model.skill_share", dict(zip(SKILL_LEVELS, m.skill_share)), None)
    _check(
        len(m.skill_premium) == len(SKILL_LEVELS) and all(p > 0 for p in m.skill_premium),
        "model.skill_premium",
        f"{len(SKILL_LEVELS)} positive wage multipliers",
        m.skill_premium,
    )

    if cfg.shock.protectionism is not None:
        p = cfg.shock.protectionism
        key = "shock.protectionism"
        _sector_keys(f"{key}.partner_tariff_by_sector", p.partner_tariff_by_sector, TRADABLE_SECTORS)
        for name, value in p.partner_tariff_by_sector.items():
            _check(
                math.isfinite(value) and 0 <= value <= 5,
                f"{key}.partner_tariff_by_sector.{name}",
                "a tariff in [0, 5] (fraction: 0.25 = 25 %)",
                value,
            )
        _timing(key, p, cfg.horizon_months)
    rules = c.bargaining
    for name in (
        "bargaining_power",
        "recognition",
        "ballot_threshold",
        "mediation_settlement_rate",
        "concession_without_strike",
        "covered_firing_factor",
    ):
        _fraction(f"country.bargaining.{name}", getattr(rules, name))
    for name in ("notice_months", "mediation_months", "strike_months", "militancy"):
        _non_negative(f"country.bargaining.{name}", getattr(rules, name))
    cb = cfg.policy.collective_bargaining
    if cb is not None:
        key = "policy.collective_bargaining"
        for name in ("bargaining_power", "ballot_threshold", "recognition"):
            if getattr(cb, name) is not None:
                _fraction(f"{key}.{name}", getattr(cb, name))
        if cb.mediation_months is not None:
            _non_negative(f"{key}.mediation_months", cb.mediation_months)
        _check(
            1 <= cb.start_month <= cfg.horizon_months,
            f"{key}.start_month",
            f"a month in [1, horizon_months={cfg.horizon_months}]",
            cb.start_month,
        )
    for name, field_name, allowed in (
        ("own_tariffs", "tariff_by_sector", "a tariff in [0, 5] (fraction)"),
        ("world_demand", "fall_by_sector", "a fall in [0, 1] (fraction)"),
    ):
        shock = getattr(cfg.shock, name)
        if shock is None:
            continue
        key = f"shock.{name}"
        mapping = getattr(shock, field_name)
        _sector_keys(f"{key}.{field_name}", mapping, TRADABLE_SECTORS)
        upper = 5.0 if name == "own_tariffs" else 1.0
        for sector, value in mapping.items():
            _check(math.isfinite(value) and 0 <= value <= upper, f"{key}.{field_name}.{sector}", allowed, value)
        _timing(key, shock, cfg.horizon_months)
    rs = cfg.policy.reskilling_subsidy
    if rs is not None:
        key = "policy.reskilling_subsidy"
        _fraction(f"{key}.seats_share", rs.seats_share)
        _fraction(f"{key}.subsidy_share", rs.subsidy_share)
        _check(rs.duration_months >= 1, f"{key}.duration_months", "an integer >= 1", rs.duration_months)
        _check(
            1 <= rs.n_target_sectors <= len(SECTORS),
            f"{key}.n_target_sectors",
            f"an integer in [1, {len(SECTORS)}]",
            rs.n_target_sectors,
        )
        if rs.target_sectors is not None:
            unknown = sorted(set(rs.target_sectors) - set(SECTORS))
            _check(
                not unknown and len(rs.target_sectors) > 0,
                f"{key}.target_sectors",
                f"a non-empty list among {list(SECTORS)}, or null",
                rs.target_sectors,
            )
        _check(
            rs.eligibility in ("unemployed", "unemployed_and_declining"),
            f"{key}.eligibility",
            "'unemployed' or 'unemployed_and_declining'",
            rs.eligibility,
        )
        _check(
            1 <= rs.start_month <= cfg.horizon_months,
            f"{key}.start_month",
            f"a month in [1, horizon_months={cfg.horizon_months}]",
            rs.start_month,
        )
    if cfg.shock.remittance_collapse is not None:
        r = cfg.shock.remittance_collapse
        key = "shock.remittance_collapse"
        _fraction(f"{key}.destination_demand_fall", r.destination_demand_fall)
        _fraction(f"{key}.destination_currency_fall", r.destination_currency_fall, open_upper=True)
        _fraction(f"{key}.local_currency_fall", r.local_currency_fall, open_upper=True)
        _timing(key, r, cfg.horizon_months)
    return cfg


def _timing(key: str, schedule: Scheduled, horizon_months: int) -> None:
    """Check the start, ramp and duration of a scheduled shock or policy."""
    _check(
        1 <= schedule.start_month <= horizon_months,
        f"{key}.start_month",
        f"a month in [1, horizon_months={horizon_months}]",
        schedule.start_month,
    )
    _check(schedule.ramp_months >= 0, f"{key}.ramp_months", "an integer >= 0", schedule.ramp_months)
    if schedule.duration_months is not None:
        _check(
            schedule.duration_months >= 0,
            f"{key}.duration_months",
            "an integer >= 0 or null",
            schedule.duration_months,
        )
