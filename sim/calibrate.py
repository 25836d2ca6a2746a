"""Calibration of a country preset by the method of simulated moments.

    python -m sim.calibrate country=kyrgyzstan            # fit, save, write the table
    python -m sim.calibrate country=kazakhstan seeds=3 evaluations=60 scale=500

The stocks of the initial economy come straight from the preset; what drifts after the start
depends on behavioural parameters. This fits them so that the simulated baseline keeps the
preset's rate targets: it minimises the sum of squared gaps between the targets and the
simulated moments, each gap in units of its tolerance (`tolerance_pp`: 1 pp for a rate, 10 pp
for the long-term share, a quarter of youth unemployment), averaged over months
BURN_IN_MONTHS+1..`months` (60 unless told) of a baseline run and over a few seeds (McFadden 1989; Pakes and Pollard
1989), with scipy's Nelder-Mead, starting from the preset's saved fit (or the defaults where
it has none).

Fitted parameters and their moments:
- separation_rate_formal, separation_rate_informal: unemployment and informality;
- unemployed_to_inactive_rate: participation (and, with the next, the long-term share: the
  unemployed who drop out do not stay unemployed long);
- youth_separation_multiplier: youth unemployment (where published);
- duration_screening, own_account_exit_rate, own_account_entry_from_inactivity: the long-term
  unemployment share, and with the first two informality (where the share is published;
  elsewhere the defaults, see `sim.config.ModelParams`): the unemployed who take own-account
  work do not stay unemployed long, so own-account workers' churn through unemployment
  shortens spells, unless they start it straight from inactivity;
- return_rate_employed: the remittance share (where the preset has migrants);
- bargaining.recognition: bargaining coverage (where the preset has a coverage figure);
- regions.<key>.matching_efficiency: each region's unemployment rate (where the preset's
  regions publish one), by a damped fixed point before and after the national fit
  (`fit_regions`), moving only regions that miss by more than REGIONAL_TOLERANCE,
  normalised to a population-weighted geometric mean of 1.

The fit is saved in `configs/country/calibrated/NAME.yaml`, which the preset loads through
its defaults list, and a table target / simulated / residual / source is written to
`results/calibration/NAME.md`, with the national accounts (GDP by expenditure and tax
revenue: target, opening accounts, simulated) and why any share misses its target.
`fit=false` rewrites the table from the saved fit without fitting again.
"""

from __future__ import annotations

import dataclasses
import re
import sys
from dataclasses import dataclass

import numpy as np
from omegaconf import OmegaConf
from scipy import optimize
from tqdm import tqdm

from sim.config import CONFIG_DIR, PROJECT_ROOT, ConfigError, CountryConfig, ModelParams, load_country
from sim.results import write_atomically


@dataclass(frozen=True)
class Target:
    name: str  # indicator
    value: float  # fraction
    source: str


@dataclass(frozen=True)
class Parameter:
    name: str  # ModelParams field, or "bargaining.recognition"
    low: float
    high: float
    start: float | None = None  # where a fit starts when the preset's saved fit lacks it
    # (None: the default); a default on a bound would keep the search there


def targets_of(country: CountryConfig) -> list[Target]:
    """The preset's rate targets (fractions) with where each comes from."""
    population = country.employed_persons / country.employment_to_population
    labour_force = country.employed_persons + country.unemployed_persons
    out = [
        Target("unemployment_rate", country.unemployed_persons / labour_force, "unemployed / (employed + unemployed)"),
        Target("participation_rate", labour_force / population, "labour force / (employed / employment-to-population)"),
        Target("informality_rate", country.informality_rate, "informality_rate"),
    ]
    if country.remittances_gdp_share:
        out.append(Target("remittances_gdp_share", country.remittances_gdp_share, "remittances_gdp_share"))
    if country.union_density and country.union_density_assumption is None:  # an assumption is an input, not a fact
        out.append(Target("union_density", country.union_density, "union_density"))
    if country.bargaining_coverage is not None and country.union_density:
        out.append(Target("bargaining_coverage", country.bargaining_coverage, "bargaining_coverage"))
    if country.youth_unemployment_rate is not None:
        out.append(Target("youth_unemployment_rate", country.youth_unemployment_rate, "youth_unemployment_rate"))
    if country.long_term_unemployment_share is not None:
        out.append(
            Target("long_term_unemployment_share", country.long_term_unemployment_share, "long_term_unemployment_share")
        )
    if country.poverty_rate is not None and country.poverty_rate_definition == "at risk of poverty":
        out.append(
            Target("at_risk_of_poverty_rate", country.poverty_rate, "poverty_rate, at risk of poverty (not fitted)")
        )
    elif country.poverty_rate is not None and country.poverty_line_local is not None:  # the same line as the model's
        out.append(Target("poverty_rate", country.poverty_rate, "poverty_rate, national line (not fitted)"))
    if country.youth_neet_rate is not None:  # held by who is a student (sim.markets.education)
        out.append(Target("neet_rate", country.youth_neet_rate, "youth_neet_rate (not fitted: students set at start)"))
    if country.gini_index is not None:
        out.append(Target("income_gini", country.gini_index, "gini_index (not fitted; see its definition there)"))
    for sector, share in country.sector_employment_share.items():
        out.append(Target(f"employment_share_{sector}", share, f"sector_employment_share.{sector} (not fitted)"))
    return out


