"""The stylized-facts report of a country preset: `python -m sim.validate country=NAME`.

    python -m sim.validate country=kyrgyzstan                 # 10 seeds, 20 years after 5 of burn-in
    python -m sim.validate country=serbia seeds=3 years=10 scale=800

Each seed runs a long baseline with the country's business cycle switched on
(`sim.business_cycle`: demand shocks as volatile and persistent as its output gap), and the
report measures on it the regularities a labour-market model is judged by (DESIGN.md section 5):

- the Beveridge curve: unemployment and vacancies negatively correlated over the cycle (del
  Rio-Chanona et al. 2021), on quarterly means with their Hodrick-Prescott trends removed;
- Okun's law: the change in unemployment against real output growth, year on year, about
  -0.2 to -0.6 (Ball, Furceri, Leigh and Loungani 2019; about half the advanced economies'
  size in developing ones);
- the wage curve: the elasticity of regional pay to regional unemployment with region and
  year effects, about -0.1 (Blanchflower and Oswald 1994), -0.07 after correcting for
  publication bias (Nijkamp and Poot 2005); pay is the region's mean posted wage per unit of
  skill, so that who works does not move it (as individual controls do in their regressions);
- the firm-size tail: P(size > s) ~ s^-alpha with alpha about 1 (Axtell 2001: 1.06), by the
  Hill estimator on the largest tenth of firms, at the start and at the end of the run;
- flows and durations: job-finding and separation rates, the unemployment duration
  distribution, the long-term share, the youth-to-adult unemployment ratio;
- distributions: the wage Gini, P90/P10, and the skewness and excess kurtosis of log wages
  (0 and 0 for a log-normal);
- the stocks the preset targets (unemployment, participation, informality, youth unemployment).

Each line gives the mean over seeds with the range of the seeds' values, the reference with
its source, the band it must lie in, and whether it does. It writes `results/validation/NAME.md`,
the figure `NAME.png`, the facts of every seed `NAME_facts.csv`, and the quarterly series the
cycle facts are measured on, `NAME_series.csv`.
"""

from __future__ import annotations

import dataclasses
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm import tqdm

from sim.business_cycle import (
    HP_LAMBDA_ANNUAL,
    MAX_MONTHLY_PERSISTENCE,
    autocorrelation,
    cycle_facts,
    hp_cycle,
    with_business_cycle,
)
from sim.calibrate import saved_scale, targets_of, tolerance_pp
from sim.config import PROJECT_ROOT, ConfigError, CountryConfig, ModelParams, load_country
from sim.indicators import job_flows, two_way_within, wage_curve_elasticity
from sim.results import write_atomically, write_figure
from sim.workers import Status

OUTPUT_DIR = PROJECT_ROOT / "results" / "validation"

HP_LAMBDA_QUARTERLY = 1600.0
"""Hodrick-Prescott smoothing for quarterly series (Hodrick and Prescott 1997)."""

TAIL_SHARE = 0.1
"""Share of the largest firms on which the firm-size tail exponent is estimated."""

DURATION_BANDS = ("0-1", "1-3", "3-6", "6-12", "12-24", "24+")
"""Bands of months of search shown for every preset (a preset's reference may use others)."""

SNAPSHOT_EVERY_MONTHS = 6
"""Months between the snapshots of the unemployed's durations (pooled over the run)."""


# ------------------------------------------------------------------------------------------
# the facts, each a pure function of a run's series
# ------------------------------------------------------------------------------------------
def quarterly_means(monthly: np.ndarray) -> np.ndarray:
    """Means of consecutive three-month blocks (a trailing incomplete quarter is dropped)."""
    monthly = np.asarray(monthly, dtype=float)
    n = len(monthly) // 3
    return monthly[: 3 * n].reshape(n, 3).mean(axis=1)


def annual(monthly: np.ndarray, how: str = "mean") -> np.ndarray:
    """Means (or sums) of consecutive twelve-month blocks."""
    monthly = np.asarray(monthly, dtype=float)
    n = len(monthly) // 12
    blocks = monthly[: 12 * n].reshape(n, 12)
    return blocks.sum(axis=1) if how == "sum" else blocks.mean(axis=1)


def beveridge_correlation(unemployment_rate: np.ndarray, vacancy_rate: np.ndarray) -> float:
    """Correlation of the cyclical parts of quarterly unemployment and vacancy rates (monthly input)."""
    u = hp_cycle(quarterly_means(unemployment_rate), HP_LAMBDA_QUARTERLY)
    v = hp_cycle(quarterly_means(vacancy_rate), HP_LAMBDA_QUARTERLY)
    return float(np.corrcoef(u, v)[0, 1])


def slope(y: np.ndarray, x: np.ndarray) -> float:
    """Least-squares slope of `y` on `x` (with a constant)."""
    x = x - x.mean()
    return float(np.dot(x, y - y.mean()) / np.dot(x, x))


def okun_coefficient(unemployment_rate: np.ndarray, real_output: np.ndarray) -> float:
    """Slope of the yearly change in unemployment (pp) on real output growth (%), monthly input
    (Okun's law in differences: Ball et al. 2019)."""
    growth = 100.0 * np.diff(np.log(annual(real_output, "sum")))
    return slope(np.diff(100.0 * annual(unemployment_rate)), growth)


