"""Shocks and policies as time schedules of the model's exogenous parameters.

Step 1 of the monthly cycle. A shock or policy is a piecewise-linear path: nothing before
its start month, a linear ramp to full size over `ramp_months`, full size for
`duration_months` (or for ever), then back to zero. `Environment` holds the exogenous
parameters a month runs with (tariffs, world demand, prices, minimum wage, the migrants'
destination market); `Schedule`
maps a horizon month to the environment of that month. Months count from 1 = the first
month after burn-in; during burn-in (month <= 0) no shock applies.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from sim.config import (
    SECTORS,
    BargainingRules,
    PolicyConfig,
    ReskillingSubsidyPolicy,
    ShockConfig,
    YouthGuaranteePolicy,
)


@dataclass(frozen=True)
class Environment:
    """Exogenous parameters of one month (arrays by sector, in SECTORS order).

    Attributes:
        partner_tariff: Tariff partners levy on our exports (fraction).
        own_tariff: Tariff we levy on imports (fraction).
        world_demand: World demand for our exports relative to the base (1 = normal).
        import_price: World price of imports in US dollars before tariffs (1 = base).
        minimum_wage_factor: Scenario multiplier on the statutory minimum wage (1 = as set).
        destinations: Names of the migrants' destinations (the preset's, main one first).
        destination_currencies: Their currencies' ISO codes.
        destination_demand: Labour demand in each destination (1 = base).
        local_per_usd: Our currency per US dollar (1 = base; 1.25 = we lost 20 %).
        destination_per_usd: Each destination's currency per US dollar (1 = base).
        bargaining: Collective bargaining rules in force.
        reskilling: The reskilling programme open this month, or None.
        youth_guarantee: The youth guarantee open this month, or None.
    """

    partner_tariff: np.ndarray
    own_tariff: np.ndarray
    world_demand: np.ndarray
    import_price: np.ndarray
    minimum_wage_factor: float = 1.0
    destinations: tuple[str, ...] = ()
    destination_currencies: tuple[str, ...] = ()
    destination_demand: np.ndarray = field(default_factory=lambda: np.ones(0))
    local_per_usd: float = 1.0
    destination_per_usd: np.ndarray = field(default_factory=lambda: np.ones(0))
    bargaining: BargainingRules = field(default_factory=BargainingRules)
    reskilling: ReskillingSubsidyPolicy | None = None
    youth_guarantee: YouthGuaranteePolicy | None = None

    @property
    def destination_currency(self) -> np.ndarray:
        """Value of each destination's currency in ours (1 = base)."""
        return self.local_per_usd / self.destination_per_usd

    @classmethod
    def base(
        cls, bargaining: BargainingRules, destinations: tuple[str, ...] = (), currencies: tuple[str, ...] = ()
    ) -> "Environment":
        n, d = len(SECTORS), len(destinations)
        return cls(
            np.zeros(n),
            np.zeros(n),
            np.ones(n),
            np.ones(n),
            destinations=tuple(destinations),
            destination_currencies=tuple(currencies) or ("",) * d,
            destination_demand=np.ones(d),
            destination_per_usd=np.ones(d),
            bargaining=bargaining,
        )


def ramp(month: int, start_month: int, ramp_months: int, duration_months: int | None) -> float:
    """Share of a shock's full size in force in `month` (0 before, 1 at full size).

    The ramp reaches full size `ramp_months` after the start: in the start month it is at
    1 / ramp_months (at once when ramp_months = 0).
    """
    if month < start_month:
        return 0.0
    elapsed = month - start_month + 1
    if duration_months is not None and elapsed > ramp_months + duration_months:
        return 0.0
    return 1.0 if ramp_months == 0 else min(1.0, elapsed / ramp_months)


def sector_vector(by_sector: dict[str, float]) -> np.ndarray:
    """Array in SECTORS order from a {sector: value} mapping (missing sectors: 0)."""
    return np.array([float(by_sector.get(s, 0.0)) for s in SECTORS])


@dataclass(frozen=True)
class Schedule:
    """The scenario's shocks and policies as a function of the horizon month."""

    shock: ShockConfig
    policy: PolicyConfig = field(default_factory=PolicyConfig)

    def environment(self, base: Environment, month: int) -> Environment:
        """The environment in horizon month `month` (<= 0: burn-in, the base)."""
        env = base
        p = self.shock.protectionism
        if p is not None and month >= 1:
            size = ramp(month, p.start_month, p.ramp_months, p.duration_months)
            env = replace(env, partner_tariff=env.partner_tariff + size * sector_vector(p.partner_tariff_by_sector))
        t = self.shock.own_tariffs
        if t is not None and month >= 1:
            size = ramp(month, t.start_month, t.ramp_months, t.duration_months)
            env = replace(env, own_tariff=env.own_tariff + size * sector_vector(t.tariff_by_sector))
        d = self.shock.world_demand
        if d is not None and month >= 1:
            size = ramp(month, d.start_month, d.ramp_months, d.duration_months)
            env = replace(env, world_demand=env.world_demand * (1.0 - size * sector_vector(d.fall_by_sector)))
        r = self.shock.remittance_collapse
        if r is not None and month >= 1:
            size = ramp(month, r.start_month, r.ramp_months, r.duration_months)
            hit = np.array([name == (r.destination or env.destinations[0]) for name in env.destinations], dtype=bool)
            currency = np.array(env.destination_currencies)
            same_money = np.isin(currency, currency[hit])  # its currency falls wherever it is used
            demand, per_usd = env.destination_demand, env.destination_per_usd
            env = replace(
                env,
                destination_demand=np.where(hit, demand * (1.0 - size * r.destination_demand_fall), demand),
                destination_per_usd=np.where(same_money, per_usd / (1.0 - size * r.destination_currency_fall), per_usd),
                local_per_usd=env.local_per_usd / (1.0 - size * r.local_currency_fall),
            )
        rs = self.policy.reskilling_subsidy
        if rs is not None and month >= rs.start_month:
            env = replace(env, reskilling=rs)
        yg = self.policy.youth_guarantee
        if yg is not None and month >= yg.start_month:
            env = replace(env, youth_guarantee=yg)
        cb = self.policy.collective_bargaining
        if cb is not None and month >= cb.start_month:
            levers = {
                name: getattr(cb, name)
                for name in ("extension", "bargaining_power", "ballot_threshold", "mediation_months", "recognition")
            }
            env = replace(env, bargaining=replace(env.bargaining, **{k: v for k, v in levers.items() if v is not None}))
        return env


NO_SCHEDULE = Schedule(ShockConfig(), PolicyConfig())
"""The baseline: no shock, no policy."""
