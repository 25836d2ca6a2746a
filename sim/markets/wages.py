"""Wages: posted wages adjust to hiring success, floored by the minimum wage.

Step 8 of the monthly cycle. A firm that could not fill its vacancies raises its posted
wage in proportion to the unfilled share; a firm that filled them all with a long queue of
applicants lowers it slowly (downward rigidity: Bewley 1999). This is the wage-posting
adjustment of agent-based labour markets (Fagiolo, Dosi and Gabriele 2004; Dosi et al. 2018).
Formal firms never post below the minimum wage. A worker's wage is the firm's posted wage
times the worker's skill premium (floored likewise), so incumbents move with their firm. In
a firm covered by a collective agreement no one is paid below the rate of their grade in the
agreement's pay scale, which is flatter than market pay (see `agreement_floor`); where an
agreement is extended, informal employers of the sector follow part of the way (`lighthouse`).
"""

from __future__ import annotations

import numpy as np


def adjust_posted_wages(
    posted_wage: np.ndarray,
    vacancies: np.ndarray,
    hires: np.ndarray,
    applicants: np.ndarray,
    wage_rise_unfilled: float,
    wage_fall_queue: float,
    queue_threshold: float,
) -> np.ndarray:
    """New posted wages from this month's hiring outcome (local currency per month)."""
    open_posts = np.maximum(vacancies, 1)
    unfilled_share = np.where(vacancies > 0, np.maximum(vacancies - hires, 0) / open_posts, 0.0)
    long_queue = (vacancies > 0) & (hires >= vacancies) & (applicants > queue_threshold * vacancies)
    factor = 1.0 + wage_rise_unfilled * unfilled_share - wage_fall_queue * long_queue
    return posted_wage * factor


def floor_wages(wage: np.ndarray, formal: np.ndarray, minimum_wage: float) -> np.ndarray:
    """Apply the minimum wage to formal jobs."""
    return np.where(formal, np.maximum(wage, minimum_wage), wage)


def employee_wages(
    posted_wage_of_employer: np.ndarray,
    skill: np.ndarray,
    skill_premium: np.ndarray,
    formal: np.ndarray,
    minimum_wage: float,
) -> np.ndarray:
    """Monthly wage of each employee: employer's posted wage x skill premium, floored."""
    return floor_wages(posted_wage_of_employer * skill_premium[skill], formal, minimum_wage)


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