def employment_elasticity(employees: np.ndarray, real_output: np.ndarray) -> float:
    """Slope of the yearly growth of employee head count (%) on real output growth (%), monthly
    input: 1 where firms staff exactly for what they sell; below 1 where they hoard labour
    through a slump or meet a boom with the staff they have. With the labour force fixed,
    Okun's coefficient is about minus this times the employees' share of the labour force."""
    return slope(np.diff(np.log(annual(employees))), np.diff(np.log(annual(real_output, "sum"))))


SWING_GROUPS = ("employees", "unemployed", "own_account", "inactive", "abroad", "in_training")
"""Where the population is in a month: the groups `okun_split` follows (they sum to everyone)."""


def population_shares(model) -> list[float]:
    """Shares of the population (residents and migrants abroad) in each of SWING_GROUPS."""
    w = model.workers
    own_account = model.own_account_mask()
    counts = [
        np.count_nonzero(w.employer >= 0),
        np.count_nonzero(w.status == Status.UNEMPLOYED),
        np.count_nonzero(own_account),
        np.count_nonzero(w.status == Status.INACTIVE),
        np.count_nonzero(w.status == Status.ABROAD),
        np.count_nonzero(w.status == Status.IN_TRAINING),
    ]
    return [c / len(w) for c in counts]


def okun_split(shares: np.ndarray, real_output: np.ndarray) -> np.ndarray:
    """Where a swing in employees goes: the slope of each group's yearly change (pp of the
    population; `shares`: months x SWING_GROUPS) on yearly output growth (%). The slopes sum to
    zero; Okun's coefficient is about the unemployed's slope over the labour force's share.
    Buffers beside unemployment (own-account work, inactivity, work abroad) take what the
    unemployed do not (Kyrgyzstan against Tajikistan: README, "Stylized facts")."""
    growth = 100.0 * np.diff(np.log(annual(real_output, "sum")))
    return np.array([slope(np.diff(100.0 * annual(shares[:, k])), growth) for k in range(shares.shape[1])])


def annual_output_gap(real_output: np.ndarray) -> np.ndarray:
    """The annual output gap (log points, HP lambda 100) of monthly output."""
    return hp_cycle(np.log(annual(real_output, "sum")), HP_LAMBDA_ANNUAL)


def participation_response(participation_rate: np.ndarray, unemployment_rate: np.ndarray) -> float:
    """Slope of the cyclical participation rate on the cyclical unemployment rate (yearly means,
    HP lambda 100; pp per pp), monthly input: below zero where people stop looking for work
    while jobs are scarce (the cyclical sensitivity of participation)."""
    cycle_u = hp_cycle(annual(unemployment_rate), HP_LAMBDA_ANNUAL)
    cycle_p = hp_cycle(annual(participation_rate), HP_LAMBDA_ANNUAL)
    return float(np.dot(cycle_u, cycle_p) / np.dot(cycle_u, cycle_u))


def output_gap_sd(real_output: np.ndarray) -> float:
    """Standard deviation of the annual output gap (log points, HP lambda 100), monthly input."""
    return float(np.std(annual_output_gap(real_output), ddof=1))


def tail_exponent(sizes: np.ndarray, top_share: float = TAIL_SHARE) -> float:
    """Hill estimator of the Pareto exponent of the largest `top_share` of `sizes` (> 0):
    alpha = k / sum log(x_i / x_(k+1)) over the k largest (Hill 1975)."""
    x = np.sort(np.asarray(sizes, dtype=float)[np.asarray(sizes) > 0])[::-1]
    k = max(int(len(x) * top_share), 2)
    if len(x) <= k or x[k] <= 0:
        return float("nan")
    logs = np.log(x[:k] / x[k])
    return float(k / logs.sum()) if logs.sum() > 0 else float("nan")


def band_edges(band: str) -> tuple[float, float]:
    """Months [low, high) of a band such as "3-6" or "12+"."""
    if band.endswith("+"):
        return float(band[:-1]), float("inf")
    low, high = band.split("-")
    return float(low), float(high)


def duration_shares(months: np.ndarray, bands: tuple[str, ...] | list[str]) -> np.ndarray:
    """Shares of the unemployed whose months of search fall in each band."""
    months = np.asarray(months)
    counts = np.array([np.count_nonzero((months >= lo) & (months < hi)) for lo, hi in map(band_edges, bands)])
    return counts / max(len(months), 1)


def log_wage_moments(wages: np.ndarray) -> tuple[float, float]:
    """Skewness and excess kurtosis of log wages (both 0 for a log-normal distribution)."""
    z = np.log(np.asarray(wages, dtype=float)[np.asarray(wages) > 0])
    z = (z - z.mean()) / z.std()
    return float(np.mean(z**3)), float(np.mean(z**4) - 3.0)


# ------------------------------------------------------------------------------------------
# one seed's run
# ------------------------------------------------------------------------------------------
@dataclass
class SeedRun:
    """What one seed's run leaves for the report."""

    monthly: pd.DataFrame  # indicators by month after burn-in
    regional_wage: np.ndarray  # years x regions: mean posted wage per unit of skill
    regional_unemployment: np.ndarray  # years x regions
    durations: np.ndarray  # months of search of the unemployed, pooled over the snapshots
    firm_sizes_start: np.ndarray  # employees of live firms at start
    firm_sizes_end: np.ndarray  # ... and at the end
    wages_end: np.ndarray  # employees' wages at the end
    job_creation: float  # gross job creation of private firms, yearly, mean over the years
    job_destruction: float  # gross job destruction of private firms, yearly, mean over the years


