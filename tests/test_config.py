"""Configs: every group option composes and validates; bad values stop with the key named."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from omegaconf import OmegaConf

from sim.app import compose_config, precheck
from sim.config import CONFIG_DIR, SECTORS, ConfigError, load_country, validate

GROUPS = {g: sorted(p.stem for p in (CONFIG_DIR / g).glob("*.yaml")) for g in ("country", "shock", "policy")}


@pytest.mark.parametrize("group,option", [(g, o) for g, opts in GROUPS.items() for o in opts])
def test_every_group_option_composes_and_validates(group, option):
    config = validate(compose_config([f"{group}={option}"]))
    if group == "country":  # the preset chosen, not the default
        assert config.country.name == load_country(option).name
    else:  # a shock or policy is switched on by its option, and none by `none`
        active = {name for name, value in vars(getattr(config, group)).items() if value is not None}
        raw = OmegaConf.load(CONFIG_DIR / group / f"{option}.yaml")
        named = {key for key in raw if key != "defaults"} | {d for d in raw.get("defaults", []) if d != "_self_"}
        assert active == named, (group, option, active, named)


def test_country_preset_shares_sum_to_one(kyrgyzstan):
    assert set(kyrgyzstan.sector_employment_share) == set(SECTORS)
    assert sum(kyrgyzstan.sector_employment_share.values()) == pytest.approx(1.0, abs=1e-3)
    assert len(kyrgyzstan.regions) == 9  # 7 oblasts, Bishkek and Osh cities
    assert all(r.population > 0 for r in kyrgyzstan.regions.values())


@pytest.mark.parametrize(
    "override,key",
    [
        ("scale=0.5", "scale"),
        ("horizon_months=0", "horizon_months"),
        ("model.separation_rate_formal=1.5", "model.separation_rate_formal"),
        ("model.skill_share=[0.5,0.5,0.5]", "model.skill_share"),
        ("country.sector_employment_share.agriculture=0.5", "country.sector_employment_share"),
        ("country.informality_rate=-0.1", "country.informality_rate"),
        ("country.regions.bishkek_city.unemployment_rate=1.5", "country.regions.bishkek_city.unemployment_rate"),
        ("country.regions.bishkek_city.population=0", "country.regions.bishkek_city.population"),
        (
            "+country.regions.bishkek_city.employment_share={agriculture:0.5,industry:0.5,services:0.5}",
            "country.regions.bishkek_city.employment_share",
        ),
        ("model.search_distance_km=0", "model.search_distance_km"),
        ("shock.protectionism.start_month=99", "shock.protectionism.start_month"),
        (
            "+shock.protectionism.partner_tariff_by_sector.construction=0.2",
            "shock.protectionism.partner_tariff_by_sector",
        ),
    ],
)
def test_out_of_range_values_name_the_key(override, key):
    with pytest.raises(ConfigError, match=key.replace(".", r"\.")):
        validate(compose_config([override]))


@pytest.mark.parametrize(
    "override,needle",
    [
        ("sede=3", "'sede' does not exist"),
        ("seed=abc", "'seed'"),
        ("country=narnia", "kyrgyzstan"),
        ("model.applications_per_seeker=2.5", "'model.applications_per_seeker'"),
    ],
)
def test_typos_and_wrong_types_are_reported_before_anything_runs(override, needle):
    assert needle in precheck([override])


def test_unknown_country_lists_the_presets():
    with pytest.raises(ConfigError, match="kyrgyzstan"):
        load_country("narnia")


def test_a_bad_value_on_the_command_line_writes_nothing(tmp_path):
    out = tmp_path / "run"
    proc = subprocess.run(
        [sys.executable, "-m", "sim", "scale=0.5", f"hydra.run.dir={out}"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[1],
    )
    assert proc.returncode == 2
    assert "scale" in proc.stderr and "nothing was written" in proc.stderr
    assert not out.exists()


EXPERIMENTS = sorted(p.stem for p in (CONFIG_DIR / "experiment").glob("*.yaml"))


@pytest.mark.parametrize("name", EXPERIMENTS)
def test_every_experiment_composes_and_runs_shrunk(name, tmp_path):
    """No experiment file goes stale: each composes, validates and runs a tiny version."""
    from sim.app import run

    cfg = compose_config(
        [
            f"experiment={name}",
            "scale=3000",
            "burn_in_months=3",
            "horizon_months=3",
            "seeds=2",
            "progress=false",
            "figures=false",
        ],
        output_dir=tmp_path,
    )
    result = run(cfg)
    assert (tmp_path / "impacts.csv").exists() and len(result.summary["seeds"]) == 2
