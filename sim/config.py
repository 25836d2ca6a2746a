"""Typed configuration of a run, registered with Hydra, and its validation.

Core objects: `Config` (the whole run), `CountryConfig` (observed facts of a country
preset), `ModelParams` (behavioural parameters of the monthly cycle), `ShockConfig` and
`PolicyConfig` (what the world does and what the government chooses), `validate`, and
`load_country` (a preset from configs/country/ without composing a whole run).

Every field's type declares what it accepts (`ranged`: a fraction, a count of persons, a
month within a century ...), beside the field, so that a parameter cannot be added without
its range. OmegaConf reads the bare types and refuses unknown keys and wrong types; pydantic
reads the declared ranges (`check_ranges`); `check_rules` checks what involves several
fields. `validate` runs the three and raises `ConfigError` naming the key and what is
allowed. Nothing runs and nothing is written before it passes.

Units: rates are fractions per month unless the name says otherwise; money is local currency
per month (`*_local`); durations are in months.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated, Any, Dict, List, Optional, Union, get_args, get_origin, get_type_hints

from hydra.core.config_store import ConfigStore
from omegaconf import MISSING, DictConfig, OmegaConf
from omegaconf.errors import OmegaConfBaseException
from pydantic import Field, TypeAdapter, ValidationError

from sim.markets.youth_guarantee import OFFER_TYPES

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
# Ranges: every field's type says what values it accepts
# --------------------------------------------------------------------------------------
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



def ranged(kind: type, allowed: str, *, finite: bool = True, **bounds: Any) -> Any:
    """The field type `kind` restricted by pydantic's `bounds` (ge, gt, le, lt, min_length,
    max_length, pattern), and finite unless `finite` is false (NaN is refused either way).
    `allowed` says in words what is accepted; `validate` puts it in the error message.
    OmegaConf reads the bare `kind` (type hints without their extras), pydantic the bounds."""
    extra = {"allow_inf_nan": not finite} if kind is float else {}
    return Annotated[kind, Field(description=allowed, **extra, **bounds)]


Fraction = ranged(float, "a fraction in [0, 1]", ge=0, le=1)
FractionBelowOne = ranged(float, "a fraction in [0, 1)", ge=0, lt=1)
PositiveFraction = ranged(float, "a fraction in (0, 1]", gt=0, le=1)
Positive = ranged(float, "a number > 0", gt=0)
NonNegative = ranged(float, "a number >= 0", ge=0)
Finite = ranged(float, "a finite number")
Ratio = ranged(float, "a ratio >= 1", ge=1)
Persons = ranged(float, f"a count of persons in [0, {MAX_PERSONS:.0e}]", ge=0, le=MAX_PERSONS)
PositivePersons = ranged(float, f"a count of persons in (0, {MAX_PERSONS:.0e}]", gt=0, le=MAX_PERSONS)
Amount = ranged(
    float, f"an amount in [0, {MAX_MONTHLY_AMOUNT:.0e}] a month in local currency", ge=0, le=MAX_MONTHLY_AMOUNT
)
PositiveAmount = ranged(
    float, f"an amount in (0, {MAX_MONTHLY_AMOUNT:.0e}] a month in local currency", gt=0, le=MAX_MONTHLY_AMOUNT
)
Months = ranged(int, "an integer number of months >= 0", ge=0)
AtLeastOne = ranged(int, "an integer >= 1", ge=1)
RunMonths = ranged(int, f"an integer in [1, {MAX_MONTHS}] (at most a century)", ge=1, le=MAX_MONTHS)
StartMonth = ranged(int, "a horizon month >= 1 (and at most horizon_months)", ge=1)
Tariff = ranged(float, "a tariff in [0, 5] (fraction: 0.25 = 25 %)", ge=0, le=5)
Year = ranged(int, "a calendar year in [1900, 2100]", ge=1900, le=2100)
CalendarMonth = ranged(
    str, "a calendar month YYYY-MM, 1900-01 to 2100-12", pattern=r"^(19\d\d|20\d\d|2100)-(0[1-9]|1[0-2])$"
)
GrowthPercent = ranged(float, "growth in percent, between -50 and 100", gt=-50, lt=100)
Latitude = ranged(float, "degrees in [-90, 90]", ge=-90, le=90)
Longitude = ranged(float, "degrees in [-180, 180]", ge=-180, le=180)
Text = ranged(str, "a non-empty text", pattern=r"\S")
TailExponent = ranged(float, "a number > 1 (a finite mean)", gt=1)
HalfLife = ranged(float, "a half-life in months > 0 (inf keeps the start's rates)", finite=False, gt=0)
Seed = ranged(int, "an integer >= 0", ge=0)
RowNumber = ranged(int, "a row number >= 0", ge=0)
SeedCount = ranged(int, "an integer in [1, 1000]", ge=1, le=1000)
Scale = ranged(float, "a number >= 1 (persons per simulated person)", ge=1)
GrowthSeries = Annotated[List[GrowthPercent], Field(description="at least 10 consecutive years", min_length=10)]
InflationSeries = Annotated[List[GrowthPercent], Field(description="at least one year", min_length=1)]
SkillShares = Annotated[
    List[Fraction], Field(description="3 shares (low, medium, high) that sum to 1", min_length=3, max_length=3)
]
SkillPremia = Annotated[
    List[Positive], Field(description="3 positive wage multipliers (low, medium, high)", min_length=3, max_length=3)
]
PovertyRateDefinition = ranged(
    str, "'national line' or 'at risk of poverty'", pattern="^(national line|at risk of poverty)$"
)
WageBasis = ranged(str, "'gross' or 'net'", pattern="^(gross|net)$")
PovertyLineBasis = ranged(
    str, "'per equivalent adult' or 'per person'", pattern="^(per equivalent adult|per person)$"
)
TargetSectorCount = ranged(int, f"an integer in [1, {len(SECTORS)}]", ge=1, le=len(SECTORS))
Eligibility = ranged(
    str, "'unemployed' or 'unemployed_and_declining'", pattern="^(unemployed|unemployed_and_declining)$"
)


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

    bargaining_power: Fraction = 0.1
    recognition: Fraction = 0.5
    extension: bool = False
    ballot_threshold: Fraction = 0.5
    notice_months: Months = 1
    mediation_months: Months = 1
    mediation_settlement_rate: Fraction = 0.3
    strike_months: Months = 1
    militancy: NonNegative = 1.5
    concession_without_strike: Fraction = 0.25
    covered_firing_factor: Fraction = 0.5
    lighthouse_effect: Fraction = 0.2


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

    year: Year = MISSING
    household_consumption: NonNegative = MISSING
    government_consumption: NonNegative = MISSING
    investment: NonNegative = MISSING
    exports: NonNegative = MISSING
    imports: NonNegative = MISSING
    tax_revenue: Optional[Fraction] = None


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

    personal_income: Optional[FractionBelowOne] = None
    personal_income_allowance_local: Amount = 0.0
    employee_social_contributions: Optional[FractionBelowOne] = None
    employer_social_contributions: Optional[FractionBelowOne] = None
    vat: Optional[FractionBelowOne] = None
    profit: Optional[FractionBelowOne] = None


@dataclass
class ExchangeRates:
    """Exchange rates of the base year (annual averages, WDI PA.NUS.FCRF).

    Attributes:
        year: Year of the rates.
        local_per_usd: Local currency units per US dollar.
    """

    year: Year = MISSING
    local_per_usd: Positive = MISSING


@dataclass
class Destination:
    """A country where the preset's migrants work.

    Attributes:
        migrant_share: Share of the preset's migrants abroad who work there at start
            (fraction; the shares of a preset's destinations sum to 1).
        currency: ISO code of its currency.
        per_usd: Its currency units per US dollar, annual average of the year of the
            preset's `exchange_rates` (WDI PA.NUS.FCRF), or null where not needed: remittances
            move with its value relative to this base, so only its currency matters to the
            model; the figure documents the base.
    """

    migrant_share: Fraction = MISSING
    currency: Text = MISSING
    per_usd: Optional[Positive] = None


# --------------------------------------------------------------------------------------
# Country preset: observed facts (each with its source in the YAML file)
# --------------------------------------------------------------------------------------
@dataclass
class Immigration:
    """Foreign workers who come to work in the country (`sim.markets.immigration`).

    Attributes:
        foreign_workers: Foreign workers present at start (persons).
        remittances_paid_gdp_share: Personal remittances paid abroad / GDP (fraction): what
            the employed foreign workers send home at start (a share of their earnings set
            to give it).
        alternative: Their other destination, a key of `destinations` (its labour demand and
            currency move their choice between it and here), or null: only conditions here
            move it.
    """

    foreign_workers: PositivePersons = MISSING
    remittances_paid_gdp_share: Fraction = MISSING
    alternative: Optional[Text] = None


@dataclass
class HouseholdTypes:
    """Shares of households by type (fractions summing to 1), the UN Database on Household
    Size and Composition's classification of the survey's households.

    Attributes:
        one_person: A person living alone.
        couple_only: A couple without others.
        couple_with_children: A couple with their children (of any age) and nobody else.
        single_parent: One parent with their children and nobody else.
        extended: Households with other relatives (several generations among them), and the
            survey's few households of non-relatives.
    """

    one_person: Fraction = MISSING
    couple_only: Fraction = MISSING
    couple_with_children: Fraction = MISSING
    single_parent: Fraction = MISSING
    extended: Fraction = MISSING


@dataclass
class HouseholdSizes:
    """Shares of households by residents (fractions summing to 1): a check of the formed
    households and what their spread of sizes is fitted to (`sim.household_formation`)."""

    one: Fraction = MISSING
    two_to_three: Fraction = MISSING
    four_to_five: Fraction = MISSING
    six_or_more: Fraction = MISSING


@dataclass
class HouseholdSurvey:
    """Who lives with whom: a survey's household sizes and types, older persons' living
    arrangements and the children's share of the population (`sim.household_formation`).

    Attributes:
        source: The survey (or census) and year the figures below come from.
        mean_size: Usual residents per household, children included (persons).
        types: Shares of households by type (`HouseholdTypes`).
        sizes: Shares of households by size (`HouseholdSizes`), or null: sizes spread
            evenly among the families.
        older_alone: Share of persons aged 60+ who live alone (fraction).
        older_couple_only: Share of persons aged 60+ who live with their partner only (fraction).
        older_with_adult_children: Share of persons aged 60+ who live with a child aged 20+
            (fraction), or null: a check, not an input.
        children_share: Persons aged 0-14 / population (fraction): children, who are not
            simulated persons, are counted per household.
    """

    source: Text = MISSING
    mean_size: Positive = MISSING
    types: HouseholdTypes = MISSING
    sizes: Optional[HouseholdSizes] = None
    older_alone: Fraction = MISSING
    older_couple_only: Fraction = MISSING
    older_with_adult_children: Optional[Fraction] = None
    children_share: FractionBelowOne = MISSING


@dataclass
class GdpGrowth:
    """Annual growth of real GDP (GDP at constant prices), a consecutive series.

    Attributes:
        first_year: Calendar year of the first value.
        percent: Growth in percent a year, one value per year from `first_year`.
    """

    first_year: Year = MISSING
    percent: GrowthSeries = MISSING


@dataclass
class ConsumerPrices:
    """Annual average consumer price inflation (WDI FP.CPI.TOTL.ZG), a consecutive series,
    that moves a national poverty line published in one year's prices to the wages' year.

    Attributes:
        first_year: Calendar year of the first value.
        inflation_percent: Inflation in percent a year, one value per year from `first_year`.
    """

    first_year: Year = MISSING
    inflation_percent: InflationSeries = MISSING


def inflation_by_year(prices: ConsumerPrices | None) -> dict[int, float]:
    """Inflation in percent keyed by calendar year (empty without a series)."""
    if prices is None:
        return {}
    return {prices.first_year + k: float(v) for k, v in enumerate(prices.inflation_percent)}


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

    name: Text = MISSING
    population: PositivePersons = MISSING
    unemployment_rate: Optional[Fraction] = None
    participation_rate: Optional[Fraction] = None
    employment_share: Dict[str, Fraction] = field(default_factory=dict)
    mining_gva_share: Optional[Fraction] = None
    manufacturing_gva_share: Optional[Fraction] = None
    wage_ratio: Optional[NonNegative] = None
    poverty_rate: Optional[Fraction] = None
    migrants_abroad: Optional[Persons] = None
    lat: Optional[Latitude] = None
    lon: Optional[Longitude] = None
    matching_efficiency: Positive = 1.0
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
        youth_neet_rate: Share of persons aged 15-24 neither in employment nor in education
            or training (fraction; ILO SDG 8.6.1, Eurostat edat_lfse_20), or null: sets how
            many of the young are students at start and how fast students leave school for
            inactivity (`sim.markets.education`); without it only entry into work ends school.
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
        union_density: Union members / formal employees (fraction), or null: no unions.
        union_density_assumption: Why union_density is an assumption rather than a published
            figure, and how it was set (a regional default), or null when it is published;
            the run prints it beside the density, and the calibration does not fit to it.
            Ignored when the density is null; set it to null when replacing an assumed
            density by a published figure.
        bargaining_coverage: Employees covered by collective agreements / employees
            (fraction), or null: a calibration target, not an input.
        migrants_abroad: Working-age citizens working abroad (persons), or null: no migration.
        remittances_gdp_share: Personal remittances received / GDP (fraction), or null.
        destinations: Where the migrants abroad work (`Destination` by country name), the main
            one first: the one a remittance collapse hits unless it names another. Wages
            abroad are the same in US dollars everywhere at start (no figure by destination
            was found), so remittances per migrant are too; each destination then moves with
            its own labour demand and currency.
        immigration: Foreign workers who come to work here (`Immigration`), or null: none.
        internal_migration_rate: Persons who move from one first-level region to another in
            a year / population (fraction), or null when not found: households then stay.
        households: Household sizes, types and children (`HouseholdSurvey`), or null:
            households formed at random of `model.working_age_members_per_household` persons
            aged 15+ each, without children.
        poverty_line_local: National poverty line a month (local currency, in the prices of
            `poverty_line_year`), or null: a relative line.
        poverty_line_year: Year whose prices the national line is published in, or null: the
            wages' (`price_year`). A line of another year is moved to the wages' prices with
            `consumer_prices` (`sim.households.line_at_prices`).
        price_year: Year of the prices of the preset's money amounts (the mean wage, minimum
            wage and pension), or null when no line needs moving.
        calendar_start: The calendar month ("YYYY-MM") that the scenario's first month stands
            for: figures over time read the horizon in calendar months from it. The presets
            take the January after their latest labour-market figure (employment, unemployment
            or wages); null counts months after the burn-in.
        consumer_prices: Annual consumer price inflation (`ConsumerPrices`), or null.
        poverty_line_basis: What the national line is per: "per equivalent adult" (household
            income over the equivalence scale) or "per person" (over its residents), as the
            statistics office counts it; a relative line is per equivalent adult.
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
        exchange_rates: Exchange rates to the US dollar, or null.
        bargaining: Collective bargaining institutions (defaults are stated assumptions).
        calibrated: Behavioural parameters fitted to this preset by `python -m sim.calibrate`
            (ModelParams field names, bargaining.<rule>, or regions.<key>.matching_efficiency);
            they replace the defaults but not values a user sets.
    """

    name: Text = MISSING
    currency: Text = MISSING
    employed_persons: PositivePersons = MISSING
    unemployed_persons: Persons = MISSING
    employment_to_population: PositiveFraction = MISSING
    informality_rate: Fraction = MISSING
    own_account_share: Fraction = MISSING
    youth_population_share: Optional[Fraction] = None
    older_population_share: Optional[Fraction] = None
    sector_employment_share: Dict[str, Fraction] = field(default_factory=dict)
    regions: Dict[str, RegionConfig] = field(default_factory=dict)
    mean_wage_local: PositiveAmount = MISSING
    minimum_wage_local: Optional[Amount] = None
    minimum_wage_to_median: Optional[FractionBelowOne] = None
    labour_income_share: PositiveFraction = MISSING
    export_share: Dict[str, FractionBelowOne] = field(default_factory=dict)
    import_share: Dict[str, FractionBelowOne] = field(default_factory=dict)
    informality_weight: Dict[str, NonNegative] = field(default_factory=dict)
    youth_unemployment_rate: Optional[Fraction] = None
    long_term_unemployment_share: Optional[Fraction] = None
    youth_to_adult_unemployment_ratio: Optional[Positive] = None
    youth_neet_rate: Optional[Fraction] = None
    unemployment_duration_shares: Optional[Dict[str, Fraction]] = None
    mean_to_median_wage: Optional[Ratio] = None
    real_gdp_growth: Optional[GdpGrowth] = None
    gini_index: Optional[Fraction] = None
    poverty_rate: Optional[Fraction] = None
    poverty_rate_definition: PovertyRateDefinition = "national line"
    union_density: Optional[Fraction] = None
    union_density_assumption: Optional[Text] = None
    bargaining_coverage: Optional[Fraction] = None
    migrants_abroad: Optional[Persons] = None
    remittances_gdp_share: Optional[Fraction] = None
    destinations: Dict[str, Destination] = field(default_factory=dict)
    immigration: Optional[Immigration] = None
    internal_migration_rate: Optional[Fraction] = None
    households: Optional[HouseholdSurvey] = None
    poverty_line_local: Optional[Amount] = None
    poverty_line_year: Optional[Year] = None
    price_year: Optional[Year] = None
    calendar_start: Optional[CalendarMonth] = None
    consumer_prices: Optional[ConsumerPrices] = None
    poverty_line_basis: PovertyLineBasis = "per equivalent adult"
    relative_poverty_line: Fraction = 0.6
    average_pension_local: Optional[Amount] = None
    pensioners: Optional[Persons] = None
    unemployment_benefit_replacement_rate: Optional[Fraction] = None
    unemployment_benefit_months: Optional[Months] = None
    minimum_wage_indexation: NonNegative = 1.0
    overtime_limit: Optional[Fraction] = None
    overtime_premium: Optional[NonNegative] = None
    mean_wage_basis: WageBasis = "gross"
    national_accounts: Optional[NationalAccounts] = None
    taxes: TaxRates = field(default_factory=TaxRates)
    exchange_rates: Optional[ExchangeRates] = None
    bargaining: BargainingRules = field(default_factory=BargainingRules)
    calibrated: Dict[str, Finite] = field(default_factory=dict)


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
    mean_firm_size_workers: Positive = 12.0  # simulated workers per firm at start
    firm_size_tail_exponent: Positive = 1.06  # Pareto tail of firm sizes (Axtell 2001: 1.06)
    productivity_dispersion: Fraction = 0.25  # sd of log firm quality (pay follows with elasticity 0.5)
    margin_dispersion: Fraction = 0.05  # sd of log productivity around the sector's labour share
    customer_drift_sd: Fraction = 0.0  # sd of the monthly proportionate shock to a private firm's
    # share of its market's customers (Gibrat's law, `sim.firms.drift_customers`); 0: firms keep
    # their share. Off by default: at 0.025 firm sizes grow a Zipf tail (exponent 0.88-1.15 after
    # 25 years) and gross job reallocation is about 20 % a year, as in transition economies
    # (Haltiwanger and Vodopivec 2002, Labour Economics 9(5), Estonia; Davis, Haltiwanger and
    # Schuh 1996: 19.4 %), but at the presets' scales a simulated firm stands for hundreds of
    # real ones, so a Zipf tail among simulated firms concentrates a market in a few of them and
    # their shocks move the whole economy: over 20 quiet years (5 seeds, scale 100) seven of the
    # eight presets lose 12-15 % of their firms and one Tajik seed's informality rises 22 pp
    informal_wage_ratio: Fraction = 0.6  # informal firm's base wage / formal (same market)
    capacity_adjustment: Fraction = 0.04  # share of the capacity gap closed per month
    expectation_adjustment: Fraction = 0.5  # adaptive expectations of sales, weight on news
    firing_speed_formal: Fraction = 0.2  # share of excess staff laid off per month, formal
    firing_speed_informal: Fraction = 0.5  # the same, informal firms
    dividend_payout_speed: Fraction = 0.1  # share of the gap between net worth and its target
    # paid out (or retained) per month on top of the profit after tax
    initial_net_worth_months: NonNegative = 3.0  # months of output held as net worth (the target)
    exit_after_months: AtLeastOne = 3  # months of negative net worth before exit
    closure_rate: Fraction = 0.005  # monthly chance that a small firm (capacity up to the mean
    # firm size) closes for reasons outside the model; larger firms exit only when insolvent.
    # Entry at the normal margin replaces exits, so the number of firms is stationary.
    entry_profit_sensitivity: NonNegative = 5.0  # entry response to the market's profit margin gap
    # wages
    wage_rise_unfilled: Fraction = 0.03  # max monthly rise of a posted wage, all vacancies unfilled
    wage_fall_queue: Fraction = 0.004  # monthly fall of a posted wage when queues are long
    queue_threshold: Positive = 3.0  # applicants per vacancy above which a queue is long
    wage_indexation: Fraction = 0.5  # share of consumer price inflation passed on to wages and
    # their norm (partial indexation: Smets and Wouters 2007 estimate 0.58); below 1 it anchors
    # the price level, which markup pricing alone leaves adrift
    wage_error_correction: Fraction = 0.05  # share of the log gap to the norm closed a month
    # (Blanchard and Katz 1999): half-life of a deviation about 14 months
    wage_unemployment_response: NonNegative = 0.1  # monthly wage fall per unit of unemployment above
    # its normal rate; / wage_error_correction = the long-run fall (2 % per point: a wage-curve
    # elasticity of about -0.1 at 5 % unemployment, Blanchflower and Oswald 1994)
    skill_share: SkillShares = field(default_factory=lambda: [0.35, 0.45, 0.20])
    skill_premium: SkillPremia = field(default_factory=lambda: [0.75, 1.0, 1.6])
    ability_dispersion: Positive = 0.3  # sd of log ability within a skill level (assumption: a
    # third of the residual sd of log wages, about 0.5, is left to firms' pay and luck)
    ability_tail_exponent: TailExponent = 3.0  # Pareto exponent of the upper tail of ability (and so
    # of top wages); top incomes have exponents between about 1.5 and 3 (Atkinson, Piketty and
    # Saez 2011, JEL 49(1)); wages are less concentrated than incomes: 3 (assumption)
    # search and matching
    applications_per_seeker: AtLeastOne = 3
    wage_search_elasticity: NonNegative = 2.0  # weight of a vacancy ~ wage ** elasticity
    cross_region_search_weight: Fraction = 0.05  # weight of a vacancy in another region at distance 0 vs own
    search_distance_km: Positive = 50.0  # distance over which that weight falls by 1/e: steep, as
    # job search is local (Manning and Petrongolo 2011, CEP DP 1101: a job's attraction decays at
    # about 0.3 per km on UK wards), but less so, as distances between regional centres overstate
    # those of residents near a border (assumption: no commuting figure was found)
    commuting_cost_per_km: NonNegative = 0.001  # share of the monthly wage given up per km between
    # regional centres to commute (assumption: 100 km cost 10 % of the wage in time and travel)
    on_the_job_search_formal: Fraction = 0.01  # share of formal employees searching a month
    on_the_job_search_informal: Fraction = 0.05  # the same, informal employees (own-account workers stop first)
    job_switch_premium: NonNegative = 0.1  # wage gain an employed worker needs to move
    duration_screening: FractionBelowOne = 0.874  # share of applications employers pass over from a seeker
    # out of work 8 months or more (linearly from none at 0 months: Kroft, Lange and Notowidigdo
    # 2013, call-backs fall over the first eight months, then flat); fitted to the long-term
    # unemployment share where it is published (0.837-0.941); the default is the median of those
    # six fits (results/calibration/) before Albania's refit with skill-sorted entry moved its
    # own from 0.855 to 0.890 (the median would be 0.891), for the others
    inexperience_screening: NonNegative = 0.5  # skill levels of rank a young first-job seeker lacks:
    # as much as two years of experience in the firm's sector weigh (assumption, not fitted)
    youth_separation_multiplier: Positive = 1.0  # job loss of workers aged 15-24 / of older
    # workers; fitted to the youth unemployment rate
    discouragement_elasticity: NonNegative = 0.85  # elasticity of entry into the labour force from
    # inactivity to the region's unemployment at its usual level, with the sign
    # turned (the discouraged-worker effect; `sim.markets.separations.discouraged_entry_rate`).
    # Set so that a trade shock raises non-participation about 2.5 times as much as unemployment,
    # as shares of the working-age population, as in US local labour markets hit by Chinese
    # imports (Autor, Dorn and Hanson 2013, AER 103(6), Table 5: +0.553 and +0.221 pp per $1,000
    # of import exposure per worker): Serbia's protectionism scenario, seed 0, months 1-36,
    # gives 2.2 at 0.75 and at 0.85, 4.0 at 1.0 and 3.1 at 1.2 (one seed: the ratio is noisy),
    # with the factor linear in unemployment and a 60-month memory of the usual rate. Not
    # fitted to Okun's law.
    discouragement_memory_months: HalfLife = 60.0  # half-life, in months, of a month's weight in
    # a region's usual unemployment rate (`sim.markets.separations.usual_unemployment`): about
    # one business cycle (the twelve US cycles from the 1948 peak to the 2020 peak average 75
    # months from peak to peak: NBER Business Cycle Dating Committee's chronology), so a slump discourages while a rate that lasts for
    # years becomes the usual one; `inf` keeps the start's rates
    reservation_wage_ratio: Fraction = 0.45  # of the region's mean offered wage, at entry
    reservation_wage_decay: Fraction = 0.05  # monthly fall of the reservation wage while unemployed
    own_account_exit_rate: Fraction = 0.00674  # own-account workers who stop and search, a month;
    # fitted with the long-term unemployment share where it is published (0.0017-0.0213); the
    # default is the median of those six fits, for the others
    own_account_entry_from_inactivity: FractionBelowOne = 0.606  # share of those who start own-account
    # work who come straight from inactivity, not from job search (`sim.initial_state.
    # own_account_entry_rates`); not published for the presets, fitted to the
    # long-term unemployment share where that is (0.52-0.87); the default is the median of
    # those six fits, for the others
    own_account_earnings_ratio: Fraction = 0.5  # own-account earnings / region's mean wage
    # separations and participation
    separation_rate_formal: Fraction = 0.008  # exogenous job losses per month, formal jobs
    separation_rate_informal: Fraction = 0.02  # the same, informal jobs
    employed_to_inactive_rate: Fraction = 0.004  # monthly exits from employment to inactivity
    unemployed_to_inactive_rate: Fraction = 0.04  # monthly discouragement
    # training (step 6)
    training_cost_wage_share: Fraction = 0.5  # cost of a trainee-month / mean wage (assumption)
    training_takeup: Fraction = 0.3  # monthly chance that an eligible person considers enrolling
    training_dropout_rate: Fraction = 0.03  # monthly chance a trainee drops out
    trainee_exit_ratio: NonNegative = 1.0  # trainees leave the labour force (and their course) at this
    # multiple of the unemployed's rate: 1, as the unemployed they would otherwise be (their
    # comparison group); 0, never, as before trainees could
    training_return_per_year: Fraction = 0.09  # efficiency gained per year of a course, pro rata
    # to its months: the private return to a year of schooling, 9 % a year on average over 1,120
    # estimates in 139 countries (Psacharopoulos and Patrinos 2018, Education Economics 26(5))
    union_membership_churn: Fraction = 0.02  # monthly chance a member leaves (and incumbents join)
    working_age_members_per_household: Positive = 2.0  # persons 15+ per household where the
    # preset has no household survey (`country.households` null): formed at random
    couple_sorting_noise: NonNegative = 1.0  # noise added to skill levels before spouses pair in
    # order (`sim.household_formation`): 0 pairs equal skills where it can, large values at random;
    # 1.0 gives 48 % of couples of equal skill (36 % at random), as the 46-50 % of Russian couples
    # with the same education in 1995-2015 (RLMS-HSE, Zinchenko and Lukiyanova 2018, HSE Economic
    # Journal 22(2), via regnum.ru/news/2519991; their education groups are not the model's three
    # levels); no figure was found for the presets' countries
    # migration (step 5)
    emigration_propensity: Optional[Fraction] = None  # monthly scale of the emigration
    # probability; null: calibrated so that the stock of migrants abroad is stationary; 0: nobody leaves
    emigration_gap_elasticity: NonNegative = 0.5  # response to the income ratio abroad / at home
    network_elasticity: NonNegative = 0.5  # response to the region's share of people abroad (< 1: a stable stock)
    migration_cost_share: Fraction = 0.3  # share of earnings abroad spent on living there and travel
    remittance_share: Fraction = 0.5  # share of earnings abroad sent home (assumption)
    destination_employment_rate: Fraction = 0.9  # chance a migrant has work abroad in normal times
    return_rate_employed: Fraction = 0.03  # monthly return while working abroad (stays ~3 years)
    return_rate_jobless: Fraction = 0.1  # monthly return without work abroad
    remittance_reservation_premium: NonNegative = 0.2  # higher reservation wage in receiving households
    trade_distance_elasticity: NonNegative = 0.9  # regions buy non-tradables away from home from
    # nearer suppliers: weight distance^-0.9 (mean of 1,467 distance elasticities of bilateral
    # trade, Disdier and Head 2008, Review of Economics and Statistics)
    # internal migration (step 5)
    migration_distance_elasticity: NonNegative = 1.0  # gravity: flows ~ destination size / distance ** this
    migration_income_elasticity: NonNegative = 1.0  # response of a flow to the destination's expected
    # earnings relative to the origin's (beyond their ratio at start)
    earnings_memory_months: Positive = 12.0  # mean age of the regional earnings a household judges
    # regions by (exponential smoothing)
    # demography: years spent in each age group (youth 15-24, prime 25-54, older 55+)
    years_youth: Positive = 10.0
    years_prime: Positive = 30.0
    years_older: Positive = 15.0
    # households: consumption C = a1 YD + a2 D (Godley and Lavoie 2007, model PC), monthly;
    # with a1 = 0.9 and a2 = 0.05 households hold two months of income in deposits (assumption)
    propensity_to_consume_income: Fraction = 0.9  # a1, out of last month's disposable income
    propensity_to_consume_wealth: Positive = 0.05  # a2, out of deposits
    household_borrowing_limit_months: NonNegative = 0.0  # months of income a household may owe
    top_owner_fraction: Fraction = 0.1  # households (drawn at random, sim.households) that
    top_owner_share: Fraction = 0.8  # hold this share of domestic equity (US: top 10 % of wealth
    # holders hold over 80 % of corporate equities, Federal Reserve Distributional Financial
    # Accounts; no figure for the region was found)
    # prices (sim.prices)
    price_adjustment: Fraction = 0.25  # share of the gap to the normal-cost price closed a month
    price_demand_sensitivity: NonNegative = 0.1  # target price rise per unit of excess demand
    # goods demand
    armington_elasticity: Positive = 2.0  # substitution between domestic and imported goods
    input_tariff_share: Fraction = 0.0  # share of our tariff on manufactures that imported inputs
    # pay (0: inputs enter duty-free or have the duty drawn back, as under inward processing)
    export_price_elasticity: Positive = 4.0  # trade elasticity (Simonovska and Waugh 2014: ~4)
    demand_noise_sd: NonNegative = 0.0  # sd of monthly aggregate demand innovations (0: none)
    demand_noise_persistence: FractionBelowOne = 0.9  # AR(1) coefficient of the demand factor


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

    start_month: StartMonth = 1
    ramp_months: Months = 6
    duration_months: Optional[Months] = None


@dataclass
class ProtectionismShock(Scheduled):
    """Partners raise tariffs on the country's exports, ramped linearly.

    Attributes:
        partner_tariff_by_sector: Added ad valorem tariff on our exports of each tradable
            sector at full size (fraction; 0.25 = 25 %).
    """

    partner_tariff_by_sector: Dict[str, Tariff] = field(default_factory=dict)


@dataclass
class OwnTariffShock(Scheduled):
    """We raise tariffs on imports, ramped linearly: the home share of import-competing goods
    rises (Armington) and so do the prices households pay for imports.

    Attributes:
        tariff_by_sector: Added ad valorem tariff on imports of each tradable sector at full
            size (fraction).
    """

    tariff_by_sector: Dict[str, Tariff] = field(default_factory=dict)


@dataclass
class WorldDemandShock(Scheduled):
    """World demand for our exports falls by sector, ramped linearly.

    Attributes:
        fall_by_sector: Fall of world demand for each tradable sector's exports at full size
            (fraction: 0.2 = 20 % less).
    """

    fall_by_sector: Dict[str, Fraction] = field(default_factory=dict)


@dataclass
class RemittanceCollapseShock(Scheduled):
    """The migrants' destination economy falters: its labour demand falls and its currency
    loses value against the US dollar, and ours may too, so fewer migrants have work and each
    earns fewer dollars. Migrants' wages are set in the destination's currency; remittances
    in our currency move with both exchange rates:
    local = destination wage x (local per dollar) / (destination currency per dollar).
    Our own depreciation also raises import prices. Unlike the trade shocks it is lifted by
    default, after 24 months at full size. Migrants elsewhere keep their work, and their
    wages unless they are paid in the same currency (the euro destinations together).

    Attributes:
        destination: The destination that falters (a key of `country.destinations`), or
            null: the preset's main destination (its first).
        destination_demand_fall: Fall of labour demand at the destination at full size
            (fraction: 0.15 = 15 % fewer migrants in work).
        destination_currency_fall: Fall of the destination currency's value in US dollars
            at full size (fraction: 0.37 = a rouble buys 37 % fewer dollars), in every
            destination that uses it.
        local_currency_fall: Fall of our currency's value in US dollars at full size.
    """

    duration_months: Optional[Months] = 24
    destination: Optional[Text] = None
    destination_demand_fall: Fraction = 0.1
    destination_currency_fall: FractionBelowOne = 0.28
    local_currency_fall: FractionBelowOne = 0.0


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
    bargaining_power: Optional[Fraction] = None
    ballot_threshold: Optional[Fraction] = None
    mediation_months: Optional[Months] = None
    recognition: Optional[Fraction] = None
    start_month: StartMonth = 1


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

    seats_share: Fraction = 0.002
    subsidy_share: Fraction = 0.8
    duration_months: AtLeastOne = 6
    target_sectors: Optional[List[str]] = None
    n_target_sectors: TargetSectorCount = 2
    eligibility: Eligibility = "unemployed"
    start_month: StartMonth = 1


@dataclass
class YouthGuaranteePolicy:
    """A youth guarantee (`sim.markets.youth_guarantee`): every resident aged 15-24 who has
    been unemployed for `offer_within_months` gets, once a spell and with the chance
    `offer_rate`, an offer of a job, a traineeship or a course.

    Attributes:
        offer_within_months: Months of unemployment by which the offer comes (the EU rule: 4).
        offer_rate: Share of the eligible who receive an offer (fraction).
        seats_share: Places of the programme: its running participants (placements it still
            pays, trainees on its courses) at most this share of the labour force aged 15-24
            (fraction), or null: as many as the offers.
        offer_shares: Shares of the offers by type ("job", "traineeship", "training"),
            summing to 1.
        job_subsidy_share: Share of a placed person's pay the programme pays the firm
            (fraction), for `job_subsidy_months` months.
        job_subsidy_months: Months the job subsidy lasts.
        traineeship_months: Months a traineeship lasts, paid in full by the programme.
        training_months: Months a course lasts (paid in full; no job search meanwhile).
        start_month: Horizon month in which the programme opens.
    """

    offer_within_months: AtLeastOne = 4
    offer_rate: Fraction = 0.4
    seats_share: Optional[Fraction] = None
    offer_shares: Dict[str, Fraction] = field(
        default_factory=lambda: {"job": 0.541, "traineeship": 0.206, "training": 0.253}
    )
    job_subsidy_share: Fraction = 0.5
    job_subsidy_months: AtLeastOne = 6
    traineeship_months: AtLeastOne = 3
    training_months: AtLeastOne = 6
    start_month: StartMonth = 1


@dataclass
class PolicyConfig:
    """What the government does in the scenario; each field is one policy, null when absent.
    Policies combine: `policy=[collective_bargaining,...]` sets several."""

    collective_bargaining: Optional[CollectiveBargainingPolicy] = None
    reskilling_subsidy: Optional[ReskillingSubsidyPolicy] = None
    youth_guarantee: Optional[YouthGuaranteePolicy] = None


@dataclass
class PathsConfig:
    """Where outputs go; code reads `output_dir` (a run's files) and `cache_dir` (burned-in
    economies, `sim.burn_in_cache`) and never builds paths itself."""

    root_dir: str = MISSING
    results_dir: str = MISSING
    output_dir: str = MISSING
    cache_dir: str = MISSING


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
        resume: In a sweep (`-m`), skip a job whose folder already holds its finished run
            (summary.json) made with the same config; false reruns it.
        burn_in_cache: Keep each burned-in economy in `paths.cache_dir` and reuse it in runs
            that share everything acting before the split (country, model, scale, seed,
            burn-in months, the code): results are byte-identical to a fresh burn-in
            (`sim.burn_in_cache`); false burns in afresh and stores nothing.
        design_file: A sensitivity design (CSV, one column per config key, written by
            `sim.sensitivity`), or null.
        design_row: The row of `design_file` whose values this run takes, or null.
        workers: Processes that run the seeds side by side (each seed's paired run is its own
            work, so the results do not depend on it); null: the machine's cores, at most the
            seeds, or 1 in a sweep whose jobs run side by side (the default launcher); 1: one
            after another.
    """

    country: CountryConfig = MISSING
    shock: ShockConfig = field(default_factory=ShockConfig)
    policy: PolicyConfig = field(default_factory=PolicyConfig)
    model: ModelParams = field(default_factory=ModelParams)
    paths: PathsConfig = field(default_factory=PathsConfig)
    seed: Seed = 0
    seeds: SeedCount = 1
    scale: Scale = 100.0
    burn_in_months: RunMonths = 24
    horizon_months: RunMonths = 36
    progress: bool = True
    figures: bool = True
    resume: bool = True
    burn_in_cache: bool = True
    workers: Optional[AtLeastOne] = None
    design_file: Optional[Text] = None
    design_row: Optional[RowNumber] = None


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
BROAD_SECTORS: tuple[str, ...] = ("agriculture", "industry", "services")
"""The broad sectors of regional employment statistics (`RegionConfig.employment_share`)."""


def _check(ok: bool, key: str, allowed: str, value: Any) -> None:
    if not ok:
        raise ConfigError(f"config key '{key}' = {value!r} is not allowed: {allowed}")


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


@functools.cache
def _schema() -> TypeAdapter:
    return TypeAdapter(Config)


def _unwrap(hint: Any) -> tuple[Any, str | None]:
    """A type hint without Optional and Annotated, and the description its Annotated gave."""
    allowed = None
    while True:
        if get_origin(hint) is Annotated:
            hint, *extras = get_args(hint)
            allowed = next((e.description for e in extras if getattr(e, "description", None)), allowed)
        elif get_origin(hint) is Union and type(None) in get_args(hint):
            hint = next(a for a in get_args(hint) if a is not type(None))
        else:
            return hint, allowed


def allowed_values(path: tuple) -> str | None:
    """What the field at `path` (names, mapping keys, list positions from `Config`) accepts,
    as its type declares it (`ranged`), or None where the type declares no words."""
    hint, allowed = _unwrap(Config)
    for part in path:
        if dataclasses.is_dataclass(hint) and isinstance(part, str):
            hint = get_type_hints(hint, include_extras=True).get(part)
        elif get_origin(hint) in (dict, list):
            hint = get_args(hint)[-1]
        else:
            return allowed
        hint, allowed = _unwrap(hint)
    return allowed


def check_ranges(cfg: Config) -> None:
    """Check every field against the range its type declares (`ranged`), with pydantic.

    Raises:
        ConfigError: naming the first field out of range and what it accepts.
    """
    try:
        _schema().validate_python(dataclasses.asdict(cfg))
    except ValidationError as error:
        first = error.errors()[0]
        path = tuple(first["loc"])
        _check(False, dotted(path), allowed_values(path) or first["msg"], first["input"])


def dotted(path: tuple) -> str:
    """A field's path as the command line writes it: `model.skill_share[2]`."""
    return "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in path).lstrip(".")


def validate(cfg: Config | DictConfig) -> Config:
    """Check a config; return it as a typed object. Nothing runs and nothing is written
    before it passes.

    Three layers: OmegaConf refuses wrong types and unknown keys of the schema (and
    `unknown_keys` the keys added with `+`); `check_ranges` checks each field against the
    range its type declares beside it; `check_rules` checks what involves several fields.

    Raises:
        ConfigError: naming the first offending key and what is allowed.
    """
    if not isinstance(cfg, DictConfig):  # built in Python: the command line's type checks first
        try:
            cfg = OmegaConf.structured(cfg)
        except OmegaConfBaseException as error:
            key = getattr(error, "full_key", None) or "config"
            raise ConfigError(f"config key '{key}': {str(getattr(error, 'msg', error)).splitlines()[0]}") from None
    if isinstance(cfg, DictConfig):
        missing = sorted(OmegaConf.missing_keys(cfg))
        _check(not missing, missing[0] if missing else "", "a value (it is missing)", "???")
        unknown = unknown_keys(cfg)
        if unknown:
            raise ConfigError(
                f"config key '{unknown[0]}' does not exist (added with '+'?); the keys are documented in sim/config.py"
            )
        cfg = OmegaConf.to_object(cfg)
    check_ranges(cfg)
    check_rules(cfg)
    return cfg


def _national_line_years(c: CountryConfig) -> None:
    """A national line of another year than the wages' is moved with inflation of every year
    between (`sim.households.line_at_prices`)."""
    if c.poverty_line_local is None or c.poverty_line_year is None or c.poverty_line_year == c.price_year:
        return
    _check(
        c.price_year is not None,
        "country.price_year",
        f"the year of the wages' prices, to move the poverty line of {c.poverty_line_year} to it",
        c.price_year,
    )
    known = inflation_by_year(c.consumer_prices)
    low, high = sorted((c.poverty_line_year, c.price_year))
    missing = [year for year in range(low + 1, high + 1) if year not in known]
    _check(
        not missing,
        "country.consumer_prices.first_year",
        f"inflation for every year from {low + 1} to {high}, to move the poverty line of {c.poverty_line_year} "
        f"to the prices of {c.price_year} (missing: {', '.join(map(str, missing))})",
        None if c.consumer_prices is None else c.consumer_prices.first_year,
    )


def check_rules(cfg: Config) -> None:
    """The rules that involve more than one field: shares that sum to one, keys that name
    sectors or regions, pairs given together, months within the horizon, the scale that
    leaves a population between `MIN_SIMULATED_RESIDENTS` and `MAX_SIMULATED_RESIDENTS`."""
    c = cfg.country
    _check(
        c.own_account_share <= c.informality_rate,
        "country.own_account_share",
        "at most country.informality_rate (own-account work is informal here)",
        c.own_account_share,
    )
    _check(
        set(c.sector_employment_share) == set(SECTORS),
        "country.sector_employment_share",
        f"one share for each of {list(SECTORS)}",
        sorted(c.sector_employment_share),
    )
    _sums_to_one("country.sector_employment_share", c.sector_employment_share)
    if c.households is not None:
        _sums_to_one("country.households.types", dataclasses.asdict(c.households.types), tolerance=0.011)
        if c.households.sizes is not None:
            _sums_to_one("country.households.sizes", dataclasses.asdict(c.households.sizes), tolerance=0.011)
        _check(
            c.households.older_alone + c.households.older_couple_only <= 1.0,
            "country.households.older_couple_only",
            "at most 1 - country.households.older_alone (shares of the same persons)",
            c.households.older_couple_only,
        )
    _regions(c.regions)
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
    _check(
        (c.minimum_wage_local is None) != (c.minimum_wage_to_median is None),
        "country.minimum_wage_local",
        "exactly one of country.minimum_wage_local and country.minimum_wage_to_median",
        c.minimum_wage_local,
    )
    if c.minimum_wage_local is not None:
        _check(
            c.minimum_wage_local < c.mean_wage_local,
            "country.minimum_wage_local",
            "below country.mean_wage_local",
            c.minimum_wage_local,
        )
    _national_line_years(c)
    for key in ("export_share", "import_share"):
        _sector_keys(f"country.{key}", getattr(c, key), TRADABLE_SECTORS)
    _sector_keys("country.informality_weight", c.informality_weight, SECTORS)
    if c.unemployment_duration_shares is not None:
        for band in c.unemployment_duration_shares:
            _check(
                re.fullmatch(r"\d+(-\d+|\+)", band) is not None,
                f"country.unemployment_duration_shares.{band}",
                'a band of months such as "0-1", "3-6" or "12+"',
                band,
            )
        _sums_to_one("country.unemployment_duration_shares", c.unemployment_duration_shares)
    _check(
        (c.migrants_abroad is None) == (c.remittances_gdp_share is None),
        "country.remittances_gdp_share",
        "a value exactly when country.migrants_abroad has one (both calibrate migration)",
        c.remittances_gdp_share,
    )
    if c.migrants_abroad is not None:
        _sums_to_one("country.destinations", {k: d.migrant_share for k, d in c.destinations.items()})
    if c.immigration is not None and c.immigration.alternative is not None:
        _check(
            c.immigration.alternative in c.destinations,
            "country.immigration.alternative",
            f"one of {c.name}'s destinations {list(c.destinations)}, or null",
            c.immigration.alternative,
        )
    collapse = cfg.shock.remittance_collapse
    if collapse is not None and collapse.destination is not None:
        _check(
            collapse.destination in c.destinations,
            "shock.remittance_collapse.destination",
            f"one of {c.name}'s destinations {list(c.destinations)}, or null (the first)",
            collapse.destination,
        )
    for name, value in c.calibrated.items():
        key = f"country.calibrated.{name}"
        hint = _fitted_field(name, c.regions)
        _check(
            hint is not None,
            key,
            "a number field of ModelParams, bargaining.<rule> or regions.<key>.matching_efficiency",
            value,
        )
        try:  # the range of the field the fitted value replaces
            TypeAdapter(hint).validate_python(value)
        except ValidationError as error:
            _check(False, key, _unwrap(hint)[1] or error.errors()[0]["msg"], value)
    _sums_to_one("model.skill_share", list(cfg.model.skill_share))

    horizon = cfg.horizon_months
    for name, mapping_name in (
        ("protectionism", "partner_tariff_by_sector"),
        ("own_tariffs", "tariff_by_sector"),
        ("world_demand", "fall_by_sector"),
        ("remittance_collapse", None),
    ):
        shock = getattr(cfg.shock, name)
        if shock is None:
            continue
        if mapping_name is not None:
            _sector_keys(f"shock.{name}.{mapping_name}", getattr(shock, mapping_name), TRADABLE_SECTORS)
        _within_horizon(f"shock.{name}.start_month", shock.start_month, horizon)
    for name in ("collective_bargaining", "reskilling_subsidy", "youth_guarantee"):
        policy = getattr(cfg.policy, name)
        if policy is not None:
            _within_horizon(f"policy.{name}.start_month", policy.start_month, horizon)
    yg = cfg.policy.youth_guarantee
    if yg is not None:
        _sector_keys("policy.youth_guarantee.offer_shares", yg.offer_shares, OFFER_TYPES)
        _sums_to_one("policy.youth_guarantee.offer_shares", yg.offer_shares)
    rs = cfg.policy.reskilling_subsidy
    if rs is not None and rs.target_sectors is not None:
        unknown = sorted(set(rs.target_sectors) - set(SECTORS))
        _check(
            not unknown and len(rs.target_sectors) > 0,
            "policy.reskilling_subsidy.target_sectors",
            f"a non-empty list among {list(SECTORS)}, or null",
            rs.target_sectors,
        )


def _sector_keys(key: str, mapping: dict, allowed: tuple[str, ...]) -> None:
    unknown = sorted(set(mapping) - set(allowed))
    if unknown:
        raise ConfigError(f"config key '{key}' has unknown keys {unknown}: its keys are among {list(allowed)}")


def _sums_to_one(key: str, shares: dict | list, tolerance: float = 1e-3) -> None:
    _check(len(shares) > 0, key, "at least one entry", shares)
    total = sum(shares.values() if isinstance(shares, dict) else shares)
    _check(abs(total - 1.0) < tolerance, key, "shares that sum to 1 (they sum to %.4f)" % total, shares)


def _within_horizon(key: str, month: int, horizon_months: int) -> None:
    _check(month <= horizon_months, key, f"a month in [1, horizon_months={horizon_months}]", month)


def _fitted_field(name: str, regions: dict) -> Any:
    """The declared type of the number field a preset's fit may set under `name`
    (`apply_calibration`), or None where `name` is no such field."""
    parts = name.split(".")
    if parts[0] == "regions":
        owner, field_name = RegionConfig, parts[2] if len(parts) == 3 and parts[1] in regions else None
    elif parts[0] == "bargaining":
        owner, field_name = BargainingRules, parts[1] if len(parts) == 2 else None
    else:
        owner, field_name = ModelParams, name if len(parts) == 1 else None
    if owner is RegionConfig and field_name != "matching_efficiency":
        return None
    hint = get_type_hints(owner, include_extras=True).get(field_name)
    return hint if hint is not None and _unwrap(hint)[0] in (float, int) else None


def _regions(regions: dict) -> None:
    _check(len(regions) > 0, "country.regions", "at least one region", regions)
    for key, r in regions.items():
        at = f"country.regions.{key}"
        for other in r.neighbours:
            _check(other in regions and other != key, f"{at}.neighbours", f"other keys of {sorted(regions)}", other)
        if r.employment_share:
            _check(
                set(r.employment_share) == set(BROAD_SECTORS),
                f"{at}.employment_share",
                f"one share for each of {list(BROAD_SECTORS)}",
                sorted(r.employment_share),
            )
            _sums_to_one(f"{at}.employment_share", r.employment_share, tolerance=0.01)
        _check((r.lat is None) == (r.lon is None), f"{at}.lat", "given together with lon", r.lat)
