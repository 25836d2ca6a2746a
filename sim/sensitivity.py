"""Global sensitivity analysis: `python -m sim.sensitivity SPEC.yaml [launcher overrides]`.

Which model parameters and scenario levers move an impact most, over the ranges a spec gives
them? The spec (YAML; an example in `experiments/sensitivity_remittance_collapse/`) names:

    method: morris            # morris: elementary effects (Morris 1991; Campolongo et al. 2007)
                              # sobol: first-order and total variance shares (Saltelli et al. 2010)
    samples: 10               # morris: trajectories, runs = samples x (parameters + 1)
                              # sobol: base sample (a power of 2), runs = samples x (parameters + 2)
    levels: 4                 # morris: levels of each parameter's grid
    sampling_seed: 0          # the design's draw (the runs' seeds are `overrides`' seed and seeds)
    statistic: impact_mean    # impact_mean: scenario minus baseline over the horizon;
                              # impact_end: at its end; baseline_end: the baseline's level there
    outputs: [unemployment_rate, poverty_rate]     # headline indicators (sim.results.HEADLINE)
    overrides: [country=kyrgyzstan, shock=remittance_collapse, seeds=2]
    parameters:               # config key: [low, high]
      model.migration_income_elasticity: [0.5, 1.5]
      shock.remittance_collapse.destination_demand_fall: [0.05, 0.2]

The design (SALib: Herman and Usher 2017; Iwanaga, Usher and Herman 2022) is written to
`design.csv`, one column per key; the runs are one Hydra sweep over its rows (`design_row`),
through the same launchers as any sweep (joblib by default, `hydra/launcher=slurm` on a cluster)
and resumable the same way: run the command again with `--out` the same folder. Every run uses
the same seeds (common random numbers), so a parameter's effect is not confounded by the draw.
Then, for each output, the indices with their 95 % bootstrap intervals go to `indices.csv`
(output, parameter, index, value, low, high), `sensitivity.md` and `sensitivity.png`/`.svg`.
Morris' mu* (mean absolute elementary effect, in the output's unit per the parameter's whole
range) ranks parameters with few runs; its sigma is large where effects interact or are
nonlinear. Sobol's S1 is the share of the output's variance a parameter explains alone, ST with
its interactions; they need many more runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import subprocess
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import yaml  # noqa: E402
from omegaconf import OmegaConf  # noqa: E402

from sim.collect import find_jobs, scaled  # noqa: E402
from sim.config import PROJECT_ROOT  # noqa: E402
from sim.results import HEADLINE, write_atomically, write_png_and_svg  # noqa: E402

METHODS = ("morris", "sobol")
STATISTICS = ("impact_mean", "impact_end", "baseline_end")
UNITS = {name: unit for name, _, unit in HEADLINE}
LABELS = {name: label for name, label, _ in HEADLINE}


class SpecError(ValueError):
    """A sensitivity spec that cannot be run, with what to change."""


@dataclass(frozen=True)
class Spec:
    """A sensitivity analysis: method, sample size, outputs, fixed overrides, parameter ranges."""

    method: str
    samples: int
    parameters: dict[str, tuple[float, float]]
    outputs: list[str]
    overrides: list[str] = field(default_factory=list)
    statistic: str = "impact_mean"
    levels: int = 4
    sampling_seed: int = 0

    @property
    def problem(self) -> dict:
        """SALib's description of the inputs."""
        return {
            "num_vars": len(self.parameters),
            "names": list(self.parameters),
            "bounds": [list(bounds) for bounds in self.parameters.values()],
        }

    @property
    def runs(self) -> int:
        k = len(self.parameters)
        return self.samples * (k + 1) if self.method == "morris" else self.samples * (k + 2)


