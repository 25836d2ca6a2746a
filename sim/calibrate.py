"""Calibration of a country preset by the method of simulated moments.

    python -m sim.calibrate country=kyrgyzstan            # fit, save, write the table
    python -m sim.calibrate country=kazakhstan seeds=3 evaluations=60 scale=500

The stocks of the initial economy come straight from the preset; what drifts after the start
depends on behavioural parameters. This fits them so that the simulated baseline keeps the
preset's rate targets: it minimises the sum of squared gaps (in percentage points) between
the targets and the simulated moments, averaged over months 13-36 of a baseline run and over
a few seeds (McFadden 1989; Pakes and Pollard 1989), with scipy's Nelder-Mead.

Fitted parameters and their moments:
- separation_rate_formal, separation_rate_informal: unemployment and informality;
- unemployed_to_inactive_rate: participation;
- return_rate_employed: the remittance share (where the preset has migrants);
- bargaining.recognition: bargaining coverage (where the preset has a coverage figure).

The fit is saved in `configs/country/calibrated/NAME.yaml`, which the preset loads through
its defaults list, and a table target / simulated / residual / source is written to
`results/calibration/NAME.md`.
"""

from __future__ import annotations

import dataclasses
import sys
from dataclasses import dataclass

import numpy as np
from omegaconf import OmegaConf
from scipy import optimize
from tqdm import tqdm

from sim.config import CONFIG_DIR, PROJECT_ROOT, CountryConfig, ModelParams, load_country
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
    if country.union_density:
        out.append(Target("union_density", country.union_density, "union_density"))
    if country.bargaining_coverage is not None and country.union_density:
        out.append(Target("bargaining_coverage", country.bargaining_coverage, "bargaining_coverage"))
    if country.youth_unemployment_rate is not None:
        out.append(
            Target("youth_unemployment_rate", country.youth_unemployment_rate, "youth_unemployment_rate (not fitted)")
        )
    if country.poverty_rate is not None and country.poverty_rate_definition == "at risk of poverty":
        out.append(Target("poverty_rate", country.poverty_rate, "poverty_rate, at risk of poverty (not fitted)"))
    for sector, share in country.sector_employment_share.items():
        out.append(Target(f"employment_share_{sector}", share, f"sector_employment_share.{sector} (not fitted)"))
    return out


def parameters_of(country: CountryConfig) -> list[Parameter]:
    """The behavioural parameters fitted for this preset."""
    out = [
        Parameter("separation_rate_formal", 0.002, 0.05),
        Parameter("separation_rate_informal", 0.005, 0.1),
        Parameter("unemployed_to_inactive_rate", 0.005, 0.2),
    ]
    if country.remittances_gdp_share:
        out.append(Parameter("return_rate_employed", 0.015, 0.1))  # stays of 10 months to 5.5 years
    if country.bargaining_coverage is not None and country.union_density:
        out.append(Parameter("bargaining.recognition", 0.0, 1.0))
    return out


def with_parameters(country: CountryConfig, values: dict[str, float]) -> tuple[CountryConfig, ModelParams]:
    """The preset and model parameters with `values` applied (bargaining.* to the country)."""
    model = {k: v for k, v in values.items() if not k.startswith("bargaining.")}
    rules = {k.split(".", 1)[1]: v for k, v in values.items() if k.startswith("bargaining.")}
    if rules:
        country = dataclasses.replace(country, bargaining=dataclasses.replace(country.bargaining, **rules))
    return country, dataclasses.replace(ModelParams(), **model)


def simulated_moments(
    country: CountryConfig, values: dict[str, float], names: list[str], scale: float, seeds: int, months: int
) -> np.ndarray:
    """Mean over months 13..`months` and over seeds of the baseline indicators `names`."""
    from sim.model import LabourMarketModel

    country, params = with_parameters(country, values)
    runs = []
    for seed in range(seeds):
        model = LabourMarketModel(country, params, scale=scale, seed=seed)
        model.run(months)
        data = model.datacollector.get_model_vars_dataframe().iloc[13:]
        runs.append([float(data[name].mean()) for name in names])
        model.release()
    return np.mean(runs, axis=0)