MONTHLY = (
    "unemployment_rate",
    "vacancy_rate",
    "real_gdp",
    "job_finding_rate",
    "separation_rate",
    "youth_unemployment_rate",
    "adult_unemployment_rate",
    "long_term_unemployment_share",
    "participation_rate",
    "informality_rate",
    "wage_gini",
    "wage_p90_p10",
)


def run_seed(
    country: CountryConfig, params: ModelParams, scale: float, seed: int, burn_in: int, months: int, bar=None
) -> SeedRun:
    from sim.model import LabourMarketModel

    model = LabourMarketModel(country, params, scale=scale, seed=seed)
    firm_sizes_start = model.firms.employees[model.firms.alive].copy()
    durations, yearly_firms, employees, shares = [], [], [], []
    for m in range(burn_in + months):
        model.step()
        if bar is not None:
            bar.update()
        if m >= burn_in:
            employees.append(np.count_nonzero(model.workers.employer >= 0))
            shares.append(population_shares(model))
        if m >= burn_in - 1 and (m - burn_in + 1) % 12 == 0:
            yearly_firms.append(private_firms_snapshot(model))
        if m >= burn_in and (m - burn_in) % SNAPSHOT_EVERY_MONTHS == SNAPSHOT_EVERY_MONTHS - 1:
            w = model.workers
            durations.append(w.months_in_status[w.status == Status.UNEMPLOYED].copy())
    data = model.datacollector.get_model_vars_dataframe()
    monthly = data.iloc[burn_in + 1 :][list(MONTHLY)].reset_index(drop=True)
    monthly["employees"] = employees  # head count of employees (own-account workers excluded)
    for group, column in zip(SWING_GROUPS, np.array(shares).T):
        monthly[f"share_{group}"] = column  # of the population, migrants abroad included
    tables = [t for month, t in model.regional_history if month > burn_in]
    wage = np.array([t["posted_wage"] for t in tables])
    unemployment = np.array([t["unemployment_rate"] for t in tables])
    years = len(tables) // 12
    regional_wage = wage[: 12 * years].reshape(years, 12, -1).mean(axis=1)
    regional_unemployment = unemployment[: 12 * years].reshape(years, 12, -1).mean(axis=1)
    w, f = model.workers, model.firms
    result = SeedRun(
        monthly,
        regional_wage,
        regional_unemployment,
        np.concatenate(durations) if durations else np.zeros(0),
        firm_sizes_start,
        f.employees[f.alive].copy(),
        w.wage[w.employer >= 0].copy(),
        *yearly_job_flows(yearly_firms),
    )
    model.release()
    return result


def private_firms_snapshot(model) -> tuple[np.ndarray, np.ndarray]:
    """Employees and month founded of every firm slot, (0, -1) where the slot holds no private
    firm: what `yearly_job_flows` compares a year apart."""
    f = model.firms
    private = f.alive & ~model.calibration.demand.public[f.sector]
    return np.where(private, f.employees, 0), np.where(private, f.founded, -1)


def yearly_job_flows(snapshots: list[tuple[np.ndarray, np.ndarray]]) -> tuple[float, float]:
    """Mean yearly job creation and destruction (`sim.indicators.job_flows`) over consecutive
    snapshots (employees, month founded) of the firm slots, a year apart."""
    flows = []
    for (before, founded_before), (after, founded_after) in zip(snapshots, snapshots[1:]):
        n = len(after)  # slots only grow
        before = np.pad(before, (0, n - len(before)))
        founded_before = np.pad(founded_before, (0, n - len(founded_before)), constant_values=-2)
        flows.append(job_flows(before, after, (founded_before == founded_after) & (founded_after >= 0)))
    return tuple(np.mean(flows, axis=0)) if flows else (float("nan"), float("nan"))


DEFAULT_SEEDS = 10
"""Seeds of a report. A preset's Okun coefficient varies across seeds with a standard deviation
of about 0.1 (Tajikistan, 10 seeds), so five left the mean's standard error near 0.045 and a
preset near a band's edge in or out of it by chance; ten bring it to about 0.03."""

PILOT_ROUNDS = 2
"""Rounds of pilot runs that scale the demand process (`matched_process`)."""

PILOT_SEEDS = (1000, 1001)
"""Seeds of the pilot runs that measure how much of the demand process reaches output (not
seeds of the report: its seeds are 0, 1, ...)."""