def read_spec(path: Path) -> Spec:
    """The spec at `path`, checked: a known method and statistic, headline outputs, ranges with
    low < high, and a Sobol sample that is a power of 2."""
    try:
        raw = yaml.safe_load(Path(path).read_text())
    except OSError as error:
        raise SpecError(f"cannot read the spec {path}: {error.strerror}") from None
    if not isinstance(raw, dict):
        raise SpecError(f"{path}: a spec is a mapping of method, samples, outputs, overrides and parameters")
    known = {"method", "samples", "parameters", "outputs", "overrides", "statistic", "levels", "sampling_seed"}
    if unknown := sorted(set(raw) - known):
        raise SpecError(f"{path}: unknown key(s) {', '.join(unknown)}; a spec has {', '.join(sorted(known))}")
    method = raw.get("method", "morris")
    if method not in METHODS:
        raise SpecError(f"{path}: method={method!r}; choose one of {', '.join(METHODS)}")
    statistic = raw.get("statistic", "impact_mean")
    if statistic not in STATISTICS:
        raise SpecError(f"{path}: statistic={statistic!r}; choose one of {', '.join(STATISTICS)}")
    samples = raw.get("samples")
    if not isinstance(samples, int) or samples < 2:
        raise SpecError(f"{path}: samples must be an integer >= 2")
    if method == "sobol" and samples & (samples - 1):
        raise SpecError(f"{path}: a Sobol sample must be a power of 2 (Saltelli's scheme), not {samples}")
    parameters = {}
    for key, bounds in (raw.get("parameters") or {}).items():
        if not (isinstance(bounds, list) and len(bounds) == 2 and all(isinstance(b, (int, float)) for b in bounds)):
            raise SpecError(f"{path}: parameter {key} needs a range [low, high], not {bounds!r}")
        if not bounds[0] < bounds[1]:
            raise SpecError(f"{path}: parameter {key} has low {bounds[0]} >= high {bounds[1]}")
        parameters[str(key)] = (float(bounds[0]), float(bounds[1]))
    if len(parameters) < 2:
        raise SpecError(f"{path}: name at least two parameters with their ranges")
    outputs = list(raw.get("outputs") or [])
    if not outputs or (unknown := [o for o in outputs if o not in UNITS]):
        raise SpecError(f"{path}: outputs must be headline indicators ({', '.join(UNITS)}); not {unknown or 'none'}")
    return Spec(
        method=method,
        samples=samples,
        parameters=parameters,
        outputs=outputs,
        overrides=[str(o) for o in raw.get("overrides") or []],
        statistic=statistic,
        levels=int(raw.get("levels", 4)),
        sampling_seed=int(raw.get("sampling_seed", 0)),
    )


def check_against_config(spec: Spec) -> None:
    """Compose the spec's overrides with every parameter at its midpoint and at its ends, as a
    run would: an unknown key or a value out of its declared range fails here, before anything
    runs (rules that tie two parameters are checked on every row by `runnable_design`)."""
    from sim.app import compose_config, describe_config_error
    from sim.config import validate

    whole = integer_keys(spec)

    def setting(key: str, value: float) -> str:
        return f"{key}={int(round(value)) if key in whole else value}"

    middle = [setting(key, (low + high) / 2) for key, (low, high) in spec.parameters.items()]
    ends = [[setting(key, bounds[i]) for key, bounds in spec.parameters.items()] for i in (0, 1)]
    for trial in (middle, *ends):
        overrides = [*spec.overrides, *trial]
        try:
            validate(compose_config(overrides))
        except Exception as error:  # noqa: BLE001 - the config's own message, in one line
            raise SpecError(describe_config_error(error, overrides)) from None


def integer_keys(spec: Spec) -> set[str]:
    """The spec's parameters whose config fields take whole numbers (a run rounds them)."""
    from sim.app import compose_config

    cfg = compose_config(spec.overrides)
    values = {key: OmegaConf.select(cfg, key, default=None) for key in spec.parameters}
    return {key for key, value in values.items() if isinstance(value, int) and not isinstance(value, bool)}


def fitted_default(key: str, fitted: set[str]) -> float | None:
    """The schema's default of a parameter the preset's fit replaces where a run leaves it at
    its default (`sim.config.apply_calibration`: a model parameter, bargaining rule or region
    field named in `country.calibrated`, here `fitted`), or None for any other parameter."""
    from sim.config import BargainingRules, ModelParams, RegionConfig

    parts = key.split(".")
    if parts[0] == "model" and len(parts) == 2 and parts[1] in fitted:
        return getattr(ModelParams(), parts[1], None)
    if parts[:2] == ["country", "bargaining"] and len(parts) == 3 and f"bargaining.{parts[2]}" in fitted:
        return getattr(BargainingRules(), parts[2], None)
    if parts[:2] == ["country", "regions"] and len(parts) == 4 and ".".join(parts[1:]) in fitted:
        return getattr(RegionConfig(), parts[3], None)
    return None


