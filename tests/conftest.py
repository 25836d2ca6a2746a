"""Shared fixtures: small configs composed with Hydra's compose API, as the app composes them."""

from __future__ import annotations

import os

import pytest

from sim.app import compose_config
from sim.config import ModelParams, load_country

SMALL = ["scale=1000", "burn_in_months=12", "horizon_months=18", "progress=false"]
"""A Kyrgyzstan of about 4,700 simulated persons, run for 30 months: a second or two."""


@pytest.fixture(scope="session", autouse=True)
def burn_in_cache_of_the_session(tmp_path_factory):
    """Burned-in economies go to a folder of the test session (`SIM_CACHE_DIR`), also for the
    runs tests start as subprocesses, not to the checkout's results/."""
    os.environ["SIM_CACHE_DIR"] = str(tmp_path_factory.mktemp("burn_in_cache"))
    yield
    os.environ.pop("SIM_CACHE_DIR", None)


@pytest.fixture(scope="session")
def kyrgyzstan():
    return load_country("kyrgyzstan")


@pytest.fixture
def small_cfg(tmp_path):
    """The default config shrunk, writing into a temporary folder, without figures."""
    return compose_config(SMALL + ["figures=false"], output_dir=tmp_path)


@pytest.fixture
def params():
    return ModelParams()


def paired_frames(overrides: list[str], skip: int = 1):
    """Run a paired baseline and scenario from composed overrides; return their indicator
    tables from month `skip` on (the models are released)."""
    from sim.app import simulate_pair
    from sim.config import validate

    baseline, scenario, _ = simulate_pair(validate(compose_config(overrides)))
    frames = [m.datacollector.get_model_vars_dataframe().iloc[skip:] for m in (baseline, scenario)]
    baseline.release()
    scenario.release()
    return frames