def calibrate(
    country_name: str,
    scale: float = 400.0,
    seeds: int = 2,
    months: int = 36,
    evaluations: int = 40,
    progress: bool = True,
) -> tuple[dict[str, float], str]:
    """Fit the preset; return the fitted values and the markdown table."""
    country = dataclasses.replace(load_country(country_name), calibrated={})
    targets = targets_of(country)
    fitted = [t for t in targets if "not fitted" not in t.source]
    parameters = parameters_of(country)
    names = [t.name for t in targets]
    goal = np.array([t.value for t in fitted])

    def to_values(x: np.ndarray) -> dict[str, float]:
        # a logistic map keeps every parameter inside its bounds
        inside = 1.0 / (1.0 + np.exp(-np.asarray(x)))
        return {p.name: float(p.low + (p.high - p.low) * v) for p, v in zip(parameters, inside)}

    defaults = ModelParams()
    start_values = [
        getattr(defaults, p.name) if not p.name.startswith("bargaining.") else getattr(country.bargaining, p.name[11:])
        for p in parameters
    ]
    x0 = np.array([np.log((v - p.low) / (p.high - v)) for v, p in zip(start_values, parameters)])
    bar = tqdm(total=evaluations, desc=f"calibrating {country.name}", unit="run", disable=not progress)

    def loss(x: np.ndarray) -> float:
        sim = simulated_moments(country, to_values(x), [t.name for t in fitted], scale, seeds, months)
        bar.update()
        return float(np.sum(((sim - goal) * 100.0) ** 2))

    # a wide first simplex (0.7 on the logistic scale) so that the search moves from the defaults
    simplex = np.vstack([x0, x0 + 0.7 * np.eye(len(x0))])
    options = {"maxfev": evaluations, "xatol": 1e-3, "fatol": 1e-3, "initial_simplex": simplex}
    result = optimize.minimize(loss, x0, method="Nelder-Mead", options=options)
    bar.close()
    values = to_values(result.x)
    simulated = simulated_moments(country, values, names, scale, seeds, months)
    rows = ["| target | preset | simulated | residual (pp) | source |", "| --- | --- | --- | --- | --- |"]
    for target, sim in zip(targets, simulated):
        residual = 100.0 * (sim - target.value)
        flag = "" if abs(residual) <= 1.0 or "not fitted" in target.source else " (beyond 1 pp)"
        rows.append(
            f"| {target.name} | {100 * target.value:.2f} % | {100 * sim:.2f} % | {residual:+.2f}{flag} | "
            f"country.{target.source} |"
        )
    text = "\n".join(
        [
            f"# Calibration of {country.name}",
            "",
            f"Method of simulated moments: Nelder-Mead, {result.nfev} evaluations, {seeds} seeds, scale {scale:g}, "
            f"moments averaged over months 13-{months} of a baseline run; loss {result.fun:.3f} (pp squared).",
            "Reproduce: `python -m sim.calibrate country=" + country_name + f" seeds={seeds} scale={scale:g} "
            f"evaluations={evaluations}`",
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
            " economy's own dynamics.",
        ]
    )
    return values, text


def save(country_name: str, values: dict[str, float], table: str) -> None:
    """Write the fitted values beside the preset and the table under results/calibration/."""
    path = CONFIG_DIR / "country" / "calibrated" / f"{country_name}.yaml"
    # Hydra places this file at the package country.calibrated (its folder's name)
    body = OmegaConf.to_yaml(OmegaConf.create({k: round(v, 6) for k, v in values.items()}))
    write_atomically(
        path,
        f"# Fitted by `python -m sim.calibrate country={country_name}`; see "
        f"results/calibration/{country_name}.md\n{body}",
    )
    write_atomically(PROJECT_ROOT / "results" / "calibration" / f"{country_name}.md", table + "\n")


def main(argv: list[str] | None = None) -> None:
    args = dict(a.split("=", 1) for a in (sys.argv[1:] if argv is None else argv))
    unknown = set(args) - {"country", "scale", "seeds", "months", "evaluations"}
    if "country" not in args or unknown:
        raise SystemExit(
            "usage: python -m sim.calibrate country=NAME [scale=400] [seeds=2] [months=36] "
            f"[evaluations=80]{'; unknown: ' + ', '.join(sorted(unknown)) if unknown else ''}"
        )
    values, table = calibrate(
        args["country"],
        float(args.get("scale", 400)),
        int(args.get("seeds", 2)),
        int(args.get("months", 36)),
        int(args.get("evaluations", 80)),
        progress=sys.stderr.isatty(),
    )
    save(args["country"], values, table)
    print(table)


if __name__ == "__main__":
    main()
