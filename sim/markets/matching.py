"""Matching: directed search with a few applications, firms' ranking and workers' choice.

Step 7 of the monthly cycle, a one-round version of the many-applications matching market
of Albrecht, Gautier and Vroman (2006) with direction by wage, place and skill, as in
agent-based labour markets (Neugart and Richiardi 2018; del Rio-Chanona et al. 2021):

1. each job seeker sends `applications_per_seeker` applications, times the matching
   efficiency of its region in expectation (`search_efficiency`, fitted by the calibration:
   regional matching functions differ in efficiency); a firm's chance to get one
   is proportional to its vacancies x offered wage^elasticity x the seeker's mobility to the
   firm's region (falling with distance, `sim.regions.search_mobility`) x the seeker's skill
   fit with the firm's sector;
2. each firm passes over some applications of those long out of work (`call_back_probability`)
   and ranks the rest (`applicant_score`: skill, experience in the firm's sector, whether the
   applicant has ever worked, and an idiosyncratic match quality), offering its open posts to
   the best of them;
3. each worker takes the offer worth most to it (the wage less the cost of commuting to
   another region), if that beats the reservation wage (for the unemployed) or the current
   wage by the switching premium (for on-the-job searchers);
4. posts whose offer was declined go to the next applicants, for a few rounds.

Screening on time out of work is the duration dependence of the field experiments of Kroft,
Lange and Notowidigdo (2013, QJE 128(3)): call-backs fall with the months an applicant has been
unemployed, most of the fall within the first eight months, then flat. It is modelled as they
measured it, as a call-back rate: an application from a seeker out of work d months is read with
probability 1 - duration_screening x min(d / 8, 1), and those read compete on merit. So the
long-term unemployed are hired less often, but a good one is still hired where few others apply
(not the lexicographic queue of Blanchard and Diamond 1994, which a rank penalty would give).

First-job seekers without any work history rank below experienced applicants (the
school-to-work transition: Ryan 2001, JEL 39(1)).

Posts whose offers are declined or that drew no applicant stay open: unfilled vacancies and
unemployment coexist, and the Beveridge curve follows from these frictions. The whole
round is array operations (sorts and cumulative sums), not a loop over persons.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

RANKING_NOISE = 0.5
"""Standard deviation of the match quality employers see, in skill levels."""

EXPERIENCE_WEIGHT = 0.5
"""Rank, in skill levels, of two years' experience in the firm's sector (saturating there)."""

DURATION_SCREENING_MONTHS = 8.0
"""Months out of work over which call-backs fall (then they stay): Kroft, Lange and
Notowidigdo (2013) find call-backs falling over the first eight months, then flat."""


@dataclass(frozen=True)
class Seekers:
    """Job seekers this month (arrays of equal length)."""

    worker: np.ndarray  # worker index
    region: np.ndarray
    skill: np.ndarray
    experience_months: np.ndarray  # months of experience in `sector`
    acceptance_wage: np.ndarray  # lowest monthly wage accepted, local currency
    sector: np.ndarray | None = None  # sector of the experience (None: experience counts anywhere)
    months_unemployed: np.ndarray | None = None  # months out of work so far (0 for employed searchers)
    first_job: np.ndarray | None = None  # True for a young seeker who has never held a job
    ability: np.ndarray | None = None  # productivity within the skill level, mean 1 (None: 1)


@dataclass(frozen=True)
class Openings:
    """Firms with open vacancies this month (arrays of equal length)."""

    firm: np.ndarray  # firm index
    region: np.ndarray
    sector: np.ndarray
    vacancies: np.ndarray
    base_wage: np.ndarray  # posted monthly wage for a medium-skill worker
    wage_floor: np.ndarray  # lowest wage the firm may pay (minimum wage if formal, else 0)


@dataclass(frozen=True)
class MatchingParams:
    applications_per_seeker: int
    wage_search_elasticity: float
    mobility: np.ndarray  # regions x regions: weight of a vacancy in region j for a seeker of region i
    skill_premium: np.ndarray  # wage multiplier by skill level
    skill_fit: np.ndarray  # sector x skill: relative chance to apply (0: never)
    offer_rounds: int = 3  # rounds of offers within the month
    search_efficiency: np.ndarray | None = None  # by the seeker's region: effective applications
    # relative to `applications_per_seeker` (None: 1 everywhere)
    commuting_cost: np.ndarray | None = None  # regions x regions: share of the wage a seeker of
    # region i gives up for a job in region j (None: none)
    duration_screening: float = 0.0  # share of applications passed over (not called back) from a
    # seeker out of work DURATION_SCREENING_MONTHS or more (linearly from 0 at 0 months; in [0, 1))
    inexperience_screening: float = 0.0  # skill levels of rank a first-job seeker lacks


@dataclass(frozen=True)
class MatchResult:
    worker: np.ndarray  # hired workers
    firm: np.ndarray  # their new employer
    wage: np.ndarray  # their monthly wage
    applicants: np.ndarray  # applications received, per opening (aligned with Openings)


def offered_wage(
    base_wage: np.ndarray,
    skill: np.ndarray,
    skill_premium: np.ndarray,
    floor: np.ndarray,
    ability: np.ndarray | float = 1.0,
) -> np.ndarray:
    """Wage a firm pays a worker: its base wage times the skill premium and the worker's
    ability (its efficiency units), floored."""
    return np.maximum(base_wage * skill_premium[skill] * ability, floor)


def call_back_probability(months_unemployed: np.ndarray, duration_screening: float) -> np.ndarray:
    """Chance that an employer reads an application, by the applicant's months out of work:
    1 for the newly unemployed and employed searchers, falling linearly to 1 - `duration_screening`
    at DURATION_SCREENING_MONTHS and flat beyond (Kroft, Lange and Notowidigdo 2013)."""
    return 1.0 - duration_screening * np.minimum(months_unemployed / DURATION_SCREENING_MONTHS, 1.0)


def applicant_score(
    skill: np.ndarray,
    relevant_experience_months: np.ndarray,
    first_job: np.ndarray | None,
    match_quality: np.ndarray,
    params: MatchingParams,
) -> np.ndarray:
    """How employers rank the applications they read, in skill levels: skill, plus experience in
    the firm's sector (EXPERIENCE_WEIGHT at two years and beyond), less the rank lost to never
    having worked (`inexperience_screening`), plus the application's match quality."""
    score = skill + EXPERIENCE_WEIGHT * np.minimum(relevant_experience_months / 24.0, 1.0) + match_quality
    if params.inexperience_screening and first_job is not None:
        score -= params.inexperience_screening * first_job
    return score