def matched_process(
    country: CountryConfig, params: ModelParams, scale: float, burn_in: int, months: int, bar=None
) -> tuple[ModelParams, float]:
    """The demand process scaled so that simulated output is about as volatile as the country's.

    Households' demand is part of final demand and part of it buys imports, so output moves
    less than the demand factor: pilot runs (PILOT_SEEDS) measure the ratio of the simulated
    output gap's sd (averaged over the pilots) to the data's, and the innovations are divided
    by it. The ratio changes with the shock's size (a single round left output at about half
    the data's volatility), so this is repeated PILOT_ROUNDS times from the scaled process.
    Returns the process and the share of the data process's volatility that reaches output in
    the first round."""
    target = cycle_facts(country.real_gdp_growth).output_gap_sd
    first = None
    for _ in range(PILOT_ROUNDS):
        pilots = [run_seed(country, params, scale, seed, burn_in, months, bar) for seed in PILOT_SEEDS]
        ratio = np.mean([output_gap_sd(p.monthly["real_gdp"].to_numpy()) for p in pilots]) / target
        if not np.isfinite(ratio) or ratio <= 0:
            raise ValueError(f"the pilot run's output does not move (output gap sd ratio {ratio})")
        first = ratio if first is None else first
        params = dataclasses.replace(params, demand_noise_sd=params.demand_noise_sd / max(ratio, 0.05))
    return params, first


def seed_facts(run: SeedRun, reference_bands: list[str]) -> dict[str, float]:
    """Every fact of one seed's run, by name."""
    m = run.monthly
    u = m["unemployment_rate"].to_numpy()
    gap = annual_output_gap(m["real_gdp"].to_numpy())
    facts = {
        "beveridge_correlation": beveridge_correlation(u, m["vacancy_rate"].to_numpy()),
        "okun_coefficient": okun_coefficient(u, m["real_gdp"].to_numpy()),
        "employment_elasticity": employment_elasticity(m["employees"].to_numpy(), m["real_gdp"].to_numpy()),
        "participation_response": participation_response(m["participation_rate"].to_numpy(), u),
        **{
            f"okun_split_{group}": value
            for group, value in zip(
                SWING_GROUPS,
                okun_split(m[[f"share_{g}" for g in SWING_GROUPS]].to_numpy(), m["real_gdp"].to_numpy()),
            )
        },
        "output_gap_sd": float(np.std(gap, ddof=1)),
        "output_gap_persistence": autocorrelation(gap),
    }
    positive = (run.regional_unemployment > 0).all() and run.regional_unemployment.shape[1] > 1
    facts["wage_curve_elasticity"] = (
        wage_curve_elasticity(run.regional_wage, run.regional_unemployment)[0] if positive else float("nan")
    )
    facts["firm_size_tail_start"] = tail_exponent(run.firm_sizes_start)
    facts["firm_size_tail_end"] = tail_exponent(run.firm_sizes_end)
    facts["job_reallocation_rate"] = run.job_creation + run.job_destruction
    for name in ("job_finding_rate", "separation_rate", "long_term_unemployment_share", "wage_gini", "wage_p90_p10"):
        facts[name] = float(m[name].mean())
    facts["youth_to_adult_unemployment_ratio"] = float(
        m["youth_unemployment_rate"].mean() / m["adult_unemployment_rate"].mean()
    )
    for name in ("unemployment_rate", "participation_rate", "informality_rate", "youth_unemployment_rate"):
        facts[name] = float(m[name].mean())
    facts["log_wage_skewness"], facts["log_wage_excess_kurtosis"] = log_wage_moments(run.wages_end)
    facts["mean_to_median_wage"] = float(run.wages_end.mean() / np.median(run.wages_end))
    bands = list(dict.fromkeys([*DURATION_BANDS, *reference_bands]))
    for band, share in zip(bands, duration_shares(run.durations, bands)):
        facts[f"duration_{band}"] = float(share)
    return facts


# ------------------------------------------------------------------------------------------
# references and bands
# ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Fact:
    """One line of the report."""

    name: str  # key of `seed_facts`
    label: str
    unit: str  # "%" (a fraction shown in percent), "" (a number)
    reference: str  # the reference value or "not found"
    source: str
    low: float | None = None  # the band (in the fact's own units), None: no band
    high: float | None = None


