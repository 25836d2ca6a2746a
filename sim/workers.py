"""Worker population: columnar state, one numpy array per attribute, and a per-worker view.

Core objects: `Status` (labour-market states, ILO categories), `AgeGroup`, `Workers`
(the arrays), `WorkerView` (what `model.workers[i]` returns) and `draw_ability`.

Each simulated worker stands for `scale` persons of the working-age population (15+).
A worker is in exactly one status at a time; the ILO aggregates follow from it:
employed = formal + informal (employees of informal firms and own-account workers),
labour force = employed + unemployed, inactive = outside the labour force.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np

from sim.config import SECTORS, SKILL_LEVELS


class Status(IntEnum):
    """Labour-market status of a worker (exactly one at a time)."""

    EMPLOYED_FORMAL = 0
    EMPLOYED_INFORMAL = 1
    UNEMPLOYED = 2
    INACTIVE = 3
    IN_TRAINING = 4
    ABROAD = 5  # one of ours, working abroad
    AWAY = 6  # a foreign worker not in the country (at home or elsewhere)


def at_home(status: np.ndarray) -> np.ndarray:
    """Residents: neither our migrants abroad nor foreign workers away."""
    return status < Status.ABROAD


class AgeGroup(IntEnum):
    """Age group: youth 15-24, prime 25-54, older 55+."""

    YOUTH = 0
    PRIME = 1
    OLDER = 2


NO_EMPLOYER = -1
NO_SECTOR = -1
NO_DESTINATION = -1


@dataclass
class Workers:
    """Columnar worker state: field i of every array describes worker i.

    Attributes:
        region: Region index (int8).
        age_group: `AgeGroup` (int8).
        skill: Skill level index into SKILL_LEVELS (int8).
        status: `Status` (int8).
        employer: Firm index, or NO_EMPLOYER for own-account work and the non-employed (int32).
        sector: Sector of the current or last job, or NO_SECTOR (int8).
        wage: Monthly earnings in local currency; 0 when not working (float64).
        reservation_wage: Lowest monthly wage accepted, local currency (float64).
        months_in_status: Months since the last change of status (int32).
        experience_months: Months worked in the current or last sector (int32).
        union_member: Member of the sector's union (bool).
        pensioner: Draws an old-age pension while living at home (bool).
        benefit: Unemployment benefit while entitled, local currency per month (float64).
        benefit_months_left: Months of unemployment benefit left (int16).
        training_months_left: Months of training left while in training (int16).
        training_target: Sector a trainee trains for, or NO_SECTOR (int8).
        course_months: Months of the course a trainee is on or last took (int16).
        trained: Has enrolled in a reskilling course (bool): a participant once, not eligible again.
        in_education: A young person in school (bool; `sim.markets.education`): not NEET.
        household: Household index (int32).
        destination: Index of the country abroad where a migrant is (into the preset's
            destinations), or NO_DESTINATION at home (int8).
        ability: Productivity relative to others of the same skill level, mean 1
            (float32): log-normal with a Pareto upper tail (`draw_ability`).
    """

    region: np.ndarray
    age_group: np.ndarray
    skill: np.ndarray
    status: np.ndarray
    employer: np.ndarray
    sector: np.ndarray
    wage: np.ndarray
    reservation_wage: np.ndarray
    months_in_status: np.ndarray
    experience_months: np.ndarray
    union_member: np.ndarray
    household: np.ndarray
    pensioner: np.ndarray
    benefit: np.ndarray
    benefit_months_left: np.ndarray
    training_months_left: np.ndarray
    training_target: np.ndarray
    course_months: np.ndarray
    ability: np.ndarray
    trained: np.ndarray
    destination: np.ndarray
    in_education: np.ndarray

    def __len__(self) -> int:
        return len(self.status)

    def __getitem__(self, i: int) -> "WorkerView":
        n = len(self)
        if not -n <= i < n:
            raise IndexError(f"worker {i} does not exist (there are {n})")
        return WorkerView.of(self, int(i) % n)

    @property
    def employed(self) -> np.ndarray:
        """Boolean mask of employed workers (formal or informal)."""
        return self.status <= Status.EMPLOYED_INFORMAL

    def efficiency(self, who: np.ndarray, skill_premium: np.ndarray) -> np.ndarray:
        """Efficiency units of labour of the workers `who`: the skill premium of their level
        times their ability; what they produce and what they are paid for."""
        return np.take(skill_premium, self.skill[who]) * self.ability[who]

    def set_status(self, who: np.ndarray, status: Status, restart_clock: bool = True) -> None:
        """Move the workers `who` (mask or indices) to `status` and restart their clock
        (`months_in_status`), unless `restart_clock` is False.

        A mask is turned into indices first: the few movers are then written field by
        field instead of every field scanning the whole population's mask."""
        who = np.asarray(who)
        if who.dtype == bool:
            who = np.flatnonzero(who)
        self.status[who] = status
        if restart_clock:
            self.months_in_status[who] = 0
        if status > Status.EMPLOYED_INFORMAL:
            self.employer[who] = NO_EMPLOYER
            self.wage[who] = 0.0
        if status not in (Status.UNEMPLOYED, Status.IN_TRAINING):  # trainees keep their benefit
            self.benefit_months_left[who] = 0


