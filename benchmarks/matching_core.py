"""The labour-matching core, twice: one `mesa.Agent` per worker, and columnar arrays.

The core is the heart of the monthly cycle with everything else held still: firms with
fixed target sizes and wages; each month employed workers separate at a fixed rate, firms
open vacancies for the gap to their target, every unemployed worker sends a few
applications to firms with vacancies (chosen with probability proportional to vacancies x
wage^elasticity), firms offer their posts to applicants in random order and each worker
takes the best-paid offer.

`MesaMatchingModel` writes it the way a new Mesa user would (DESIGN.md section 3): one
agent per worker and per firm, a `step` per agent, Python loops. `ColumnarMatchingCore`
runs the same rules with the engine's array functions (`sim.markets.matching.match`).
They are the yardstick of speed, and their steady states agree (tests/test_reference.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import mesa
import numpy as np

from sim.markets.matching import MatchingParams, Openings, Seekers, match


@dataclass(frozen=True)
class CoreParams:
    workers: int = 10_000
    mean_firm_size: float = 12.0
    separation_rate: float = 0.02  # per month
    applications_per_seeker: int = 3
    wage_elasticity: float = 2.0
    initial_unemployment: float = 0.1


def firm_setup(p: CoreParams, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Target sizes (summing to 95 % of the workers) and wages of the firms."""
    n_firms = max(1, int(p.workers / p.mean_firm_size))
    weight = rng.pareto(1.06, n_firms) + 1.0
    target = np.maximum(1, np.round(0.95 * p.workers * weight / weight.sum())).astype(int)
    wage = 10_000 * np.exp(rng.normal(0.0, 0.2, n_firms))
    return target, wage


# ----------------------------------------------------------------------------------------
# plain Mesa: one agent per worker, one per firm
# ----------------------------------------------------------------------------------------
class Worker(mesa.Agent):
    def __init__(self, model: "MesaMatchingModel") -> None:
        super().__init__(model)
        self.employer: Firm | None = None
        self.offers: list[Firm] = []

    def separate(self) -> None:
        if self.employer is not None and self.model.random.random() < self.model.params.separation_rate:
            self.employer.staff.remove(self)
            self.employer = None

    def apply(self) -> None:
        if self.employer is None:
            openings, weights = self.model.openings
            if openings:
                for firm in self.model.random.choices(
                    openings, weights=weights, k=self.model.params.applications_per_seeker
                ):
                    if self not in firm.applicants:
                        firm.applicants.append(self)

    def choose(self) -> None:
        if self.offers:
            best = max(self.offers, key=lambda firm: firm.wage)
            self.employer = best
            best.staff.append(self)
            self.offers = []


class Firm(mesa.Agent):
    def __init__(self, model: "MesaMatchingModel", target: int, wage: float) -> None:
        super().__init__(model)
        self.target = target
        self.wage = wage
        self.staff: list[Worker] = []
        self.applicants: list[Worker] = []

    @property
    def vacancies(self) -> int:
        return max(self.target - len(self.staff), 0)

    def make_offers(self) -> None:
        self.model.random.shuffle(self.applicants)
        for worker in self.applicants[: self.vacancies]:
            worker.offers.append(self)
        self.applicants = []


class MesaMatchingModel(mesa.Model):
    def __init__(self, params: CoreParams = CoreParams(), seed: int = 0) -> None:
        super().__init__(rng=seed)
        self.params = params
        target, wage = firm_setup(params, np.random.default_rng(seed))
        self.firms = [Firm(self, int(t), float(w)) for t, w in zip(target, wage)]
        self.workers = [Worker(self) for _ in range(params.workers)]
        employed = int(params.workers * (1 - params.initial_unemployment))
        firm_of = np.random.default_rng(seed + 1).choice(len(self.firms), size=employed, p=target / target.sum())
        for worker, f in zip(self.workers[:employed], firm_of):
            worker.employer = self.firms[f]
            self.firms[f].staff.append(worker)
        self.openings: tuple[list[Firm], list[float]] = ([], [])

    def step(self) -> None:
        for worker in self.workers:
            worker.separate()
        hiring = [f for f in self.firms if f.vacancies > 0]
        self.openings = (hiring, [f.vacancies * f.wage**self.params.wage_elasticity for f in hiring])
        for worker in self.workers:
            worker.apply()
        for firm in self.firms:
            firm.make_offers()
        for worker in self.workers:
            worker.choose()

    @property
    def unemployment_rate(self) -> float:
        return sum(w.employer is None for w in self.workers) / len(self.workers)


# ----------------------------------------------------------------------------------------
# columnar: the engine's array functions
# ----------------------------------------------------------------------------------------
class ColumnarMatchingCore:
    def __init__(self, params: CoreParams = CoreParams(), seed: int = 0) -> None:
        self.params = params
        self.rng = np.random.default_rng([seed, 1])
        self.target, self.wage = firm_setup(params, np.random.default_rng(seed))
        n = params.workers
        employed = int(n * (1 - params.initial_unemployment))
        self.employer = np.full(n, -1)
        self.employer[:employed] = np.random.default_rng(seed + 1).choice(
            len(self.target), size=employed, p=self.target / self.target.sum()
        )
        self.match_params = MatchingParams(
            params.applications_per_seeker,
            params.wage_elasticity,
            np.ones((1, 1)),
            np.ones(1),
            np.ones((1, 1)),
            offer_rounds=1,
        )

    def step(self) -> None:
        n = self.params.workers
        separate = (self.employer >= 0) & (self.rng.random(n) < self.params.separation_rate)
        self.employer[separate] = -1
        employees = np.bincount(self.employer[self.employer >= 0], minlength=len(self.target))
        vacancies = np.maximum(self.target - employees, 0)
        hiring = np.flatnonzero(vacancies > 0)
        seekers = np.flatnonzero(self.employer < 0)
        zeros = np.zeros(len(seekers), dtype=np.int64)
        result = match(
            Seekers(seekers, zeros, zeros, zeros, np.zeros(len(seekers))),
            Openings(
                hiring,
                np.zeros(len(hiring), dtype=np.int64),
                np.zeros(len(hiring), dtype=np.int64),
                vacancies[hiring],
                self.wage[hiring],
                np.zeros(len(hiring)),
            ),
            self.match_params,
            self.rng,
        )
        self.employer[result.worker] = result.firm

    @property
    def unemployment_rate(self) -> float:
        return float(np.mean(self.employer < 0))
