"""Sweeps: pooling the jobs into one table (`sim.collect`), and resuming an interrupted sweep."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim.collect import find_jobs, runs_table
from sim.compare import find_summaries
from sim.results import HEADLINE

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def sweep(tmp_path_factory) -> Path:
    """A sweep of 4 small jobs: two countries x two offer rates of the youth guarantee."""
    folder = tmp_path_factory.mktemp("sweep")
    command = [
        sys.executable,
        "-m",
        "sim",
        "-m",
        "country=north_macedonia,serbia",
        "shock=none",
        "policy=youth_guarantee",
        "policy.youth_guarantee.offer_rate=0.2,0.6",
        "seeds=2",
        "scale=3000",
        "burn_in_months=3",
        "horizon_months=4",
        "figures=false",
        "progress=false",
        f"hydra.sweep.dir={folder}",
    ]
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
    return folder


def test_a_sweep_ends_with_one_table_of_every_job_and_headline_impact(sweep):
    runs = pd.read_csv(sweep / "runs.csv")
    assert list(runs.columns[:2]) == ["policy.youth_guarantee.offer_rate", "job"]
    assert {"country", "shock", "policy", "seeds", "impact_end", "impact_mean_low"} <= set(runs.columns)
    assert len(runs) == 4 * len(HEADLINE)
    assert runs["policy.youth_guarantee.offer_rate"].dtype == float  # typed, not text
    jobs = runs.drop_duplicates("job").set_index("job")
    assert jobs["policy.youth_guarantee.offer_rate"].tolist() == [0.2, 0.6, 0.2, 0.6]
    assert jobs["country"].tolist() == ["North Macedonia", "North Macedonia", "Serbia", "Serbia"]
    assert (runs["seeds"] == 2).all()
    for job in range(4):  # the end-of-horizon impacts are the job's own (rates in pp)
        own = pd.read_csv(sweep / str(job) / "impacts.csv")
        end = own[own["month"] == own["month"].max()].set_index("indicator")
        mine = runs[(runs["job"] == job) & (runs["unit"] == "pp")].set_index("indicator")
        assert np.allclose(mine["impact_end"], 100 * end.loc[mine.index, "mean"], equal_nan=True)
        summary = json.loads((sweep / str(job) / "summary.json").read_text())["headline_impacts"]
        baseline = [100 * summary[name]["baseline_end"] for name in mine.index]  # rates in %, as the impacts in pp
        assert np.allclose(mine["baseline_end"], baseline, equal_nan=True)
        assert np.allclose(mine["impact_end_low"], 100 * end.loc[mine.index, "ci_low"], equal_nan=True)
    report = (sweep / "report.md").read_text()
    assert "policy.youth_guarantee.offer_rate" in report and "| 3 | Serbia | 0.6 |" in report
    assert (sweep / "sweep_policy.youth_guarantee.offer_rate.png").exists()
    assert (sweep / "sweep_country.svg").exists()


def test_the_figures_of_several_swept_keys_drawn_side_by_side_are_those_drawn_in_turn(sweep, tmp_path):
    import shutil

    from sim.collect import collect

    copies = {workers: tmp_path / f"workers{workers}" / "sweep" for workers in (1, 2)}
    for workers, copy in copies.items():
        shutil.copytree(sweep, copy)
        collect(copy, workers)
    names = ["runs.csv", "report.md", "sweep_country.png", "sweep_policy.youth_guarantee.offer_rate.png"]
    for name in names:
        assert (copies[1] / name).read_bytes() == (copies[2] / name).read_bytes(), name


def test_jobs_sort_by_number_and_unfinished_jobs_are_named(sweep, tmp_path):
    summary = json.loads((sweep / "0" / "summary.json").read_text())
    for number in (0, 1, 2, 10, 11):
        (tmp_path / str(number) / ".hydra").mkdir(parents=True)
        (tmp_path / str(number) / ".hydra" / "overrides.yaml").write_text(f"- scale={1000 + number}\n")
        if number != 2:
            (tmp_path / str(number) / "summary.json").write_text(json.dumps(summary))
    jobs, unfinished = find_jobs(tmp_path)
    assert [job.number for job in jobs] == [0, 1, 10, 11] and unfinished == ["2"]
    assert runs_table(jobs, ["scale"]).drop_duplicates("job")["scale"].tolist() == [1000, 1001, 1010, 1011]
    assert [p.parent.name for p in find_summaries([tmp_path])] == ["0", "1", "10", "11"]


def sweep_command(folder: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "sim",
        "-m",
        "shock=none",
        "seed=0,1",
        "scale=3000",
        "burn_in_months=3",
        "horizon_months=3",
        "figures=false",
        "progress=false",
        f"hydra.sweep.dir={folder}",
        *extra,
    ]


def test_a_sweep_run_again_finishes_only_the_jobs_that_are_not_finished(tmp_path):
    subprocess.run(sweep_command(tmp_path), check=True, capture_output=True, cwd=ROOT)
    (tmp_path / "1" / "summary.json").unlink()  # job 1 interrupted before it finished
    first = (tmp_path / "0" / "summary.json").stat().st_mtime_ns
    timeseries = (tmp_path / "0" / "timeseries.csv").read_bytes()
    again = subprocess.run(
        sweep_command(tmp_path, "progress=true"), check=True, capture_output=True, cwd=ROOT, text=True
    )
    assert "/0 (same config): skipped" in again.stdout and "/1 (same config)" not in again.stdout
    assert (tmp_path / "0" / "summary.json").stat().st_mtime_ns == first  # not rerun
    assert (tmp_path / "1" / "summary.json").exists()  # finished now
    assert len(pd.read_csv(tmp_path / "runs.csv").drop_duplicates("job")) == 2
    # another config in the same folder, or resume=false, runs the job again, to the same results
    subprocess.run(sweep_command(tmp_path, "resume=false"), check=True, capture_output=True, cwd=ROOT)
    assert (tmp_path / "0" / "summary.json").stat().st_mtime_ns > first
    assert (tmp_path / "0" / "timeseries.csv").read_bytes() == timeseries


def test_seeds_in_parallel_processes_give_the_same_results_as_one_after_another(tmp_path):
    from sim.app import compose_config, run

    outputs = {}
    for workers in (1, 2):
        overrides = ["seeds=3", "scale=3000", "burn_in_months=3", "horizon_months=4", "progress=false"]
        cfg = compose_config([*overrides, "figures=false", f"workers={workers}"], output_dir=tmp_path / str(workers))
        outputs[workers] = run(cfg)
    assert outputs[1].timeseries.equals(outputs[2].timeseries)
    assert outputs[1].regions.equals(outputs[2].regions)
    for name in ("impacts.csv", "accounts.csv", "summary.json"):
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes()


def test_a_sweep_s_jobs_side_by_side_give_the_same_table_as_one_after_another(tmp_path):
    """Side by side (joblib), in turn (basic), and as separate jobs through submitit, the path a
    SLURM cluster takes (`hydra/launcher=slurm`), here on this machine (`submitit_local`)."""
    tables = {}
    for launcher in ("joblib", "basic", "submitit_local"):
        folder = tmp_path / launcher
        command = sweep_command(folder, f"hydra/launcher={launcher}")
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
        tables[launcher] = (folder / "runs.csv").read_bytes()
        assert (folder / "multirun.yaml").read_text().count(f"hydra/launcher: {launcher}") == 1
    assert tables["joblib"] == tables["basic"] == tables["submitit_local"]
    for job in ("0", "1"):
        joblib_run = (tmp_path / "joblib" / job / "timeseries.csv").read_bytes()
        assert joblib_run == (tmp_path / "basic" / job / "timeseries.csv").read_bytes()
        assert joblib_run == (tmp_path / "submitit_local" / job / "timeseries.csv").read_bytes()
    assert list((tmp_path / "submitit_local" / ".submitit").iterdir())  # submitit's own job records


def test_the_slurm_launcher_file_is_submitit_s_slurm_launcher_with_our_defaults():
    from hydra import compose, initialize_config_dir

    from sim.config import CONFIG_DIR

    with initialize_config_dir(version_base="1.3", config_dir=str(CONFIG_DIR)):
        overrides = ["hydra/launcher=slurm", "hydra.launcher.partition=cpu"]
        cfg = compose("config", overrides=overrides, return_hydra_config=True)
    launcher = cfg.hydra.launcher
    assert launcher._target_.endswith("submitit_launcher.SlurmLauncher")
    assert (launcher.cpus_per_task, launcher.mem_gb, launcher.timeout_min, launcher.partition) == (4, 8, 60, "cpu")
