"""Configs: every group option composes and validates; bad values stop with the key named."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path
from typing import Annotated, List, get_args, get_origin, get_type_hints

import annotated_types
import pytest
from omegaconf import OmegaConf
from pydantic import Field

import sim.app
from sim.app import compose_config, compose_job, config_groups, precheck
from sim.config import CONFIG_DIR, SECTORS, Config, ConfigError, allowed_values, load_country, validate

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
        # beyond what any run means, or what the arithmetic holds
        ("scale=1e9", "scale"),
        ("scale=inf", "scale"),
        ("horizon_months=1000000000", "horizon_months"),
        ("burn_in_months=5000", "burn_in_months"),
        ("country.mean_wage_local=1e308", "country.mean_wage_local"),
        ("country.poverty_line_local=1e15", "country.poverty_line_local"),
        # a key added with + that the schema does not have is not silently dropped
        ("+model.separation_rate_formall=0.5", "model.separation_rate_formall"),
        ("+shock.protectionism.tariff_rat=0.3", "shock.protectionism.tariff_rat"),
        ("+country.regions.bishkek_city.populaton=5", "country.regions.bishkek_city.populaton"),
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


def test_the_largest_scale_is_the_preset_s_and_the_message_says_it():
    with pytest.raises(ConfigError, match=r"at most 9,435 for Kyrgyzstan.*at least 500 simulated persons"):
        validate(compose_config(["scale=9436"]))
    validate(compose_config(["scale=9435"]))


def test_every_job_of_a_sweep_is_validated_before_the_first_runs(tmp_path):
    """`-m scale=100,0.5,50` ran job 0 before failing on job 1; now nothing runs."""
    assert precheck(["-m", "scale=100,0.5,50"]).startswith("job 1 of 3 (scale=0.5): config key 'scale'")
    assert precheck(["-m", "country=kyrgyzstan,serbia", "seed=range(0,3)"]) is None
    proc = subprocess.run(
        [sys.executable, "-m", "sim", "-m", "scale=1000,0.5", "burn_in_months=2", "horizon_months=2",
         f"paths.results_dir={tmp_path}"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[1],
        timeout=300,
    )
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "job 1 of 2 (scale=0.5)" in proc.stderr and "nothing was written" in proc.stderr
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize(
    "overrides",
    [
        ["seed=3", "scale=50"],
        ["country=serbia", "country.union_density=0.2", "shock=remittance_collapse", "horizon_months=12"],
        ["policy=collective_bargaining", "policy.collective_bargaining.bargaining_power=0.3", "seeds=2"],
        ["shock.protectionism.partner_tariff_by_sector.manufacturing=0.4", "+extra_note=1", "~experiment"],
        ["model.separation_rate_formal=0.02", "country.regions.bishkek_city.population=1000000"],
        ["horizon_months=12", "++horizon_months=-5"],  # in their order: the last one holds
        ["seed=5", "~seed=5"],
        ["scale=${oc.env:SIM_NOT_SET_ANYWHERE}", "scale=50"],  # an interpolation is not resolved to set a key
        ["experiment=reskilling_after_deglobalisation", "seeds=2", "paths.output_dir=/elsewhere"],
        ["country.calendar_start=2027-03", "country.union_density=null"],
    ],
)
def test_a_job_composed_from_its_groups_equals_its_full_composition(overrides):
    """The check before a sweep composes each set of group choices once and sets the values as
    Hydra does: the config is the one Hydra composes from all the overrides."""
    expected = OmegaConf.to_yaml(compose_config(overrides))
    assert OmegaConf.to_yaml(compose_job(overrides, {}, config_groups())) == expected


def test_a_later_override_of_a_key_is_the_one_checked():
    assert "horizon_months" in precheck(["horizon_months=12", "++horizon_months=-5"])
    assert precheck(["horizon_months=-5", "++horizon_months=12"]) is None


def test_the_sweeper_checks_only_the_jobs_the_command_line_did_not_name(monkeypatch):
    """The check before a sweep composes every job of its command line; Hydra's sweeper, which
    would compose them again in turn, then skips them, but not jobs its config adds."""
    from hydra._internal.core_plugins.basic_sweeper import BasicSweeper

    checked = []
    monkeypatch.setattr(BasicSweeper, "validate_batch_is_legal", lambda self, batch: checked.append(batch))
    sim.app.skip_sweeper_recheck()
    sim.app.skip_sweeper_recheck()  # once is enough: a second call changes nothing
    sweeper = BasicSweeper(max_batch_size=None, params=None)
    sweeper.validate_batch_is_legal([["seed=1"]])
    assert checked == []
    sweeper = BasicSweeper(max_batch_size=None, params={"scale": "1000,abc"})
    sweeper.validate_batch_is_legal([["scale=abc"]])
    assert checked == [[["scale=abc"]]]


def test_a_grid_of_values_is_checked_with_one_composition(monkeypatch):
    calls = []
    real = sim.app.compose_config
    monkeypatch.setattr(sim.app, "compose_config", lambda overrides: calls.append(overrides) or real(overrides))
    grid = ["-m", "shock.protectionism.start_month=1,2,3,4", "policy=collective_bargaining",
            "policy.collective_bargaining.bargaining_power=0.1,0.2,0.3,0.4"]
    assert precheck(grid) is None
    assert calls == [["policy=collective_bargaining"]]
    message = precheck(["-m", "policy=collective_bargaining", "policy.collective_bargaining.bargaining_power=0.1,7"])
    assert message.startswith("job 1 of 2 (policy.collective_bargaining.bargaining_power=7)"), message
    assert "bargaining_power" in message


def test_a_custom_preset_is_found_through_the_search_path_and_the_config_dir(tmp_path):
    """A preset of one's own, in a folder of one's own: `hydra.searchpath` was dropped by the
    check before the run, which then refused a valid preset."""
    (tmp_path / "country").mkdir()
    text = (CONFIG_DIR / "country" / "kyrgyzstan.yaml").read_text().replace("name: Kyrgyzstan", "name: Mine")
    (tmp_path / "country" / "mine.yaml").write_text(text)
    assert precheck([f"hydra.searchpath=[file://{tmp_path}]", "country=mine"]) is None
    assert precheck(["--config-dir", str(tmp_path), "country=mine"]) is None
    assert "country.union_density" in precheck([f"--config-dir={tmp_path}", "country=mine", "country.union_density=2"])
    assert "Could not find 'country/mine'" in precheck(["country=mine"])
    out = tmp_path / "run"
    proc = subprocess.run(
        [sys.executable, "-m", "sim", "--config-dir", str(tmp_path), "country=mine", "scale=1000", "burn_in_months=2",
         "horizon_months=2", "figures=false", "progress=false", f"hydra.run.dir={out}"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[1],
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "\nMine: scenario minus baseline" in proc.stdout


@pytest.mark.parametrize(
    "argv,needle",
    [
        (["country=narnia"], "unknown country 'narnia'"),
        (["country=kyrgyzstan", "seeds=abc"], "invalid literal"),
        (["kyrgyzstan"], "not KEY=VALUE: kyrgyzstan"),
        (["country=kyrgyzstan", "months=10"], "months > 24"),
        (["country=kyrgyzstan", "evaluatons=5"], "unknown: evaluatons"),
    ],
)
def test_the_calibration_s_arguments_are_checked_before_anything_runs(argv, needle):
    from sim import calibrate

    with pytest.raises(SystemExit) as stop:
        calibrate.main(argv)
    assert needle in str(stop.value.code) and str(stop.value.code).startswith("usage: python -m sim.calibrate")


@pytest.mark.parametrize("module", ["sim.calibrate", "sim.validate"])
def test_help_prints_the_usage(module, capsys):
    import importlib

    importlib.import_module(module).main(["--help"])
    assert capsys.readouterr().out.startswith(f"usage: python -m {module}")


FREE_TEXT = {
    "country.regions.*.neighbours.*",  # region keys: checked against the regions by check_rules
    "policy.reskilling_subsidy.target_sectors.*",  # sector names: checked by check_rules
    "paths.root_dir",
    "paths.results_dir",
    "paths.output_dir",
    "paths.cache_dir",
}
"""Fields whose values a range cannot describe; every other field declares what it accepts."""


def bounded(hint) -> bool:
    """Whether an `Annotated` hint's constraints hold a bound (a limit, a length, a pattern, or
    finiteness), not only words."""
    kinds = (annotated_types.Ge, annotated_types.Gt, annotated_types.Le, annotated_types.Lt)
    lengths = (annotated_types.MinLen, annotated_types.MaxLen)
    for extra in get_args(hint)[1:]:
        for m in getattr(extra, "metadata", []):
            finite_only = getattr(m, "allow_inf_nan", None) is False
            if isinstance(m, kinds + lengths) or getattr(m, "pattern", None) or finite_only:
                return True
    return False


def undeclared_fields(hint=Config, path=()) -> list[str]:
    """Fields of the schema whose type declares no bound (`sim.config.ranged`), and items of
    lists and mappings likewise, depth first."""
    out, bare, annotated = [], hint, None
    while get_origin(bare) is not None and get_origin(bare) not in (dict, list):
        if get_origin(bare) is Annotated:
            annotated = bare
            bare = get_args(bare)[0]
        else:  # Optional
            bare = next(a for a in get_args(bare) if a is not type(None))
    if dataclasses.is_dataclass(bare):
        hints = get_type_hints(bare, include_extras=True)
        for name in hints:
            out += undeclared_fields(hints[name], path + (name,))
    elif get_origin(bare) in (dict, list):
        out += undeclared_fields(get_args(bare)[-1], path + ("*",))
    elif bare is not bool and (annotated is None or not bounded(annotated)):
        out.append(".".join(path))
    return [key for key in out if key not in FREE_TEXT]


def test_every_field_declares_what_it_accepts():
    """A parameter cannot be added without its range: a plain `float` field fails here."""
    assert undeclared_fields() == []
    assert allowed_values(("model", "separation_rate_formal")) == "a fraction in [0, 1]"
    assert allowed_values(("country", "regions", "bishkek_city", "population")).startswith("a count of persons")
    assert allowed_values(("country", "real_gdp_growth", "percent")) == "at least 10 consecutive years"
    assert allowed_values(("country", "real_gdp_growth", "percent", 3)).startswith("growth in percent")


@pytest.mark.parametrize(
    "override,words",
    [
        ("model.separation_rate_formal=nan", "= nan is not allowed: a fraction in [0, 1]"),
        ("country.taxes.vat=1.0", "a fraction in [0, 1)"),
        ("country.mean_wage_basis=gros", "'gross' or 'net'"),
        ("country.poverty_line_basis='per household'", "'per equivalent adult' or 'per person'"),
        ("country.national_accounts.year=23", "a calendar year in [1900, 2100]"),
        ("country.regions.bishkek_city.lat=95", "degrees in [-90, 90]"),
        ("+country.calibrated.separation_rate_formall=0.1", "a number field of ModelParams"),
        ("+country.calibrated.skill_share=0.5", "a number field of ModelParams"),  # a list field
        # a fitted value keeps the range of the field it replaces
        ("country.calibrated.separation_rate_formal=5", "a fraction in [0, 1]"),
        ("+country.calibrated.exit_after_months=2.5", "an integer >= 1"),
        ("model.skill_premium=[1,1,inf]", "'model.skill_premium[2]' = inf is not allowed: a number > 0"),
        ("+country.export_share.bananas=0.1", "unknown keys ['bananas']"),
        ("model.discouragement_memory_months=-inf", "a half-life in months > 0"),
        ("model.skill_premium=[1.0,2.0]", "3 positive wage multipliers"),
        # a poverty line of another year needs inflation for every year between (Kyrgyzstan's from 2015)
        ("country.poverty_line_year=2012", "'country.consumer_prices.first_year' = 2015 is not allowed: inflation for every year from 2013 to 2019"),
        ("country.price_year=null", "'country.price_year' = None is not allowed: the year of the wages' prices"),
    ],
)
def test_a_refusal_says_what_the_field_accepts(override, words):
    with pytest.raises(ConfigError) as refused:
        validate(compose_config([override]))
    assert words in str(refused.value), str(refused.value)


@dataclasses.dataclass
class Loose:
    words_only: Annotated[float, Field(description="a number")] = 0.0
    items_unchecked: Annotated[List[float], Field(description="some numbers", min_length=1)] = dataclasses.field(
        default_factory=lambda: [1.0]
    )
    bounded: Annotated[float, Field(description="a fraction", ge=0, le=1)] = 0.5


def test_the_schema_walk_finds_fields_with_words_but_no_bound():
    assert undeclared_fields(Loose) == ["words_only", "items_unchecked.*"]


def test_a_config_built_in_python_is_type_checked_as_the_command_line_does():
    base = OmegaConf.to_object(compose_config([]))
    for bad in (True, "abc"):
        with pytest.raises(ConfigError, match="separation_rate_formal"):
            validate(dataclasses.replace(base, model=dataclasses.replace(base.model, separation_rate_formal=bad)))
    with pytest.raises(ConfigError, match="'seed'"):
        validate(dataclasses.replace(base, seed=2.5))


def test_infinite_half_life_is_allowed():
    config = validate(compose_config(["model.discouragement_memory_months=inf"]))
    assert config.model.discouragement_memory_months > 1e300
