"""Slow tests (`pytest -m slow`): the default run over five seeds, and a million persons."""

from __future__ import annotations

import numpy as np
import pytest

from sim.app import compose_config, simulate_pair
from sim.config import validate
from sim.model import LabourMarketModel
from tests.test_model import assert_invariants

pytestmark = pytest.mark.slow


def test_default_protectionism_over_five_seeds():
    """At the default scale and horizon: fewer tradable jobs, more unemployment and more informality."""
    impacts = {"tradable_employment": [], "unemployment_rate": [], "informality_rate": []}
    for seed in range(5):
        baseline, scenario, _ = simulate_pair(validate(compose_config([f"seed={seed}", "progress=false"])))
        b = baseline.datacollector.get_model_vars_dataframe().iloc[1:]
        s = scenario.datacollector.get_model_vars_dataframe().iloc[1:]
        impacts["tradable_employment"].append((s["tradable_employment"] / b["tradable_employment"] - 1).mean())
        impacts["unemployment_rate"].append((s["unemployment_rate"] - b["unemployment_rate"]).mean())
        impacts["informality_rate"].append((s["informality_rate"] - b["informality_rate"]).mean())
        baseline.release()
        scenario.release()
    assert max(impacts["tradable_employment"]) < 0
    assert np.mean(impacts["unemployment_rate"]) > 0
    assert np.mean(impacts["informality_rate"]) > 0


def test_a_million_persons_keep_the_invariants(kyrgyzstan):
    everyone = kyrgyzstan.employed_persons / kyrgyzstan.employment_to_population + kyrgyzstan.migrants_abroad
    scale = everyone / 1_000_000
    model = LabourMarketModel(kyrgyzstan, scale=scale, seed=0)
    for _ in range(3):
        model.step()
        assert_invariants(model)
    model.release()
