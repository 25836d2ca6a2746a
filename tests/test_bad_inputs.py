"""Bad inputs, as a user of sweeps and custom presets gives them: every one is refused before
anything runs, with one message that names the key (or the file), and no traceback.

The matrix crosses keys of every group (the run, `model`, `country`, its regions and taxes,
each shock and policy) with every kind of bad value; the command-line cases check the exit
code, the message and that nothing was written, through each way of running."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sim.app import precheck
from sim.config import CONFIG_DIR

ROOT = Path(__file__).parents[1]

KEYS = {
    # key: what a run must select for the key to exist
    "scale": [],
    "seed": [],
    "seeds": [],
    "horizon_months": [],
    "burn_in_months": [],
    "model.separation_rate_formal": [],
    "model.applications_per_seeker": [],
    "model.expectation_adjustment": [],
    "country.informality_rate": [],
    "country.mean_wage_local": [],
    "country.union_density": [],
    "country.employed_persons": [],
    "country.regions.bishkek_city.population": [],
    "country.regions.bishkek_city.unemployment_rate": [],
    "country.taxes.vat": [],
    "country.calendar_start": [],
    "shock.protectionism.start_month": ["shock=protectionism"],
    "shock.protectionism.duration_months": ["shock=protectionism"],
    "policy.reskilling_subsidy.seats_share": ["policy=reskilling_subsidy"],
    "policy.reskilling_subsidy.duration_months": ["policy=reskilling_subsidy"],
    "policy.collective_bargaining.bargaining_power": ["policy=collective_bargaining"],
    "policy.youth_guarantee.offer_rate": ["policy=youth_guarantee"],
    "policy.youth_guarantee.offer_within_months": ["policy=youth_guarantee"],
}
BAD_VALUES = {
    "out of range": "-1",
    "NaN": "nan",
    "infinity": "inf",
    "huge": "1e308",
    "wrong type": "abc",
    "empty": "''",
    "unicode": "ü",
}


@pytest.mark.parametrize("kind", BAD_VALUES)
@pytest.mark.parametrize("key", KEYS)
def test_a_bad_value_of_any_key_is_refused_with_the_key_named(key, kind):
    message = precheck(KEYS[key] + [f"{key}={BAD_VALUES[kind]}"])
    assert message is not None and key in message, message


@pytest.mark.parametrize(
    "argv,named",
    [
        (["sede=3"], "'sede' does not exist"),  # misspelt
        (["model.separation_rate_formall=0.5"], "model.separation_rate_formall"),
        (["+model.separation_rate_formall=0.5"], "model.separation_rate_formall"),  # unknown, added with +
        (["+country.regions.bishkek_city.populaton=5"], "country.regions.bishkek_city.populaton"),
        (["country=narnia"], "kyrgyzstan"),  # an unknown option lists the options
        (["shock=tarifs"], "protectionism"),
        (["country.name="], "country.name"),
        (["shock=none", "shock.protectionism.start_month=3"], "shock.protectionism.start_month"),  # not selected
        (["policy=none", "policy.reskilling_subsidy.seats_share=0.1"], "policy.reskilling_subsidy.seats_share"),
        (
            ["policy=youth_guarantee", "policy.youth_guarantee.offer_shares.jobs=0.5"],
            "policy.youth_guarantee.offer_shares",
        ),
        (["policy=youth_guarantee", "policy.youth_guarantee.offer_shares.job=0.9"], "sum to 1"),
        (["-m", "scale=100,0.5,50"], "job 1 of 3 (scale=0.5)"),  # a sweep, before its first job
        (["-m", "seed=0,1,-1"], "job 2 of 3 (seed=-1)"),
        (["-m", "country=kyrgyzstan,serbia", "country.union_density=1.5"], "country.union_density"),
        (["seed=range(0,"], "config error"),  # an override that does not parse
    ],
)
def test_every_kind_of_bad_input_names_what_is_wrong(argv, named):
    message = precheck(argv)
    assert message is not None and named in message, message


@pytest.fixture
def presets(tmp_path) -> Path:
    """A folder of custom presets: one broken YAML, one that lacks required keys, one valid."""
    folder = tmp_path / "presets" / "country"
    folder.mkdir(parents=True)
    (folder / "broken.yaml").write_text("name: Broken\nemployed_persons: [1, 2\n")
    (folder / "half.yaml").write_text("defaults:\n  - calibrated/kyrgyzstan\nname: Half\n")
    text = (CONFIG_DIR / "country" / "kyrgyzstan.yaml").read_text()
    (folder / "mine.yaml").write_text(text.replace("informality_rate: 0.6", "informality_rate: 1.6", 1))
    return folder.parent


def test_custom_presets_that_are_broken_say_which_file_line_and_key(presets):
    broken = precheck(["--config-dir", str(presets), "country=broken"])
    assert "broken.yaml, line 3" in broken and "not valid YAML" in broken
    assert "country.currency" in precheck(["--config-dir", str(presets), "country=half"])  # missing
    assert "country.informality_rate" in precheck([f"hydra.searchpath=[file://{presets}]", "country=mine"])


@pytest.mark.parametrize(
    "argv",
    [
        ["-m", "scale=1000,0.5", "burn_in_months=2", "horizon_months=2"],
        ["+model.separation_rate_formall=0.5"],
        ["shock=none", "shock.protectionism.start_month=3"],
        ["country=broken"],
    ],
    ids=["multirun", "plus-key", "unselected-shock", "broken-preset"],
)
def test_the_command_line_refuses_with_one_message_and_writes_nothing(argv, presets, tmp_path):
    results = tmp_path / "results"
    proc = subprocess.run(
        [sys.executable, "-m", "sim", "--config-dir", str(presets), *argv, f"paths.results_dir={results}"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "nothing was run and nothing was written" in proc.stderr
    assert not results.exists()
