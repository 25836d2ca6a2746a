"""A run's folder is whole and valid: strict JSON, one file mode, unique temporary names, a
lock against a second run, earlier outputs cleared, the summary last, one line for a folder
that cannot be used or a run that is interrupted."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest

from sim import plots, results
from sim.app import OutputError, compose_config, run
from sim.config import FOLDER_NAME_LIMIT, folder_name
from tests.conftest import SMALL

ROOT = Path(__file__).parents[1]


def strict_load(text: str):
    """json.loads that refuses NaN and infinities (what Python's json would accept)."""

    def refuse(constant):
        raise ValueError(f"not JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


def test_undefined_numbers_are_written_as_null():
    value = {"a": float("nan"), "b": [np.float64("inf"), 1.5], "c": np.array([1.0, np.nan]), "d": (np.int64(3),)}
    assert strict_load(results.strict_json(value)) == {"a": None, "b": [None, 1.5], "c": [1.0, None], "d": [3]}


def test_a_run_writes_strict_json_and_one_file_mode(tmp_path):
    """North Macedonia's summary held a bare NaN (no migrants, so no remittance impact)."""
    run(compose_config(SMALL + ["country=north_macedonia", "scale=2000"], output_dir=tmp_path))
    summary = strict_load((tmp_path / "summary.json").read_text())
    assert summary["country"] == "North Macedonia"
    modes = {p.name: p.stat().st_mode & 0o777 for p in tmp_path.iterdir()}
    assert set(modes.values()) == {results.FILE_MODE}, modes
    assert {p.name for p in tmp_path.iterdir()} <= set(results.RUN_FILES)  # no lock, no temporary file left


def test_a_rerun_clears_what_the_earlier_run_wrote_and_keeps_other_files(tmp_path):
    run(compose_config(SMALL, output_dir=tmp_path))
    assert (tmp_path / "paths.png").exists()
    (tmp_path / "notes.txt").write_text("mine")
    run(compose_config(SMALL + ["figures=false"], output_dir=tmp_path))
    names = {p.name for p in tmp_path.iterdir()}
    assert not any(n.endswith(".png") for n in names)  # no figure of the first run beside the new tables
    assert "notes.txt" in names and "summary.json" in names


def test_a_folder_in_use_by_a_live_run_is_refused_and_nothing_is_written(tmp_path):
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        (tmp_path / results.LOCK_NAME).write_text(f"{holder.pid}\n")
        with pytest.raises(OutputError, match="in use by another run"):
            run(compose_config(SMALL, output_dir=tmp_path))
        assert {p.name for p in tmp_path.iterdir()} == {results.LOCK_NAME}
    finally:
        holder.kill()
        holder.wait()
    # the holder is gone: its lock is stale and the next run takes it over
    run(compose_config(SMALL + ["figures=false"], output_dir=tmp_path))
    assert (tmp_path / "summary.json").exists() and not (tmp_path / results.LOCK_NAME).exists()


def test_two_runs_at_once_into_one_folder_one_runs_the_other_is_refused(tmp_path):
    outcomes = []
    configs = [compose_config(SMALL + ["figures=false"], output_dir=tmp_path) for _ in range(2)]

    def attempt(cfg):
        try:
            run(cfg)
            outcomes.append("ran")
        except OutputError:
            outcomes.append("refused")

    threads = [threading.Thread(target=attempt, args=(cfg,)) for cfg in configs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # the lock names the process, and both threads share it: the second sees a live holder
    assert sorted(outcomes) == ["ran", "refused"]
    assert strict_load((tmp_path / "summary.json").read_text())["country"] == "Kyrgyzstan"


def test_an_interrupted_run_leaves_no_summary_no_temporary_file_and_no_lock(tmp_path, monkeypatch):
    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(plots, "plot_sector_employment", interrupt)
    with pytest.raises(KeyboardInterrupt):
        run(compose_config(SMALL, output_dir=tmp_path))
    names = {p.name for p in tmp_path.iterdir()}
    assert "timeseries.csv" in names and "paths.png" in names  # it got that far
    assert "summary.json" not in names  # so the folder reads as incomplete
    assert not any(n.startswith(".") for n in names), names


def test_figures_of_one_path_written_at_once_do_not_collide(tmp_path):
    path = tmp_path / "figure.png"
    errors = []

    def draw():
        try:
            fig, ax = plt.subplots()
            ax.plot([0, 1], [0, 1])
            results.write_figure(fig, path)
            plt.close(fig)
        except Exception as error:  # noqa: BLE001 - the test reports any failure
            errors.append(error)

    threads = [threading.Thread(target=draw) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert [p.name for p in tmp_path.iterdir()] == ["figure.png"]


def test_an_output_folder_that_cannot_be_created_gives_one_message(tmp_path):
    blocker = tmp_path / "a_file"
    blocker.write_text("")
    with pytest.raises(OutputError, match="cannot write the run's outputs to"):
        run(compose_config(SMALL, output_dir=blocker / "run"))


def test_folder_names_from_config_values_are_safe_and_bounded():
    assert folder_name("Bosnia and Herzegovina") == "Bosnia_and_Herzegovina"
    assert folder_name("../../etc") == "etc"
    assert folder_name("Кыргызстан") == "unnamed"
    long = folder_name("Ky/rgyz stan:" * 400)
    assert len(long) <= FOLDER_NAME_LIMIT and set(long) <= set("Kyrgzstan_")


def run_cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sim", *args], capture_output=True, text=True, cwd=ROOT, timeout=timeout
    )


def test_the_command_line_names_a_folder_it_cannot_write_in_one_line(tmp_path):
    blocker = tmp_path / "a_file"
    blocker.write_text("")
    proc = run_cli(*SMALL, f"hydra.run.dir={blocker / 'run'}")
    assert proc.returncode == 2
    assert "cannot write the run's outputs to" in proc.stderr and "Traceback" not in proc.stderr
    assert blocker.read_text() == ""


def test_the_command_line_puts_a_long_country_name_into_a_safe_folder(tmp_path):
    proc = run_cli(*SMALL, "figures=false", "country.name=" + "Ky/rgyz stan:" * 400, f"paths.results_dir={tmp_path}")
    assert proc.returncode == 0, proc.stderr
    (folder,) = (tmp_path / "runs").iterdir()
    assert "Ky_rgyz_stan" in folder.name and len(folder.name) < 120
    assert (folder / "summary.json").exists()


def test_ctrl_c_stops_the_command_line_with_one_line(tmp_path):
    out = tmp_path / "run"
    proc = subprocess.Popen(
        [sys.executable, "-m", "sim", "scale=400", "burn_in_months=2", "horizon_months=1200", "progress=false",
         f"hydra.run.dir={out}"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while not (out / results.LOCK_NAME).exists() and time.monotonic() < deadline:
        time.sleep(0.2)  # the run holds its folder: it is simulating
    assert (out / results.LOCK_NAME).exists()
    time.sleep(1.0)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, stderr
    assert "interrupted" in stderr and "Traceback" not in stderr
    names = {p.name for p in out.iterdir()}
    assert "summary.json" not in names and results.LOCK_NAME not in names
    assert not [n for n in names if n.endswith(".tmp")]
    assert "sim.log" in names  # Hydra's log stays for the record
