"""The business cycle: a demand process whose volatility and persistence come from the country's GDP.

Household demand is scaled each month by a factor D whose log follows an AR(1),
    log D_m = rho_m log D_(m-1) + e_m,   e_m ~ N(0, sigma_e^2),
the model's `demand_noise_persistence` (rho_m) and `demand_noise_sd` (sigma_e). Both are read
off the country's annual real GDP (`CountryConfig.real_gdp_growth`): its cycle is the log of
real GDP less its Hodrick-Prescott trend (lambda = 100 for annual data, Backus and Kehoe 1992),
with standard deviation s and first-order autocorrelation rho_a. The monthly process takes
rho_m = rho_a^(1/12) and the same standard deviation (sigma_e = s sqrt(1 - rho_m^2)). This
mapping ignores time aggregation and the filter: an annual HP-filtered gap of this monthly
process is less persistent than rho_a (about 0.37 where the data give 0.65, Serbia), which
an indirect-inference fit of rho_m would correct. The factor's mean is exp(sigma^2 / 2), a
little above the calibrated 1.

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
    """Hodrick-Prescott trend of the series `y`: the tau minimising
    sum (y - tau)^2 + smoothing sum (second difference of tau)^2 (Hodrick and Prescott 1997)."""
    n = len(y)
    second_difference = sparse.diags([1.0, -2.0, 1.0], [0, 1, 2], shape=(n - 2, n))
    system = sparse.eye(n) + smoothing * (second_difference.T @ second_difference)
    return np.asarray(spsolve(system.tocsc(), np.asarray(y, dtype=float)))


def hp_cycle(series: np.ndarray, smoothing: float) -> np.ndarray:
    """A series less its Hodrick-Prescott trend."""
    return np.asarray(series, dtype=float) - hp_trend(series, smoothing)


def output_gap(growth_percent: np.ndarray, smoothing: float = HP_LAMBDA_ANNUAL) -> np.ndarray:
    """Log real GDP (rebuilt from growth rates) less its HP trend, in log points."""
    log_output = np.concatenate([[0.0], np.cumsum(np.log1p(np.asarray(growth_percent, dtype=float) / 100.0))])
    return hp_cycle(log_output, smoothing)


def autocorrelation(x: np.ndarray) -> float:
    """First-order autocorrelation of a series about its mean."""
    x = np.asarray(x, dtype=float) - np.mean(x)
    return float(np.dot(x[1:], x[:-1]) / np.dot(x, x))


def cycle_facts(growth: GdpGrowth) -> CycleFacts:
    """The annual output gap's volatility and persistence, and the monthly process matching them."""
    gap = output_gap(np.asarray(growth.percent))
    sd, rho_annual = float(np.std(gap, ddof=1)), autocorrelation(gap)
    rho_monthly = max(rho_annual, 0.0) ** (1.0 / 12.0)
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
