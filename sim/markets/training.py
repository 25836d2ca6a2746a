"""Training: reskilling programmes with seats, subsidies, lock-in, drop-out and completion.

Step 6 of the monthly cycle. Eligible workers (the unemployed; optionally employees of
declining sectors) enrol while the programme has free seats and the subsidy covers enough
of the cost: each eligible person has a private share of the cost they would bear, drawn
uniformly, and applies when the subsidy exceeds one minus it, at a monthly take-up rate.
Trainees do not search while in training (the lock-in effect); each month some drop out, and
like the unemployed they leave the labour force or emigrate at the rates the unemployed do.
Completers come back as job seekers with their efficiency raised by the return to schooling
pro rata to the course's length and with the course's months as experience in a target
sector, which firms of that sector value when they rank applicants. Evaluations find
effects near zero in the first year and positive after two to three years, larger for the
long-term unemployed (Card, Kluve and Weber 2018); the model's participants are compared
with matched eligible non-participants so that both phases can be seen.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


FOLLOW_UP_MONTHS = (6, 12, 24, 36)
"""Months after entry at which participants and their comparison group are compared (the
horizons of Card, Kluve and Weber 2018)."""

FOLLOW_UP_STATUSES = ("employment", "inactive", "abroad")
"""Where participants and their comparison group are followed to (the rest search or train)."""


def growing_sectors(employment_now: np.ndarray, employment_year_ago: np.ndarray, count: int) -> np.ndarray:
    """The `count` sectors whose employment grew most (relative) over the last 12 months."""
    growth = np.divide(
        employment_now - employment_year_ago,
        employment_year_ago,
        out=np.full(len(employment_now), -np.inf),
        where=employment_year_ago > 0,
    )
    return np.sort(np.argsort(-growth, kind="stable")[:count])


def declining_sectors(employment_now: np.ndarray, employment_year_ago: np.ndarray) -> np.ndarray:
    """Mask of sectors whose employment fell over the last 12 months."""
    return employment_now < employment_year_ago


def enrol(
    eligible: np.ndarray, free_seats: int, subsidy_share: float, takeup: float, u_apply: np.ndarray, u_cost: np.ndarray
) -> np.ndarray:
    """Indices of eligible workers (indices) who enrol this month, at most `free_seats`.

    A worker applies when the month's take-up draw succeeds and the subsidy covers their cost
    threshold; when applicants exceed seats, those with the lowest draws get them.
    """
    applies = (u_apply < takeup) & (subsidy_share >= u_cost)
    applicants = eligible[applies]
    if len(applicants) <= free_seats:
        return applicants
    return applicants[np.argsort(u_apply[applies], kind="stable")[: max(free_seats, 0)]]


def trained_ability(ability: np.ndarray, course_months: int, return_per_year: float) -> np.ndarray:
    """Ability (efficiency per skill premium) after `course_months` of a course: raised by the
    return to a year of schooling pro rata to the months (the model applies it month by month,
    so a six-month course at 9 % a year adds (1 + 0.09 / 12)^6 - 1 = 4.6 %), not by a whole
    skill level, which takes years of schooling."""
    return ability * (1.0 + return_per_year * course_months / 12.0)


@dataclass
class Cohort:
    """Participants who entered in one month, and their matched comparison group."""

    entry_month: int
    participants: np.ndarray
    comparison: np.ndarray
    targets: np.ndarray


def matched_comparison(
    participants: np.ndarray, candidates: np.ndarray, key: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """For each participant, a random eligible non-participant with the same `key` (cell of
    region, skill, age and unemployment duration); participants without a match are dropped.

    Returns (matched participants, their comparisons)."""
    if len(participants) == 0 or len(candidates) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    order = np.argsort(key[candidates], kind="stable")
    sorted_candidates = candidates[order]
    sorted_keys = key[sorted_candidates]
    first = np.searchsorted(sorted_keys, key[participants], side="left")
    last = np.searchsorted(sorted_keys, key[participants], side="right")
    has = last > first
    pick = first[has] + (rng.random(int(has.sum())) * (last[has] - first[has])).astype(np.int64)
    return participants[has], sorted_candidates[pick]
