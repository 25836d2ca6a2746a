"""Schedules: the ramp of a shock, and the environment a month runs with."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.config import SECTORS, BargainingRules, ProtectionismShock, ShockConfig
from sim.policy import Environment, Schedule, ramp


@given(
    month=st.integers(-5, 60),
    start=st.integers(1, 12),
    ramp_months=st.integers(0, 12),
    duration=st.one_of(st.none(), st.integers(0, 24)),
)
def test_ramp_is_between_zero_and_one_and_zero_before_the_start(month, start, ramp_months, duration):
    value = ramp(month, start, ramp_months, duration)
    assert 0.0 <= value <= 1.0
    if month < start:
        assert value == 0.0


def test_ramp_rises_linearly_then_holds_then_ends():
    path = [ramp(m, 3, 4, 2) for m in range(1, 12)]
    assert path == pytest.approx([0, 0, 0.25, 0.5, 0.75, 1, 1, 1, 0, 0, 0])


def test_protectionism_raises_partner_tariffs_on_the_named_sectors_only_in_the_horizon():
    shock = ShockConfig(
        protectionism=ProtectionismShock(partner_tariff_by_sector={"manufacturing": 0.3}, start_month=1, ramp_months=3)
    )
    base = Environment.base(BargainingRules())
    schedule = Schedule(shock)
    assert (schedule.environment(base, 0).partner_tariff == 0).all()
    env = schedule.environment(base, 3)
    assert env.partner_tariff[SECTORS.index("manufacturing")] == pytest.approx(0.3)
    assert np.count_nonzero(env.partner_tariff) == 1
    assert (env.world_demand == 1).all() and env.minimum_wage_factor == 1.0
