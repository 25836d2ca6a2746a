"""Shared fixtures: small configs composed with Hydra's compose API, as the app composes them."""

from __future__ import annotations

import pytest

from sim.app import compose_config
from sim.config import ModelParams, load_country

SMALL = ["scale=1000", "burn_in_months=12", "horizon_months=18", "progress=false"]
"""A Kyrgyzstan of about 4,700 simulated persons, run for 30 months: a second or two."""


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
