"""Property tests of the configuration: valid configs drawn at random run to the end with
finite indicators and the model's invariants; invalid values drawn at random are refused with
the key named, before anything runs."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.app import compose_config, precheck, simulate_pair
from sim.config import CONFIG_DIR, validate
from tests.test_model import assert_invariants

PRESETS = sorted(p.stem for p in (CONFIG_DIR / "country").glob("*.yaml"))
SHOCKS = sorted(p.stem for p in (CONFIG_DIR / "shock").glob("*.yaml"))
POLICIES = sorted(p.stem for p in (CONFIG_DIR / "policy").glob("*.yaml"))
CORE = ("unemployment_rate", "employment_rate", "informality_rate", "median_wage", "gdp", "real_gdp")


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    country=st.sampled_from(PRESETS),
    shock=st.sampled_from(SHOCKS),
    policy=st.sampled_from(POLICIES),
    scale=st.floats(1500, 3000),  # within every preset's bounds (North Macedonia's largest: 3,027)
    seed=st.integers(0, 2**31 - 1),
    horizon=st.integers(1, 6),
    separation=st.floats(0.0, 0.05),
    expectations=st.floats(0.0, 1.0),
)
def test_a_valid_config_drawn_at_random_runs_with_finite_indicators_and_its_invariants(
    country, shock, policy, scale, seed, horizon, separation, expectations
):
    overrides = [
        f"country={country}",
        f"shock={shock}",
        f"policy={policy}",
        f"scale={scale}",
        f"seed={seed}",
        "burn_in_months=2",
        f"horizon_months={horizon}",
        f"model.separation_rate_formal={separation}",
        f"model.expectation_adjustment={expectations}",
        "progress=false",
    ]
    assert precheck(overrides) is None
    config = validate(compose_config(overrides))
    baseline, scenario, _ = simulate_pair(config)
    try:
        for model in (baseline, scenario):
            assert model.month == 2 + horizon
            assert_invariants(model)
            assert all(math.isfinite(model.indicators[name]) for name in CORE)
    finally:
        baseline.release()
        scenario.release()


FRACTIONS = (
    "model.separation_rate_formal",
    "model.expectation_adjustment",
    "country.informality_rate",
    "country.union_density",
    "country.taxes.vat",
    "country.regions.osh_city.unemployment_rate",
)
OUTSIDE_A_FRACTION = st.one_of(
    st.floats(max_value=-1e-9, allow_nan=False),
    st.floats(min_value=1.000001, allow_nan=False),
    st.sampled_from([math.nan, math.inf, -math.inf]),
)


@settings(max_examples=20, deadline=None)
@given(key=st.sampled_from(FRACTIONS), value=OUTSIDE_A_FRACTION)
def test_a_fraction_outside_zero_and_one_is_refused_with_its_key(key, value):
    message = precheck([f"{key}={value!r}" if np.isfinite(value) else f"{key}={value}"])
    assert message is not None and key in message, message


@settings(max_examples=10, deadline=None)
@given(value=st.one_of(st.floats(max_value=0.999, allow_nan=False), st.floats(min_value=1e7), st.just(math.nan)))
def test_a_scale_that_leaves_too_few_or_too_many_persons_is_refused(value):
    message = precheck([f"scale={value}"])
    assert message is not None and "'scale'" in message, message