def facts_of(country: CountryConfig) -> list[Fact]:
    """The report's lines for this preset, with their references and bands."""
    cycle_data = cycle_facts(country.real_gdp_growth) if country.real_gdp_growth is not None else None
    facts = [
        Fact(
            "beveridge_correlation",
            "Beveridge curve: corr(u, v), quarterly, HP-filtered",
            "",
            "< 0",
            "del Rio-Chanona et al. 2021",
            None,
            0.0,
        ),
        Fact(
            "okun_coefficient",
            "Okun's coefficient: yearly change in u (pp) per 1 % output growth",
            "",
            "-0.2 to -0.6",
            "Ball, Furceri, Leigh and Loungani 2019",
            -0.6,
            -0.2,
        ),
        Fact(
            "employment_elasticity",
            "Employees' elasticity to output: yearly growth of employee head count per 1 % output growth",
            "",
            "not found",
            "",
        ),
        *(
            Fact(
                f"okun_split_{group}",
                f"Where the swing goes: yearly change in {group.replace('_', ' ')} (pp of population) "
                "per 1 % output growth",
                "",
                "not found",
                "",
            )
            for group in SWING_GROUPS[:5]
        ),
        Fact(
            "participation_response",
            "Participation response: cyclical participation (pp) per pp of cyclical unemployment, yearly, HP(100)",
            "",
            "not found",
            "",
        ),
        Fact(
            "wage_curve_elasticity",
            "Wage curve: elasticity of regional pay to regional u (region, year effects)",
            "",
            "-0.1 (-0.07 bias-corrected); < 0",
            "Blanchflower and Oswald 1994; Nijkamp and Poot 2005",
            None,
            0.0,
        ),
        Fact(
            "firm_size_tail_end",
            "Firm-size tail exponent at the end (Hill, top 10 %)",
            "",
            "1.06 (0.8-1.3)",
            "Axtell 2001",
            0.8,
            1.3,
        ),
        Fact("firm_size_tail_start", "Firm-size tail exponent at start (drawn)", "", "1.06", "Axtell 2001"),
        Fact(
            "job_reallocation_rate",
            "Gross job reallocation of private firms, yearly (creation + destruction)",
            "%",
            "20 % (15-25 %)",
            "Haltiwanger and Vodopivec 2002 (Estonia); Davis, Haltiwanger and Schuh 1996 (US, 19.4 %)",
            0.15,
            0.25,
        ),
    ]
    if cycle_data is not None:
        sd = cycle_data.output_gap_sd
        first, last = cycle_data.years
        facts.append(
            Fact(
                "output_gap_sd",
                "Output gap sd, annual, HP(100): matched by the pilot runs",
                "%",
                f"{100 * sd:.2f} % (0.5-2 x)",
                f"WDI real GDP growth {first}-{last} (country.real_gdp_growth)",
                0.5 * sd,
                2.0 * sd,
            )
        )
        facts.append(
            Fact(
                "output_gap_persistence",
                "Output gap persistence: first-order autocorrelation, annual, HP(100)",
                "",
                f"{cycle_data.output_gap_persistence:.2f}",
                f"WDI real GDP growth {first}-{last}; an AR(1) shows at most about 0.45 on so short a sample",
            )
        )
    facts += [
        Fact("job_finding_rate", "Job-finding rate of the unemployed, monthly", "%", "not found", ""),
        Fact("separation_rate", "Separation rate of the employed, monthly", "%", "not found", ""),
    ]
    if country.long_term_unemployment_share is not None:
        share = country.long_term_unemployment_share
        facts.append(
            Fact(
                "long_term_unemployment_share",
                "Long-term share of the unemployed (12+ months)",
                "%",
                f"{100 * share:.1f} % (+/- 10 pp)",
                "country.long_term_unemployment_share",
                share - 0.1,
                share + 0.1,
            )
        )
    else:
        facts.append(
            Fact("long_term_unemployment_share", "Long-term share of the unemployed (12+ months)", "%", "not found", "")
        )
    shares = country.unemployment_duration_shares or {}
    for band in DURATION_BANDS if not shares else shares:
        if band in shares:
            facts.append(
                Fact(
                    f"duration_{band}",
                    f"Unemployed searching {band} months",
                    "%",
                    f"{100 * shares[band]:.1f} % (+/- 10 pp)",
                    "country.unemployment_duration_shares",
                    shares[band] - 0.1,
                    shares[band] + 0.1,
                )
            )
        else:
            facts.append(Fact(f"duration_{band}", f"Unemployed searching {band} months", "%", "not found", ""))
    ratio = country.youth_to_adult_unemployment_ratio
    facts.append(
        Fact(
            "youth_to_adult_unemployment_ratio",
            "Youth (15-24) / adult (25+) unemployment rate",
            "",
            f"{ratio:.2f} (+/- 25 %)" if ratio else "2-3 in the Western Balkans (no national pair found)",
            "country.youth_to_adult_unemployment_ratio" if ratio else "ILOSTAT, DESIGN.md section 5",
            0.75 * ratio if ratio else None,
            1.25 * ratio if ratio else None,
        )
    )
    facts += [
        Fact("wage_gini", "Gini of employees' wages", "", "not found", ""),
        Fact("wage_p90_p10", "Wage P90/P10", "", "not found", ""),
        Fact(
            "mean_to_median_wage",
            "Mean / median wage of employees (end)",
            "",
            f"{country.mean_to_median_wage:.3f} (+/- 10 %)" if country.mean_to_median_wage else "not found",
            "country.mean_to_median_wage" if country.mean_to_median_wage else "",
            0.9 * country.mean_to_median_wage if country.mean_to_median_wage else None,
            1.1 * country.mean_to_median_wage if country.mean_to_median_wage else None,
        ),
        Fact("log_wage_skewness", "Skewness of log wages (end)", "", "0 for a log-normal", ""),
        Fact("log_wage_excess_kurtosis", "Excess kurtosis of log wages (end)", "", "0 for a log-normal", ""),
    ]
    for target in targets_of(country):
        if target.name in ("unemployment_rate", "participation_rate", "informality_rate", "youth_unemployment_rate"):
            tolerance = tolerance_pp(target) / 100.0  # the calibration's
            shown = "+/- 25 %" if target.name == "youth_unemployment_rate" else "+/- 1 pp"
            facts.append(
                Fact(
                    target.name,
                    target.name.replace("_", " ").capitalize(),
                    "%",
                    f"{100 * target.value:.2f} % ({shown})",
                    f"country.{target.source}",
                    target.value - tolerance,
                    target.value + tolerance,
                )
            )
    if country.youth_unemployment_rate is None:  # shown, without a band
        facts.append(
            Fact("youth_unemployment_rate", "Youth unemployment rate", "%", "not a target (see the preset)", "")
        )
    return facts


