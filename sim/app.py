"""The run and the Hydra app: burn-in, branch into baseline and scenario, horizon, outputs.

Core objects: `run(cfg)` (pure entry for tests and notebooks: takes a composed config,
returns a `RunResult`), `compose_config(overrides)` (compose without the command line),
and `main()` (the command line `python -m sim`).

The command line validates the composed config before Hydra creates the run folder, so a
typo, a wrong type or a value out of range stops with one message naming the key and what
is allowed, and writes nothing. A run holds its folder while it runs (`results.claim_run_folder`):
a second run into a folder in use, or a folder that cannot be written, stops with one line
before anything is simulated; Ctrl-C stops with one line; the summary is written last, so a
folder without `summary.json` is an interrupted run.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import copy
import json
import logging
import multiprocessing
import os
import sys
import textwrap
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from omegaconf import DictConfig, OmegaConf
from hydra.core.override_parser.overrides_parser import OverridesParser
from omegaconf.errors import OmegaConfBaseException
from tqdm import tqdm

from sim import burn_in_cache, plots, results
from sim.config import CONFIG_DIR, Config, ConfigError, Scheduled, register_configs, validate
from sim.households import line_basis, poverty_line_label, poverty_line_words
from sim.unions import density_words
from sim.markets import wages as wage_rules
from sim.policy import NO_SCHEDULE, Schedule

log = logging.getLogger("sim")
register_configs()


def compose_config(overrides: list[str] | None = None, output_dir: str | Path | None = None) -> DictConfig:
    """Compose `configs/config.yaml` with overrides, as the command line would.

    `paths.output_dir` is set to `output_dir`, or to "" (write nothing) when None: Hydra's
    run folder only exists under `@hydra.main`.
    """
    from hydra import compose, initialize_config_dir
    from hydra.core.global_hydra import GlobalHydra

    GlobalHydra.instance().clear()
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        cfg = compose(config_name="config", overrides=list(overrides or []))
    GlobalHydra.instance().clear()
    OmegaConf.update(cfg, "paths.output_dir", str(output_dir) if output_dir is not None else "", force_add=True)
    return cfg


@dataclass
class RunResult:
    """What a run produced (also written to `output_dir`)."""

    config: Config
    timeseries: pd.DataFrame
    regions: pd.DataFrame
    summary: dict
    output_dir: Path | None
    files: list[Path]


def simulate_pair(config: Config, progress: bool = False, seed: int | None = None):
    """Burn in one economy, then run baseline and scenario from copies of its state.

    Returns (baseline model, scenario model, employees' wages at the split).
    """
    seed = config.seed if seed is None else seed
    total = config.burn_in_months + 2 * config.horizon_months
    with tqdm(
        total=total, desc=f"{config.country.name}, seed {seed}", unit="month", disable=not progress, leave=False
    ) as bar:
        economy = burn_in(config, seed, bar.update)
        baseline = economy.branch(NO_SCHEDULE)
        scenario = economy.branch(Schedule(config.shock, config.policy))
        split_wages = economy.workers.wage[economy.workers.employer >= 0].copy()
        economy.release()
        for model in (baseline, scenario):
            model.run(config.horizon_months, bar.update)
    return baseline, scenario, split_wages


def burn_in(config: Config, seed: int, progress=None):
    """The economy at the split: burned in for `burn_in_months`, with a relative poverty line
    anchored there; read from `paths.cache_dir` where an earlier run stored it
    (`sim.burn_in_cache`), else simulated (and stored, with `burn_in_cache`)."""
    from sim.model import LabourMarketModel

    path = None
    if config.burn_in_cache:
        name = burn_in_cache.key(config.country, config.model, config.scale, seed, config.burn_in_months)
        path = burn_in_cache.path_for(Path(config.paths.cache_dir), name)
        economy = burn_in_cache.load(path)
        if economy is not None:
            log.info("seed %s: burned-in economy read from %s", seed, path)
            if progress is not None:
                progress(config.burn_in_months)
            return economy
    economy = LabourMarketModel(config.country, config.model, scale=config.scale, seed=seed)
    log.info("seed %s: %s simulated persons and %s firms", seed, len(economy.workers), int(economy.firms.alive.sum()))
    economy.run(config.burn_in_months, progress)
    log.info(
        "seed %s: burn-in done, unemployment %.4f, informality %.4f",
        seed,
        economy.indicators["unemployment_rate"],
        economy.indicators["informality_rate"],
    )
    economy.anchor_relative_poverty_line()
    if path is not None:
        try:
            burn_in_cache.store(economy, path)
        except OSError as error:  # a full or read-only disk costs the reuse, not the run
            log.warning("seed %s: burned-in economy not stored in %s (%s)", seed, path.parent, error)
    return economy


@dataclass
class SeedRun:
    """One seed's paired run, reduced to tables and what the figures need."""

    timeseries: pd.DataFrame
    regions: pd.DataFrame
    destinations: pd.DataFrame
    accounts: pd.DataFrame
    balance_sheets: pd.DataFrame
    wages: dict[str, np.ndarray]
    minimum_wage_end: float
    agreement_floors: np.ndarray
    simulated_persons: int
    poverty_line: float  # local currency a month at the split, per person or per equivalent adult (`sim.households`)


def run_seed(config: Config, seed: int, progress: bool) -> SeedRun:
    baseline, scenario, split_wages = simulate_pair(config, progress, seed)
    frames = [results.timeseries_frame(m, v, seed) for m, v in ((baseline, "baseline"), (scenario, "scenario"))]
    regions = [results.regions_frame(m, v, seed) for m, v in ((baseline, "baseline"), (scenario, "scenario"))]
    end, axis = config.horizon_months, time_axis(config)
    lowest_grade = scenario.params.skill_premium[0] ** wage_rules.AGREEMENT_SCALE_ELASTICITY
    out = SeedRun(
        timeseries=pd.concat(frames, ignore_index=True),
        regions=pd.concat(regions, ignore_index=True),
        destinations=pd.concat(
            [results.destinations_frame(m, v, seed) for m, v in ((baseline, "baseline"), (scenario, "scenario"))],
            ignore_index=True,
        ),
        accounts=pd.concat(
            [results.accounts_frame(m, v, seed) for m, v in ((baseline, "baseline"), (scenario, "scenario"))],
            ignore_index=True,
        ),
        balance_sheets=pd.concat(
            [results.balance_sheets_frame(m, v, seed) for m, v in ((baseline, "baseline"), (scenario, "scenario"))],
            ignore_index=True,
        ),
        wages={
            f"start ({axis.label(0)})": split_wages,
            f"baseline ({axis.label(end)})": baseline.workers.wage[baseline.workers.employer >= 0],
            f"scenario ({axis.label(end)})": scenario.workers.wage[scenario.workers.employer >= 0],
        },
        minimum_wage_end=scenario.minimum_wage,
        agreement_floors=scenario.wage_floors * lowest_grade,
        simulated_persons=len(baseline.workers),
        poverty_line=float(frames[0]["poverty_line"].iloc[0]),
    )
    for model in (baseline, scenario):
        model.release()
    return out


def run(cfg: DictConfig | Config) -> RunResult:
    """Run one country x shock x policy for `seeds` seeds (paired by seed); write its folder
    if an output dir is set. With several seeds, impacts carry 95 % confidence intervals."""
    config = validate(cfg)
    resolved_yaml = OmegaConf.to_yaml(OmegaConf.structured(config))
    output_dir = Path(config.paths.output_dir) if config.paths.output_dir else None
    log.info(
        "country=%s scale=%s seeds=%s..%s burn-in=%s horizon=%s",
        config.country.name,
        config.scale,
        config.seed,
        config.seed + config.seeds - 1,
        config.burn_in_months,
        config.horizon_months,
    )
    if config.policy.collective_bargaining is not None and not config.country.union_density:
        log.warning(
            "country.union_density is null for %s: unions have no members, so no agreement exists to extend; "
            "set it to study bargaining, e.g. country.union_density=0.3",
            config.country.name,
        )
    if output_dir is None:
        return _run(config, resolved_yaml, None)
    setting = output_setting()
    with contextlib.ExitStack() as held:
        try:
            held.enter_context(results.claim_run_folder(output_dir))
        except results.RunFolderInUse as error:
            raise OutputError(f"{error}; choose another folder with {setting}=... or wait for it to finish") from None
        except OSError as error:  # the folder cannot be created or written
            raise OutputError(results.unwritable(output_dir, error, setting)) from None
        return _run(config, resolved_yaml, output_dir)


def output_setting() -> str:
    """The key that chooses the folder of this run: Hydra's sweep folder in a `-m` job, its
    run folder on the command line, `paths.output_dir` from Python."""
    from hydra.core.hydra_config import HydraConfig
    from hydra.types import RunMode

    if not HydraConfig.initialized():
        return "paths.output_dir"
    return "hydra.sweep.dir" if HydraConfig.get().mode == RunMode.MULTIRUN else "hydra.run.dir"


class OutputError(RuntimeError):
    """The run's folder cannot be used: in use by another run, or not writable."""


def worker_count(config: Config) -> int:
    """Processes for the seeds: `config.workers`, or the machine's cores, at most the seeds;
    one in a job of a sweep whose jobs already run side by side (the joblib launcher)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if config.workers is None and jobs_run_side_by_side():
        return 1
    return max(1, min(config.workers or cores, config.seeds))


def jobs_run_side_by_side() -> bool:
    """Whether this is a job of a sweep whose launcher runs jobs in parallel processes."""
    from hydra.core.hydra_config import HydraConfig
    from hydra.types import RunMode

    if not HydraConfig.initialized() or HydraConfig.get().mode != RunMode.MULTIRUN:
        return False
    return "joblib" in str(HydraConfig.get().launcher.get("_target_", "")).lower()


def run_seeds(config: Config, seeds: range, progress: bool) -> list[SeedRun]:
    """Every seed's paired run, in seed order: one after another, or side by side in
    `worker_count` processes (each seed draws from its own streams, so the results are the same)."""
    workers = worker_count(config)
    bar = tqdm(total=len(seeds), desc="seeds", unit="seed", disable=not progress or len(seeds) == 1)
    with bar:
        if workers == 1:
            runs = []
            for seed in seeds:
                runs.append(run_seed(config, seed, progress))
                bar.update()
            return runs
        # fork is quick, but unsafe once the process runs threads (a lock held by one would stay
        # held in the child): then a fresh interpreter serves the workers
        single = threading.active_count() == 1 and sys.platform.startswith("linux")
        context = multiprocessing.get_context("fork" if single else "spawn")
        with concurrent.futures.ProcessPoolExecutor(workers, mp_context=context) as pool:
            futures = [pool.submit(run_seed, config, seed, False) for seed in seeds]
            for _ in concurrent.futures.as_completed(futures):
                bar.update()
            return [future.result() for future in futures]


def _run(config: Config, resolved_yaml: str, output_dir: Path | None) -> RunResult:
    progress = config.progress and sys.stderr.isatty()
    seeds = range(config.seed, config.seed + config.seeds)
    runs = run_seeds(config, seeds, progress)
    timeseries = pd.concat([r.timeseries for r in runs], ignore_index=True)
    regions = pd.concat([r.regions for r in runs], ignore_index=True)
    destinations = pd.concat([r.destinations for r in runs], ignore_index=True)
    impacts = results.impact_table(timeseries)
    regional = results.regional_impacts(regions)
    summary = {
        "country": config.country.name,
        "seeds": list(seeds),
        "scale": config.scale,
        "simulated_persons": runs[0].simulated_persons,
        "burn_in_months": config.burn_in_months,
        "horizon_months": config.horizon_months,
        "calendar_start": config.country.calendar_start,
        "shocks": [name for name, value in vars(config.shock).items() if value is not None],
        "policies": [name for name, value in vars(config.policy).items() if value is not None],
        "headline_impacts": results.headline_impacts(timeseries),
        "sector_employment_share_impacts_end": results.sector_impacts(timeseries),
        "regional_impacts": results.regional_summary(regional),
        "destinations": results.destination_summary(destinations),
        "immigration": results.immigration_summary(timeseries),
        "poverty_line": poverty_line_summary(config, runs[0].poverty_line),
        "programme": results.programme_effects(timeseries),
        "youth_guarantee": results.guarantee_summary(timeseries),
        "unions": {
            "words": density_words(config.country.union_density, config.country.union_density_assumption),
            "density_at_start": config.country.union_density or 0.0,
            "assumed": bool(config.country.union_density) and config.country.union_density_assumption is not None,
        },
    }
    files: list[Path] = []
    if output_dir is not None:
        try:
            files = write_outputs(
                config, output_dir, resolved_yaml, runs, timeseries, regions, impacts, regional, summary
            )
        except OSError as error:  # the disk is full, or the folder was taken away
            raise OutputError(results.unwritable(output_dir, error, output_setting())) from None
        log.info("wrote %d files to %s", len(files), output_dir)
    return RunResult(config, timeseries, regions, summary, output_dir, files)


def poverty_line_summary(config: Config, line_local: float) -> dict:
    """The line the run's poverty rates count under, for summary.json, the printed table and
    the figures."""
    c = config.country
    national = c.poverty_line_local is not None
    per = line_basis(national, c.poverty_line_basis)
    return {
        "words": poverty_line_words(national, c.relative_poverty_line, line_local, c.currency, per),
        "label": poverty_line_label(national, c.relative_poverty_line),
        "national": national,
        "per": per,
        "local_a_month_at_start": line_local,
    }


def write_outputs(
    config: Config,
    output_dir: Path,
    resolved_yaml: str,
    runs: list[SeedRun],
    timeseries: pd.DataFrame,
    regions: pd.DataFrame,
    impacts: pd.DataFrame,
    regional: pd.DataFrame,
    summary: dict,
) -> list[Path]:
    """The run's tables, figures and, last, its summary; the paths written."""
    accounts = pd.concat([r.accounts for r in runs], ignore_index=True)
    balance_sheets = pd.concat([r.balance_sheets for r in runs], ignore_index=True)
    destinations = pd.concat([r.destinations for r in runs], ignore_index=True)
    files = results.write_run(
        output_dir, resolved_yaml, timeseries, regions, impacts, accounts, balance_sheets, regional, destinations
    )
    if config.figures:
        seeds = len(summary["seeds"])
        vs_baseline = f"{config.country.name}: {scenario_label(summary)} vs baseline"
        band = f"seed {config.seed}" if seeds == 1 else f"mean of {seeds} seeds, 95 % confidence band"
        title = f"{vs_baseline} ({band})"
        impact_title = f"{config.country.name}: {scenario_label(summary)} minus baseline, {seeds} seed(s)"
        poverty_line = summary["poverty_line"]["label"]
        axis = time_axis(config)
        figures = [
            plots.plot_paths(timeseries, title, output_dir / "paths.png", axis),
            plots.plot_wage_distribution(
                [r.wages for r in runs],
                float(np.mean([r.minimum_wage_end for r in runs])),
                config.country.currency
                + (f" from the {config.country.price_year} wage level" if config.country.price_year else ""),
                title,
                output_dir / "wage_distribution.png",
                np.concatenate([r.agreement_floors for r in runs]),
            ),
            plots.plot_sector_employment(timeseries, title, output_dir / "sector_employment.png", axis),
            plots.plot_regions(regional, impact_title, output_dir / "regions.png", poverty_line),
            plots.plot_migration(
                timeseries,
                title,
                output_dir / "migration.png",
                next(iter(config.country.destinations), "abroad"),
                poverty_line,
                axis,
            ),
            plots.plot_sector_balances(timeseries, title, output_dir / "sector_balances.png", axis),
            plots.plot_impacts(impacts, impact_title, output_dir / "impacts.png", poverty_line, axis),
        ]
        programme_title = f"{config.country.name}, {scenario_label(summary)}, {seeds} seed(s)"
        if summary["programme"] is not None:
            figures.append(
                plots.plot_follow_up(
                    summary["programme"]["follow_up"],
                    ("participants", "comparison"),
                    ("participants", "matched comparison"),
                    [("employment", "employed (%)"), ("inactive", "inactive (%)"), ("abroad", "abroad (%)")],
                    "months after entry",
                    f"{programme_title}: reskilling participants against their matched comparison",
                    output_dir / "programme.png",
                )
            )
        if summary["youth_guarantee"] is not None:
            figures.append(
                plots.plot_follow_up(
                    summary["youth_guarantee"]["follow_up"],
                    ("offered", "not_offered"),
                    ("offered", "not offered"),
                    [("employment", "employed (%)"), ("neet", "NEET (%)")],
                    "months after the offer month",
                    f"{programme_title}: young people offered a place against those not offered",
                    output_dir / "youth_guarantee.png",
                )
            )
        files += [path for png in figures for path in (png, png.with_suffix(".svg"))]
    files.append(results.write_summary(output_dir, summary))  # last: the mark of a whole run
    return files


def time_axis(config: Config) -> plots.TimeAxis:
    """The figures' time axis: calendar months from the preset's `calendar_start`, with a mark
    in each month in which shocks or policies of the scenario begin (their names joined by
    +) and in which a shock of limited duration is lifted (`sim.policy.ramp`), within the
    horizon; no mark without a shock or policy."""
    events: dict[int, list[str]] = {}
    for group in (config.shock, config.policy):
        for name, value in vars(group).items():
            if value is None:
                continue
            events.setdefault(value.start_month, []).append(name)
            if isinstance(value, Scheduled) and value.duration_months is not None:
                lifted = value.start_month + value.ramp_months + value.duration_months
                if lifted <= config.horizon_months:
                    events.setdefault(lifted, []).append(f"{name} lifted")
    marks = tuple((month, " + ".join(names)) for month, names in sorted(events.items()))
    return plots.TimeAxis(config.country.calendar_start, marks)


def scenario_label(summary: dict) -> str:
    """The scenario's shocks and policies, joined with +, or 'no shock, no policy'."""
    return " + ".join(summary["shocks"] + summary["policies"]) or "no shock, no policy"


def seeds_label(seeds: list[int]) -> str:
    return f"seed {seeds[0]}" if len(seeds) == 1 else f"{len(seeds)} seeds {seeds[0]}-{seeds[-1]}, mean [95 % CI]"


IGNORED_ON_RESUME = ("progress", "resume")
"""Config keys that do not change a run's results: a finished job run with other values of
them is still finished."""


def finished_job(config: Config) -> dict | None:
    """The summary of the run in this job's folder when it is whole (summary.json, written
    last) and was made with the same config (config.yaml, `IGNORED_ON_RESUME` aside), else None."""
    folder = Path(config.paths.output_dir) if config.paths.output_dir else None
    if folder is None or not (folder / "summary.json").exists() or not (folder / "config.yaml").exists():
        return None
    try:
        before = OmegaConf.to_container(OmegaConf.load(folder / "config.yaml"))
        summary = json.loads((folder / "summary.json").read_text())
    except (OSError, ValueError, yaml.YAMLError):  # unreadable: run it again
        return None
    now = OmegaConf.to_container(OmegaConf.structured(config))
    for key in IGNORED_ON_RESUME:
        before.pop(key, None)
        now.pop(key, None)
    return summary if before == now else None


def with_design_row(cfg: DictConfig) -> DictConfig:
    """The config with the values of row `design_row` of the sensitivity design `design_file`
    (`sim.sensitivity`), one config key per column, set as command-line overrides would set
    them (an integer field takes the value rounded)."""
    if cfg.get("design_file") is None:
        return cfg
    if cfg.get("design_row") is None:
        raise ConfigError("design_file is set but design_row is not: which row of the design does this run take?")
    design = pd.read_csv(cfg.design_file)
    if not 0 <= cfg.design_row < len(design):
        raise ConfigError(f"design_row={cfg.design_row}: {cfg.design_file} has rows 0 to {len(design) - 1}")
    absent = object()
    for key, value in design.iloc[int(cfg.design_row)].items():
        current = OmegaConf.select(cfg, key, default=absent)
        if current is absent:
            raise ConfigError(f"{cfg.design_file}: column {key} is not a key of this run's config")
        whole = isinstance(current, int) and not isinstance(current, bool)
        OmegaConf.update(cfg, key, int(round(value)) if whole else float(value))
    return cfg


def _hydra_main(cfg: DictConfig) -> float:
    logging.getLogger("MESA").setLevel(logging.WARNING)  # Mesa logs every step at INFO
    cfg = with_design_row(cfg)
    if output_setting() == "hydra.sweep.dir" and cfg.get("resume", True):
        summary = finished_job(validate(cfg))
        if summary is not None:
            print(f"job already finished in {cfg.paths.output_dir} (same config): skipped; resume=false runs it again")
            return summary["headline_impacts"]["unemployment_rate"]["impact_mean"]["mean"]
    try:
        result = run(cfg)
    except OutputError as error:
        print(error, file=sys.stderr)
        if output_setting() == "hydra.sweep.dir":  # the sweep goes on; this job's folder has no summary.json
            return float("nan")
        raise SystemExit(1) from None
    print(
        f"\n{result.config.country.name}: scenario minus baseline "
        f"({scenario_label(result.summary)}; {seeds_label(result.summary['seeds'])}, "
        f"{result.summary['simulated_persons']:,} simulated persons x {result.config.scale:g})"
    )
    print(results.format_impacts(result.summary["headline_impacts"], result.config.horizon_months))
    print(textwrap.fill(f"Poverty line: {result.summary['poverty_line']['words']}", width=90, subsequent_indent="  "))
    print(textwrap.fill(f"Union density: {result.summary['unions']['words']}", width=90, subsequent_indent="  "))
    if result.summary["destinations"]:
        print(results.format_destinations(result.summary["destinations"], result.config.horizon_months))
    if result.summary["immigration"]:
        print(results.format_immigration(result.summary["immigration"], result.config.horizon_months))
    if result.summary["programme"] is not None:
        print("\n" + results.format_programme(result.summary["programme"], result.config.country.currency))
    if result.summary["youth_guarantee"] is not None:
        summary, c = result.summary["youth_guarantee"], result.config
        wait = c.policy.youth_guarantee.offer_within_months
        print("\n" + results.format_guarantee(summary, c.country.currency, c.horizon_months, wait))
    print(f"\noutputs: {result.output_dir}")
    return result.summary["headline_impacts"]["unemployment_rate"]["impact_mean"]["mean"]


HYDRA_FLAGS = (
    "-m",
    "--multirun",
    "-c",
    "--cfg",
    "--info",
    "-i",
    "--help",
    "-h",
    "--hydra-help",
    "-p",
    "--package",
    "--shell-completion",
    "-sc",
    "--config-path",
    "-cp",
    "--config-name",
    "-cn",
    "--config-dir",
    "-cd",
    "--version",
    "--resolve",
    "--run",
    "-r",
    "--experimental-rerun",
)


def describe_config_error(error: Exception, overrides: list[str] | None = None) -> str:
    """One clear message for a composition error: the key, and what went wrong or is allowed.
    `overrides` (the job's) name the key where the error itself does not (a key of a shock or
    policy that the run does not select)."""
    import yaml

    if isinstance(error, yaml.YAMLError):  # a preset file that is not YAML: the file, line and problem
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        where = f"{mark.name}, line {mark.line + 1}, column {mark.column + 1}" if mark else "a config file"
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        return f"config error: {where} is not valid YAML ({problem})"
    if "Unexpected type for root: NoneType" in str(error):
        for override in overrides or []:
            key = override.lstrip("+~").split("=", 1)[0]
            parts = key.split(".")
            if parts[0] in ("shock", "policy") and len(parts) > 2:
                group, option = parts[0], parts[1]
                return (
                    f"config key '{key}' belongs to {group} '{option}', which this run does not select; "
                    f"select it ({group}={option}), then set its keys"
                )
    cause = error.__cause__ if isinstance(error.__cause__, OmegaConfBaseException) else error
    if isinstance(cause, OmegaConfBaseException):
        key = getattr(cause, "full_key", None) or "?"
        problem = str(cause).splitlines()[0]
        if "not in" in problem:
            return f"config key '{key}' does not exist ({problem}); the keys are documented in sim/config.py"
        return f"config key '{key}': {problem}"
    text = str(error)
    if "Could not find" in text:  # unknown option of a group: keep Hydra's list of options
        lines = text.splitlines()
        options = []
        if "Available options" in text:
            start = next(i for i, line in enumerate(lines) if line.startswith("Available")) + 1
            options = [line.strip() for line in lines[start:] if line.startswith("\t") and "provider=" not in line]
        return f"config error: {lines[0]}" + (f"; choose one of {options}" if options else "")
    return f"config error: {text.splitlines()[0]}"


MULTIRUN_FLAGS = ("-m", "--multirun")
CONFIG_DIR_FLAGS = ("--config-dir", "-cd")
INFORMATION_FLAGS = tuple(f for f in HYDRA_FLAGS if f not in MULTIRUN_FLAGS + CONFIG_DIR_FLAGS)
"""Flags after which Hydra prints and runs nothing of ours (help, the config, shell completion ...)."""


def information_only(argv: list[str]) -> bool:
    """Whether the command line asks Hydra for information (`--help`, `--cfg` ...) and runs nothing."""
    return any(a in INFORMATION_FLAGS or a.split("=")[0] in INFORMATION_FLAGS for a in argv)


def job_overrides(argv: list[str]) -> list[list[str]]:
    """The overrides of every job the command line runs, in Hydra's job order: one job, or
    under `-m` the sweep's product (Hydra's basic sweeper expands `a=1,2`, `range(...)`,
    `glob(...)`). Overrides of Hydra itself are dropped but for its search path, and a config
    folder given with `--config-dir` joins the search path, so that a custom preset is found."""
    from hydra._internal.core_plugins.basic_sweeper import BasicSweeper

    args, search = [], []
    it = iter(argv)
    for a in it:
        flag, _, value = a.partition("=")
        if flag in CONFIG_DIR_FLAGS:
            search.append(f"file://{Path(value or next(it, '')).absolute()}")
        elif a.startswith("hydra.searchpath="):
            search += [p.strip() for p in a.split("=", 1)[1].strip("[]").split(",") if p.strip()]
        elif a not in MULTIRUN_FLAGS and not a.startswith(("hydra.", "hydra/")):
            args.append(a)
    extra = [f"hydra.searchpath=[{','.join(search)}]"] if search else []
    if not any(a in MULTIRUN_FLAGS for a in argv):
        return [args + extra]
    parsed = OverridesParser.create().parse_overrides(args)
    return [job + extra for batch in BasicSweeper.split_arguments(parsed, None) for job in batch]


def config_groups() -> set[str]:
    """The config groups of `configs/` ("country", "shock", "hydra/launcher" ...)."""
    return {d.relative_to(CONFIG_DIR).as_posix() for d in CONFIG_DIR.rglob("*") if d.is_dir()}


def split_overrides(overrides: list[str], groups: set[str]) -> tuple[list[str], list]:
    """The overrides that choose the composition's parts (of a config group, with or without
    `+`, `~` or `@package`, and Hydra's own) and, parsed and in their order, those that act on
    keys of the composed config (`key=value`, `+key=`, `++key=`, `~key`), as Hydra splits them."""
    parser = OverridesParser.create()
    composing, values = [], []
    for text in overrides:
        try:
            override = parser.parse_override(text)
        except Exception:  # Hydra's composition names the key in its error
            composing.append(text)
            continue
        key = override.key_or_group
        if key.split(".")[0] == "hydra" or key in groups or override.package is not None:
            composing.append(text)
        else:
            values.append(override)
    return composing, values


def compose_job(overrides: list[str], composed: dict, groups: set[str]) -> DictConfig:
    """A job's config, as `compose_config(overrides)` gives it: jobs that choose the same parts
    compose once (`composed`, by their composing overrides), then their overrides of keys are
    applied in order by Hydra's own step (`ConfigLoaderImpl._apply_overrides_to_config`); any
    failure there composes in full, for Hydra's own error."""
    from hydra._internal.config_loader_impl import ConfigLoaderImpl

    apply = getattr(ConfigLoaderImpl, "_apply_overrides_to_config", None)
    composing, values = split_overrides(overrides, groups)
    if apply is None:  # a Hydra without that step: compose every job
        return compose_config(overrides)
    if tuple(composing) not in composed:
        composed[tuple(composing)] = compose_config(composing)
    cfg = copy.deepcopy(composed[tuple(composing)])
    try:
        apply(values, cfg)
    except Exception:
        return compose_config(overrides)
    OmegaConf.update(cfg, "paths.output_dir", "", force_add=True)  # as compose_config sets it
    return cfg


def precheck(argv: list[str]) -> str | None:
    """Compose and validate the config of every job the command line would run (one, or every
    job of a `-m` sweep, before the first runs); return an error message naming the job and
    the key, or None. Skipped (None) for Hydra's information flags (`--help`, `--cfg` ...).
    Jobs that choose the same config groups compose once (`compose_job`): the check of a
    16-job grid of values costs one composition, not 16, before any job starts."""
    if information_only(argv):
        return None
    try:
        jobs = job_overrides(argv)
    except Exception as error:  # a sweep that does not parse
        return describe_config_error(error)
    composed: dict[tuple[str, ...], DictConfig] = {}
    groups = config_groups()
    for number, overrides in enumerate(jobs):
        try:
            validate(compose_job(overrides, composed, groups))
        except ConfigError as error:
            problem = str(error)
        except Exception as error:  # composition: unknown key or option, wrong type, bad override
            problem = describe_config_error(error, overrides)
        else:
            continue
        if len(jobs) == 1:
            return problem
        swept = " ".join(o for o in overrides if sum(o in job for job in jobs) < len(jobs)) or "the defaults"
        return f"job {number} of {len(jobs)} ({swept}): {problem}"
    return None


def unwritable_run_dir(argv: list[str]) -> str | None:
    """A message when the folder the command line would write into cannot be created or
    written, None when it can: the sweep folder under `-m` (`hydra.sweep.dir=...`), else the run
    folder (`hydra.run.dir=...`), else the results folder (`paths.results_dir=...`, or
    `results/`). Checked before Hydra opens its log file there, which would otherwise fail with
    a traceback; skipped for Hydra's information flags, which write nothing."""
    if information_only(argv):
        return None
    given = dict(a.split("=", 1) for a in argv if "=" in a)
    sweep = any(a in MULTIRUN_FLAGS for a in argv)
    key = "hydra.sweep.dir" if sweep else "hydra.run.dir"
    target = Path(given.get(key) or given.get("paths.results_dir") or CONFIG_DIR.parent / "results")
    existing = target.absolute()
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir() or not os.access(existing, os.W_OK | os.X_OK):
        return (
            f"cannot write the run's outputs to {target}: {existing} is not a writable folder; "
            f"choose another folder with {key}=..."
        )
    return None


def main() -> None:
    """Entry point of `python -m sim`: validate, then hand over to Hydra."""
    import hydra

    argv = sys.argv[1:]
    try:
        problem = precheck(argv) or unwritable_run_dir(argv)
        if problem is not None:
            print(problem, file=sys.stderr)
            print("nothing was run and nothing was written", file=sys.stderr)
            raise SystemExit(2)
        if any(a in MULTIRUN_FLAGS for a in argv):
            skip_sweeper_recheck()
        hydra.main(version_base="1.3", config_path=str(CONFIG_DIR), config_name="config")(_hydra_main)()
    except KeyboardInterrupt:
        interrupted()


def skip_sweeper_recheck() -> None:
    """Let Hydra's basic sweeper launch without composing every job first when `precheck` has
    just composed and validated each of them (the sweeper only composes): the sweeper's check
    runs in turn before any job starts, about 0.15 s a job (2.5 s of a 16-job sweep, half a
    minute of a Sobol design; its own comment: "This can be a bit slow for large jobs. can
    potentially allow disabling from the config", hydra/_internal/core_plugins/basic_sweeper.py).
    A sweep with values from the config (`hydra.sweeper.params`), which `precheck` does not see,
    keeps the sweeper's check. Each job is still composed where it runs. A Hydra without the
    method is left as it is."""
    from hydra._internal.core_plugins.basic_sweeper import BasicSweeper

    check = getattr(BasicSweeper, "validate_batch_is_legal", None)
    if check is None or getattr(check, "skips_checked_jobs", False):
        return

    def validate_batch_is_legal(self, batch) -> None:
        if self.params:  # jobs the command line did not name: Hydra checks them
            check(self, batch)

    validate_batch_is_legal.skips_checked_jobs = True
    BasicSweeper.validate_batch_is_legal = validate_batch_is_legal


def interrupted() -> None:
    """Ctrl-C: one line, and the shell's exit code for an interrupt (130)."""
    print("\ninterrupted: a run folder without summary.json is incomplete", file=sys.stderr)
    raise SystemExit(130)
