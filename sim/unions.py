"""Trade unions: one Mesa agent per sector, with members, density and a dispute calendar.

Unions are few and rich in behaviour, so they are Mesa agents (DESIGN.md section 3).
Membership lives on the worker arrays (`Workers.union_member`): new formal hires join with
the calibrated density, members leave and incumbents join at a small churn rate that keeps
it, and members who leave formal employment leave the union (the ILO counts union members
among employees). Once a year, in its own
month, a union bargains for its sector (`sim.markets.bargaining`); a dispute moves through
the calendar ballot -> notice -> mediation -> strike -> settlement, as labour codes in the
region prescribe, and the floor agreed binds the covered firms until the next round.
Agreements are in force at start, at the floor the rounds settle on (`Union.open_agreement`).
"""

from __future__ import annotations

from dataclasses import dataclass

import mesa
import numpy as np

from sim.config import BargainingRules
from sim.markets import bargaining

IDLE, NOTICE, MEDIATION, STRIKE = "idle", "notice", "mediation", "strike"


def density_words(density: float | None, assumption: str | None) -> str:
    """The union density a run starts from, as its printout and summary name it: published,
    assumed (with the preset's reason), or none."""
    if not density:
        return "none: the preset has no union density (country.union_density=null), so no agreements"
    share = f"{100 * density:.1f} % of formal employees at start"
    if assumption is None:
        return f"{share}, the published density"
    return f"{share}, an assumption: {assumption}"


@dataclass(frozen=True)
class SectorConditions:
    """What a union bargains over: its sector's going wage and productivity (in base-wage
    units, local currency per month) and the labour market's unemployment."""

    market_wage: float
    productivity: float
    unemployment_rate: float
    replacement_rate: float


class Union(mesa.Agent):
    """A sector's trade union.

    Attributes:
        sector: Sector index (into SECTORS).
        sector_name: Sector name.
        members: Members (simulated persons).
        density: Members / formal employees of the sector (fraction).
        join_probability: Chance that a new formal hire in the sector joins.
        wage_floor_local: Base monthly wage floor of the agreement in force (None: none yet).
        stage: Where the current dispute stands: idle, notice, mediation or strike.
        months_left: Months left in the current stage.
        claim_local, offer_local: The last round's claim and offer.
        ballots: (month, yes share, threshold, strike called) of every ballot held.
    """

    def __init__(self, model: mesa.Model, sector: int, sector_name: str, join_probability: float) -> None:
        super().__init__(model)
        self.sector = sector
        self.sector_name = sector_name
        self.join_probability = join_probability
        self.members = 0
        self.density = 0.0
        self.wage_floor_local: float | None = None
        self.stage = IDLE
        self.months_left = 0
        self.claim_local = 0.0
        self.offer_local = 0.0
        self.ballots: list[tuple[int, float, float, bool]] = []

    def record_membership(self, members: int, formal_employees: int) -> None:
        """Update the member count and density from the worker arrays."""
        self.members = int(members)
        self.density = float(members) / formal_employees if formal_employees else 0.0

    @property
    def on_strike(self) -> bool:
        return self.stage == STRIKE

    def bargaining_month(self, month: int) -> bool:
        """Unions bargain once a year, each in its own month (staggered by sector)."""
        return month % 12 == self.sector % 12

    def advance(
        self, month: int, conditions: SectorConditions, rules: BargainingRules, rng: np.random.Generator
    ) -> None:
        """One month of the union's calendar: open a round, or move a dispute on."""
        if self.stage == IDLE:
            if self.members > 0 and self.bargaining_month(month):
                self.open_round(month, conditions, rules, rng)
            return
        self.months_left -= 1
        if self.stage == MEDIATION and rng.random() < rules.mediation_settlement_rate:
            self.settle(0.5)
        elif self.months_left > 0:
            return
        elif self.stage == NOTICE:
            self.enter(MEDIATION if rules.mediation_months > 0 else STRIKE, rules)
        elif self.stage == MEDIATION:
            self.enter(STRIKE, rules)
        elif self.stage == STRIKE:
            self.settle(0.5)

    def open_agreement(self, conditions: SectorConditions, rules: BargainingRules) -> None:
        """The agreement in force at start, where the yearly rounds settle: each round's offer
        is the floor in force (or the going wage if higher) and the settlement closes a share of
        the gap to the claim, so with steady conditions floors approach the claim. A union
        without members has none."""
        if self.members > 0:
            outside = bargaining.outside_option(
                conditions.market_wage, conditions.unemployment_rate, conditions.replacement_rate
            )
            self.wage_floor_local = bargaining.claim(outside, conditions.productivity, rules.bargaining_power)

    def open_round(
        self, month: int, conditions: SectorConditions, rules: BargainingRules, rng: np.random.Generator
    ) -> None:
        outside = bargaining.outside_option(
            conditions.market_wage, conditions.unemployment_rate, conditions.replacement_rate
        )
        self.claim_local = bargaining.claim(outside, conditions.productivity, rules.bargaining_power)
        self.offer_local = bargaining.offer(outside, self.wage_floor_local)
        if self.claim_local <= self.offer_local:
            self.wage_floor_local = self.offer_local
            return
        support = bargaining.ballot_support(self.members, self.claim_local, self.offer_local, rules.militancy, rng)
        strike = support >= rules.ballot_threshold
        self.ballots.append((month, support, rules.ballot_threshold, strike))
        if strike:
            self.enter(NOTICE if rules.notice_months > 0 else MEDIATION, rules)
        else:
            self.settle(rules.concession_without_strike)

    def enter(self, stage: str, rules: BargainingRules) -> None:
        months = {NOTICE: rules.notice_months, MEDIATION: rules.mediation_months, STRIKE: rules.strike_months}[stage]
        if stage == MEDIATION and months == 0:
            stage, months = STRIKE, rules.strike_months
        if stage == STRIKE and months == 0:
            self.settle(0.5)
            return
        self.stage, self.months_left = stage, months

    def settle(self, share_of_gap: float) -> None:
        self.wage_floor_local = bargaining.settlement(self.offer_local, self.claim_local, share_of_gap)
        self.stage, self.months_left = IDLE, 0


def membership(
    member: np.ndarray,
    formal: np.ndarray,
    new_hire: np.ndarray,
    join_probability: np.ndarray,
    churn: float,
    u: np.ndarray,
) -> np.ndarray:
    """Union members after this month's joining and leaving.

    New formal hires join with their sector's target density; incumbent members leave at
    the churn rate and formal non-members join at the rate that keeps the density at its
    target (churn x d / (1 - d)), so membership spreads over firms by head count rather than
    by turnover. Only formal employees are members.
    """
    d = np.clip(join_probability, 0.0, 0.99)
    stay = member & (u >= churn)
    join_incumbent = ~member & ~new_hire & (u < churn * d / (1.0 - d))
    join_new = ~member & new_hire & (u < d)
    return formal & (stay | join_incumbent | join_new)
