"""LabourMarketModel: one country's regional labour market, month by month.

Core objects: `LabourMarketModel` (a `mesa.Model`), `STREAMS` (the named random streams).

The model owns columnar worker and firm populations (`sim.workers`, `sim.firms`), the
households (`sim.households`) and one `Union` agent per sector (`sim.unions`). `step()` is
one month and reads as its table of contents; each call is a small update of the state
around a pure function of `sim.markets` that says which mechanism it is. Indicators are
collected every month with Mesa's DataCollector under their public names
(`sim.indicators.INDICATOR_NAMES`).

Counterfactual pairing: `branch(schedule)` copies the state once (arrays and random
streams); a baseline and a scenario branched from the same model continue from the same
state with the same random numbers, so with no shock they stay identical.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import partial

import mesa
import numpy as np
from mesa.datacollection import DataCollector

from sim import government, unions
from sim.config import SECTORS, CountryConfig, ModelParams, ReskillingSubsidyPolicy, apply_calibration, load_country
from sim.firms import Firms
from sim.government import Government, start_government
from sim.households import Households, pensions, pooled_income
from sim.indicators import INDICATOR_NAMES, household_indicators, labour_indicators, ratio, regional_table
from sim.initial_state import Calibration, build, home_income, migration_candidates, network_share
from sim.markets import (
    accounts,
    bargaining,
    goods,
    labour_demand,
    matching,
    migration,
    separations,
    training,
    wages,
)
from sim.policy import NO_SCHEDULE, Environment, Schedule
from sim.unions import SectorConditions, Union
from sim.workers import NO_EMPLOYER, NO_SECTOR, AgeGroup, Status, Workers

TRAINING_FOLLOW_UP_MONTHS = (6, 12, 24, 36)
"""Months after entry at which participants are compared with their matched group."""

STREAMS: tuple[str, ...] = (
    "init",
    "schedule",
    "demand",
    "labour_demand",
    "separations",
    "migration",
    "training",
    "matching",
    "wages",
    "bargaining",
    "accounts",
)
"""One random stream per stochastic process, spawned in this order from SeedSequence(seed).
New processes append here, so that existing streams keep their draws."""


def spawn_streams(seed: int) -> dict[str, np.random.Generator]:
    children = np.random.SeedSequence(seed).spawn(len(STREAMS))
    return {name: np.random.default_rng(child) for name, child in zip(STREAMS, children)}


def read_indicator(name: str, model: "LabourMarketModel") -> float:
    """DataCollector reporter: this month's value of indicator `name`."""
    return model.indicators[name]


@dataclass
class ModelState:
    """Everything that evolves, copied when a run branches into baseline and scenario."""

    workers: Workers
    firms: Firms
    households: Households
    calibration: Calibration
    streams: dict[str, np.random.Generator]
    month: int
    demand_factor: float
    spending_by_region: np.ndarray
    government: Government