def runnable_design(spec: Spec, x: np.ndarray) -> np.ndarray:
    """The values the runs take: integer fields rounded; a value equal to the default of a
    parameter the preset fits moved by a billionth of the range towards the middle (else the
    fitted value would replace it, `fitted_default`); every row then validated as a run would
    validate it (rules that tie two parameters can fail at mixed corners only)."""
    from sim.app import compose_config, describe_config_error
    from sim.config import validate

    x = np.array(x, dtype=float)
    whole = integer_keys(spec)
    base = compose_config(spec.overrides)
    fitted = set(validate(base).country.calibrated)
    for j, (key, (low, high)) in enumerate(spec.parameters.items()):
        if key in whole:
            x[:, j] = np.round(x[:, j])
            continue
        default = fitted_default(key, fitted)
        if isinstance(default, (int, float)):
            at_default = x[:, j] == default
            step = 1e-9 * (high - low)
            x[at_default, j] += np.where(x[at_default, j] >= (low + high) / 2, -step, step)
    for row, values in enumerate(x):
        cfg = base.copy()
        for key, value in zip(spec.parameters, values):
            OmegaConf.update(cfg, key, int(value) if key in whole else float(value))
        try:
            validate(cfg)
        except Exception as error:  # noqa: BLE001 - the config's own message, in one line
            raise SpecError(f"design row {row} cannot run: {describe_config_error(error)}") from None
    return x


def design(spec: Spec) -> np.ndarray:
    """The runs' parameter values, one row per run (SALib's Morris or Saltelli-Sobol sample)."""
    if spec.method == "morris":
        from SALib.sample import morris

        return morris.sample(spec.problem, N=spec.samples, num_levels=spec.levels, seed=spec.sampling_seed)
    from SALib.sample import sobol

    return sobol.sample(spec.problem, N=spec.samples, calc_second_order=False, seed=spec.sampling_seed)


def sweep_command(spec: Spec, design_file: Path, sweep_dir: Path, extra: list[str]) -> list[str]:
    """The Hydra sweep over the design's rows. A parameter that acts before the split (of the
    model or the country) gives every run its own burn-in, so none is stored for reuse."""
    rows = len(pd.read_csv(design_file))
    before_split = any(key.startswith(("model.", "country.")) for key in spec.parameters)
    return [
        sys.executable,
        "-m",
        "sim",
        "-m",
        *spec.overrides,
        f"design_file={design_file}",
        f"design_row=range(0,{rows})",
        "progress=false",
        "figures=false",
        *(["burn_in_cache=false"] if before_split else []),
        f"hydra.sweep.dir={sweep_dir}",
        *extra,
    ]


def outputs_of_runs(spec: Spec, sweep_dir: Path, rows: int) -> pd.DataFrame:
    """Each run's outputs (rows = design rows), in the printed units (pp for rates, % for
    levels); fails naming the runs that did not finish."""
    jobs, _ = find_jobs(sweep_dir)
    by_row = {}
    for job in jobs:
        row = int(job.overrides["design_row"])
        if row in by_row:
            raise SpecError(
                f"design row {row} ran in jobs {by_row[row].number} and {job.number}: the overrides sweep "
                "more than the design (a value list such as scale=100,200); give each a single value"
            )
        by_row[row] = job
    missing = sorted(set(range(rows)) - set(by_row))
    if missing:
        shown = ", ".join(map(str, missing[:10])) + (" ..." if len(missing) > 10 else "")
        raise SpecError(
            f"{len(missing)} of {rows} runs have not finished (design rows {shown}); "
            "run the same command again with --out this folder to finish them"
        )
    table = {}
    for output in spec.outputs:
        values = []
        for row in range(rows):
            record = by_row[row].summary["headline_impacts"][output]
            if spec.statistic == "baseline_end":
                level = record["baseline_end"]
                values.append(np.nan if level is None else level * (100.0 if UNITS[output] == "pp" else 1.0))
            else:
                values.append(scaled(record, UNITS[output], end=spec.statistic == "impact_end")[0])
        table[output] = values
    return pd.DataFrame(table)


