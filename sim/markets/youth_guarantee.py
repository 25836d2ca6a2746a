"""Youth guarantee: an offer of a job, a traineeship or a course for the young out of work.

Step 6 of the monthly cycle, after the reskilling programme and before the job search. The
EU's Youth Guarantee (Council Recommendation of 22 April 2013, 2013/C 120/01; reinforced
2020/C 372/01), which North Macedonia runs since 2018 and Serbia since 2024, promises every
young person a good-quality offer of employment, continued education, an apprenticeship or a
traineeship within four months of becoming unemployed or leaving formal education. Here a
resident aged 15-24 whose spell of unemployment reaches `offer_within_months` is offered,
once a spell, an offer with the chance `offer_rate` (the programme reaches only part of its target
group), while it has seats (`seats_share`: its running participants, placements it still
pays and trainees, at most that share of the young labour force), and of one type, drawn at
the programme's `offer_shares`:

- a job: a formal vacancy of a private firm of their region, filled at the firm's pay, with a
  wage subsidy of `job_subsidy_share` of the pay for `job_subsidy_months`;
- a traineeship: the same placement, paid in full by the programme for `traineeship_months`,
  after which it ends and the trainee looks for work again, with its months as experience;
- a course: the reskilling programme's training (`sim.markets.training`: lock-in, drop-out,
  a month's return to schooling a month) for `training_months`, paid in full.

Placements fill vacancies that firms posted anyway, and firms hire for the orders they expect,
not for a lower wage cost: a subsidy changes who is hired, not how many, so a subsidised young
hire takes the job another job seeker would have had (full displacement, imposed; the paired
runs measure what is left through incomes and turnover) (displacement; Crepon, Duflo, Gurgand, Rathelot and
Zamora 2013, QJE 128(2), measured it for job-search assistance to young graduates in France).
The placed are hired as the employment service matches them (firms do not screen them) and
every offer is accepted. An offer that finds no vacancy in the region is not placed. Not
modelled: the inactive young (school leavers who do not register), whom the EU rule also
covers, and ages 25-29, whom North Macedonia's and Serbia's programmes also serve. Those who receive no offer are a
random comparison group of those who do: the gap between the two, k months after the offer,
is the offer's effect on those offered (an intention-to-treat effect), which overstates the
programme's, since the not offered lose the vacancies the offered take.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FOLLOW_UP_MONTHS = (6, 12, 24)
"""Months after the offer at which the offered and the not offered of a month are compared."""

OFFER_TYPES = ("job", "traineeship", "training")
"""Offers of the programme, in the order of `offer_shares`."""

NO_OFFER = -1


def eligible(
    young: np.ndarray,
    unemployed: np.ndarray,
    months_in_status: np.ndarray,
    last_reached: np.ndarray,
    month: int,
    wait: int,
) -> np.ndarray:
    """Mask of the young unemployed for at least `wait` months who have not reached the offer
    month in this spell (they last reached it in month `last_reached`, before the spell began):
    the programme draws once a spell whether a person gets an offer."""
    spell_start = month - months_in_status
    return young & unemployed & (months_in_status >= wait) & (last_reached < spell_start)


def offer_types(
    u_offer: np.ndarray, u_type: np.ndarray, offer_rate: float, shares: np.ndarray, seats: int | None = None
) -> np.ndarray:
    """The offer of each eligible person (index into OFFER_TYPES), or NO_OFFER: an offer with
    chance `offer_rate` (draw `u_offer`), its type at the `shares` (draw `u_type`); at most
    `seats` offers (None: no limit), to those with the lowest draws."""
    cumulative = np.cumsum(shares) / shares.sum()
    kind = np.minimum(np.searchsorted(cumulative, u_type, side="right"), len(shares) - 1)
    offered = u_offer < offer_rate
    if seats is not None and np.count_nonzero(offered) > seats:
        first = np.flatnonzero(offered)[np.argsort(u_offer[offered], kind="stable")[: max(seats, 0)]]
        offered[:] = False
        offered[first] = True
    return np.where(offered, kind, NO_OFFER)


def place(
    person_region: np.ndarray,
    firm: np.ndarray,
    firm_region: np.ndarray,
    vacancies: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """The firm (from `firm`) where each person is placed, or -1 without a vacancy in their
    region: each region's persons take its vacancies at random, one person a vacancy (a firm
    with more vacancies is more likely to take one)."""
    placed = np.full(len(person_region), -1, dtype=np.int64)
    for r in np.unique(person_region):
        here = np.flatnonzero(person_region == r)
        in_region = firm_region == r
        slots = np.repeat(firm[in_region], vacancies[in_region])
        taken = rng.choice(len(slots), size=min(len(here), len(slots)), replace=False)
        chosen = here if len(here) <= len(slots) else rng.choice(here, size=len(slots), replace=False)
        placed[np.sort(chosen)] = slots[taken]
    return placed


@dataclass
class Placements:
    """Subsidised placements running: the person, the firm, the share of pay the programme
    pays, the months it still pays, and whether the job ends with them (a traineeship)."""

    person: np.ndarray
    firm: np.ndarray
    share: np.ndarray
    months_left: np.ndarray
    ends: np.ndarray

    @classmethod
    def none(cls) -> "Placements":
        empty = np.zeros(0, np.int64)
        return cls(empty, empty.copy(), np.zeros(0), np.zeros(0, np.int16), np.zeros(0, bool))

    def add(self, person: np.ndarray, firm: np.ndarray, share: float, months: int, ends: bool) -> "Placements":
        return Placements(
            np.concatenate([self.person, person]),
            np.concatenate([self.firm, firm]),
            np.concatenate([self.share, np.full(len(person), share)]),
            np.concatenate([self.months_left, np.full(len(person), months, dtype=np.int16)]),
            np.concatenate([self.ends, np.full(len(person), ends)]),
        )

    def keep(self, mask: np.ndarray) -> "Placements":
        return Placements(self.person[mask], self.firm[mask], self.share[mask], self.months_left[mask], self.ends[mask])

    def running(self, employer: np.ndarray) -> "Placements":
        """The placements still paid: months left, and the person still works for the firm."""
        return self.keep((self.months_left > 0) & (employer[self.person] == self.firm))

    def over(self, employer: np.ndarray) -> np.ndarray:
        """Persons whose traineeship has run its months and who are still with its firm: the
        job ends."""
        return self.person[self.ends & (self.months_left <= 0) & (employer[self.person] == self.firm)]


def subsidies(placements: Placements, pay: np.ndarray, n_firms: int) -> np.ndarray:
    """This month's wage subsidy of each firm: the share of the pay of its placed persons."""
    return np.bincount(placements.firm, weights=placements.share * pay[placements.person], minlength=n_firms)


@dataclass
class Cohort:
    """The young who reached the offer month in one month: those offered and those not."""

    month: int
    offered: np.ndarray
    not_offered: np.ndarray