class LabourMarketModel(mesa.Model):
    """A regional labour market of workers, firms, households and unions.

    Args:
        country: The country preset (a `CountryConfig`, or its name under configs/country).
        params: Behavioural parameters of the monthly cycle.
        scale: Persons represented by one simulated person.
        seed: Root of all random streams.
        schedule: Shocks and policies (default: none).

    Attributes:
        workers: Columnar worker state; `model.workers[i]` is a readable record.
        firms: Columnar firm state; `model.firms[j]` is a readable record.
        households: Household state.
        unions: One `Union` agent per sector.
        month: Months simulated since the start.
        indicators: This month's indicators by public name.
        regional_history: Per-month regional tables (month, table).
        datacollector: Mesa DataCollector of the indicators.
    """

    def __init__(
        self,
        country: CountryConfig | str = "kyrgyzstan",
        params: ModelParams | None = None,
        *,
        scale: float = 100.0,
        seed: int = 0,
        schedule: Schedule = NO_SCHEDULE,
        _state: ModelState | None = None,
        _horizon_origin: int = 0,
    ) -> None:
        super().__init__(rng=seed)
        if isinstance(country, str):
            country = load_country(country)
        country, params = apply_calibration(country, params or ModelParams())
        self.country = country
        self.params = params
        self.scale = float(scale)
        self.seed = seed
        self.schedule = schedule
        self.horizon_origin = _horizon_origin
        if _state is None:
            streams = spawn_streams(seed)
            workers, firms, households, calibration = build(country, self.params, self.scale, streams["init"])
            government = start_government(country, workers, calibration.minimum_wage, float(households.benefits.sum()))
            _state = ModelState(
                workers,
                firms,
                households,
                calibration,
                streams,
                0,
                1.0,
                calibration.spending0_by_region.copy(),
                government,
            )
        self._adopt(_state)
        self.base_environment = Environment.base(country.bargaining)
        self.environment = self.base_environment
        self.unions = [
            Union(self, s, name, float(self.calibration.union_join_probability[s])) for s, name in enumerate(SECTORS)
        ]
        self.record_union_membership()
        self.wage_floors = np.array([u.wage_floor_local or 0.0 for u in self.unions])
        self.striking = np.zeros(len(self.workers), dtype=bool)
        self.flows = dict.fromkeys(
            (
                "hires_from_unemployment",
                "unemployed_searching",
                "separations",
                "employed_at_start",
                "emigrants",
                "residents_at_start",
                "returns",
                "abroad_at_start",
                "remittances_sent",
                "benefit_recipients",
                "strikers",
                "enrolments",
                "completions",
            ),
            0,
        )
        self.remittances_this_month = self.households.remittances.copy()
        self.consumer_price_index = 1.0
        self.training_cohorts: list[training.Cohort] = []
        self.sector_employment_history: list[np.ndarray] = []
        self.benefits_this_month = pensions(
            self.workers.pensioner, self.workers.status != Status.ABROAD, country.average_pension_local or 0.0
        )
        self.regional_history: list[tuple[int, dict[str, np.ndarray]]] = []
        self.datacollector = DataCollector(
            model_reporters={name: partial(read_indicator, name) for name in INDICATOR_NAMES}
        )
        self.collect()

    # ----------------------------------------------------------------------------------
    # the month
    # ----------------------------------------------------------------------------------
    def step(self) -> None:
        """One month of the cycle (DESIGN.md section 2)."""
        self.apply_schedule()  # 1. shocks and policies due this month, minimum-wage indexation
        self.demand_goods()  # 2. household, government and export demand
        self.plan_labour_demand()  # 3. expectations, vacancies, layoffs
        self.separate_workers()  # 4. separations, participation, ageing
        self.migrate()  # 5. emigration, work abroad, remittances, returns
        self.train()  # 6. reskilling: enrolment, lock-in, drop-out, completion
        self.match_job_seekers()  # 7. applications, offers, hires; own-account work
        self.set_wages()  # 8. posted wages, minimum wage, agreement floors
        self.update_union_membership()  # 9. union members and density
        self.bargain()  # 9. bargaining rounds, strikes, coverage
        self.settle_firm_accounts()  # 10. profit, exit, entry
        self.settle_government_accounts()  # 11. benefits and pensions paid
        self.pool_household_income()  # household income for next month's spending
        self.collect()  # 12. indicators

    def run(self, months: int, progress=None) -> None:
        """Run `months` months; `progress` is called after each with no argument."""
        for _ in range(months):
            self.step()
            if progress is not None:
                progress()

    # ----------------------------------------------------------------------------------
    # processes
    # ----------------------------------------------------------------------------------
    def apply_schedule(self) -> None:
        self.month += 1
        if self.month % 12 == 0:
            self.index_minimum_wage()
        self.environment = self.schedule.environment(self.base_environment, self.month - self.horizon_origin)
        p = self.params
        if p.demand_noise_sd > 0:
            shock = self.streams["demand"].normal(0.0, p.demand_noise_sd)
            self.demand_factor = float(np.exp(p.demand_noise_persistence * np.log(self.demand_factor) + shock))

    def index_minimum_wage(self) -> None:
        """Annual indexation of the minimum wage to the median wage's growth over the year."""
        g, w = self.government, self.workers
        median = float(np.median(w.wage[w.employer >= 0]))
        g.minimum_wage_local = government.indexed_minimum_wage(
            g.minimum_wage_local, median, g.median_wage_at_indexation, g.indexation
        )
        g.median_wage_at_indexation = median

    def demand_goods(self) -> None:
        d, env, f = self.calibration.demand, self.environment, self.firms
        income_by_region = np.bincount(self.households.region, weights=self.households.income, minlength=self.n_regions)
        self.spending_by_region = goods.household_spending(
            income_by_region, d.autonomous_consumption, self.params.marginal_propensity_to_consume, self.demand_factor
        )
        exports = goods.export_demand(
            d.base_exports, env.world_demand, env.partner_tariff, self.params.export_price_elasticity
        )
        demand = goods.market_demand(
            d, self.spending_by_region, env.own_tariff, env.import_price, exports, self.params.armington_elasticity
        )
        self.consumer_price_index = goods.consumer_prices(
            d, env.own_tariff, env.import_price, self.params.armington_elasticity
        )
        self.government.tariff_revenue = goods.tariff_revenue(
            d, self.spending_by_region, env.own_tariff, env.import_price, self.params.armington_elasticity
        )
        f.orders[:] = labour_demand.firm_orders(
            demand.ravel(), self.firm_markets(), f.productivity * f.capacity, f.alive
        )

    def plan_labour_demand(self) -> None:
        f, p = self.firms, self.params
        f.expected_sales[:] = labour_demand.update_expectations(f.expected_sales, f.orders, p.expectation_adjustment)
        firing_speed = np.where(f.formal, p.firing_speed_formal, p.firing_speed_informal)
        firing_speed = np.where(
            f.covered, firing_speed * self.environment.bargaining.covered_firing_factor, firing_speed
        )
        rates = self.calibration.rates
        expected_quits = (
            np.where(f.formal, rates.separation_formal, rates.separation_informal) + rates.employed_to_inactive
        )
        f.vacancies[:], self.planned_layoffs = labour_demand.vacancies_and_layoffs(
            f.expected_sales,
            np.maximum(f.productivity, 1e-9),
            f.employees,
            expected_quits,
            firing_speed,
            f.alive,
            self.streams["labour_demand"],
        )

    def separate_workers(self) -> None:
        w, rng = self.workers, self.streams["separations"]
        employed = w.employed
        w.months_in_status += 1
        w.experience_months[employed] += 1
        self.flows["employed_at_start"] = int(np.count_nonzero(employed))
        laid_off = labour_demand.select_layoffs(w.employer, self.firms.employees, self.planned_layoffs, rng)
        new_status = separations.draw_transitions(w.status, self.own_account_mask(), self.calibration.rates, rng)
        new_status[laid_off & (new_status <= Status.EMPLOYED_INFORMAL)] = Status.UNEMPLOYED
        leaving = employed & (new_status > Status.EMPLOYED_INFORMAL)
        self.flows["separations"] = int(np.count_nonzero(leaving))
        self.entitle_to_benefit((w.status == Status.EMPLOYED_FORMAL) & (new_status == Status.UNEMPLOYED))
        self.release_from_firms(leaving)
        for status in (Status.UNEMPLOYED, Status.INACTIVE):
            w.set_status(((new_status == status) & (w.status != status)), status)
        w.union_member &= w.status == Status.EMPLOYED_FORMAL

        age_before = w.age_group.copy()
        w.age_group[:], retire = separations.draw_ageing(w.age_group, self.calibration.rates, rng)
        newly_older = np.flatnonzero((w.age_group == AgeGroup.OLDER) & (age_before != AgeGroup.OLDER))
        w.pensioner[newly_older] = rng.random(len(newly_older)) < self.calibration.pension_coverage
        self.replace_retirees(retire, rng)

    def migrate(self) -> None:
        w, p, env, rng = self.workers, self.params, self.environment, self.streams["migration"]
        cal = self.calibration.migration
        u_move, u_work = rng.random(len(w)), rng.random(len(w))  # one draw per person: paired runs align
        abroad = np.flatnonzero(w.status == Status.ABROAD)
        employment_rate = migration.destination_employment(p.destination_employment_rate, env.destination_demand)
        wage_abroad = cal.destination_wage_local * env.destination_currency
        employed_abroad = u_work[abroad] < employment_rate
        sent = migration.remittances_sent(employed_abroad, wage_abroad, p.remittance_share)
        self.remittances_this_month = np.bincount(w.household[abroad], weights=sent, minlength=len(self.households))
        returning = abroad[u_move[abroad] < migration.return_probability(employed_abroad, cal.params)]

        candidates = np.flatnonzero(migration_candidates(w.status, w.age_group))
        home = home_income(w.wage[candidates], w.status[candidates], self.own_account_earnings(candidates))
        ratio = migration.income_ratio(employment_rate * wage_abroad, home, p.migration_cost_share)
        network = network_share(w.region, w.status, self.n_regions)
        region = w.region[candidates]
        probability = migration.emigration_probability(ratio, network[region], cal.network_start[region], cal.params)
        leaving = candidates[u_move[candidates] < probability]

        self.flows.update(
            abroad_at_start=len(abroad),
            residents_at_start=int(np.count_nonzero(w.status <= Status.INACTIVE)),
            emigrants=len(leaving),
            returns=len(returning),
            remittances_sent=float(sent.sum()),
        )
        self.release_from_firms(leaving)
        w.set_status(leaving, Status.ABROAD)
        w.union_member[leaving] = False
        w.set_status(returning, Status.UNEMPLOYED)

    def train(self) -> None:
        w, p, rs = self.workers, self.params, self.environment.reskilling
        trainees = np.flatnonzero(w.status == Status.IN_TRAINING)
        self.flows.update(enrolments=0, completions=0)
        if rs is None and len(trainees) == 0:
            self.government.training_paid = 0.0
            return
        rng = self.streams["training"]
        u_progress, u_apply, u_cost = rng.random(len(w)), rng.random(len(w)), rng.random(len(w))
        dropping = trainees[u_progress[trainees] < p.training_dropout_rate]
        staying = trainees[u_progress[trainees] >= p.training_dropout_rate]
        w.training_months_left[staying] -= 1
        completing = staying[w.training_months_left[staying] <= 0]
        w.skill[completing] = training.upgraded_skill(w.skill[completing], len(p.skill_share) - 1)
        w.sector[completing] = w.training_target[completing]
        w.experience_months[completing] = 24  # certified: counts as two years in the target sector
        leaving = np.concatenate([dropping, completing])
        w.set_status(leaving, Status.UNEMPLOYED)
        w.training_target[leaving] = NO_SECTOR
        self.flows["completions"] = len(completing)
        if rs is not None:
            self.enrol_trainees(rs, u_apply, u_cost, rng)
        in_training = np.count_nonzero(w.status == Status.IN_TRAINING)
        cost = in_training * p.training_cost_wage_share * self.indicators["mean_wage"] * rs.subsidy_share if rs else 0.0
        self.government.training_paid = float(cost)
        self.government.balance -= float(cost)

    def enrol_trainees(
        self, rs: ReskillingSubsidyPolicy, u_apply: np.ndarray, u_cost: np.ndarray, rng: np.random.Generator
    ) -> None:
        """Open seats to eligible workers; record the month's cohort with a matched comparison."""
        w = self.workers
        employment_now, employment_year_ago = self.sector_employment_history[-1], self.sector_employment_history[0]
        if rs.target_sectors is not None:
            targets = np.array([SECTORS.index(name) for name in rs.target_sectors])
        else:
            targets = training.growing_sectors(employment_now, employment_year_ago, rs.n_target_sectors)
        eligible_mask = w.status == Status.UNEMPLOYED
        if rs.eligibility == "unemployed_and_declining":
            declining = training.declining_sectors(employment_now, employment_year_ago)
            eligible_mask |= w.employed & declining[np.maximum(w.sector, 0)] & (w.sector >= 0)
        eligible = np.flatnonzero(eligible_mask)
        # seats are a share of the labour force counting those in training (who left it to train)
        in_training = np.count_nonzero(w.status == Status.IN_TRAINING)
        labour_force = np.count_nonzero(w.status <= Status.UNEMPLOYED) + in_training
        free = int(round(rs.seats_share * labour_force)) - in_training
        entrants = training.enrol(
            eligible, free, rs.subsidy_share, self.params.training_takeup, u_apply[eligible], u_cost[eligible]
        )
        if len(entrants) == 0:
            return
        duration = np.minimum(w.months_in_status, 12) // 6  # 0-5, 6-11, 12+ months in status
        key = ((w.region.astype(np.int64) * 3 + w.skill) * 3 + w.age_group) * 3 + duration
        key = key * 8 + w.status  # like with like: unemployed with unemployed, employees with employees
        not_entering = np.setdiff1d(eligible, entrants, assume_unique=True)
        matched, comparison = training.matched_comparison(entrants, not_entering, key, rng)
        self.training_cohorts.append(training.Cohort(self.month, matched, comparison, targets))
        self.training_cohorts = [c for c in self.training_cohorts if self.month - c.entry_month <= 36]
        self.release_from_firms(entrants)
        w.set_status(entrants, Status.IN_TRAINING)
        w.union_member[entrants] = False
        w.training_months_left[entrants] = rs.duration_months
        w.training_target[entrants] = rng.choice(targets, size=len(entrants))
        self.flows["enrolments"] = len(entrants)

    def match_job_seekers(self) -> None:
        w, f, p, rng = self.workers, self.firms, self.params, self.streams["matching"]
        premium = np.asarray(p.skill_premium)
        unemployed = w.status == Status.UNEMPLOYED
        formal_job = w.status == Status.EMPLOYED_FORMAL
        informal_employee = (w.status == Status.EMPLOYED_INFORMAL) & (w.employer != NO_EMPLOYER)
        otj_rate = np.where(
            formal_job, p.on_the_job_search_formal, np.where(informal_employee, p.on_the_job_search_informal, 0.0)
        )
        searching = unemployed | (rng.random(len(w)) < otj_rate)
        offer_level = self.regional_mean_posted_wage()
        jobless = np.flatnonzero(unemployed)
        w.reservation_wage[:] = w.wage * (1.0 + p.job_switch_premium)
        w.reservation_wage[jobless] = (
            p.reservation_wage_ratio
            * offer_level[w.region[jobless]]
            * premium[w.skill[jobless]]
            * (1.0 - p.reservation_wage_decay) ** w.months_in_status[jobless]
        )
        receives = self.households.remittances[w.household[jobless]] > 0
        w.reservation_wage[jobless] *= 1.0 + p.remittance_reservation_premium * receives
        on_benefit = jobless[w.benefit_months_left[jobless] > 0]
        w.reservation_wage[on_benefit] = np.maximum(w.reservation_wage[on_benefit], w.benefit[on_benefit])
        who = np.flatnonzero(searching)
        seekers = matching.Seekers(
            who, w.region[who], w.skill[who], w.experience_months[who], w.reservation_wage[who], w.sector[who]
        )
        open_firms = np.flatnonzero(f.alive & (f.vacancies > 0))
        openings = matching.Openings(
            open_firms,
            f.region[open_firms],
            f.sector[open_firms],
            f.vacancies[open_firms],
            f.posted_wage[open_firms],
            np.where(f.formal[open_firms], self.minimum_wage, 0.0),
        )
        params = matching.MatchingParams(
            p.applications_per_seeker,
            p.wage_search_elasticity,
            p.cross_region_search_weight,
            premium,
            self.calibration.skill_fit,
        )
        result = matching.match(seekers, openings, params, rng)

        self.flows["unemployed_searching"] = int(np.count_nonzero(unemployed))
        self.flows["hires_from_unemployment"] = int(np.count_nonzero(unemployed[result.worker]))
        self.hire(result.worker, result.firm, result.wage)
        f.applicants[:] = 0
        f.applicants[open_firms] = result.applicants
        f.hires[:] = np.bincount(result.firm, minlength=len(f))
        self.count_employees()
        still_unemployed = w.status == Status.UNEMPLOYED
        entry_rate = self.calibration.own_account_entry_rate
        self.start_own_account_work(still_unemployed & (rng.random(len(w)) < entry_rate), rng)

    def set_wages(self) -> None:
        w, f, p = self.workers, self.firms, self.params
        minimum = self.minimum_wage
        f.posted_wage[:] = wages.floor_wages(
            wages.adjust_posted_wages(
                f.posted_wage,
                f.vacancies,
                f.hires,
                f.applicants,
                p.wage_rise_unfilled,
                p.wage_fall_queue,
                p.queue_threshold,
            ),
            f.formal,
            minimum,
        )
        employee = np.flatnonzero(w.employer >= 0)
        premium = np.asarray(p.skill_premium)
        w.wage[employee] = wages.employee_wages(
            f.posted_wage[w.employer[employee]],
            w.skill[employee],
            premium,
            w.status[employee] == Status.EMPLOYED_FORMAL,
            minimum,
        )
        covered = employee[f.covered[w.employer[employee]]]
        w.wage[covered] = wages.agreement_floor(
            w.wage[covered], self.wage_floors[w.sector[covered]], w.skill[covered], premium
        )
        rules = self.environment.bargaining
        if rules.extension and rules.lighthouse_effect > 0:
            informal = employee[~f.formal[w.employer[employee]] & (self.wage_floors[w.sector[employee]] > 0)]
            rate = wages.grade_rate(self.wage_floors[w.sector[informal]], w.skill[informal], premium)
            w.wage[informal] = wages.lighthouse(w.wage[informal], rate, rules.lighthouse_effect)
        own = self.own_account_mask()
        w.wage[own] = self.own_account_earnings(own)

    def update_union_membership(self) -> None:
        w, rng = self.workers, self.streams["bargaining"]
        if not self.calibration.union_join_probability.any():
            return  # no unions in this country: nobody joins, nobody is a member
        formal = w.status == Status.EMPLOYED_FORMAL
        join = self.calibration.union_join_probability[np.maximum(w.sector, 0)]
        churn = self.params.union_membership_churn
        new_hire = formal & (w.months_in_status == 0)
        w.union_member[:] = unions.membership(w.union_member, formal, new_hire, join, churn, rng.random(len(w)))
        self.record_union_membership()

    def bargain(self) -> None:
        w, f, rules = self.workers, self.firms, self.environment.bargaining
        if not w.union_member.any() and not any(u.wage_floor_local for u in self.unions):
            return  # no unions, no agreements: nothing to bargain or cover
        conditions = self.sector_conditions()
        for union in self.unions:
            union.advance(self.month, conditions[union.sector], rules, self.streams["bargaining"])
        self.wage_floors = np.array([u.wage_floor_local or 0.0 for u in self.unions])
        employee = w.employer >= 0
        members_per_firm = np.bincount(w.employer[employee & w.union_member], minlength=len(f))
        agreement = self.wage_floors[f.sector] > 0
        f.covered[:] = agreement & bargaining.covered_firms(
            members_per_firm, f.recognition_draw, rules.recognition, np.full(len(f), rules.extension), f.formal, f.alive
        )
        on_strike = np.array([u.on_strike for u in self.unions])
        self.striking = np.zeros(len(w), dtype=bool)
        if on_strike.any():
            firm = np.where(employee, w.employer, 0)
            self.striking = employee & w.union_member & f.covered[firm] & on_strike[np.maximum(w.sector, 0)]
            w.wage[self.striking] = 0.0  # strikers are not paid while the strike lasts
        self.flows["strikers"] = int(np.count_nonzero(self.striking))

    def training_indicators(self) -> dict[str, float]:
        """Enrolment, completions, programme cost, long-term unemployment, and the employment
        rates of participants and their matched comparison group k months after entry."""
        w = self.workers
        unemployed = w.status == Status.UNEMPLOYED
        out = {
            "training_enrolment": float(np.count_nonzero(w.status == Status.IN_TRAINING) * self.scale),
            "training_completions": float(self.flows.get("completions", 0) * self.scale),
            "programme_cost": self.government.training_paid * self.scale,
            "long_term_unemployment_share": ratio(
                np.count_nonzero(unemployed & (w.months_in_status >= 12)), np.count_nonzero(unemployed)
            ),
        }
        employed = w.employed
        for k in TRAINING_FOLLOW_UP_MONTHS:
            cohort = next((c for c in self.training_cohorts if self.month - c.entry_month == k), None)
            has = cohort is not None and len(cohort.participants) > 0
            out[f"participant_employment_rate_{k}m"] = (
                float(employed[cohort.participants].mean()) if has else float("nan")
            )
            out[f"comparison_employment_rate_{k}m"] = float(employed[cohort.comparison].mean()) if has else float("nan")
        return out

    def bargaining_indicators(self, employee: np.ndarray) -> dict[str, float]:
        """Union density, bargaining coverage, the union wage premium and strike days."""
        w, f = self.workers, self.firms
        formal = self.indicators["employed_persons"] * (1.0 - self.indicators["informality_rate"]) / self.scale
        covered_employees = int(f.employees[f.covered].sum())
        premium = float("nan")
        if covered_employees:
            covered = np.zeros(len(w), dtype=bool)
            covered[employee] = f.covered[w.employer[employee]]
            paid = np.flatnonzero((w.status == Status.EMPLOYED_FORMAL) & ~self.striking)
            n_skills = len(self.params.skill_share)
            cell = w.sector[paid].astype(np.intp) * n_skills + w.skill[paid]
            log_wage = np.log(np.maximum(w.wage[paid], 1.0))
            premium = bargaining.union_wage_premium(log_wage, covered[paid], cell, len(SECTORS) * n_skills)
        return {
            "union_density": ratio(sum(u.members for u in self.unions), round(formal)),
            "bargaining_coverage": ratio(covered_employees, int(f.employees[f.alive].sum())),
            "union_wage_premium": premium,
            "strike_days": self.flows["strikers"] * bargaining.WORKING_DAYS_PER_MONTH * self.scale,
        }

    def sector_conditions(self) -> list[SectorConditions]:
        """Each sector's going wage and output per worker net of capital costs (base-wage
        units) among live formal firms, with last month's unemployment rate and the benefit
        replacement rate."""
        f = self.firms
        formal = f.alive & f.formal
        weight = np.where(formal, f.employees + 1.0, 0.0)
        n = len(SECTORS)
        total = np.maximum(np.bincount(f.sector, weights=weight, minlength=n), 1e-12)
        wage = np.bincount(f.sector, weights=weight * f.posted_wage, minlength=n) / total
        mean_premium = float(np.dot(self.params.skill_share, self.params.skill_premium))
        # the surplus to bargain over is output per worker net of capital costs (quasi-rent)
        net_output = f.productivity * (1.0 - self.params.capital_cost_share)
        productivity = np.bincount(f.sector, weights=weight * net_output, minlength=n) / total / mean_premium
        u = self.indicators["unemployment_rate"]
        return [SectorConditions(wage[s], productivity[s], u, self.government.replacement_rate) for s in range(n)]

    def settle_firm_accounts(self) -> None:
        w, f, p = self.workers, self.firms, self.params
        employee = w.employer >= 0
        wage_bill = np.bincount(w.employer[employee], weights=w.wage[employee], minlength=len(f))
        strikers = np.bincount(w.employer[self.striking], minlength=len(f))
        acc = accounts.settle_accounts(
            f.employees,
            f.employees - strikers,
            f.productivity,
            f.orders,
            wage_bill,
            f.capacity,
            f.net_worth,
            f.months_negative_worth,
            p.capital_cost_share,
            p.payout_ratio,
            p.capacity_adjustment,
        )
        live = f.alive
        f.output[live], f.sales[live], f.profit[live] = acc.output[live], acc.sales[live], acc.profit[live]
        f.net_worth[live], f.months_negative_worth[live], f.capacity[live] = (
            acc.net_worth[live],
            acc.months_negative_worth[live],
            acc.capacity[live],
        )
        public = self.calibration.demand.public[f.sector]
        hazard = accounts.closure_hazard(f.capacity, p.closure_rate, p.mean_firm_size_workers)
        exits = accounts.exiting(
            f.alive & ~public, f.months_negative_worth, p.exit_after_months, hazard, self.streams["accounts"]
        )
        exits_by_market = np.bincount(self.firm_markets()[exits], minlength=len(SECTORS) * self.n_regions)
        self.close_firms(exits)
        self.open_firms(exits_by_market)

    def settle_government_accounts(self) -> None:
        w, g = self.workers, self.government
        self.benefits_this_month = government.benefits_due(w.status, w.benefit, w.benefit_months_left) + pensions(
            w.pensioner, w.status != Status.ABROAD, self.country.average_pension_local or 0.0
        )
        on_benefit = (w.status == Status.UNEMPLOYED) & (w.benefit_months_left > 0)
        self.flows["benefit_recipients"] = int(np.count_nonzero(on_benefit))
        w.benefit_months_left[on_benefit] -= 1
        g.pensions_paid = float(np.sum(self.benefits_this_month[w.pensioner]))
        g.benefits_paid = float(self.benefits_this_month.sum()) - g.pensions_paid
        g.balance += g.tariff_revenue - g.benefits_paid - g.pensions_paid

    def pool_household_income(self) -> None:
        h, w = self.households, self.workers
        h.remittances[:] = self.remittances_this_month
        h.benefits[:] = pooled_income(w.household, self.benefits_this_month, len(h))
        h.income[:] = pooled_income(w.household, w.wage, len(h)) + h.benefits + h.remittances

    def collect(self) -> None:
        w, f = self.workers, self.firms
        employee = w.employer >= 0
        self.indicators = labour_indicators(w.status, w.age_group, w.sector, employee, w.wage, self.scale)
        vacancies = int(f.vacancies[f.alive].sum())
        occupied = int(np.count_nonzero(employee))
        self.indicators.update(
            vacancy_rate=ratio(vacancies, vacancies + occupied),
            vacancies=float(vacancies * self.scale),
            job_finding_rate=ratio(self.flows["hires_from_unemployment"], self.flows["unemployed_searching"]),
            separation_rate=ratio(self.flows["separations"], self.flows["employed_at_start"]),
            firms=float(np.count_nonzero(f.alive)),
            migrants_abroad=float(np.count_nonzero(w.status == Status.ABROAD) * self.scale),
            emigration_rate=ratio(self.flows["emigrants"], self.flows["residents_at_start"]),
            return_rate=ratio(self.flows["returns"], self.flows["abroad_at_start"]),
            benefit_recipients=float(self.flows["benefit_recipients"] * self.scale),
            share_below_minimum_wage=government.share_below_minimum(w.wage[employee], self.minimum_wage),
            minimum_wage=self.minimum_wage,
            consumer_price_index=self.consumer_price_index,
            **self.training_indicators(),
            tariff_revenue=self.government.tariff_revenue * self.scale,
            **self.bargaining_indicators(employee),
        )
        gdp = f.sales[f.alive].sum() + w.wage[self.own_account_mask()].sum()
        self.indicators.update(
            household_indicators(self.households, w.household, w.status, self.calibration.poverty_line, gdp, self.scale)
        )
        by_sector = (
            np.array([self.indicators[f"employment_share_{s}"] for s in SECTORS]) * self.indicators["employed_persons"]
        )
        self.sector_employment_history = (self.sector_employment_history + [by_sector])[-13:]
        self.regional_history.append(
            (self.month, regional_table(w.region, w.status, w.sector, employee, w.wage, self.n_regions, self.scale))
        )
        self.datacollector.collect(self)

    # ----------------------------------------------------------------------------------
    # small state updates used by the processes
    # ----------------------------------------------------------------------------------
    @property
    def n_regions(self) -> int:
        return len(self.calibration.regions)

    def own_account_mask(self) -> np.ndarray:
        """Informal workers without an employer: own-account (self-employed) work."""
        return (self.workers.status == Status.EMPLOYED_INFORMAL) & (self.workers.employer == NO_EMPLOYER)

    def firm_markets(self) -> np.ndarray:
        f = self.firms
        return goods.market_index(f.sector, f.region, self.calibration.demand.tradable, self.n_regions)

    @property
    def minimum_wage(self) -> float:
        """The minimum wage in force: the indexed statutory level times the scenario's factor."""
        return self.government.minimum_wage_local * self.environment.minimum_wage_factor

    def entitle_to_benefit(self, who: np.ndarray) -> None:
        """Former formal employees who become unemployed: benefit from their last wage."""
        w, g = self.workers, self.government
        w.benefit[who] = government.unemployment_benefit(w.wage[who], g.replacement_rate)
        w.benefit_months_left[who] = g.max_months

    def release_from_firms(self, who: np.ndarray) -> None:
        """Take the workers `who` (mask or indices) off their employers' head counts."""
        employer = self.workers.employer[who]
        self.firms.employees -= np.bincount(employer[employer >= 0], minlength=len(self.firms)).astype(np.int32)

    def count_employees(self) -> None:
        employer = self.workers.employer
        self.firms.employees[:] = np.bincount(employer[employer >= 0], minlength=len(self.firms))

    def regional_mean_posted_wage(self) -> np.ndarray:
        return self.firms.regional_mean_posted_wage(self.n_regions)

    def own_account_earnings(self, who: np.ndarray) -> np.ndarray:
        """Own-account earnings follow local wages and local spending (procyclical)."""
        w = self.workers
        local_demand = self.spending_by_region / self.calibration.spending0_by_region
        level = self.params.own_account_earnings_ratio * self.regional_mean_posted_wage() * local_demand
        return level[w.region[who]] * np.asarray(self.params.skill_premium)[w.skill[who]]

    def hire(self, worker: np.ndarray, firm: np.ndarray, wage: np.ndarray) -> None:
        w, f = self.workers, self.firms
        new_sector = f.sector[firm]
        w.experience_months[worker] = np.where(w.sector[worker] == new_sector, w.experience_months[worker], 0)
        formal = f.formal[firm]
        w.status[worker] = np.where(formal, Status.EMPLOYED_FORMAL, Status.EMPLOYED_INFORMAL)
        w.months_in_status[worker] = 0
        w.benefit_months_left[worker] = 0
        w.employer[worker] = firm
        w.sector[worker] = new_sector
        w.wage[worker] = wage
        w.union_member[worker] &= formal

    def start_own_account_work(self, who: np.ndarray, rng: np.random.Generator) -> None:
        w = self.workers
        idx = np.flatnonzero(who)
        prob = self.calibration.own_account_sector_prob
        sector = np.empty(len(idx), dtype=np.int8)
        for r in range(self.n_regions):
            here = w.region[idx] == r
            sector[here] = rng.choice(len(SECTORS), size=int(here.sum()), p=prob[r])
        w.status[idx] = Status.EMPLOYED_INFORMAL
        w.months_in_status[idx] = 0
        w.benefit_months_left[idx] = 0
        w.employer[idx] = NO_EMPLOYER
        w.experience_months[idx] = np.where(w.sector[idx] == sector, w.experience_months[idx], 0)
        w.sector[idx] = sector
        w.wage[idx] = self.own_account_earnings(idx)

    def replace_retirees(self, retire: np.ndarray, rng: np.random.Generator) -> None:
        """A retiree leaves; a young inactive entrant of the same household takes the slot."""
        w = self.workers
        idx = np.flatnonzero(retire)
        self.release_from_firms(idx)
        w.set_status(idx, Status.INACTIVE)
        w.age_group[idx] = AgeGroup.YOUTH
        w.skill[idx] = rng.choice(len(self.params.skill_share), size=len(idx), p=self.params.skill_share)
        w.sector[idx] = NO_SECTOR
        w.experience_months[idx] = 0
        w.union_member[idx] = False
        w.pensioner[idx] = False

    def close_firms(self, exits: np.ndarray) -> None:
        """Exiting firms free their slots; their workers become unemployed."""
        if not exits.any():
            return
        w, f = self.workers, self.firms
        employee = w.employer >= 0
        displaced = np.zeros(len(w), dtype=bool)
        displaced[employee] = exits[w.employer[employee]]
        self.entitle_to_benefit(displaced & (w.status == Status.EMPLOYED_FORMAL))
        w.set_status(displaced, Status.UNEMPLOYED)
        w.union_member[displaced] = False
        f.alive[exits] = False
        for name in (
            "employees",
            "vacancies",
            "capacity",
            "expected_sales",
            "orders",
            "sales",
            "output",
            "profit",
            "net_worth",
            "months_negative_worth",
            "applicants",
            "hires",
        ):
            getattr(f, name)[exits] = 0

    def open_firms(self, exits_by_market: np.ndarray) -> None:
        """Entry: new private firms, more where the market's profit margin beats its normal
        margin; an entrant pays the region's going wage and starts with one post."""
        f, p, cal, rng = self.firms, self.params, self.calibration, self.streams["accounts"]
        n_markets = len(SECTORS) * self.n_regions
        market = self.firm_markets()
        live = f.alive
        sales = np.bincount(market[live], weights=f.sales[live], minlength=n_markets)
        profit = np.bincount(market[live], weights=f.profit[live], minlength=n_markets)
        margin = np.divide(profit, sales, out=cal.normal_margin.copy(), where=sales > 0)
        expected = accounts.expected_entrants(exits_by_market, margin, cal.normal_margin, p.entry_profit_sensitivity)
        public_market = cal.demand.public[np.arange(n_markets) // self.n_regions]
        entrants = rng.poisson(np.where(public_market, 0.0, expected))
        total = int(entrants.sum())
        if total == 0:
            return
        new_market = np.repeat(np.arange(n_markets), entrants)
        slots = f.free_slots(total)
        f.alive[slots] = True
        sector = new_market // self.n_regions
        tradable = cal.demand.tradable[sector]
        population_share = np.bincount(self.workers.region, minlength=self.n_regions) / len(self.workers)
        f.region[slots] = np.where(
            tradable, rng.choice(self.n_regions, size=total, p=population_share), new_market % self.n_regions
        )
        f.sector[slots] = sector
        f.formal[slots] = rng.random(total) < cal.formal_share[new_market]
        f.covered[slots] = False
        f.recognition_draw[slots] = rng.random(total)
        formality_factor = np.where(f.formal[slots], 1.0, p.informal_wage_ratio)
        f.posted_wage[slots] = self.regional_mean_posted_wage()[f.region[slots]] * formality_factor
        mean_premium = float(np.dot(p.skill_share, p.skill_premium))
        f.productivity[slots] = (
            f.posted_wage[slots]
            * mean_premium
            / self.country.labour_income_share
            * np.exp(rng.normal(0.0, p.margin_dispersion, total))
        )
        f.capacity[slots] = 1.0
        f.expected_sales[slots] = f.productivity[slots]
        f.net_worth[slots] = p.initial_net_worth_months * f.productivity[slots]

    def record_union_membership(self) -> None:
        w = self.workers
        formal = w.status == Status.EMPLOYED_FORMAL
        n = len(SECTORS)
        members = np.bincount(w.sector[w.union_member], minlength=n)
        formal_by_sector = np.bincount(w.sector[formal], minlength=n)
        for union in self.unions:
            union.record_membership(members[union.sector], formal_by_sector[union.sector])

    # ----------------------------------------------------------------------------------
    # counterfactual pairing
    # ----------------------------------------------------------------------------------
    def _adopt(self, state: ModelState) -> None:
        self.workers, self.firms, self.households = state.workers, state.firms, state.households
        self.calibration, self.streams = state.calibration, state.streams
        self.month, self.demand_factor = state.month, state.demand_factor
        self.spending_by_region = state.spending_by_region
        self.government = state.government

    def snapshot(self) -> ModelState:
        """A deep copy of the evolving state, random streams included."""
        return copy.deepcopy(
            ModelState(
                self.workers,
                self.firms,
                self.households,
                self.calibration,
                self.streams,
                self.month,
                self.demand_factor,
                self.spending_by_region,
                self.government,
            )
        )

    def branch(self, schedule: Schedule = NO_SCHEDULE) -> "LabourMarketModel":
        """A new model that continues from a copy of this state under `schedule`.

        Its horizon month 1 is the month after this one; its indicators start with a
        record of the current month (horizon month 0).
        """
        child = LabourMarketModel(
            self.country,
            self.params,
            scale=self.scale,
            seed=self.seed,
            schedule=schedule,
            _state=self.snapshot(),
            _horizon_origin=self.month,
        )
        for mine, theirs in zip(self.unions, child.unions):
            for name in ("wage_floor_local", "stage", "months_left", "claim_local", "offer_local"):
                setattr(theirs, name, getattr(mine, name))
            theirs.ballots = list(mine.ballots)
        child.wage_floors = self.wage_floors.copy()
        child.sector_employment_history = [a.copy() for a in self.sector_employment_history]
        child.striking = self.striking.copy()
        return child

    def release(self) -> None:
        """Free what Mesa keeps about this model, so a process can run many models.

        Mesa 3.3 keeps a class-level agent-id counter per model (`Agent._ids`) that holds
        every model ever created; it is dropped here (fixed upstream in Mesa 3.5).
        """
        self.remove_all_agents()
        ids = getattr(mesa.Agent, "_ids", None)
        if isinstance(ids, dict):
            ids.pop(self, None)
