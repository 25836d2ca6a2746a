"""Separations and flows in and out of the labour force; the ageing of cohorts.

Step 4 of the monthly cycle: the worker-flow accounting of the labour market (the stocks
and flows of employment, unemployment and inactivity; Blanchard and Diamond 1990).
Each month:
- employees lose their job at an exogenous rate (higher in informal jobs, and for the young)
  or are laid off (chosen in `labour_demand`); own-account workers stop at their own rate;
- some employed and unemployed leave the labour force (discouragement, care, study);
- inactive people enter it as job seekers at the rate that keeps participation stationary
  at the calibrated level (`participation_entry_rate`), skill level by skill level, so that the
  labour force stays as sorted by skill as the start puts it
  (`sim.initial_state.skill_entry_factors`), fewer where jobs are scarcer than
  usual (`discouraged_entry_rate`: the discouraged-worker effect, Mincer 1966), the usual
  rate being the region's own recent history (`usual_unemployment`);
- people age from youth to prime to older; the oldest retire and are replaced by a young
  entrant of the same household, so the population stays constant.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.workers import AgeGroup, Status


@dataclass(frozen=True)
class FlowRates:
    """Monthly transition probabilities (fractions per month)."""

    separation_formal: float
    separation_informal: float
    own_account_exit: float
    employed_to_inactive: float
    unemployed_to_inactive: float
    inactive_to_unemployed: float
    youth_to_prime: float
    prime_to_older: float
    retirement: float
    youth_separation_multiplier: float = 1.0  # job loss of the young / of older workers
    trainee_to_inactive: float = 0.0  # trainees who leave the labour force (and their course)


def labour_force_outflow(
    employed: int | np.ndarray,
    unemployed: int | np.ndarray,
    labour_force_older: int | np.ndarray,
    rates: FlowRates,
    other_net_outflow: float | np.ndarray = 0.0,
) -> float | np.ndarray:
    """Persons who leave the labour force in a month, net: employed and unemployed who leave,
    retirees from the labour force (who are replaced by inactive young entrants), and
    `other_net_outflow` (emigrants from the labour force less returnees, who come back as job
    seekers); counts or arrays of counts (by region, by region and skill)."""
    return (
        rates.employed_to_inactive * employed
        + rates.unemployed_to_inactive * unemployed
        + rates.retirement * labour_force_older
        + other_net_outflow
    )


def participation_entry_rate(
    employed: int,
    unemployed: int,
    inactive: int,
    labour_force_older: int,
    rates: FlowRates,
    other_net_outflow: float = 0.0,
) -> float:
    """Entry rate from inactivity that balances the labour force's outflows
    (`labour_force_outflow`). Inflow: `rate x inactive`."""
    outflow = labour_force_outflow(employed, unemployed, labour_force_older, rates, other_net_outflow)
    return float(np.clip(outflow / max(inactive, 1), 0.0, 1.0))


def usual_unemployment(usual: np.ndarray, unemployment: np.ndarray, half_life_months: float) -> np.ndarray:
    """Each region's usual unemployment rate after one more month: the exponentially weighted
    mean of its past rates, in which a month's weight halves every `half_life_months` months
    (infinite: the usual rate stays where it started).

    The benchmark against which people judge their chances (`discouraged_entry_rate`). It
    follows the region's own history, so a rate that settles away from the start's becomes the
    usual one, and participation returns to its calibrated level; a slump or a shock lowers
    participation while it is unusual."""
    if half_life_months <= 0:
        raise ValueError(f"half_life_months must be positive, got {half_life_months}")
    weight = 1.0 - 0.5 ** (1.0 / half_life_months)
    return np.asarray(usual) + weight * (np.asarray(unemployment) - np.asarray(usual))


def discouraged_entry_rate(
    entry_rate: np.ndarray,
    unemployment: np.ndarray,
    usual_unemployment: np.ndarray,
    elasticity: float,
) -> np.ndarray:
    """Each region's entry rate from inactivity, lowered where unemployment is above its usual
    level and raised where it is below: entry x (1 - elasticity x (u - usual) / usual), at least 0,
    so that `elasticity` is the elasticity of entry to unemployment at the usual rate.

    The discouraged-worker effect (Mincer 1966, in Gordon and Gordon (eds), Prosperity and
    Unemployment): people outside the labour force look for work less when jobs are scarce,
    so the labour force shrinks in a slump and part of a fall in employment does not show as
    unemployment. At usual unemployment (`usual_unemployment`) the rate is the one that keeps
    participation at its calibrated level. The factor is linear in unemployment, so that noise
    in a small region's monthly rate averages out: a constant-elasticity factor (usual / u)^e is
    convex, and the noise alone raised entry, and participation, on average (Kyrgyzstan's
    validation run, 2 seeds x 20 years at scale 400, e = 0.85: 61.3 % against 59.8 % linear,
    published 59.6 %)."""
    usual = np.maximum(np.asarray(usual_unemployment), 1e-4)
    factor = 1.0 - elasticity * (np.asarray(unemployment) - usual) / usual
    return np.clip(np.asarray(entry_rate) * factor, 0.0, 1.0)


def weighted_rates(rate: np.ndarray, group: np.ndarray, weight: np.ndarray, n_groups: int) -> np.ndarray:
    """Each member's monthly chance when a group's members are drawn in proportion to `weight`
    while the group's expected number drawn stays `rate` x its size: rate x n x weight / sum of
    weights, at most 1. `rate` is by group; `group` and `weight` by member."""
    total = np.bincount(group, weights=weight, minlength=n_groups)
    size = np.bincount(group, minlength=n_groups)
    scale = np.divide(np.asarray(rate) * size, total, out=np.zeros(n_groups), where=total > 0)
    return np.minimum(1.0, scale[group] * weight)


def draw_transitions(
    status: np.ndarray,
    own_account: np.ndarray,
    rates: FlowRates,
    rng: np.random.Generator,
    entry_rate: np.ndarray | None = None,
    young: np.ndarray | None = None,
    region: np.ndarray | None = None,
    skill: np.ndarray | None = None,
) -> np.ndarray:
    """New status of every worker after this month's exogenous flows (others keep theirs).

    Employees lose their job (to unemployment) or leave the labour force; own-account
    workers stop; the unemployed and trainees drop out; the inactive enter as job seekers, at
    `entry_rate` (regions x skill levels, looked up by each worker's `region` and `skill`) or
    else `rates.inactive_to_unemployed`.
    Young employees (`young`, aged 15-24) lose their jobs `rates.youth_separation_multiplier`
    times as often as older ones (own-account workers stop at one rate at every age, the rate
    at which the start's own-account stock is balanced): first jobs are short, and the young shop between jobs
    (Topel and Ward 1992, QJE 107(2): a young man holds about seven jobs in his first ten
    years of work, two-thirds of his career's jobs).
    """
    u = rng.random(len(status))
    new = status.copy()
    # one threshold per (status, own account, young) cell: below the first the worker leaves
    # the labour force, below the second (employed only) loses the job
    leave = np.zeros(4 * len(Status))
    job_loss = np.zeros(4 * len(Status))
    for working in (Status.EMPLOYED_FORMAL, Status.EMPLOYED_INFORMAL):
        leave[4 * working : 4 * working + 4] = rates.employed_to_inactive
    leave[4 * Status.UNEMPLOYED : 4 * Status.UNEMPLOYED + 4] = rates.unemployed_to_inactive
    leave[4 * Status.IN_TRAINING : 4 * Status.IN_TRAINING + 4] = rates.trainee_to_inactive
    job_loss[4 * Status.EMPLOYED_FORMAL : 4 * Status.EMPLOYED_FORMAL + 4] = rates.separation_formal
    job_loss[4 * Status.EMPLOYED_INFORMAL : 4 * Status.EMPLOYED_INFORMAL + 2] = rates.separation_informal
    job_loss[1::2] *= rates.youth_separation_multiplier  # employees only: set before own-account work
    job_loss[4 * Status.EMPLOYED_INFORMAL + 2 : 4 * Status.EMPLOYED_INFORMAL + 4] = rates.own_account_exit
    lose = leave + job_loss
    # a draw at or above the highest threshold moves nobody: only the others look up their cell
    low = np.flatnonzero(u < lose.max())
    cell = (status[low].astype(np.intp) * 2 + own_account[low]) * 2
    if young is not None:
        cell += young[low]
    to_inactive = u[low] < leave[cell]
    to_unemployed = ~to_inactive & (u[low] < lose[cell])
    new[low[to_inactive]] = Status.INACTIVE
    new[low[to_unemployed]] = Status.UNEMPLOYED
    if entry_rate is None:
        new[(status == Status.INACTIVE) & (u < rates.inactive_to_unemployed)] = Status.UNEMPLOYED
    else:  # as above: only draws below the highest rate look up their (region, skill) rate
        low = np.flatnonzero((u < entry_rate.max()) & (status == Status.INACTIVE))
        new[low[u[low] < entry_rate[region[low], skill[low]]]] = Status.UNEMPLOYED
    return new


def draw_ageing(age_group: np.ndarray, rates: FlowRates, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """New age groups, and the mask of the older who retire this month."""
    u = rng.random(len(age_group))
    new = age_group.copy()
    # a draw at or above every rate moves nobody: only the others look at their age group
    low = np.flatnonzero(u < max(rates.youth_to_prime, rates.prime_to_older, rates.retirement))
    age, u_low = age_group[low], u[low]
    new[low[(age == AgeGroup.YOUTH) & (u_low < rates.youth_to_prime)]] = AgeGroup.PRIME
    new[low[(age == AgeGroup.PRIME) & (u_low < rates.prime_to_older)]] = AgeGroup.OLDER
    retire = np.zeros(len(age_group), dtype=bool)
    retire[low[(age == AgeGroup.OLDER) & (u_low < rates.retirement)]] = True
    return new, retire