def indices(spec: Spec, x: np.ndarray, y: pd.DataFrame) -> pd.DataFrame:
    """The indices of every output with their 95 % bootstrap intervals (SALib)."""
    rows = []
    for output in spec.outputs:
        values = y[output].to_numpy(dtype=float)
        if not np.isfinite(values).all():
            raise SpecError(f"{output}: some runs give no value (NaN); choose another output or statistic")
        if spec.method == "morris":
            from SALib.analyze import morris

            result = morris.analyze(
                spec.problem, x, values, num_levels=spec.levels, conf_level=0.95, seed=spec.sampling_seed
            )
            for i, name in enumerate(spec.parameters):
                mu, half = float(result["mu_star"][i]), float(result["mu_star_conf"][i])
                rows.append((output, name, "mu_star", mu, mu - half, mu + half))
                rows.append((output, name, "sigma", float(result["sigma"][i]), math.nan, math.nan))
                rows.append((output, name, "mu", float(result["mu"][i]), math.nan, math.nan))
        else:
            from SALib.analyze import sobol

            result = sobol.analyze(
                spec.problem, values, calc_second_order=False, conf_level=0.95, seed=spec.sampling_seed
            )
            for i, name in enumerate(spec.parameters):
                for index in ("S1", "ST"):
                    value, half = float(result[index][i]), float(result[f"{index}_conf"][i])
                    rows.append((output, name, index, value, value - half, value + half))
    return pd.DataFrame(rows, columns=["output", "parameter", "index", "value", "low", "high"])


def unit_words(spec: Spec, output: str) -> str:
    unit = UNITS[output]
    if spec.statistic == "baseline_end":
        return "pp" if unit == "pp" else "level"
    return {"pp": "pp", "%": "% of the baseline"}.get(unit, "points")