GUIDE_STEPS = 2
"""Steps through a bucket in `pick_by_cumulative` before a draw takes the binary search."""


def pick_by_cumulative(cumulative: np.ndarray, draws: np.ndarray) -> np.ndarray:
    """The entry each draw (in [0, cumulative[-1])) picks: the number of cumulative weights at
    or below it, at most the last entry; what `np.minimum(np.searchsorted(cumulative, draws,
    side="right"), len(cumulative) - 1)` returns, found with a guide table (the inverse
    transform method of Chen and Asau 1974) instead of a binary search per draw.

    The range of the weights is cut into as many equal buckets as there are entries, by one
    monotone map used for the draws and the cumulative weights alike: every weight in a lower
    bucket than a draw's is below the draw, every one in a higher bucket above it, so each
    draw counts only the weights of its own bucket, one step at a time; the few draws still
    counting after GUIDE_STEPS steps (a bucket crowded with small weights) take the binary
    search."""
    n = len(cumulative)
    per_unit = n / cumulative[-1]
    if not np.isfinite(per_unit):  # weights too small to bucket: the binary search
        return np.minimum(np.searchsorted(cumulative, draws, side="right"), n - 1)

    def bucket(x: np.ndarray) -> np.ndarray:
        return np.minimum((x * per_unit).astype(np.intp), n - 1)

    first = np.zeros(n + 1, dtype=np.intp)  # entries in the buckets below each
    np.cumsum(np.bincount(bucket(cumulative), minlength=n), out=first[1:])
    in_bucket = bucket(draws)
    pick, end = first[in_bucket], first[in_bucket + 1]
    stepping = np.flatnonzero(pick < end)
    for _ in range(GUIDE_STEPS):
        stepping = stepping[cumulative[pick[stepping]] <= draws[stepping]]
        pick[stepping] += 1
        stepping = stepping[pick[stepping] < end[stepping]]
    pick[stepping] = np.searchsorted(cumulative, draws[stepping], side="right")
    return np.minimum(pick, n - 1)


