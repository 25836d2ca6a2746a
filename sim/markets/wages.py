"""Wages: posted wages follow prices, unemployment and hiring success around a norm, floored by the minimum wage.

Step 8 of the monthly cycle. Each month a firm's posted wage (in logs)
- passes on part of last month's consumer price inflation (`indexation`);
- falls while its region's unemployment is above the region's normal rate (its rate at
  start) and rises while it is below: the unemployment term of the wage equation of Blanchard
  and Katz (1999), regional as in the wage curve; with the error correction below, a point
  more unemployment lowers the wage level by `unemployment_response / error_correction`
  percent in the long run, about the wage curve's elasticity of -0.1 (Blanchflower and Oswald
  1994) at an unemployment rate of 5 %;
- moves with its own hiring difficulty relative to the average firm's: up with the share of
  its vacancies left unfilled, down when it filled them all from a long queue (downward
  rigidity: Bewley 1999), the wage-posting adjustment of agent-based labour markets (Fagiolo,
  Dosi and Gabriele 2004; Dosi et al. 2018); relative to the average, so that the asymmetry
  of these signals moves relative wages (a firm in a slack region pays less) but not the
  level of all wages, which the unemployment term sets;
- closes a share `error_correction` of the gap between its wage and its norm: the wage it
  was founded with, indexed to consumer prices with the same `indexation` (the
  error-correction wage equation of Blanchard and Katz 1999, in which wages revert to a level
  set by productivity).
So wages respond to tightness in both directions around a stationary level, without a trend
that no shock caused. Indexation is partial (Smets and Wouters 2007 estimate 0.58), which
also anchors the price level: with full indexation and mark-up pricing any level would do,
and it would wander. Formal firms never post below the minimum wage. A worker's wage is the
firm's posted wage times the worker's efficiency units, skill premium times ability (floored
likewise), so incumbents move with their firm. In a firm covered by a collective agreement no one is paid below the rate
of their grade in the agreement's pay scale, which is flatter than market pay (see
`agreement_floor`); where an agreement is extended, informal employers of the sector follow
part of the way (`lighthouse`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class WageRules:
    """How posted wages move (fractions per month).

    Attributes:
        rise_unfilled: Rise when every vacancy goes unfilled.
        fall_queue: Fall when all vacancies were filled from a long queue.
        queue_threshold: Applicants per vacancy above which a queue is long.
        indexation: Share of consumer price inflation passed on to wages and their norm.
        error_correction: Share of the log gap to the norm closed each month.
        unemployment_response: Fall of wages per month per unit of unemployment above its
            normal rate.
    """

    rise_unfilled: float
    fall_queue: float
    queue_threshold: float
    indexation: float
    error_correction: float
    unemployment_response: float = 0.0


def hiring_signal(vacancies: np.ndarray, hires: np.ndarray, applicants: np.ndarray, rules: "WageRules") -> np.ndarray:
    """Each firm's hiring difficulty this month: + for vacancies left unfilled, - for all
    filled from a long queue (log wage change per month)."""
    open_posts = np.maximum(vacancies, 1)
    unfilled_share = np.where(vacancies > 0, np.maximum(vacancies - hires, 0) / open_posts, 0.0)
    long_queue = (vacancies > 0) & (hires >= vacancies) & (applicants > rules.queue_threshold * vacancies)
    return rules.rise_unfilled * unfilled_share - rules.fall_queue * long_queue


def adjust_posted_wages(
    posted_wage: np.ndarray,
    signal: np.ndarray,
    weight: np.ndarray,
    gap: np.ndarray,
    inflation: float,
    unemployment_gap: float | np.ndarray,
    rules: "WageRules",
) -> np.ndarray:
    """New posted wages: last month's inflation passed on, each firm's hiring signal relative
    to the (`weight`ed) average firm's, the response to unemployment above its normal rate
    (`unemployment_gap`, fraction: per firm, its region's), and error correction of `gap`, the
    log gap of each firm's wage to its norm (its founding wage indexed to prices)."""
    relative = signal - np.dot(weight, signal) / max(weight.sum(), 1e-12)
    change = (
        rules.indexation * inflation
        + relative
        - rules.unemployment_response * unemployment_gap
        - rules.error_correction * gap
    )
    return posted_wage * np.exp(change)


def floor_wages(wage: np.ndarray, formal: np.ndarray, minimum_wage: float) -> np.ndarray:
    """Apply the minimum wage to formal jobs."""
    return np.where(formal, np.maximum(wage, minimum_wage), wage)


def employee_wages(
    posted_wage_of_employer: np.ndarray,
    efficiency: np.ndarray,
    formal: np.ndarray,
    minimum_wage: float,
) -> np.ndarray:
    """Monthly wage of each employee: employer's posted wage x the employee's efficiency
    units (skill premium x ability), floored."""
    return floor_wages(posted_wage_of_employer * efficiency, formal, minimum_wage)


AGREEMENT_SCALE_ELASTICITY = 0.5
"""Elasticity of an agreement's grade rates to the market skill premium: collective pay
scales are flatter than market pay (unions compress the wage structure: Freeman 1980;
Card 1996), so the floor lifts low grades most."""


def agreement_floor(
    wage: np.ndarray, floor_base: np.ndarray, skill: np.ndarray, skill_premium: np.ndarray
) -> np.ndarray:
    """Wages of covered workers: at least their grade's rate in the agreement's pay scale,
    floor x skill premium ^ AGREEMENT_SCALE_ELASTICITY (the floor is in base-wage units)."""
    return np.maximum(wage, grade_rate(floor_base, skill, skill_premium))


def grade_rate(floor_base: np.ndarray, skill: np.ndarray, skill_premium: np.ndarray) -> np.ndarray:
    """The agreement's rate for each worker's grade (skill level), local currency per month."""
    return floor_base * skill_premium[skill] ** AGREEMENT_SCALE_ELASTICITY


def lighthouse(wage: np.ndarray, rate: np.ndarray, pull: float) -> np.ndarray:
    """Informal pay in a sector with an extended agreement: it closes a share `pull` of the
    gap to the agreement's grade rate (never falls because of it)."""
    return wage + pull * np.maximum(rate - wage, 0.0)