def in_band(fact: Fact, value: float) -> str:
    if fact.low is None and fact.high is None:
        return "no band"
    if np.isnan(value):
        return "no"
    ok = (fact.low is None or value >= fact.low) and (fact.high is None or value <= fact.high)
    return "yes" if ok else "no"


def shown(value: float, unit: str) -> str:
    if np.isnan(value):
        return "n/a"
    return f"{100 * value:.2f} %" if unit == "%" else f"{value:.3f}"


# ------------------------------------------------------------------------------------------
# the report
# ------------------------------------------------------------------------------------------
@dataclass
class Report:
    country: CountryConfig
    facts: list[Fact]
    per_seed: pd.DataFrame  # one row per seed, one column per fact
    runs: list[SeedRun]
    settings: dict


def validate(
    country_name: str,
    seeds: int = DEFAULT_SEEDS,
    years: int = 20,
    burn_in_months: int = 60,
    scale: float | None = None,
    progress: bool = True,
) -> Report:
    """Run the noisy baselines of a preset and measure its stylized facts."""
    country = load_country(country_name)
    scale = saved_scale(country_name) if scale is None else float(scale)
    data_process = with_business_cycle(country, ModelParams())
    facts = facts_of(country)
    reference_bands = list(country.unemployment_duration_shares or {})
    months = 12 * years
    runs, rows = [], []
    with tqdm(
        total=(seeds + PILOT_ROUNDS * len(PILOT_SEEDS)) * (burn_in_months + months),
        desc=f"validating {country.name}",
        unit="month",
        disable=not progress,
    ) as bar:
        params, transmission = matched_process(country, data_process, scale, burn_in_months, months, bar)
        for seed in range(seeds):
            run = run_seed(country, params, scale, seed, burn_in_months, months, bar)
            runs.append(run)
            rows.append({"seed": seed, **seed_facts(run, reference_bands)})
    settings = {
        "seeds": seeds,
        "years": years,
        "burn_in_months": burn_in_months,
        "scale": scale,
        "demand_noise_sd": params.demand_noise_sd,
        "demand_noise_persistence": params.demand_noise_persistence,
        "data_innovation_sd": data_process.demand_noise_sd,
        "transmission": transmission,
    }
    return Report(country, facts, pd.DataFrame(rows), runs, settings)


def command(country_name: str, settings: dict) -> str:
    options = "".join(
        f" {k}={settings[k]:g}"
        for k, default in (("seeds", DEFAULT_SEEDS), ("years", 20), ("burn_in_months", 60))
        if settings[k] != default
    )
    if settings["scale"] != saved_scale(country_name):
        options += f" scale={settings['scale']:g}"
    return f"python -m sim.validate country={country_name}{options}"


def summary_rows(report: Report) -> list[dict]:
    """One row per fact: mean over seeds, the seeds' range, reference, band, verdict."""
    out = []
    for fact in report.facts:
        values = report.per_seed[fact.name].to_numpy(dtype=float)
        mean = float(np.nanmean(values)) if np.isfinite(values).any() else float("nan")
        out.append(
            {
                "fact": fact,
                "mean": mean,
                "low": float(np.nanmin(values)) if np.isfinite(values).any() else float("nan"),
                "high": float(np.nanmax(values)) if np.isfinite(values).any() else float("nan"),
                "in_band": in_band(fact, mean),
            }
        )
    return out


def wage_curve_interval(report: Report) -> tuple[float, float, float]:
    """Mean wage-curve elasticity over seeds and its 95 % interval (t over seeds)."""
    return wage_curve_interval_of(report.per_seed["wage_curve_elasticity"].to_numpy(dtype=float))


def wage_curve_interval_of(values: np.ndarray) -> tuple[float, float, float]:
    from scipy import stats

    values = values[np.isfinite(values)]
    if len(values) < 2:
        return float(values.mean()) if len(values) else float("nan"), float("nan"), float("nan")
    half = stats.t.ppf(0.975, len(values) - 1) * values.std(ddof=1) / np.sqrt(len(values))
    return float(values.mean()), float(values.mean() - half), float(values.mean() + half)