def send_applications(
    seekers: Seekers, openings: Openings, params: MatchingParams, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Draw applications; return (seeker position, opening position) pairs, without repeats."""
    n_regions = len(params.mobility)
    n_skills = len(params.skill_premium)
    app_seeker, app_opening = [], []
    k = params.applications_per_seeker
    attractiveness = openings.vacancies * openings.base_wage**params.wage_search_elasticity
    group = seekers.region.astype(np.int16) * n_skills + seekers.skill  # narrow: a stable sort by counting
    order = np.argsort(group, kind="stable")
    bounds = np.searchsorted(group[order], np.arange(n_regions * n_skills + 1))
    efficiency = np.ones(n_regions) if params.search_efficiency is None else params.search_efficiency
    for r in range(n_regions):
        mobility = params.mobility[r][openings.region]
        # `k * efficiency` applications in expectation: `sent` drawn, each kept with `keep`
        sent = max(int(np.ceil(k * efficiency[r] - 1e-9)), 1)
        keep = k * efficiency[r] / sent
        for s in range(n_skills):
            members = order[bounds[r * n_skills + s] : bounds[r * n_skills + s + 1]]
            if len(members) == 0:
                continue
            weight = attractiveness * mobility * params.skill_fit[openings.sector, s]
            cumulative = np.cumsum(weight)
            if cumulative[-1] <= 0:
                continue
            draws = rng.random(len(members) * sent) * cumulative[-1]
            picks = pick_by_cumulative(cumulative, draws)
            # a seeker applies once to a firm: drop repeats among its own picks
            picks = np.sort(picks.reshape(len(members), sent), axis=1)
            first_time = np.ones_like(picks, dtype=bool)
            first_time[:, 1:] = picks[:, 1:] != picks[:, :-1]
            if keep < 1.0:
                first_time &= rng.random(picks.shape) < keep
            app_opening.append(picks[first_time])
            app_seeker.append(np.repeat(members, sent).reshape(len(members), sent)[first_time])
    if not app_seeker:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(app_seeker), np.concatenate(app_opening)


def best_offers(offered: np.ndarray, seeker: np.ndarray, worth: np.ndarray, n_seekers: int) -> np.ndarray:
    """Each worker's best offer among the applications `offered` (made to workers `seeker`,
    worth `worth` to them), the first of equal worth in the order given; ordered by worker.

    What sorting the offers by worker and then by worth (a stable sort) and keeping each
    worker's first gives, found without a sort: each worker's highest worth, then the first
    offer that has it."""
    top = np.full(n_seekers, -np.inf)
    np.maximum.at(top, seeker, worth)
    at_top = np.flatnonzero(worth == top[seeker])  # positions in `offered`
    first = np.full(n_seekers, len(offered))
    np.minimum.at(first, seeker[at_top], at_top)
    return offered[first[first < len(offered)]]


def match(seekers: Seekers, openings: Openings, params: MatchingParams, rng: np.random.Generator) -> MatchResult:
    """Run one month of applications, then `offer_rounds` rounds of offers and acceptances.

    In each round every firm offers its still-open posts to its best applicants not yet
    hired or turned down; each worker takes the best offer if acceptable. Offers declined
    are not repeated.
    """
    empty = np.zeros(0, dtype=np.int64)
    if len(seekers.worker) == 0 or len(openings.firm) == 0:
        return MatchResult(empty, empty, np.zeros(0), np.zeros(len(openings.firm), dtype=np.int64))
    seeker_pos, opening_pos = send_applications(seekers, openings, params, rng)
    applicants = np.bincount(opening_pos, minlength=len(openings.firm))
    if params.duration_screening and seekers.months_unemployed is not None:
        read = call_back_probability(seekers.months_unemployed[seeker_pos], params.duration_screening)
        called_back = rng.random(len(seeker_pos)) < read
        seeker_pos, opening_pos = seeker_pos[called_back], opening_pos[called_back]

    # firms rank applicants (`applicant_score`)
    relevant = 1.0 if seekers.sector is None else seekers.sector[seeker_pos] == openings.sector[opening_pos]
    score = applicant_score(
        seekers.skill[seeker_pos],
        seekers.experience_months[seeker_pos] * relevant,
        None if seekers.first_job is None else seekers.first_job[seeker_pos],
        rng.normal(0.0, RANKING_NOISE, len(seeker_pos)),
        params,
    )
    wage = offered_wage(
        openings.base_wage[opening_pos],
        seekers.skill[seeker_pos],
        params.skill_premium,
        openings.wage_floor[opening_pos],
        1.0 if seekers.ability is None else seekers.ability[seeker_pos],
    )
    # applications sorted once: by opening, best applicant first (one float key: the opening
    # times a span wider than the scores' range, plus the score's distance below the best)
    best = score.max(initial=0.0)
    span = best - score.min(initial=0.0) + 1.0
    order = np.argsort(opening_pos * span + (best - score))
    seeker_pos, opening_pos, wage = seeker_pos[order], opening_pos[order], wage[order]
    # what an offer is worth to the worker: the wage less the cost of commuting to its region
    worth = wage
    if params.commuting_cost is not None:
        worth = wage * (1.0 - params.commuting_cost[seekers.region[seeker_pos], openings.region[opening_pos]])
    open_posts = openings.vacancies.astype(np.int64).copy()
    live = np.ones(len(seeker_pos), dtype=bool)
    hired_app = []
    for _ in range(params.offer_rounds):
        idx = np.flatnonzero(live)
        if len(idx) == 0:
            break
        o = opening_pos[idx]  # ascending: the applications are sorted by opening
        # an opening's live applications run from `start` on: offers go to the first `open_posts` of them
        received = np.bincount(o, minlength=len(open_posts))
        start = np.cumsum(received) - received
        offered = idx[np.arange(len(o)) < (start + open_posts)[o]]
        if len(offered) == 0:
            break
        best = best_offers(offered, seeker_pos[offered], worth[offered], len(seekers.worker))
        accept = best[worth[best] >= seekers.acceptance_wage[seeker_pos[best]]]
        hired_app.append(accept)
        open_posts -= np.bincount(opening_pos[accept], minlength=len(open_posts))
        hired = np.zeros(len(seekers.worker), dtype=bool)
        hired[seeker_pos[accept]] = True
        live[offered] = False
        live &= ~hired[seeker_pos]
    accepted = np.concatenate(hired_app) if hired_app else empty
    return MatchResult(
        worker=seekers.worker[seeker_pos[accepted]],
        firm=openings.firm[opening_pos[accepted]],
        wage=wage[accepted],
        applicants=applicants,
    )