def figure(spec: Spec, table: pd.DataFrame, title: str) -> plt.Figure:
    """One panel per output (two to a row): each parameter's mu* (Morris, with sigma beside it)
    or S1 and ST (Sobol), with their 95 % intervals, largest first; parameters by the last part
    of their key where those are distinct (the table names them in full)."""
    n = len(spec.outputs)
    columns = min(n, 2)
    rows = -(-n // columns)
    fig, axes = plt.subplots(
        rows, columns, figsize=(6.5 * columns, rows * (0.5 * len(spec.parameters) + 1.8) + 0.6), squeeze=False
    )
    shown = ("mu_star", "sigma") if spec.method == "morris" else ("S1", "ST")
    colours = ("#1f77b4", "#ff7f0e")
    last_parts = [key.split(".")[-1] for key in spec.parameters]
    short = dict(zip(spec.parameters, last_parts if len(set(last_parts)) == len(last_parts) else spec.parameters))
    for ax in list(axes.flat)[n:]:
        ax.set_visible(False)
    for ax, output in zip(axes.flat, spec.outputs):
        own = table[table["output"] == output]
        first = own[own["index"] == shown[0]].set_index("parameter")
        order = first["value"].sort_values().index.tolist()
        y = np.arange(len(order))
        for k, (index, colour) in enumerate(zip(shown, colours)):
            part = own[own["index"] == index].set_index("parameter").loc[order]
            errors = np.vstack([part["value"] - part["low"], part["high"] - part["value"]])
            errors = None if np.isnan(errors).all() else np.nan_to_num(errors)
            ax.barh(y + (k - 0.5) * 0.38, part["value"], height=0.38, color=colour, xerr=errors, capsize=3, label=index)
        ax.set_yticks(y, [short[name] for name in order], fontsize=10)
        ax.axvline(0.0, color="0.3", linewidth=0.8)
        unit = unit_words(spec, output) if spec.method == "morris" else "share of variance"
        ax.set_xlabel(f"{LABELS[output]} ({unit})", fontsize=10)
        ax.tick_params(axis="x", labelsize=10)
        ax.legend(fontsize=9, loc="lower right")
    fig.suptitle(textwrap.fill(title, width=int(70 * columns)), fontsize=12)
    fig.tight_layout()
    return fig


def report(spec: Spec, table: pd.DataFrame, title: str) -> str:
    """sensitivity.md: the spec in words and one table per output."""
    lines = [
        f"# {title}",
        "",
        f"{spec.runs} runs ({spec.method}, {spec.samples} samples); statistic: "
        f"{spec.statistic}; overrides: `{' '.join(spec.overrides) or 'none'}`.",
        "",
        "| parameter | range |",
        "| --- | --- |",
    ]
    lines += [f"| {key} | {low:g} to {high:g} |" for key, (low, high) in spec.parameters.items()]
    shown = ("mu_star", "sigma") if spec.method == "morris" else ("S1", "ST")
    for output in spec.outputs:
        own = table[table["output"] == output]
        lines += [
            "",
            f"## {LABELS[output]} ({unit_words(spec, output)})",
            "",
            f"| parameter | {shown[0]} [95 % interval] | {shown[1]} |",
            "| --- | --- | --- |",
        ]
        first = own[own["index"] == shown[0]].set_index("parameter").sort_values("value", ascending=False)
        second = own[own["index"] == shown[1]].set_index("parameter")
        for name, row in first.iterrows():
            other = second.loc[name]
            other_text = (
                f"{other['value']:.3g}"
                if math.isnan(other["low"])
                else (f"{other['value']:.3g} [{other['low']:.3g}, {other['high']:.3g}]")
            )
            lines.append(f"| {name} | {row['value']:.3g} [{row['low']:.3g}, {row['high']:.3g}] | {other_text} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m sim.sensitivity",
        description=__doc__.split("\n\n")[0],
        epilog="Any further argument is passed to the sweep (a launcher: hydra/launcher=slurm ...).",
    )
    parser.add_argument("spec", type=Path, help="the sensitivity spec (YAML)")
    parser.add_argument("--out", type=Path, help="output folder (default: results/sensitivity/<date>_<spec>)")
    args, extra = parser.parse_known_args(argv)
    try:
        spec = read_spec(args.spec)
        check_against_config(spec)
    except SpecError as error:
        print(error, file=sys.stderr)
        raise SystemExit(2) from None
    out = (
        args.out or PROJECT_ROOT / "results" / "sensitivity" / f"{dt.datetime.now():%Y-%m-%d_%H-%M-%S}_{args.spec.stem}"
    )
    out = out.resolve()
    design_file = out / "design.csv"
    try:
        x = runnable_design(spec, design(spec))
    except SpecError as error:
        print(error, file=sys.stderr)
        raise SystemExit(2) from None
    frame = pd.DataFrame(x, columns=list(spec.parameters))
    earlier = pd.read_csv(design_file).to_numpy() if design_file.exists() else None
    if earlier is not None and (earlier.shape != x.shape or not np.allclose(earlier, x)):
        print(f"{design_file} holds another design: choose another --out", file=sys.stderr)
        raise SystemExit(2)
    write_atomically(design_file, frame.to_csv(index=False))
    print(f"{spec.method}: {len(x)} runs of {len(spec.parameters)} parameters; design: {design_file}", flush=True)
    done = subprocess.run(sweep_command(spec, design_file, out / "runs", extra), cwd=PROJECT_ROOT)
    try:
        y = outputs_of_runs(spec, out / "runs", len(x))
        table = indices(spec, x, y)
    except SpecError as error:
        print(error, file=sys.stderr)
        raise SystemExit(done.returncode or 1) from None
    title = f"Sensitivity ({spec.method}) of {spec.statistic.replace('_', ' ')}: {' '.join(spec.overrides)}"
    write_atomically(out / "outputs.csv", pd.concat([frame, y], axis=1).to_csv(index=False))
    write_atomically(out / "indices.csv", table.to_csv(index=False))
    write_atomically(out / "sensitivity.md", report(spec, table, title))
    fig = figure(spec, table, title)
    write_png_and_svg(fig, out / "sensitivity", dpi=150)
    plt.close(fig)
    print(report(spec, table, title))
    print(f"outputs: {out}")


if __name__ == "__main__":
    main()
