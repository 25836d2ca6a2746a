"""Global sensitivity analysis (`python -m sim.sensitivity`): the spec, the design's rows set in
each run's config, and a shrunk Morris screening end to end."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from sim.app import compose_config, with_design_row
from sim.config import ConfigError, validate
from sim.sensitivity import SpecError, check_against_config, read_spec

ROOT = Path(__file__).resolve().parents[1]

SPEC = """
method: morris
samples: 2
outputs: [unemployment_rate, poverty_rate]
overrides: [country=kyrgyzstan, shock=remittance_collapse, seeds=1, scale=3000, burn_in_months=3, horizon_months=4]
parameters:
  shock.remittance_collapse.destination_demand_fall: [0.05, 0.2]
  shock.remittance_collapse.destination_currency_fall: [0.1, 0.4]
  model.migration_income_elasticity: [0.5, 1.5]
"""


def write(tmp_path, text: str) -> Path:
    path = tmp_path / "spec.yaml"
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    "change, words",
    [
        (("method: morris", "method: fast"), "choose one of morris, sobol"),
        (("method: morris", "method: sobol\nsamples_extra: 1"), "unknown key"),
        (("samples: 2", "samples: 3\nmethod_: x"), "unknown key"),
        (("[0.05, 0.2]", "[0.2, 0.05]"), "low 0.2 >= high 0.05"),
        (("poverty_rate]", "poverty]"), "outputs must be headline indicators"),
    ],
)
def test_a_spec_that_cannot_run_says_what_to_change(tmp_path, change, words):
    with pytest.raises(SpecError, match=words):
        read_spec(write(tmp_path, SPEC.replace(*change)))


def test_a_sobol_sample_is_a_power_of_two_and_its_runs_are_counted(tmp_path):
    with pytest.raises(SpecError, match="power of 2"):
        read_spec(write(tmp_path, SPEC.replace("method: morris", "method: sobol").replace("samples: 2", "samples: 12")))
    spec = read_spec(write(tmp_path, SPEC.replace("method: morris", "method: sobol").replace("samples: 2", "samples: 8")))
    assert spec.runs == 8 * (3 + 2)
    assert read_spec(write(tmp_path, SPEC)).runs == 2 * (3 + 1)


def test_a_parameter_the_config_does_not_have_or_a_range_it_does_not_allow_fails_before_any_run(tmp_path):
    with pytest.raises(SpecError, match="model.no_such_thing"):
        check_against_config(read_spec(write(tmp_path, SPEC.replace("model.migration_income_elasticity", "model.no_such_thing"))))
    with pytest.raises(SpecError, match="destination_currency_fall"):  # a fraction below 1
        check_against_config(read_spec(write(tmp_path, SPEC.replace("[0.1, 0.4]", "[0.5, 1.5]"))))


def test_a_run_takes_its_row_of_the_design(tmp_path):
    design = tmp_path / "design.csv"
    pd.DataFrame({"model.migration_income_elasticity": [0.7, 1.3], "burn_in_months": [11.6, 3.2]}).to_csv(design, index=False)
    cfg = with_design_row(compose_config([f"design_file={design}", "design_row=1"]))
    config = validate(cfg)
    assert config.model.migration_income_elasticity == 1.3
    assert config.burn_in_months == 3  # an integer field takes the value rounded
    pd.DataFrame({"model.no_such_thing": [1.0]}).to_csv(design, index=False)
    with pytest.raises(ConfigError, match="not a key"):
        with_design_row(compose_config([f"design_file={design}", "design_row=0"]))
    with pytest.raises(ConfigError, match="rows 0 to 0"):
        with_design_row(compose_config([f"design_file={design}", "design_row=4"]))


def test_a_shrunk_screening_ranks_the_shock_above_a_parameter_that_cannot_act(tmp_path):
    """Kyrgyzstan's households do not move between regions (no published rate), so the
    elasticity of internal moves cannot act: its elementary effects are exactly zero, while the
    destination's currency fall moves unemployment."""
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "sim.sensitivity", str(write(tmp_path, SPEC)), "--out", str(out), "hydra/launcher=basic"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    table = pd.read_csv(out / "indices.csv")
    assert list(table.columns) == ["output", "parameter", "index", "value", "low", "high"]
    assert len(table) == 2 * 3 * 3  # outputs x parameters x (mu*, sigma, mu)
    mu_star = table[table["index"] == "mu_star"].set_index(["output", "parameter"])["value"]
    assert mu_star[("unemployment_rate", "model.migration_income_elasticity")] == 0.0
    assert mu_star[("unemployment_rate", "shock.remittance_collapse.destination_currency_fall")] > 0.1
    assert len(pd.read_csv(out / "design.csv")) == len(pd.read_csv(out / "outputs.csv")) == 8
    assert (out / "sensitivity.png").exists() and (out / "sensitivity.svg").exists()
    assert "mu_star" in (out / "sensitivity.md").read_text()
