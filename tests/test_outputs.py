"""A run's folder is whole and valid: strict JSON, one file mode, unique temporary names, a
lock against a second run, earlier outputs cleared, the summary last, one line for a folder
that cannot be used or a run that is interrupted."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
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


def test_a_run_writes_strict_json_and_one_file_mode(tmp_path, monkeypatch):
    """North Macedonia's summary held a bare NaN (no migrants, so no remittance impact). Every
    file gets the one mode (here one that neither a temporary file, 0600, nor a plain open
    under the usual umask, 0644, would give)."""
    monkeypatch.setattr(results, "FILE_MODE", 0o640)
    run(compose_config(SMALL + ["country=north_macedonia", "scale=2000"], output_dir=tmp_path))
    summary = strict_load((tmp_path / "summary.json").read_text())
    assert summary["country"] == "North Macedonia"
    modes = {p.name: p.stat().st_mode & 0o777 for p in tmp_path.iterdir()}
    assert set(modes.values()) == {0o640}, modes
    assert {p.name for p in tmp_path.iterdir()} <= set(results.RUN_FILES)  # no lock, no temporary file left


def test_a_rerun_clears_what_the_earlier_run_wrote_and_keeps_other_files(tmp_path):
    run(compose_config(SMALL, output_dir=tmp_path))
    assert (tmp_path / "paths.png").exists()
    (tmp_path / "notes.txt").write_text("mine")
    run(compose_config(SMALL + ["figures=false"], output_dir=tmp_path))
    names = {p.name for p in tmp_path.iterdir()}
    assert not any(n.endswith(".png") for n in names)  # no figure of the first run beside the new tables
    assert "notes.txt" in names and "summary.json" in names


HOLD = """
import sys, time
from pathlib import Path
from sim.results import claim_run_folder
with claim_run_folder(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(120)
"""


def test_a_folder_held_by_another_process_is_refused_until_it_dies(tmp_path):
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(tmp_path)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(OutputError, match=r"in use by another run \(host .*, process \d+\)"):
            run(compose_config(SMALL, output_dir=tmp_path))
        assert {p.name for p in tmp_path.iterdir()} == {results.LOCK_NAME}  # nothing written
    finally:
        holder.kill()  # killed: its lock file stays, its lock does not
        holder.wait()
    assert (tmp_path / results.LOCK_NAME).exists()
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


def test_every_write_goes_through_its_own_temporary_name(tmp_path, monkeypatch):
    """Two runs into one folder crashed on the figures' fixed temporary name (.paths.tmp.png):
    writing the same figure twice, and the same table twice, renames from different names."""
    renamed = []
    replace = os.replace

    def recording(source, target):
        renamed.append((Path(source).name, Path(target).name))
        replace(source, target)

    monkeypatch.setattr(os, "replace", recording)
    for _ in range(2):
        fig, ax = plt.subplots()
        ax.plot([0, 1], [0, 1])
        plots._save(fig, tmp_path / "paths.png")
        results.write_atomically(tmp_path / "summary.json", "{}\n")
    sources = [source for source, _ in renamed]
    assert [target for _, target in renamed] == ["paths.png", "paths.svg", "summary.json"] * 2
    assert len(set(sources)) == 6 and all(s.startswith(".") and s.endswith(".tmp") for s in sources)
    assert (tmp_path / "paths.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (tmp_path / "paths.svg").read_text().lstrip().startswith("<?xml")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["paths.png", "paths.svg", "summary.json"]


def test_a_rerun_removes_what_an_interrupted_write_and_a_comparison_left(tmp_path):
    (tmp_path / ".timeseries.csv.abc123.tmp").write_text("half")
    (tmp_path / "comparison.md").write_text("of the earlier run")
    (tmp_path / ".notes.tmp").write_text("not ours")
    run(compose_config(SMALL + ["figures=false"], output_dir=tmp_path))
    names = {p.name for p in tmp_path.iterdir()}
    assert ".timeseries.csv.abc123.tmp" not in names and "comparison.md" not in names
    assert ".notes.tmp" in names


def test_an_undefined_impact_reads_as_nan_in_a_comparison():
    from sim.compare import value

    mean, low, high = value({"x": {"mean": None, "ci_low": None, "ci_high": None}}, "x", 100.0)
    assert np.isnan(mean) and low is None and high is None


def test_a_comparison_lists_each_runs_migrants_by_destination_and_its_foreign_workers():
    from sim.compare import migration_lines

    def change(base, scen):
        return {"baseline": base, "scenario": scen, "change_percent": 100 * (scen / base - 1)}

    kazakhstan = {
        "country": "Kazakhstan",
        "shocks": ["remittance_collapse"],
        "policies": [],
        "destinations": {"Russia": {"migrants_abroad": change(100_000.0, 80_000.0)}},
        "immigration": {
            "foreign_workers": change(640_000.0, 700_000.0),
            "remittances_paid_gdp_share": {"baseline": 0.0093, "scenario": 0.0105},
        },
    }
    serbia = {"country": "Serbia", "shocks": [], "policies": [], "destinations": {}, "immigration": {}}
    old = {"country": "Albania", "shocks": [], "policies": []}
    lines = migration_lines([kazakhstan, serbia, old]).splitlines()
    assert lines[1] == (
        "- Kazakhstan: remittance_collapse: in Russia 100,000 -> 80,000; foreign workers here "
        "640,000 -> 700,000, sending home 0.93 % -> 1.05 % of GDP"
    )
    assert lines[2].endswith("no migrants in the preset")
    assert lines[3].endswith("not recorded in this run's summary.json")


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


def as_started_from_a_terminal() -> None:
    """Ctrl-C's default disposition in the child, as a shell in the foreground gives it: a test
    runner started in the background of a script inherits SIGINT ignored, and Python keeps an
    ignored SIGINT ignored, so the child would run to its end."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_stops_the_command_line_with_one_line(tmp_path):
    out = tmp_path / "run"
    proc = subprocess.Popen(
        [sys.executable, "-m", "sim", "scale=400", "burn_in_months=2", "horizon_months=1200", "progress=false",
         f"hydra.run.dir={out}"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=as_started_from_a_terminal,
    )
    deadline = time.monotonic() + 120
    while not (out / results.LOCK_NAME).exists() and time.monotonic() < deadline:
        time.sleep(0.2)  # the run holds its folder: it is simulating
    assert (out / results.LOCK_NAME).exists()
    time.sleep(1.0)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, stderr
    assert "interrupted" in stderr and "Traceback" not in stderr and len(stderr.strip().splitlines()) == 1
    names = {p.name for p in out.iterdir()}
    assert "summary.json" not in names and results.LOCK_NAME not in names
    assert not [n for n in names if n.endswith(".tmp")]
    assert "sim.log" in names  # Hydra's log stays for the record


def test_the_folder_checked_before_a_run_is_the_one_it_would_write(tmp_path):
    from sim.app import unwritable_run_dir

    blocker = tmp_path / "a_file"
    blocker.write_text("")
    assert "hydra.sweep.dir" in unwritable_run_dir(["-m", "seed=0,1", f"hydra.sweep.dir={blocker / 'sweep'}"])
    assert unwritable_run_dir(["-m", "seed=0,1", f"hydra.run.dir={blocker / 'run'}"]) is None  # not used by -m
    assert "cannot write" in unwritable_run_dir([f"paths.results_dir={blocker / 'results'}"])
    assert unwritable_run_dir(["--cfg", "job", f"hydra.run.dir={blocker / 'run'}"]) is None  # writes nothing
    assert unwritable_run_dir([f"hydra.run.dir={tmp_path / 'new' / 'run'}"]) is None


def test_a_figure_of_several_seeds_draws_their_mean_and_95_percent_band():
    from sim.plots import seed_band
    from sim.results import mean_and_interval

    data = pd.DataFrame(
        {"month": [0, 0, 0, 1, 1, 1], "seed": [0, 1, 2, 0, 1, 2], "rate": [0.1, 0.2, 0.3, 0.2, 0.2, 0.5]}
    )
    months, mean, low, high = seed_band(data, "rate", 100.0)
    assert months.tolist() == [0, 1]
    expected = mean_and_interval(np.array([[10.0, 20.0, 30.0], [20.0, 20.0, 50.0]]), axis=1)
    assert np.allclose(mean, expected[0]) and np.allclose(low, expected[1]) and np.allclose(high, expected[2])
    assert np.isnan(seed_band(data[data.seed == 0], "rate")[2]).all()  # one seed: no band


def test_the_horizon_reads_in_calendar_months_from_the_preset_s_start():
    axis = plots.TimeAxis("2025-11")
    assert [axis.label(m) for m in (0, 1, 2, 3, 14)] == ["Oct 2025", "Nov 2025", "Dec 2025", "Jan 2026", "Dec 2026"]
    assert axis.ticks(36) == [3, 9, 15, 21, 27, 33]  # Januaries and Julys
    assert axis.ticks(36, most=4) == [3, 15, 27]  # Januaries only where there is no room
    assert axis.ticks(2) == [0, 2]  # too short for a January: its ends
    long = plots.TimeAxis("2025-01").ticks(240, most=5)  # twenty years on a narrow axis
    assert len(long) <= 5 and [plots.TimeAxis("2025-01").label(m) for m in long] == [
        "Jan 2025", "Jan 2030", "Jan 2035", "Jan 2040"  # every five years, at round years
    ]
    assert plots.TimeAxis(None).label(7) == "month 7" and plots.TimeAxis(None).ticks(36) == [0, 6, 12, 18, 24, 30, 36]
    assert plots.TimeAxis(None).ticks(240, most=5) == [0, 60, 120, 180, 240]
    fig, ax = plt.subplots(figsize=(8, 3))
    plots.TimeAxis("2026-01", ((1, "protectionism"), (7, "collective_bargaining"), (30, "x lifted"))).apply(ax, 36)
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "Jan 2026", "Jul 2026", "Jan 2027", "Jul 2027", "Jan 2028", "Jul 2028"
    ]
    marks = [(t.get_text(), t.get_horizontalalignment()) for t in ax.texts]
    assert marks == [
        ("protectionism from Jan 2026", "left"),
        ("collective_bargaining from Jul 2026", "left"),
        ("x lifted from Jun 2028", "right"),  # late: left of its line, inside the axes
    ]
    assert {t.xy[1] for t in ax.texts} == {1.0} and len({t.xyann[1] for t in ax.texts}) == 3  # at the top, a line each
    assert [line.get_xdata()[0] for line in ax.get_lines()] == [0.5, 6.5, 29.5]  # just before the months
    plt.close(fig)


def test_the_figures_mark_each_start_and_the_end_of_a_lifted_shock_and_every_preset_starts_in_january():
    from sim.app import time_axis
    from sim.config import CONFIG_DIR, validate

    config = validate(compose_config(
        ["shock=deglobalisation", "policy=collective_bargaining", "policy.collective_bargaining.start_month=7"]
    ))
    axis = time_axis(config)
    assert axis.calendar_start == config.country.calendar_start == "2025-01"
    assert axis.marks == ((1, "protectionism + own_tariffs + world_demand"), (7, "collective_bargaining"))
    collapse = validate(compose_config(["shock=remittance_collapse", "shock.remittance_collapse.ramp_months=3",
                                        "shock.remittance_collapse.duration_months=20"]))
    assert time_axis(collapse).marks == ((1, "remittance_collapse"), (24, "remittance_collapse lifted"))
    default = validate(compose_config(["shock=remittance_collapse"]))  # 6 months' ramp, 24 at full size
    assert time_axis(default).marks == ((1, "remittance_collapse"), (31, "remittance_collapse lifted"))
    beyond = validate(compose_config(["shock=remittance_collapse", "shock.remittance_collapse.duration_months=40"]))
    assert time_axis(beyond).marks == ((1, "remittance_collapse"),)  # lifted after the horizon
    assert time_axis(validate(compose_config(["shock=none"]))).marks == ()
    for preset in sorted((CONFIG_DIR / "country").glob("*.yaml")):
        start = validate(compose_config([f"country={preset.stem}"])).country.calendar_start
        assert start is not None and start.endswith("-01"), preset.stem


def test_the_wage_distribution_of_several_seeds_is_their_mean_share_by_band(tmp_path, monkeypatch):
    drawn = []
    monkeypatch.setattr(plots, "_save", lambda fig, path: drawn.append(fig) or path)
    rng = np.random.default_rng(0)
    seeds = [{"start": rng.lognormal(9, 0.5, n), "baseline (end)": rng.lognormal(9.1, 0.5, n)} for n in (800, 1200)]
    plots.plot_wage_distribution(seeds, 3000.0, "KGS", "t", tmp_path / "w.png")
    ax = drawn[0].axes[0]
    steps = [a for a in ax.patches if type(a).__name__ == "StepPatch" and not a.get_fill()]
    bands = [a for a in ax.patches if type(a).__name__ == "StepPatch" and a.get_fill()]
    assert len(steps) == 2 and len(bands) == 2  # a mean and a band for each moment
    values, edges, _ = steps[0].get_data()
    shares = [100.0 * np.histogram(s["start"], bins=edges)[0] / len(s["start"]) for s in seeds]
    assert np.allclose(values, np.mean(shares, axis=0)) and np.isclose(values.sum(), 100.0)
    assert (bands[0].get_data()[2] >= 0).all()  # a share's band stops at zero
    plt.close(drawn[0])


def test_the_sector_balances_of_several_seeds_are_means_that_still_sum_to_zero(tmp_path, monkeypatch):
    drawn = []
    monkeypatch.setattr(plots, "_save", lambda fig, path: drawn.append(fig) or path)
    rng = np.random.default_rng(1)
    rows = []
    for variant in ("baseline", "scenario"):
        for seed in (0, 1, 2):
            for month in range(4):
                balances = rng.normal(0, 0.02, len(plots.SECTOR_BALANCES))
                balances -= balances.mean()  # the accounts close in every seed and month
                names = [f"{name}_net_lending_gdp_share" for name, _, _ in plots.SECTOR_BALANCES]
                rows.append({"variant": variant, "seed": seed, "month": month, **dict(zip(names, balances))})
    data = pd.DataFrame(rows)
    plots.plot_sector_balances(data, "t", tmp_path / "b.png", plots.TimeAxis("2025-01"))
    lines = {line.get_label(): line.get_ydata() for line in drawn[0].axes[1].get_lines()}
    scenario = data[data.variant == "scenario"]
    assert np.allclose(lines["government"], 100 * scenario.groupby("month")["government_net_lending_gdp_share"].mean())
    assert np.allclose(lines["sum (zero)"], 0.0, atol=1e-12)
    assert len(drawn[0].axes[1].collections) == len(plots.SECTOR_BALANCES)  # a band for each sector
    plt.close(drawn[0])