def tolerance_pp(target: Target) -> float:
    """How far a fitted target may miss, in percentage points: 10 for the long-term share of
    the unemployed (the flows' bar), a quarter of the rate for youth unemployment (the bar is
    on the youth-to-adult ratio, within 25 %, published for two presets only; the youth rate
    stands in for it), 1 for the other rates."""
    if target.name == "long_term_unemployment_share":
        return 10.0
    if target.name == "youth_unemployment_rate":
        return 25.0 * target.value
    return 1.0


def parameters_of(country: CountryConfig) -> list[Parameter]:
    """The behavioural parameters fitted for this preset."""
    out = [
        Parameter("separation_rate_formal", 0.002, 0.05),
        Parameter("separation_rate_informal", 0.005, 0.1),
        # at most 0.1 a month: about the hazard of the EU's quarterly transitions from
        # unemployment to inactivity (24.4 %, Eurostat lfsi_long_q, 2022Q3-Q4 and 2023Q3-Q4,
        # seasonally adjusted: 1 - (1 - 0.244)^(1/3) = 0.089); Uzbekistan's fit sat at 0.2
        Parameter("unemployed_to_inactive_rate", 0.005, 0.1),
    ]
    if country.youth_unemployment_rate is not None:
        out.append(Parameter("youth_separation_multiplier", 0.2, 10.0))
    if country.long_term_unemployment_share is not None:
        out.append(Parameter("duration_screening", 0.0, 0.95))  # share of call-backs lost at 8+ months
        out.append(Parameter("own_account_exit_rate", 0.001, 0.05))  # own-account spells of 2 to 80 years
        out.append(Parameter("own_account_entry_from_inactivity", 0.0, 0.95, start=0.5))
    if country.remittances_gdp_share:
        out.append(Parameter("return_rate_employed", 0.015, 0.1))  # stays of 10 months to 5.5 years
    if country.bargaining_coverage is not None and country.union_density:
        out.append(Parameter("bargaining.recognition", 0.0, 1.0))
    return out


def with_parameters(country: CountryConfig, values: dict[str, float]) -> tuple[CountryConfig, ModelParams]:
    """The preset and model parameters with `values` applied (bargaining.* and regions.* to the
    country)."""
    model = {k: v for k, v in values.items() if not k.startswith(("bargaining.", "regions."))}
    rules = {k.split(".", 1)[1]: v for k, v in values.items() if k.startswith("bargaining.")}
    if rules:
        country = dataclasses.replace(country, bargaining=dataclasses.replace(country.bargaining, **rules))
    efficiency = [
        values.get(f"regions.{key}.matching_efficiency", r.matching_efficiency) for key, r in country.regions.items()
    ]
    country = with_efficiency(country, np.array(efficiency))
    return country, dataclasses.replace(ModelParams(), **model)


def simulated_moments(
    country: CountryConfig, values: dict[str, float], names: list[str], scale: float, seeds: int, months: int
) -> np.ndarray:
    """Mean over months BURN_IN_MONTHS+1..`months` and over seeds of the baseline indicators `names`."""
    return simulate(country, values, names, scale, seeds, months)[0]


BURN_IN_MONTHS = 24
"""Months of a run left out of the moments: the start sets youth unemployment and the spells of
the unemployed to their targets, and two years let the model's own flows replace them."""

REGIONAL_MOMENTS = ("unemployment_rate", "participation_rate")
"""Regional indicators that `simulate` averages (the regional targets where published)."""


