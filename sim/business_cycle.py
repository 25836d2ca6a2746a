"""The business cycle: a demand process whose volatility and persistence come from the country's GDP.

Household demand is scaled each month by a factor D = exp(x_m - v / 2), where x follows an AR(1),
    x_m = rho_m x_(m-1) + e_m,   e_m ~ N(0, sigma_e^2),   v = sigma_e^2 / (1 - rho_m^2),
the model's `demand_noise_persistence` (rho_m) and `demand_noise_sd` (sigma_e); the correction
-v/2 makes the factor's mean 1 (the calibrated demand), not exp(v/2). Both are read off the
country's annual real GDP (`CountryConfig.real_gdp_growth`): its cycle is the log of real GDP
less its Hodrick-Prescott trend (lambda = 100 for annual data, Backus and Kehoe 1992), with
standard deviation s and first-order autocorrelation rho_a. rho_m is found by indirect
inference (Gourieroux, Monfort and Renault 1993): the monthly persistence whose process,
averaged to years, HP-filtered and measured on samples as long as the data's, shows on average
the data's rho_a (`monthly_persistence`). A plain rho_a^(1/12) would ignore time aggregation,
the filter and the short sample's bias, and give annual gaps less persistent than the data's
(about 0.37 where the data give 0.65, Serbia). sigma_e gives the monthly process the annual
gap's standard deviation; `sim.validate` then scales it by how much of it reaches output. On
samples of the data's length an AR(1) shows at most about 0.45 after the filter; where the data
show more (Kazakhstan 0.51, Tajikistan 0.62, Serbia 0.65, Uzbekistan 0.68: one long boom and bust
in a short sample), rho_m sits at its bound MAX_MONTHLY_PERSISTENCE. The persistence is matched
on the demand factor, not on simulated output, whose gap the model makes less persistent.

The factor scales households' spending only; how much of it reaches output, employment and
vacancies is the model's own transmission (imports leak, government and exports do not
follow), so the simulated output gap is a result that `sim.validate` reports beside the data's.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.sparse.linalg import spsolve

from sim.config import ConfigError, CountryConfig, GdpGrowth, ModelParams

HP_LAMBDA_ANNUAL = 100.0
"""Smoothing of the Hodrick-Prescott filter for annual data (Backus and Kehoe 1992)."""


@dataclass(frozen=True)
class CycleFacts:
    """The country's output cycle and the monthly demand process that matches it.

    Attributes:
        years: First and last year of the series.
        output_gap_sd: Standard deviation of the annual output gap (log points).
        output_gap_persistence: First-order autocorrelation of the annual output gap.
        monthly_persistence: rho_m of the demand factor.
        monthly_innovation_sd: sigma_e of the demand factor (log points a month).
    """

    years: tuple[int, int]
    output_gap_sd: float
    output_gap_persistence: float
    monthly_persistence: float
    monthly_innovation_sd: float


def hp_trend(y: np.ndarray, smoothing: float) -> np.ndarray:
    """Hodrick-Prescott trend of the series `y` (or of each row of a 2-D `y`): the tau minimising
    sum (y - tau)^2 + smoothing sum (second difference of tau)^2 (Hodrick and Prescott 1997)."""
    y = np.asarray(y, dtype=float)
    n = y.shape[-1]
    second_difference = sparse.diags([1.0, -2.0, 1.0], [0, 1, 2], shape=(n - 2, n))
    system = (sparse.eye(n) + smoothing * (second_difference.T @ second_difference)).tocsc()
    return np.asarray(spsolve(system, y.T)).T.reshape(y.shape)


def hp_cycle(series: np.ndarray, smoothing: float) -> np.ndarray:
    """A series (or each row of a 2-D array) less its Hodrick-Prescott trend."""
    return np.asarray(series, dtype=float) - hp_trend(series, smoothing)


def output_gap(growth_percent: np.ndarray, smoothing: float = HP_LAMBDA_ANNUAL) -> np.ndarray:
    """Log real GDP (rebuilt from growth rates) less its HP trend, in log points."""
    log_output = np.concatenate([[0.0], np.cumsum(np.log1p(np.asarray(growth_percent, dtype=float) / 100.0))])
    return hp_cycle(log_output, smoothing)


def autocorrelation(x: np.ndarray) -> float:
    """First-order autocorrelation of a series about its mean."""
    x = np.asarray(x, dtype=float) - np.mean(x)
    return float(np.dot(x[1:], x[:-1]) / np.dot(x, x))


INDIRECT_INFERENCE_REPLICATES = 400
"""Simulated samples per candidate persistence in `monthly_persistence`."""

MAX_MONTHLY_PERSISTENCE = 0.99
"""Upper bound of the monthly persistence (a half-life of 69 months): beyond it the annual gap's
persistence barely rises (0.447 at 0.99, 0.456 at 0.995 on 23 years) while the factor's level
wanders for decades."""

INDIRECT_INFERENCE_SEED = 20131123
"""Seed of those samples: the same draws for every candidate (common random numbers)."""


def annual_gap_persistence(rho_monthly: float, years: int, innovations: np.ndarray) -> float:
    """Mean first-order autocorrelation of the annual HP-filtered gap of a monthly AR(1) with
    persistence `rho_monthly`, over samples of `years` years; `innovations` (replicates x months,
    months = 12 x (years + burn-in)) are standard normal draws, the last 12 x `years` kept."""
    x = np.zeros_like(innovations)
    for m in range(1, innovations.shape[1]):
        x[:, m] = rho_monthly * x[:, m - 1] + innovations[:, m]
    annual = x[:, -12 * years :].reshape(len(x), years, 12).mean(axis=2)
    gap = hp_cycle(annual, HP_LAMBDA_ANNUAL)
    gap -= gap.mean(axis=1, keepdims=True)
    return float(np.mean(np.sum(gap[:, 1:] * gap[:, :-1], axis=1) / np.sum(gap * gap, axis=1)))


def monthly_persistence(rho_annual: float, years: int) -> float:
    """The monthly AR(1) persistence whose annual HP-filtered gap, on samples of `years` years,
    has on average the first-order autocorrelation `rho_annual` (bisection on
    `annual_gap_persistence`, which rises with the monthly persistence), within
    [0, MAX_MONTHLY_PERSISTENCE]: a sample can show less persistence than even white noise does
    after the filter, or more than any AR(1) does on average (about 0.45 on 23 years)."""
    burn_in = 10
    innovations = np.random.default_rng(INDIRECT_INFERENCE_SEED).standard_normal(
        (INDIRECT_INFERENCE_REPLICATES, 12 * (years + burn_in))
    )
    low, high = 0.0, MAX_MONTHLY_PERSISTENCE
    if annual_gap_persistence(low, years, innovations) >= rho_annual:
        return low
    if annual_gap_persistence(high, years, innovations) <= rho_annual:
        return high
    for _ in range(30):
        mid = 0.5 * (low + high)
        if annual_gap_persistence(mid, years, innovations) < rho_annual:
            low = mid
        else:
            high = mid
    return 0.5 * (low + high)


def demand_factor_step(factor: float, persistence: float, innovation_sd: float, innovation: float) -> float:
    """Next month's demand factor D = exp(x - v / 2) from this month's, where x is the AR(1)
    (x' = persistence x + innovation) and v its stationary variance, so that E[D] = 1."""
    half_variance = 0.5 * innovation_sd**2 / (1.0 - persistence**2)
    x = np.log(factor) + half_variance
    return float(np.exp(persistence * x + innovation - half_variance))


def cycle_facts(growth: GdpGrowth) -> CycleFacts:
    """The annual output gap's volatility and persistence, and the monthly process matching them."""
    gap = output_gap(np.asarray(growth.percent))
    sd, rho_annual = float(np.std(gap, ddof=1)), autocorrelation(gap)
    rho_monthly = monthly_persistence(rho_annual, len(gap))
    return CycleFacts(
        years=(growth.first_year, growth.first_year + len(growth.percent) - 1),
        output_gap_sd=sd,
        output_gap_persistence=rho_annual,
        monthly_persistence=rho_monthly,
        monthly_innovation_sd=sd * float(np.sqrt(1.0 - rho_monthly**2)),
    )


def with_business_cycle(country: CountryConfig, params: ModelParams) -> ModelParams:
    """`params` with the demand process of the country's cycle switched on."""
    if country.real_gdp_growth is None:
        raise ConfigError(
            f"{country.name} has no real_gdp_growth series: the business cycle cannot be set "
            "(add one to its preset, or set model.demand_noise_sd and model.demand_noise_persistence)"
        )
    facts = cycle_facts(country.real_gdp_growth)
    return ModelParams(
        **{
            **params.__dict__,
            "demand_noise_sd": facts.monthly_innovation_sd,
            "demand_noise_persistence": facts.monthly_persistence,
        }
    )