def markdown(report: Report, country_name: str) -> str:
    s = report.settings
    mean, low, high = wage_curve_interval(report)
    lines = [
        f"# Stylized facts of {report.country.name}",
        "",
        f"Reproduce: `{command(country_name, s)}`. {s['seeds']} seeds, {s['years']} years after a burn-in of "
        f"{s['burn_in_months']} months, scale {s['scale']:g}, with the business cycle on: household demand scaled by "
        f"an AR(1) factor of mean one, monthly persistence {s['demand_noise_persistence']:.4f} (`sim.business_cycle`: "
        f"the persistence whose annual HP-filtered gap shows the country's, or the bound {MAX_MONTHLY_PERSISTENCE}) "
        f"and innovation sd {s['demand_noise_sd']:.4f}: the innovation sd of a monthly process as volatile as the "
        f"output gap ({s['data_innovation_sd']:.4f}), multiplied by "
        f"{s['demand_noise_sd'] / s['data_innovation_sd']:.1f} in {PILOT_ROUNDS} rounds of pilot runs (seeds "
        f"{', '.join(map(str, PILOT_SEEDS))}; in the first, the simulated annual gap's sd was {s['transmission']:.2f} "
        "of the data's, a ratio that holds both the model's damping and the share of a persistent monthly "
        "process's variance that the annual HP filter puts in the trend), so that output is about as volatile "
        "as the country's. Value: mean over seeds (range over seeds); rates in percent.",
        "",
        "| fact | simulated | seeds' range | reference | source | in band |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for row in summary_rows(report):
        fact = row["fact"]
        lines.append(
            f"| {fact.label} | {shown(row['mean'], fact.unit)} | {shown(row['low'], fact.unit)} to "
            f"{shown(row['high'], fact.unit)} | {fact.reference} | {fact.source or 'none'} | {row['in_band']} |"
        )
    lines += [
        "",
        f"Wage curve over seeds: {mean:.3f}, 95 % interval {low:.3f} to {high:.3f} (t over seeds); "
        + ("below zero." if high < 0 else "not below zero."),
        "",
        f"Figure: `{country_name}.png`. Each seed's facts: `{country_name}_facts.csv`; the quarterly series of "
        f"seed 0: `{country_name}_series.csv`.",
    ]
    return "\n".join(lines) + "\n"


def series_of(run: SeedRun) -> pd.DataFrame:
    """Quarterly means of the cycle's series (the Beveridge figure's points)."""
    m = run.monthly
    return pd.DataFrame(
        {
            "quarter": np.arange(len(m) // 3) + 1,
            **{name: quarterly_means(m[name].to_numpy()) for name in ("unemployment_rate", "vacancy_rate", "real_gdp")},
        }
    )


def figure(report: Report, path: Path) -> Path:
    """Six panels, written to `path`: Beveridge curve, Okun, wage curve, firm sizes, durations,
    wage distribution."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    run = report.runs[0]
    fig, axes = plt.subplots(2, 3, figsize=(15, 8.5))
    ax = axes[0, 0]
    q = series_of(run)
    ax.plot(100 * q["unemployment_rate"], 100 * q["vacancy_rate"], "-o", ms=2.5, lw=0.6, color="#2c3e50")
    ax.set(xlabel="unemployment rate (%)", ylabel="vacancy rate (%)", title="Beveridge curve (seed 0, quarterly)")
    ax = axes[0, 1]
    for run_k in report.runs:
        u = 100 * annual(run_k.monthly["unemployment_rate"].to_numpy())
        g = 100 * np.diff(np.log(annual(run_k.monthly["real_gdp"].to_numpy(), "sum")))
        ax.scatter(g, np.diff(u), s=10, alpha=0.6)
    ax.axhline(0, color="grey", lw=0.5)
    ax.set(
        xlabel="real output growth (%)", ylabel="change in unemployment (pp)", title="Okun's law (all seeds, yearly)"
    )
    ax = axes[0, 2]

    if (run.regional_unemployment > 0).all():
        ax.scatter(
            two_way_within(np.log(run.regional_unemployment)).ravel(),
            two_way_within(np.log(run.regional_wage)).ravel(),
            s=8,
        )
    ax.set(
        xlabel="log regional unemployment (within)",
        ylabel="log regional pay (within)",
        title="Wage curve (seed 0, region-years)",
    )
    ax = axes[1, 0]
    for sizes, label in ((run.firm_sizes_start, "start"), (run.firm_sizes_end, "end")):
        x = np.sort(sizes[sizes > 0])[::-1]
        ax.loglog(x, np.arange(1, len(x) + 1) / len(x), label=label)
    grid = np.logspace(0, np.log10(max(run.firm_sizes_end.max(), 2)), 20)
    ax.loglog(grid, 1.0 / grid, "k--", lw=0.8, label="1/s")
    ax.set(xlabel="employees (simulated)", ylabel="P(size > s)", title="Firm sizes")
    ax.legend()
    ax = axes[1, 1]
    reference = report.country.unemployment_duration_shares or {}
    bands = list(reference) if reference else list(DURATION_BANDS)  # the survey's bands where it has some
    shares = duration_shares(np.concatenate([r.durations for r in report.runs]), bands)
    ax.bar(range(len(bands)), 100 * shares, color="#2980b9", label="simulated")
    if reference:
        ax.scatter(range(len(bands)), [100 * reference[b] for b in bands], color="#c0392b", zorder=3, label="survey")
    ax.set_xticks(range(len(bands)), bands)
    ax.set(xlabel="months of search", ylabel="% of the unemployed", title="Unemployment durations (all seeds)")
    ax.legend()
    ax = axes[1, 2]
    wages = run.wages_end[run.wages_end > 0]
    ax.hist(np.log(wages), bins=60, color="#7f8c8d")
    ax.set(xlabel="log monthly wage", ylabel="employees (simulated)", title="Wages at the end (seed 0)")
    fig.suptitle(f"{report.country.name}: stylized facts under its business cycle ({len(report.runs)} seeds)")
    fig.tight_layout()
    try:
        return write_figure(fig, path, dpi=110)
    finally:
        plt.close(fig)


def write(report: Report, country_name: str, output_dir: Path = OUTPUT_DIR) -> Path:
    """Write the report, its figure and its data; return the report's path."""
    path = output_dir / f"{country_name}.md"
    write_atomically(output_dir / f"{country_name}_facts.csv", report.per_seed.to_csv(index=False))
    write_atomically(output_dir / f"{country_name}_series.csv", series_of(report.runs[0]).to_csv(index=False))
    figure(report, output_dir / f"{country_name}.png")
    write_atomically(path, markdown(report, country_name))
    return path


OVERVIEW_HEADING = (
    "# Stylized facts of every preset\n\n"
    "Written by `python -m sim.validate overview` from the reports beside it (`NAME.md`, made by "
    "`python -m sim.validate country=NAME`). Each cell: the mean over seeds, then the reference where one "
    "was found; ✗ marks a value outside its band (see each report). Rates in percent.\n\n"
)

OVERVIEW_COLUMNS = (
    ("beveridge_correlation", "Beveridge corr", ""),
    ("okun_coefficient", "Okun", ""),
    ("wage_curve_elasticity", "wage curve", ""),
    ("firm_size_tail_end", "firm tail", ""),
    ("job_reallocation_rate", "job reallocation", "%"),
    ("long_term_unemployment_share", "long-term share", "%"),
    ("youth_to_adult_unemployment_ratio", "youth / adult u", ""),
    ("unemployment_rate", "u", "%"),
    ("job_finding_rate", "job finding", "%"),
    ("separation_rate", "separation", "%"),
    ("wage_gini", "wage Gini", ""),
    ("wage_p90_p10", "P90/P10", ""),
)
"""The columns of the overview of all presets: (fact, heading, unit)."""


def overview(output_dir: Path = OUTPUT_DIR) -> str:
    """One table of every preset's validated facts (from the facts each report wrote): the
    mean over seeds, the reference where one exists, and a mark where it misses its band."""
    lines = [
        "| preset | " + " | ".join(heading for _, heading, _ in OVERVIEW_COLUMNS) + " |",
        "| --- " * (len(OVERVIEW_COLUMNS) + 1) + "|",
    ]
    for path in sorted(output_dir.glob("*_facts.csv")):
        name = path.name[: -len("_facts.csv")]
        per_seed = pd.read_csv(path)
        facts = {f.name: f for f in facts_of(load_country(name))}
        cells = []
        for key, _, unit in OVERVIEW_COLUMNS:
            values = per_seed[key].to_numpy(dtype=float)
            mean = float(np.nanmean(values)) if np.isfinite(values).any() else float("nan")
            text = f"{100 * mean:.1f}" if unit == "%" else f"{mean:.2f}"
            fact = facts.get(key)
            if key == "wage_curve_elasticity" and len(values) > 1:
                text += " (CI < 0)" if wage_curve_interval_of(values)[2] < 0 else " (CI spans 0)"
            if fact is not None and fact.reference[0].isdigit() and (fact.low is not None or fact.high is not None):
                text += f" / {fact.reference.split(' (')[0].replace(' %', '')}"
            if fact is not None and in_band(fact, mean) == "no":
                text += " ✗"
            cells.append(text)
        lines.append(f"| {load_country(name).name} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


USAGE = (
    "usage: python -m sim.validate country=NAME [seeds=10] [years=20] [burn_in_months=60] "
    "[scale=the saved fit's] [output_dir=results/validation]; or python -m sim.validate overview"
)


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["overview"]:
        output_dir = Path(argv[1].split("=", 1)[1]) if len(argv) > 1 else OUTPUT_DIR
        table = overview(output_dir)
        write_atomically(output_dir / "README.md", OVERVIEW_HEADING + table)
        print(table)
        return
    if any(a in ("-h", "--help") for a in argv):
        print(USAGE + "\n\n" + (__doc__ or "").strip())
        return
    args = dict(a.split("=", 1) if "=" in a else (a, "") for a in argv)
    allowed = {"country", "seeds", "years", "burn_in_months", "scale", "output_dir"}
    unknown = set(args) - allowed
    if "country" not in args or unknown:
        raise SystemExit(USAGE + (f"; unknown: {', '.join(sorted(unknown))}" if unknown else ""))
    try:
        seeds, years, burn_in = (
            int(args.get("seeds", DEFAULT_SEEDS)),
            int(args.get("years", 20)),
            int(args.get("burn_in_months", 60)),
        )
        scale = float(args["scale"]) if "scale" in args else None
    except ValueError as error:
        raise SystemExit(f"{USAGE}; {error}") from None
    if seeds < 2 or years < 4 or burn_in < 1 or (scale is not None and not scale >= 1):
        raise SystemExit(f"{USAGE}; seeds >= 2, years >= 4, burn_in_months >= 1 and scale >= 1")
    try:  # an unknown preset, or one without the GDP series the business cycle needs
        with_business_cycle(load_country(args["country"]), ModelParams())
    except ConfigError as error:
        raise SystemExit(f"{error}\nnothing was run and nothing was written") from None
    report = validate(args["country"], seeds, years, burn_in, scale, progress=sys.stderr.isatty())
    path = write(report, args["country"], Path(args.get("output_dir", OUTPUT_DIR)).resolve())
    print(path.read_text())
    print(f"written: {path}")


if __name__ == "__main__":
    main()
