"""Education: which of the young are in school, and the school-to-work transition.

Step 4 of the monthly cycle, after the labour-force flows. A person enters the model at 15 in
education. A student leaves school when
they enter the labour force or start own-account work (the school-to-work transition), when
they turn 25, or, at a monthly `leaving_rate`, into inactivity without seeking work: the early
school leavers and the young at home whom the NEET rate counts. A young person who leaves the
labour force goes back to school with the chance that an inactive young person is a student at
start (`return_share`): the young move between school, work and job search, and many spells
out of the labour force are spent studying. The labour-force flows of the young are the flows
fitted to participation and youth unemployment; being a student changes who is counted as
NEET, not who works. Simplifications: students are inactive (a student who works or looks for
work counts as having left school, so unemployed students, whom the ILO does not count as
NEET, are counted here); the return share is assumed equal to the stock's share, so the rate
holds the students' share of the inactive young, and the NEET rate moves with the model's
youth unemployment and participation.

The NEET rate is the ILO's (SDG 8.6.1) and Eurostat's (edat_lfse_20): the share of persons
aged 15-24 neither in employment nor in education or training; a trainee of a programme is in
training. The start's students are as many as the preset's NEET rate leaves, and the leaving
rate makes them a steady state: with `entrants` new students a month, `leavers` young persons
leaving the labour force a month (a share s of them to school), and inactive young persons
leaving inactivity at `inactive_exit` a month (job search, own-account work, turning 25), the
inactive young settle at I = (entrants + leavers) / inactive_exit and the students at
S = (entrants + s leavers) / (inactive_exit + rate); S = s I gives the rate (a stock-flow
balance, as for any spell). Without a published NEET rate nobody is counted as a student and
the NEET rate is not reported.
"""

from __future__ import annotations

import numpy as np

from sim.workers import Status


def neet(young: np.ndarray, status: np.ndarray, in_education: np.ndarray) -> np.ndarray:
    """Mask of the young neither in employment nor in education or training: job seekers
    and the inactive who are not students (trainees and the employed are not NEET)."""
    return young & ((status == Status.UNEMPLOYED) | (status == Status.INACTIVE)) & ~in_education


def neet_rate(young_by_status: np.ndarray, students: int) -> float:
    """The NEET rate from counts of the young at home by `Status` and the students among them
    (who are inactive): job seekers and inactive who are not students / the young at home."""
    at_home = young_by_status[: Status.ABROAD].sum()
    neet = young_by_status[Status.UNEMPLOYED] + young_by_status[Status.INACTIVE] - students
    return float(neet / at_home) if at_home > 0 else float("nan")


def students_wanted(neet_rate: float, young: int, young_not_working: int, young_inactive: int) -> int:
    """How many of the young are students at start for the NEET rate to be `neet_rate`.

    Of the `young`, `young_not_working` are job seekers or inactive (trainees and the employed
    are neither), `young_inactive` inactive; students are inactive young, so the NEET rate
    cannot be below (job seekers) / young: the count is then all inactive young."""
    wanted = young_not_working - round(neet_rate * young)
    return int(min(max(wanted, 0), young_inactive))


def draw_students(inactive_young: np.ndarray, count: int, rng: np.random.Generator) -> np.ndarray:
    """`count` of the inactive young (indices), drawn at random: the start's students."""
    return np.sort(rng.choice(inactive_young, size=min(count, len(inactive_young)), replace=False))


def leaving_rate(entrants: float, leavers: float, inactive_exit: float, student_share: float) -> float:
    """Monthly chance that a student leaves school for inactivity, so that students stay
    `student_share` of the inactive young at steady state (see the module's docstring):
    rate = inactive_exit x entrants x (1 - s) / (s x (entrants + leavers))."""
    if student_share <= 0 or entrants + leavers <= 0:
        return 0.0
    rate = inactive_exit * entrants * (1.0 - student_share) / (student_share * (entrants + leavers))
    return float(min(rate, 1.0))


def still_students(
    in_education: np.ndarray, status: np.ndarray, young: np.ndarray, u: np.ndarray, rate: float
) -> np.ndarray:
    """Who of the students is still one after this month: still inactive, still young, and not
    leaving school for inactivity (draw `u` below `rate`)."""
    return in_education & (status == Status.INACTIVE) & young & (u >= rate)


def back_to_school(just_left_labour_force: np.ndarray, u: np.ndarray, share: float) -> np.ndarray:
    """Who of the young who left the labour force this month goes back to school: draw `u`
    below `share`."""
    return just_left_labour_force & (u < share)
