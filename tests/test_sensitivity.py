"""Global sensitivity analysis (`python -m sim.sensitivity`): the spec, the design's rows set in
each run's config, and a shrunk Morris screening end to end."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
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
    spec = read_spec(
        write(tmp_path, SPEC.replace("method: morris", "method: sobol").replace("samples: 2", "samples: 8"))
    )
    assert spec.runs == 8 * (3 + 2)
    assert read_spec(write(tmp_path, SPEC)).runs == 2 * (3 + 1)


def test_a_parameter_the_config_does_not_have_or_a_range_it_does_not_allow_fails_before_any_run(tmp_path):
    with pytest.raises(SpecError, match="model.no_such_thing"):
        check_against_config(
            read_spec(write(tmp_path, SPEC.replace("model.migration_income_elasticity", "model.no_such_thing")))
        )
    with pytest.raises(SpecError, match="destination_currency_fall"):  # a fraction below 1
        check_against_config(read_spec(write(tmp_path, SPEC.replace("[0.1, 0.4]", "[0.5, 1.5]"))))


def test_a_run_takes_its_row_of_the_design(tmp_path):
    design = tmp_path / "design.csv"
    pd.DataFrame({"model.migration_income_elasticity": [0.7, 1.3], "burn_in_months": [11.6, 3.2]}).to_csv(
        design, index=False
    )
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
        [
            sys.executable,
            "-m",
            "sim.sensitivity",
            str(write(tmp_path, SPEC)),
            "--out",
            str(out),
            "hydra/launcher=basic",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
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


def test_a_design_value_at_a_fitted_parameter_s_default_is_run_as_set_not_replaced_by_the_fit(tmp_path):
    """Kyrgyzstan's preset fits unemployed_to_inactive_rate; the fit replaces the default (0.04)
    wherever a run leaves it, so a grid level at exactly 0.04 would have run with the fitted value."""
    from sim.config import ModelParams
    from sim.model import LabourMarketModel
    from sim.sensitivity import design, runnable_design

    text = SPEC.replace(
        "model.migration_income_elasticity: [0.5, 1.5]", "model.unemployed_to_inactive_rate: [0.02, 0.08]"
    )
    spec = read_spec(write(tmp_path, text))
    raw = design(spec)
    column = list(spec.parameters).index("model.unemployed_to_inactive_rate")
    assert (raw[:, column] == ModelParams().unemployed_to_inactive_rate).any()  # the grid hits the default
    runs = runnable_design(spec, raw)
    moved = raw[:, column] == ModelParams().unemployed_to_inactive_rate
    assert (runs[moved, column] != raw[moved, column]).all()
    assert abs(runs[moved, column] - raw[moved, column]).max() <= 1e-9 * 0.06 * (1 + 1e-6)
    row = int(moved.nonzero()[0][0])
    design_file = tmp_path / "design.csv"
    pd.DataFrame(runs, columns=list(spec.parameters)).to_csv(design_file, index=False)
    config = validate(
        with_design_row(compose_config([*spec.overrides, f"design_file={design_file}", f"design_row={row}"]))
    )
    model = LabourMarketModel(config.country, config.model, scale=3000, seed=0)
    assert model.params.unemployed_to_inactive_rate == pytest.approx(0.04, abs=1e-9)  # as set, not the fit
    model.release()


def test_whole_number_parameters_are_run_and_analysed_rounded(tmp_path):
    from sim.sensitivity import design, runnable_design

    text = SPEC.replace(
        "model.migration_income_elasticity: [0.5, 1.5]", "shock.remittance_collapse.ramp_months: [1, 6]"
    )
    spec = read_spec(write(tmp_path, text))
    check_against_config(spec)  # its midpoint, 3.5, is rounded as a run would round it
    runs = runnable_design(spec, design(spec))
    column = list(spec.parameters).index("shock.remittance_collapse.ramp_months")
    assert (runs[:, column] == np.round(runs[:, column])).all()


def test_a_row_that_breaks_a_rule_tying_two_parameters_fails_before_any_run(tmp_path):
    from sim.sensitivity import design, runnable_design

    text = SPEC.replace(
        "model.migration_income_elasticity: [0.5, 1.5]",
        "country.own_account_share: [0.2, 0.5]\n  country.informality_rate: [0.45, 0.7]",
    ).replace("samples: 2", "samples: 6")
    spec = read_spec(write(tmp_path, text))
    check_against_config(spec)  # the midpoint and both ends keep own-account work within informality
    x = design(spec)
    columns = list(spec.parameters)
    breaking = x[:, columns.index("country.own_account_share")] > x[:, columns.index("country.informality_rate")]
    assert breaking.any()  # a mixed corner: more own-account work than informal work
    with pytest.raises(SpecError, match=f"design row {int(breaking.nonzero()[0][0])} cannot run"):
        runnable_design(spec, design(spec))


def test_two_jobs_of_one_design_row_are_refused_not_collapsed(tmp_path):
    from sim.sensitivity import outputs_of_runs

    for job, scale in ((0, 100), (1, 200)):  # overrides that swept scale=100,200 besides the design
        folder = tmp_path / str(job)
        (folder / ".hydra").mkdir(parents=True)
        (folder / ".hydra" / "overrides.yaml").write_text(f"- design_row=0\n- scale={scale}\n")
        (folder / "summary.json").write_text("{}")
    with pytest.raises(SpecError, match="design row 0 ran in jobs 0 and 1"):
        outputs_of_runs(read_spec(write(tmp_path, SPEC)), tmp_path, 1)