@dataclass(frozen=True)
class WorkerView:
    """A readable record of one worker, for following a single person through a run."""

    index: int
    status: str
    region: int
    age_group: str
    skill: str
    sector: str | None
    employer: int | None
    wage_monthly_local: float
    reservation_wage_monthly_local: float
    months_in_status: int
    experience_months: int
    union_member: bool
    household: int
    pensioner: bool
    unemployment_benefit_monthly_local: float
    ability: float

    @classmethod
    def of(cls, w: Workers, i: int) -> "WorkerView":
        sector = int(w.sector[i])
        employer = int(w.employer[i])
        return cls(
            index=i,
            status=Status(int(w.status[i])).name.lower(),
            region=int(w.region[i]),
            age_group=AgeGroup(int(w.age_group[i])).name.lower(),
            skill=SKILL_LEVELS[int(w.skill[i])],
            sector=SECTORS[sector] if sector != NO_SECTOR else None,
            employer=employer if employer != NO_EMPLOYER else None,
            wage_monthly_local=float(w.wage[i]),
            reservation_wage_monthly_local=float(w.reservation_wage[i]),
            months_in_status=int(w.months_in_status[i]),
            experience_months=int(w.experience_months[i]),
            union_member=bool(w.union_member[i]),
            household=int(w.household[i]),
            pensioner=bool(w.pensioner[i]),
            unemployment_benefit_monthly_local=float(w.benefit[i]) if w.benefit_months_left[i] > 0 else 0.0,
            ability=float(w.ability[i]),
        )


def count_each(category: np.ndarray, n: int) -> np.ndarray:
    """How many of `category` (a narrow integer array) equal each of 0, ..., n - 1, counted
    category by category: over a few categories (regions, sectors, destinations) this is
    quicker than np.bincount, whose every addition waits on the last one to its bin."""
    return np.array([np.count_nonzero(category == c) for c in range(n)], dtype=np.int64)


def draw_ability(n: int, dispersion: float, tail_exponent: float, rng: np.random.Generator) -> np.ndarray:
    """Abilities of `n` persons: log ability = N(0, dispersion^2) + Exp(tail_exponent), the
    normal-Laplace distribution of Reed and Jorgensen (2004), log-normal in its body with a
    Pareto upper tail of exponent `tail_exponent` (P(a > x) ~ x^-tail_exponent), as earnings
    are (Reed 2003); scaled to a mean of 1 (E exp(N) = exp(dispersion^2 / 2),
    E exp(Exp(alpha)) = alpha / (alpha - 1))."""
    log_ability = rng.normal(0.0, dispersion, n) + rng.exponential(1.0 / tail_exponent, n)
    mean = np.exp(0.5 * dispersion**2) * tail_exponent / (tail_exponent - 1.0)
    return (np.exp(log_ability) / mean).astype(np.float32)