def simulate(
    country: CountryConfig, values: dict[str, float], names: list[str], scale: float, seeds: int, months: int
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Means over months BURN_IN_MONTHS+1..`months` and over seeds of the baseline indicators `names`, and
    of each region's REGIONAL_MOMENTS (by name)."""
    from sim.model import LabourMarketModel

    country, params = with_parameters(country, values)
    runs, regional = [], []
    for seed in range(seeds):
        model = LabourMarketModel(country, params, scale=scale, seed=seed)
        model.run(months)
        data = model.datacollector.get_model_vars_dataframe().iloc[BURN_IN_MONTHS:]
        runs.append([float(data[name].mean()) for name in names])
        regional.append(
            [np.mean([t[k] for m, t in model.regional_history if m > BURN_IN_MONTHS], axis=0) for k in REGIONAL_MOMENTS]
        )
        model.release()
    return np.mean(runs, axis=0), dict(zip(REGIONAL_MOMENTS, np.mean(regional, axis=0)))


SAVED_DIGITS = 6
"""Decimals of the fitted values in the calibrated file."""

DEFAULT_SCALE = 400.0
"""Persons per simulated person of a fit unless the preset's saved fit names another."""


RESTARTS = ((0.6, 0.7), (0.4, 0.35))
"""Nelder-Mead runs of a fit: (share of the evaluations, width of the first simplex on the
logistic scale), each from the best point of the one before."""

REGIONAL_STEP = 1.0
"""Exponent of the fixed-point update of a region's matching efficiency: e <- e x (simulated
/ target unemployment)^1 (a region's unemployment moves by less than 1 % per 1 % more
efficiency, so the step is damped against the noise of small regions)."""

REGIONAL_TOLERANCE = 0.01
"""A region's efficiency moves from 1 only while its unemployment misses its target by more
than this (1 pp, half the bar of 2 pp): the efficiencies are a wedge, kept where the data need one."""

EFFICIENCY_BOUNDS = (0.1, 5.0)
"""Range of a region's matching efficiency (a tenth to five times the applications of a
seeker elsewhere); a region that needs more is reported as missed."""


REGIONAL_ROUNDS = (4, 4)
"""Fixed-point rounds of the regional fit before and after the national fit."""


def regional_targets(country: CountryConfig) -> dict[str, np.ndarray]:
    """Each region's REGIONAL_MOMENTS at start (unemployment and participation): its published
    rate scaled to the national target (`sim.regions.counts_at_rates`), NaN where the region
    publishes none (one initial economy drawn for all of them)."""
    from sim.model import LabourMarketModel

    published = {
        name: np.array([np.nan if getattr(r, name) is None else 1.0 for r in country.regions.values()])
        for name in REGIONAL_MOMENTS
    }
    if all(np.isnan(p).all() for p in published.values()):
        return published
    model = LabourMarketModel(country, scale=100.0, seed=0)
    month, table = model.regional_history[0]  # the month-0 table: the initial economy
    model.release()
    return {name: p * table[name] for name, p in published.items()}


def with_efficiency(country: CountryConfig, efficiency: np.ndarray) -> CountryConfig:
    regions = {
        key: dataclasses.replace(r, matching_efficiency=float(e))
        for (key, r), e in zip(country.regions.items(), efficiency)
    }
    return dataclasses.replace(country, regions=regions)


def fit_regions(
    country: CountryConfig,
    values: dict[str, float],
    efficiency: np.ndarray,
    targets: np.ndarray,
    scale: float,
    seeds: int,
    months: int,
    iterations: int,
) -> np.ndarray:
    """Regional matching efficiencies that bring each region's simulated unemployment to its
    target: a damped fixed point that moves only the regions missing their target by more
    than REGIONAL_TOLERANCE, normalised to a population-weighted geometric mean of 1 (so the
    national parameters, not the wedges, set the national rate); regions without a target
    keep theirs."""
    from sim.regions import region_facts

    weight = region_facts(country).population_share
    known = ~np.isnan(targets)
    for _ in range(iterations):
        simulated = simulate(with_efficiency(country, efficiency), values, [], scale, seeds, months)[1][
            "unemployment_rate"
        ]
        missing = known & (targets > 0) & (np.abs(simulated - np.nan_to_num(targets)) > REGIONAL_TOLERANCE)
        ratio = np.divide(simulated, targets, out=np.ones_like(simulated), where=missing)
        efficiency = efficiency * np.clip(ratio, 0.5, 2.0) ** REGIONAL_STEP
        efficiency = np.clip(efficiency / np.exp(np.dot(weight, np.log(efficiency))), *EFFICIENCY_BOUNDS)
    return efficiency


NATIONAL_ACCOUNTS = (
    ("household_consumption", "Household consumption", "NE.CON.PRVT.ZS"),
    ("government_consumption", "Government consumption", "NE.CON.GOVT.ZS"),
    ("investment", "Gross capital formation", "NE.GDI.TOTL.ZS"),
    ("exports", "Exports of goods and services", "NE.EXP.GNFS.ZS"),
    ("imports", "Imports of goods and services", "NE.IMP.GNFS.ZS"),
    ("tax_revenue", "Tax revenue (excl. social contributions)", "GC.TAX.TOTL.GD.ZS"),
)
"""Shares of GDP shown in the calibration table: (opening key, label, WDI code)."""

MISSING_INCOME = (
    "households' disposable income falls short of their consumption even with every dividend paid at home: "
    "income this preset does not model (remittances where it has no migration channel, property income, social "
    "transfers other than pensions) is missing, so consumption is set to disposable income and imports follow"
)


def national_accounts_table(
    country: CountryConfig, simulated: dict[str, float], seeds: int, scale: float, months: int = 36
) -> list[str]:
    """Rows of GDP by expenditure and tax revenue: target, opening accounts, simulated."""
    from sim.model import LabourMarketModel

    model = LabourMarketModel(country, scale=scale, seed=0)
    opening, foreign = model.calibration.opening, model.calibration.foreign_ownership
    model.release()
    na = country.national_accounts
    rows = [
        f"Base year {na.year}, shares of GDP (WDI via ../shared/data/macro_facts.tsv; the preset names each).",
        "",
        "| share of GDP | target | opening | simulated | residual (pp) | WDI |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    missed = []
    for key, label, code in NATIONAL_ACCOUNTS:
        target, sim = opening.targets[key], simulated[f"{key}_gdp_share"]
        residual = f"{100 * (sim - target):+.2f}" if target is not None else "n/a"
        if target is not None and abs(sim - target) > 0.02:
            residual += " (beyond 2 pp)"
            missed.append(label.lower())
        shown = f"{100 * target:.2f} %" if target is not None else "not published for the base year"
        rows.append(
            f"| {label} | {shown} | {100 * opening.shares[key]:.2f} % | {100 * sim:.2f} % | {residual} | {code} |"
        )
    fiscal = opening.fiscal
    rows += [
        "",
        f"Simulated: mean of months {BURN_IN_MONTHS + 1}-{months} of a baseline run, {seeds} seeds, scale {scale:g}. "
        f"Calibrated in the opening accounts (`sim.social_accounts`): imported-input share "
        f"{100 * opening.input_share:.1f} % of gross output, consumer import shares x {opening.import_scale:.2f}, "
        f"collection efficiency {fiscal.collection_efficiency:.2f}, other taxes on products "
        f"{100 * fiscal.other_product_taxes:.1f} %, dividends paid abroad {100 * foreign:.1f} %.",
    ]
    if missed:
        reason = (
            MISSING_INCOME
            if foreign <= 0.0 and "household consumption" in missed
            else (
                "the sector structure (one labour share for every sector, no domestic intermediate inputs) cannot "
                "produce it"
            )
        )
        rows += ["", f"Missed: {', '.join(missed)}; {reason}."]
    return rows


def calibrate(
    country_name: str,
    scale: float = DEFAULT_SCALE,
    seeds: int = 2,
    months: int = 60,
    evaluations: int = 40,
    progress: bool = True,
    fit: bool = True,
) -> tuple[dict[str, float], str]:
    """Fit the preset (or, with `fit=False`, take its saved fit); return the fitted values and
    the markdown table."""
    preset = load_country(country_name)
    country = dataclasses.replace(preset, calibrated={})
    targets = targets_of(country)
    fitted = [t for t in targets if "not fitted" not in t.source]
    parameters = parameters_of(country)
    names = [t.name for t in targets]
    goal = np.array([t.value for t in fitted])
    tolerances = np.array([tolerance_pp(t) for t in fitted])

    def to_values(x: np.ndarray) -> dict[str, float]:
        # a logistic map keeps every parameter inside its bounds
        inside = 1.0 / (1.0 + np.exp(-np.asarray(x)))
        return {p.name: float(p.low + (p.high - p.low) * v) for p, v in zip(parameters, inside)}

    # start from the preset's saved fit where it has one, else from the defaults
    defaults = ModelParams()
    start_values = [
        preset.calibrated.get(
            p.name,
            p.start
            if p.start is not None
            else getattr(defaults, p.name)
            if not p.name.startswith("bargaining.")
            else getattr(country.bargaining, p.name[11:]),
        )
        for p in parameters
    ]
    start_values = [
        min(max(v, p.low + 1e-6 * (p.high - p.low)), p.high - 1e-6 * (p.high - p.low))
        for v, p in zip(start_values, parameters)
    ]
    x0 = np.array([np.log((v - p.low) / (p.high - v)) for v, p in zip(start_values, parameters)])
    bar = tqdm(total=evaluations, desc=f"calibrating {country.name}", unit="run", disable=not progress)

    def misses(moments: np.ndarray) -> float:
        # the sum of squared misses, each in units of its tolerance
        return float(np.sum(((moments - goal) * 100.0 / tolerances) ** 2))

    def loss(x: np.ndarray) -> float:
        sim = simulated_moments(country, to_values(x), [t.name for t in fitted], scale, seeds, months)
        bar.update()
        return misses(sim)

    region_keys = [f"regions.{key}.matching_efficiency" for key in country.regions]
    # a new fit starts every region at 1 (no wedge); fit=false takes the saved efficiencies
    efficiency = np.array([1.0 if fit else preset.calibrated.get(k, 1.0) for k in region_keys])
    regional_goals = regional_targets(country)
    goal_regional = regional_goals["unemployment_rate"]
    fit_regional = fit and bool(np.any(~np.isnan(goal_regional)))
    if fit:
        if fit_regional:  # the regions first, at the saved national fit, then the nation, then the regions again
            saved = dict(zip([p.name for p in parameters], start_values))
            efficiency = fit_regions(
                country, saved, efficiency, goal_regional, scale, seeds, months, REGIONAL_ROUNDS[0]
            )
        country = with_efficiency(country, efficiency)
        # a wide first simplex (0.7 on the logistic scale) so that the search moves from the
        # defaults, then a restart from the best point with a fresh, narrower simplex: on a
        # simulated (rugged) loss the first simplex can collapse before it reaches the minimum
        evaluated, x = 0, x0
        for share, width in RESTARTS:
            simplex = np.vstack([x, x + width * np.eye(len(x))])
            budget = max(int(share * evaluations), len(x) + 2)
            options = {"maxfev": budget, "xatol": 1e-3, "fatol": 1e-3, "initial_simplex": simplex}
            result = optimize.minimize(loss, x, method="Nelder-Mead", options=options)
            x, evaluated = result.x, evaluated + result.nfev
        values = to_values(x)
        if fit_regional:
            efficiency = fit_regions(
                country, values, efficiency, goal_regional, scale, seeds, months, REGIONAL_ROUNDS[1]
            )
    else:
        values = {p.name: float(preset.calibrated[p.name]) for p in parameters}
        evaluated = 0
    # the table simulates what `save` writes: the values rounded to SAVED_DIGITS decimals (a
    # change in the 7th digit moves a run's draws, and the table would not be the saved fit's)
    efficiency = np.round(efficiency, SAVED_DIGITS)
    values = {k: round(v, SAVED_DIGITS) for k, v in values.items()}
    country = with_efficiency(country, efficiency)
    if np.any(~np.isnan(goal_regional)):
        values.update({k: float(e) for k, e in zip(region_keys, efficiency)})
    bar.close()
    accounts = [f"{key}_gdp_share" for key, _, _ in NATIONAL_ACCOUNTS]
    mobility = ["internal_migration_rate", "commuting_share"]
    simulated_all, simulated_regional = simulate(country, values, names + accounts + mobility, scale, seeds, months)
    simulated = simulated_all[: len(names)]
    simulated_accounts = dict(zip(accounts, simulated_all[len(names) : len(names) + len(accounts)]))
    simulated_mobility = dict(zip(mobility, simulated_all[len(names) + len(accounts) :]))
    # the loss of the moments in the table: the saved (rounded) values after the regional rounds
    final_loss = misses(simulated[: len(fitted)])
    fitted_country, _ = with_parameters(country, values)
    rows = ["| target | preset | simulated | residual (pp) | source |", "| --- | --- | --- | --- | --- |"]
    for target, sim in zip(targets, simulated):
        residual = 100.0 * (sim - target.value)
        tolerance = tolerance_pp(target)
        flag = "" if abs(residual) <= tolerance or "not fitted" in target.source else f" (beyond {tolerance:.2g} pp)"
        rows.append(
            f"| {target.name} | {100 * target.value:.2f} % | {100 * sim:.2f} % | {residual:+.2f}{flag} | "
            f"country.{target.source} |"
        )
    text = "\n".join(
        [
            f"# Calibration of {country.name}",
            "",
            (
                f"Method of simulated moments: Nelder-Mead, {evaluated} evaluations from the saved fit, {seeds} seeds, "
                f"scale {scale:g}, moments averaged over months {BURN_IN_MONTHS + 1}-{months} of a baseline run; "
                if fit
                else f"The saved fit (`configs/country/calibrated/{country_name}.yaml`, made by "
                f"`{saved_command(country_name)}`), "
                f"its moments simulated again over months "
                f"{BURN_IN_MONTHS + 1}-{months} of a baseline run, {seeds} seeds, scale {scale:g}; "
            )
            + f"loss {final_loss:.3f} (sum of squared misses, each in units of its tolerance).",
            "Reproduce: `python -m sim.calibrate country="
            + country_name
            + f" seeds={seeds} scale={scale:g} "
            + (f"evaluations={evaluations}`" if fit else "fit=false` (a new fit: leave out fit=false)"),
            "",
            "## Fitted parameters",
            "",
            *[f"- `{name}` = {value:.5g}" for name, value in values.items()],
            "",
            "## Targets",
            "",
            *rows,
            "",
            "Sector shares are set at start from the preset and not fitted; they drift only through the"
            " economy's own dynamics. Poverty and the income Gini are not fitted either (see Households below).",
            "",
            "## Households",
            "",
            *households_rows(fitted_country, scale, months),
            "",
            "## National accounts",
            "",
            *national_accounts_table(fitted_country, simulated_accounts, seeds, scale, months),
            "",
            "## Regions",
            "",
            *regional_table_rows(fitted_country, goal_regional, simulated_regional["unemployment_rate"]),
            *participation_rows(fitted_country, regional_goals["participation_rate"], simulated_regional),
            "",
            "## Mobility between regions",
            "",
            *mobility_rows(fitted_country, simulated_mobility),
        ]
    )
    return values, text


def households_rows(country: CountryConfig, scale: float, months: int) -> list[str]:
    """Households as the survey counts them (at start, seed 0) against the preset's survey, and
    where household income comes from at the end of a baseline run of `months` (seed 0)."""
    from sim.household_formation import HOUSEHOLD_TYPE_KEYS, Formed, measure_composition
    from sim.households import income_sources
    from sim.indicators import resident_welfare
    from sim.model import LabourMarketModel
    from sim.workers import at_home

    survey = country.households
    model = LabourMarketModel(country, scale=scale, seed=0)
    w, h = model.workers, model.households
    ours = slice(0, model.calibration.immigration.first_foreign)
    rows = []
    if survey is None:
        rows += ["The preset has no household survey: households are formed at random (`country.households`).", ""]
    else:
        formed = Formed(w.household[ours], h.region, h.kind, h.dependants)
        check = measure_composition(formed, w.age_group[ours], at_home(w.status[ours]))
        rows += [
            f"Formed at start (seed 0) against the preset's survey ({survey.source}; `sim.household_formation`):",
            "",
            "| | survey | formed |",
            "| --- | --- | --- |",
            f"| persons per household | {survey.mean_size:.2f} | {check.mean_size:.2f} |",
            *(
                f"| {key.replace('_', ' ')} households | {100 * getattr(survey.types, key):.1f} % | "
                f"{100 * check.type_shares[k]:.1f} % |"
                for k, key in enumerate(HOUSEHOLD_TYPE_KEYS)
            ),
            *(
                f"| households of {label} | {100 * getattr(survey.sizes, key):.1f} % | {100 * check.size_shares[k]:.1f} % |"
                for k, (key, label) in enumerate(
                    (("one", "1"), ("two_to_three", "2-3"), ("four_to_five", "4-5"), ("six_or_more", "6+"))
                )
                if survey.sizes is not None
            ),
            f"| older persons alone (survey: 60+; model: 55+) | {100 * survey.older_alone:.1f} % | "
            f"{100 * check.older_alone:.1f} % |",
            f"| older persons as a couple only | {100 * survey.older_couple_only:.1f} % | {100 * check.older_couple_only:.1f} % |",
            f"| older persons with their children (survey: a child 20+) | "
            + (f"{100 * survey.older_with_adult_children:.1f} %" if survey.older_with_adult_children is not None else "n/a")
            + f" | {100 * (1 - check.older_alone - check.older_couple_only):.1f} % |",
            f"| children 0-14, % of residents | {100 * survey.children_share:.1f} % | {100 * check.children_share:.1f} % |",
            "",
        ]
    model.run(months)
    welfare = resident_welfare(h, w.household[ours], w.status[ours])
    sources = income_sources(
        h.income,
        {
            "earnings": h.income - h.benefits - h.remittances - model.owner_income["dividends"] * h.ownership,
            "pensions and benefits": h.benefits,
            "remittances": h.remittances,
            "dividends": model.owner_income["dividends"] * h.ownership,
        },
        welfare.residents,
    )
    gini = model.indicators["income_gini"]
    model.release()
    rows += [
        f"Household income at month {months} (seed 0): share of each source, and the income Gini without it "
        f"(income per person; with every source {gini:.3f}):",
        "",
        "| source | share of income | Gini without it |",
        "| --- | --- | --- |",
        *(f"| {name} | {100 * share:.1f} % | {sources.gini_without[name]:.3f} |" for name, share in sources.share.items()),
        "",
        f"{100 * sources.persons_without_earnings:.1f} % of residents live in households without income from work,"
        " pensions, benefits or remittances. Missing from their income and everyone's: income in kind (food grown"
        " for the family), social assistance other than pensions and unemployment benefit, transfers between"
        " households and interest; and who is out of work is drawn person by person, whether or not the"
        " household has another earner (there is no division of work within couples).",
    ]
    return rows


def regional_table_rows(country: CountryConfig, targets: np.ndarray, simulated: np.ndarray) -> list[str]:
    """Rows of regional unemployment: published, target (scaled to the national rate),
    simulated, residual, fitted matching efficiency."""
    rows = [
        "Unemployment by region: the published rate (configs/country/regions/, with its source and year), the"
        " target (the published rate scaled so that the regions add up to the national target), the simulated"
        " rate (same months and seeds as above) and the fitted matching efficiency of the region's job seekers.",
        "",
        "| region | published | target | simulated | residual (pp) | matching efficiency |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    missed = []
    for r, target, sim in zip(country.regions.values(), targets, simulated):
        published = f"{100 * r.unemployment_rate:.1f} %" if r.unemployment_rate is not None else "not found"
        if np.isnan(target):
            rows.append(f"| {r.name} | {published} | none | {100 * sim:.2f} % | n/a | {r.matching_efficiency:.3f} |")
            continue
        residual = f"{100 * (sim - target):+.2f}"
        if abs(sim - target) > 0.02:
            residual += " (beyond 2 pp)"
            missed.append(r.name)
        rows.append(
            f"| {r.name} | {published} | {100 * target:.2f} % | {100 * sim:.2f} % | {residual} |"
            f" {r.matching_efficiency:.3f} |"
        )
    if missed:
        rows += ["", f"Beyond 2 pp: {', '.join(missed)}."]
    return rows


def participation_rows(country: CountryConfig, targets: np.ndarray, simulated: dict[str, np.ndarray]) -> list[str]:
    """Rows of participation by region where published (not fitted: the labour force is
    placed by it at start and each region's entry from inactivity balances its outflows)."""
    if np.isnan(targets).all():
        return ["", "Participation by region: not published for this country's regions (the national rate everywhere)."]
    rows = [
        "",
        "Participation by region where published (not fitted: placed at start, and each region's entry from"
        " inactivity balances its own outflows): the published rate, the target (scaled so that the regions add up"
        " to the national target) and the simulated rate.",
        "",
        "| region | published | target | simulated | residual (pp) |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r, target, sim in zip(country.regions.values(), targets, simulated["participation_rate"]):
        if not np.isnan(target):
            rows.append(
                f"| {r.name} | {100 * r.participation_rate:.1f} % | {100 * target:.2f} % | {100 * sim:.2f} % |"
                f" {100 * (sim - target):+.2f} |"
            )
    return rows


def mobility_rows(country: CountryConfig, simulated: dict[str, float]) -> list[str]:
    """Rows of internal migration (set from the preset's rate, not fitted) and commuting (no
    published figure), simulated over the same months and seeds."""
    rate = country.internal_migration_rate
    published = f"{100 * rate:.2f} %" if rate is not None else "not found (households stay)"
    return [
        "| measure | published | simulated |",
        "| --- | --- | --- |",
        f"| persons moving to another region, a year (set: `country.internal_migration_rate`) | {published} |"
        f" {100 * 12 * simulated['internal_migration_rate']:.2f} % |",
        f"| employees working in another region than they live in | not found |"
        f" {100 * simulated['commuting_share']:.2f} % |",
    ]


def saved_scale(country_name: str) -> float:
    """The scale of the preset's saved fit, as its command records it (`... scale=100`,
    `saved_command`), else DEFAULT_SCALE; a refit or a table rewrite uses it unless told
    otherwise, so that the file keeps the scale its values were fitted at."""
    found = re.search(r"\bscale=(\S+)", saved_command(country_name))
    return float(found.group(1)) if found else DEFAULT_SCALE


def saved_command(country_name: str) -> str:
    """The command that made the preset's saved fit, as its calibrated file's first line records it."""
    path = CONFIG_DIR / "country" / "calibrated" / f"{country_name}.yaml"
    found = re.search(r"`([^`]+)`", path.read_text().splitlines()[0]) if path.exists() else None
    return found.group(1) if found else f"python -m sim.calibrate country={country_name}"


def scale_option(scale: float) -> str:
    """The option that names a fit's scale on its command line (` scale=100`), none at
    DEFAULT_SCALE."""
    return "" if scale == DEFAULT_SCALE else f" scale={scale:g}"


def save(country_name: str, values: dict[str, float], table: str, options: str = "") -> None:
    """Write the fitted values beside the preset (with the command's `options`, such as a
    scale other than the default) and the table under results/calibration/."""
    path = CONFIG_DIR / "country" / "calibrated" / f"{country_name}.yaml"
    # Hydra places this file at the package country.calibrated (its folder's name)
    body = OmegaConf.to_yaml(OmegaConf.create({k: round(v, SAVED_DIGITS) for k, v in values.items()}))
    write_atomically(
        path,
        f"# Fitted by `python -m sim.calibrate country={country_name}{options}`; see "
        f"results/calibration/{country_name}.md\n{body}",
    )
    write_atomically(PROJECT_ROOT / "results" / "calibration" / f"{country_name}.md", table + "\n")


USAGE = (
    "usage: python -m sim.calibrate country=NAME [scale=400, or the saved fit's] [seeds=2] [months=60] "
    "[evaluations=80] [fit=true|false]"
)


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if any(a in ("-h", "--help") for a in argv):
        print(USAGE + "\n\n" + (__doc__ or "").strip())
        return
    malformed = [a for a in argv if "=" not in a]
    args = dict(a.split("=", 1) for a in argv if "=" in a)
    unknown = set(args) - {"country", "scale", "seeds", "months", "evaluations", "fit"}
    if malformed or "country" not in args or unknown or args.get("fit", "true") not in ("true", "false"):
        problems = [f"not KEY=VALUE: {', '.join(malformed)}"] if malformed else []
        problems += [f"unknown: {', '.join(sorted(unknown))}"] if unknown else []
        problems += ["country=NAME is required"] if "country" not in args else []
        raise SystemExit("; ".join([USAGE, *problems]))
    try:
        load_country(args["country"])
        args.setdefault("scale", f"{saved_scale(args['country']):g}")
        scale, seeds = float(args["scale"]), int(args.get("seeds", 2))
        months, evaluations = int(args.get("months", 60)), int(args.get("evaluations", 80))
    except (ConfigError, ValueError) as error:
        raise SystemExit(f"{USAGE}; {error}") from None
    if not (scale >= 1 and seeds >= 1 and months > BURN_IN_MONTHS and evaluations >= 1):
        raise SystemExit(
            f"{USAGE}; scale >= 1, seeds >= 1, months > {BURN_IN_MONTHS} (the moments are read after month "
            f"{BURN_IN_MONTHS}) and evaluations >= 1"
        )
    values, table = calibrate(
        args["country"],
        scale,
        seeds,
        months,
        evaluations,
        progress=sys.stderr.isatty(),
        fit=args.get("fit", "true") == "true",
    )
    if args.get("fit", "true") == "true":
        options = "".join(f" {key}={value}" for key, value in args.items() if key not in ("country", "fit", "scale"))
        options += scale_option(float(args["scale"]))
        save(args["country"], values, table, options)
    else:  # the saved fit and the command that found it stay; only its table is rewritten
        write_atomically(PROJECT_ROOT / "results" / "calibration" / f"{args['country']}.md", table + "\n")
    print(table)


if __name__ == "__main__":
    main()
