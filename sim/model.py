"""LabourMarketModel: one country's regional labour market, month by month.

Core objects: `LabourMarketModel` (a `mesa.Model`), `STREAMS` (the named random streams).

The model owns columnar worker and firm populations (`sim.workers`, `sim.firms`), the
households (`sim.households`), the government (`sim.government`), prices (`sim.prices`) and
one `Union` agent per sector (`sim.unions`). `step()` is one month and reads as its table of
contents; each call is a small update of the state around a pure function of `sim.markets`
(or of the module of its concept) that says which mechanism it is. Every payment of the
month is recorded in the transaction-flow matrix (`sim.accounts.Ledger`) as it is made, and
the month closes with the balance sheets (`close_accounts`). Indicators are collected every
month with Mesa's DataCollector under their public names (`sim.indicators.INDICATOR_NAMES`).

Counterfactual pairing: `branch(schedule)` copies the state once (arrays and random
streams); a baseline and a scenario branched from the same model continue from the same
state with the same random numbers, so with no shock they stay identical.
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass
from functools import cached_property, partial

import mesa
import numpy as np
from mesa.datacollection import DataCollector

from sim import accounts as ledger_accounts
from sim import government, household_formation, households, prices, unions
from sim.business_cycle import demand_factor_step
from sim.accounts import HOUSEHOLDS, OWN_ACCOUNT, REST_OF_WORLD, Ledger, Stocks, measure_stocks
from sim.config import (
    SECTORS,
    BargainingRules,
    CountryConfig,
    ModelParams,
    ReskillingSubsidyPolicy,
    YouthGuaranteePolicy,
    apply_calibration,
    load_country,
)
from sim.firms import Firms, drift_customers
from sim.government import Government, start_government
from sim.households import Households, line_basis, pensions, person_quantile, pooled_income
from sim.indicators import (
    INDICATOR_NAMES,
    census,
    household_indicators,
    labour_indicators,
    macro_indicators,
    opening_indicators,
    ratio,
    regional_poverty,
    regional_table,
    resident_welfare,
)
from sim.initial_state import (
    Calibration,
    build,
    foreign_income,
    migration_candidates,
    network_share,
)
from sim.markets import (
    accounts,
    bargaining,
    education,
    goods,
    hours,
    immigration,
    labour_demand,
    matching,
    migration,
    separations,
    training,
    wages,
    youth_guarantee,
)
from sim.policy import NO_SCHEDULE, Environment, Schedule
from sim.regions import (
    commuting_cost,
    distance_decay,
    distances_km,
    draw_moves,
    draw_regions,
    expected_earnings,
    move_probabilities,
    neighbour_matrix,
    region_facts,
    search_mobility,
)
from sim.unions import SectorConditions, Union
from sim.workers import (
    NO_DESTINATION,
    NO_EMPLOYER,
    NO_SECTOR,
    AgeGroup,
    Status,
    Workers,
    at_home,
    count_each,
    draw_ability,
)

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
    "relocation",
    "ability",
    "customers",
    "immigration",
    "education",
    "youth_guarantee",
    "households",
)
"""One random stream per stochastic process, spawned in this order from SeedSequence(seed).
New processes append here, so that existing streams keep their draws."""


def sector_totals(
    acc: accounts.Accounts, sector: np.ndarray, orders: np.ndarray, selling: np.ndarray, input_share: np.ndarray
) -> dict[str, np.ndarray]:
    """Private firms' totals by sector this month, taken when they settle (before any firm
    exits or enters): labour cost, real output and orders, value added in money and at base
    prices."""
    n = len(SECTORS)

    def total(x: np.ndarray) -> np.ndarray:
        return np.bincount(sector, weights=np.where(selling, x, 0.0), minlength=n)

    return {
        "labour_cost": total(acc.wage_bill + acc.employer_contributions),
        "output": total(acc.output),
        "orders": total(orders),
        "value_added": total(acc.revenue - acc.inputs),
        "real_value_added": total(acc.sales * (1.0 - input_share[sector])),
    }


GUARANTEE_FLOWS = (
    "guarantee_eligible",
    "guarantee_jobs",
    "guarantee_traineeships",
    "guarantee_courses",
    "guarantee_unplaced",
)
"""The youth guarantee's persons of the month: reached the offer month, placed in a job, in a
traineeship, sent on a course, offered a job or traineeship with no vacancy in the region."""

PROGRAMME_STATE: tuple[str, ...] = (
    "training_cohorts",
    "last_reached",
    "guarantee_trainee",
    "placements",
    "guarantee_cohorts",
    "guarantee_course_cost",
    "wage_subsidies_paid",
)
"""What the reskilling programme and the youth guarantee remember from month to month."""

MONTH_RECORDS: tuple[str, ...] = (
    "flows",
    "sector_totals",
    "wages_paid",
    "formal_pay",
    "ledger",
    "closure",
    "firm_accounts",
    "demand_plan",
    "market_orders_money",
    "fill",
    "export_fill",
    "owner_income",
    "taxes_withheld",
    "benefits_this_month",
    "remittances_this_month",
    "remittances_paid_this_month",
    "remittances_by_destination",
    "employed_abroad_by_destination",
    "emigrants_by_destination",
    "returns_by_destination",
    "moves_by_region",
    "emigrants_by_region",
    "indicators",
)
"""What a month leaves besides the state: copied when a run branches, so that the branch's
horizon month 0 reports the month just settled."""


def employees_by_firm(employer: np.ndarray, n_firms: int) -> np.ndarray:
    """Head count of each firm among workers with these employers (NO_EMPLOYER = -1 for
    none): counted one bin up, so that those without a firm fall in bin 0, dropped, and no
    mask of the employed has to be taken first."""
    return np.bincount(employer + 1, minlength=n_firms + 1)[1:]


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
    government: Government
    prices: prices.Prices
    own_account_rate: np.ndarray
    net_foreign_assets: float
    bank_equity: float
    expected_earnings: np.ndarray
    usual_unemployment: np.ndarray
    foreign_income_expected: float = 0.0  # foreign workers' expected earnings here, a month, dollars at base rate


AGREEMENT_OPENING_ROUNDS = 6
"""Rounds of opening the agreements in force at start and scaling formal pay to the preset's
wage bill (the scale settles within 1e-7 after six, measured on Kazakhstan)."""


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
        destination_history: Per-month tables of the migrants' destinations (month, table).
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
        self.units_table = None  # everyone's efficiency units, made when first asked (`efficiency_units`)
        self.listed = None  # the month's employees, employers and own-account workers (`list_workers`)
        fresh = _state is None
        if fresh:
            streams = spawn_streams(seed)
            workers, firms, households, calibration = build(
                country, self.params, self.scale, streams["init"], streams["ability"], streams["households"]
            )
            government = start_government(
                country,
                workers,
                calibration.minimum_wage,
                float(households.benefits.sum()),
                calibration.fiscal,
                calibration.average_pension,
            )
            n = len(SECTORS)
            start_prices = prices.Prices(np.ones(n), 1.0, 1.0, calibration.markup)
            # the banks' balance sheet balances at start: the country's net foreign assets
            # are the deposits it holds less what it owes (no government debt, no bank equity)
            holdings = float(households.balance.sum() + firms.net_worth[firms.alive].sum())
            _state = ModelState(
                workers,
                firms,
                households,
                calibration,
                streams,
                0,
                1.0,
                government,
                start_prices,
                calibration.own_account_rate.copy(),
                holdings,
                0.0,
                calibration.expected_earnings_start.copy(),
                calibration.normal_unemployment.copy(),
                calibration.immigration.income_start,
            )
        self._adopt(_state)
        self.base_environment = Environment.base(
            country.bargaining, tuple(country.destinations), tuple(d.currency for d in country.destinations.values())
        )
        self.environment = self.base_environment
        if fresh:
            self.calibration = dataclasses.replace(self.calibration, demand=self.purchase_geography())
        self.unions = [
            Union(self, s, name, float(self.calibration.union_join_probability[s])) for s, name in enumerate(SECTORS)
        ]
        self.record_union_membership()
        if fresh:  # a branch takes its parent's agreements (see `branch`)
            self.open_agreements_in_force()
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
                "internal_movers",
                "foreign_arrivals",
                "foreign_departures",
                *GUARANTEE_FLOWS,
            ),
            0,
        )
        imm = self.calibration.immigration
        self.natives = slice(0, imm.first_foreign)  # persons: ours; from here on foreign workers
        self.native_households = slice(0, imm.first_foreign_household)
        self.foreign = slice(imm.first_foreign, len(self.workers))
        self.remittances_paid_this_month = 0.0  # sent abroad by foreign workers, local currency
        self.savings_taken_home = 0.0  # deposits foreign workers who went home took with them
        self.leavers_households = np.zeros(0, dtype=np.int32)  # households of the foreign workers leaving this month
        self.moves_by_region = np.zeros((2, self.n_regions))  # movers out of, into each region this month
        self.emigrants_by_region = np.zeros(self.n_regions)  # persons who left for abroad this month
        self.entrants_this_month = np.zeros(0, dtype=np.int64)  # newcomers of 15 (retirees' slots)
        self.last_reached: np.ndarray | None = None  # youth guarantee: month each person last reached the offer month
        self.guarantee_trainee: np.ndarray | None = None  # on (or last on) one of its courses
        self.placements = youth_guarantee.Placements.none()  # its subsidised placements running
        self.guarantee_cohorts: list[youth_guarantee.Cohort] = []  # offered and not, by month
        self.guarantee_course_cost = 0.0  # its courses this month (local currency)
        self.wage_subsidies_paid = 0.0  # its wage subsidies this month (local currency)
        self.remittances_this_month = self.households.remittances.copy()
        none = np.zeros(len(country.destinations))
        self.remittances_by_destination = none.copy()  # sent from each destination this month
        self.employed_abroad_by_destination = none.copy()  # migrants in work there this month
        self.emigrants_by_destination = none.copy()  # persons who left for each this month
        self.returns_by_destination = none.copy()  # persons who came back from each this month
        self.ledger = Ledger()
        self.stocks = self.measure_stocks()
        self.closure = (np.zeros(len(ledger_accounts.FLOWS)), np.zeros(len(ledger_accounts.COLUMNS)), 0.0)
        self.accounts_history: list[tuple[int, np.ndarray]] = []
        self.stocks_history: list[tuple[int, Stocks]] = [(self.month, self.stocks)]
        self.demand_plan: goods.DemandPlan | None = None
        self.training_cohorts: list[training.Cohort] = []
        self.sector_employment_history: list[np.ndarray] = []
        self.benefits_this_month = pensions(
            self.workers.pensioner, at_home(self.workers.status), self.government.average_pension_local
        )
        self.regional_history: list[tuple[int, dict[str, np.ndarray]]] = []
        self.destination_history: list[tuple[int, dict[str, np.ndarray]]] = []
        self.datacollector = DataCollector(
            model_reporters={name: partial(read_indicator, name) for name in INDICATOR_NAMES}
        )
        if fresh:  # a branch collects once it holds its parent's month (see `branch`)
            self.draw_students()
            self.collect()

    # ----------------------------------------------------------------------------------
    # the month
    # ----------------------------------------------------------------------------------
    def step(self) -> None:
        """One month of the cycle (DESIGN.md section 2)."""
        self.apply_schedule()  # 1. shocks and policies due this month, yearly indexation
        self.drift_customers()  # 2. customers move between the firms of a market (Gibrat)
        self.demand_goods()  # 2. household, investment, government and export demand
        self.plan_labour_demand()  # 3. expectations, vacancies, layoffs
        self.separate_workers()  # 4. separations, participation, ageing
        self.renew_households()  # 4. persons whose age no longer fits their home swap homes
        self.leave_school()  # 4. school-to-work transition, early school leavers
        self.migrate()  # 5. emigration, work abroad, remittances, returns
        self.immigrate()  # 5. foreign workers arrive and go home
        self.relocate_households()  # 5. internal migration: households move between regions
        self.train()  # 6. reskilling: enrolment, lock-in, drop-out, completion
        self.guarantee_youth()  # 6. youth guarantee: offers of a job, a traineeship or a course
        self.match_job_seekers()  # 7. applications, offers, hires; own-account work
        self.set_wages()  # 8. posted wages, minimum wage, agreement floors
        self.update_union_membership()  # 9. union members and density
        self.bargain()  # 9. bargaining rounds, strikes, coverage
        self.set_hours()  # 10. overtime where orders exceed normal output, and the month's pay
        self.settle_firm_accounts()  # 10. sales, costs, taxes, dividends; exit, entry
        self.settle_government_accounts()  # 11. wages, purchases, transfers, taxes, debt
        self.settle_household_accounts()  # disposable income, consumption, deposits
        self.set_prices()  # sector prices for next month
        self.close_accounts()  # transaction-flow matrix, balance of payments, balance sheets
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
        self.listed = None  # last month's lists: who works where changes from here
        self.ledger = Ledger()
        if self.month % 12 == 0:
            self.index_minimum_wage()
            self.index_pensions()
        self.environment = self.schedule.environment(self.base_environment, self.month - self.horizon_origin)
        ours = self.calibration.own_currency_destination
        if ours is not None:  # a destination uses our currency: it moves with it
            env = self.environment
            self.environment = dataclasses.replace(env, local_per_usd=env.local_per_usd * env.destination_per_usd[ours])
        p = self.params
        if p.demand_noise_sd > 0:
            shock = self.streams["demand"].normal(0.0, p.demand_noise_sd)
            self.demand_factor = demand_factor_step(
                self.demand_factor, p.demand_noise_persistence, p.demand_noise_sd, shock
            )

    def index_minimum_wage(self) -> None:
        """Annual indexation of the minimum wage to the median wage's growth over the year."""
        g, w = self.government, self.workers
        median = float(np.median(w.wage[w.employer >= 0]))
        g.minimum_wage_local = government.indexed_minimum_wage(
            g.minimum_wage_local, median, g.median_wage_at_indexation, g.indexation
        )
        g.median_wage_at_indexation = median

    def index_pensions(self) -> None:
        """Annual indexation of pensions to the consumer prices of the past year."""
        g, cpi = self.government, self.prices.consumer_price_index
        g.average_pension_local *= cpi / g.prices_at_indexation
        g.prices_at_indexation = cpi

    def drift_customers(self) -> None:
        """Private firms' appeal to customers takes a proportionate shock (`sim.firms.drift_customers`):
        firms grow and shrink within their market, which keeps its size."""
        sd = self.params.customer_drift_sd
        if sd == 0:
            return
        f = self.firms
        movable = f.alive & ~self.calibration.demand.public[f.sector]
        draws = self.streams["customers"].standard_normal(len(f))
        f.appeal[:] = drift_customers(f.appeal, self.firm_markets(), f.productivity * f.capacity, movable, sd, draws)

    def demand_goods(self) -> None:
        h, f, p, cal = self.households, self.firms, self.params, self.calibration
        d = cal.demand
        h.planned_consumption[:] = households.consumption_plan(
            h.income,
            h.balance,
            p.propensity_to_consume_income,
            p.propensity_to_consume_wealth,
            p.household_borrowing_limit_months,
            self.demand_factor,
        )
        consumption = np.bincount(h.region, weights=h.planned_consumption, minlength=self.n_regions)
        signals = self.price_signals()
        # consumer prices this month: the households' bundle at this month's prices and tariffs
        cpi = prices.bundle_price(d.budget_share, self.composite_prices(signals))
        self.prices = dataclasses.replace(
            self.prices, consumer_price_index=cpi, consumer_price_index_before=self.prices.consumer_price_index
        )
        private = f.alive & ~d.public[f.sector]
        f.investment[:] = np.where(
            private, cal.opening.investment_per_output * f.productivity * f.capacity * self.investment_price(signals), 0
        )
        self.demand_plan = self.plan_demand(consumption, signals)
        orders = goods.market_orders(self.demand_plan, d.tradable, d.public, d.local_purchase_share, d.supplier_share)
        real = np.where(d.public[:, None], orders, orders / self.prices.sector[:, None])
        self.market_orders_money = orders
        f.orders[:] = labour_demand.firm_orders(
            real.ravel(), self.firm_markets(), f.productivity * f.capacity * f.appeal, f.alive
        )

    def plan_demand(self, consumption: np.ndarray, signals: goods.PriceSignals) -> goods.DemandPlan:
        """Every buyer's orders this month, given households' consumption by region and the
        firms' investment (`sim.markets.goods.plan_demand`)."""
        d, p, f = self.calibration.demand, self.params, self.firms
        investment = np.bincount(f.region, weights=f.investment, minlength=self.n_regions)
        government_bundle = prices.bundle_price(d.budget_share, self.composite_prices(signals, tariffs=False))
        return goods.plan_demand(
            d,
            consumption,
            investment,
            d.government_purchases_real * government_bundle,
            self.government.training_paid,
            signals,
            self.government.fiscal.product_taxes,
            p.armington_elasticity,
            p.export_price_elasticity,
        )

    def purchase_geography(self) -> goods.DemandStructure:
        """The demand constants with where regions buy each non-tradable, from the orders and
        the firms' output at start (`sim.markets.goods.purchase_geography`)."""
        h, f, d = self.households, self.firms, self.calibration.demand
        consumption = np.bincount(h.region, weights=h.planned_consumption, minlength=self.n_regions)
        plan = self.plan_demand(consumption, self.price_signals())
        output = np.zeros_like(plan.exports)
        np.add.at(output, (f.sector[f.alive], f.region[f.alive]), f.output[f.alive])
        # what producers supplied to domestic buyers: their output less what they export
        supply = np.maximum(output - np.where(d.tradable[:, None], 0.0, plan.exports), 0.0)
        local, routes = goods.purchase_geography(
            np.where(d.tradable[:, None], 0.0, goods.domestic_orders(plan)),
            supply,
            distance_decay(self.region_distances_km, self.params.trade_distance_elasticity),
        )
        return dataclasses.replace(d, local_purchase_share=local, supplier_share=routes)

    def price_signals(self) -> goods.PriceSignals:
        env = self.environment
        return goods.PriceSignals(
            home=self.prices.sector,
            imports=env.import_price * env.local_per_usd,
            own_tariff=env.own_tariff,
            partner_tariff=env.partner_tariff,
            world_demand=env.world_demand,
            local_per_usd=env.local_per_usd,
        )

    def input_price(self) -> float:
        """Price of imported intermediate inputs in local currency: manufactures (most traded
        inputs are; an assumption) at world prices and our exchange rate, with the share
        `input_tariff_share` of our tariff on manufactures (0: inputs enter duty-free)."""
        env, manufacturing = self.environment, goods.MANUFACTURING
        return float(env.import_price[manufacturing] * env.local_per_usd * (1.0 + self.input_tariff()))

    def input_tariff(self) -> float:
        """The tariff rate on imported intermediate inputs: the share `input_tariff_share` of
        our tariff on manufactures."""
        return self.params.input_tariff_share * self.environment.own_tariff[goods.MANUFACTURING]

    def composite_prices(self, signals: goods.PriceSignals, tariffs: bool = True) -> np.ndarray:
        """Price of each good's home-import composite (tariffs included for households)."""
        imports = signals.imports * (1.0 + signals.own_tariff) if tariffs else signals.imports
        return prices.composite_price(
            self.calibration.demand.base_import_share, signals.home, imports, self.params.armington_elasticity
        )

    def investment_price(self, signals: goods.PriceSignals) -> float:
        """Price of investment goods: construction and the equipment composite."""
        d = self.calibration.demand
        equipment = prices.composite_price(
            np.array([d.equipment_import_share]),
            signals.home[goods.MANUFACTURING : goods.MANUFACTURING + 1],
            signals.imports[goods.MANUFACTURING : goods.MANUFACTURING + 1]
            * (1.0 + signals.own_tariff[goods.MANUFACTURING]),
            self.params.armington_elasticity,
        )[0]
        return float(d.construction_share * signals.home[goods.CONSTRUCTION] + (1.0 - d.construction_share) * equipment)

    def plan_labour_demand(self) -> None:
        f, p = self.firms, self.params
        f.expected_sales[:] = labour_demand.update_expectations(f.expected_sales, f.orders, p.expectation_adjustment)
        firing_speed = np.where(f.formal, p.firing_speed_formal, p.firing_speed_informal)
        firing_speed = np.where(
            f.covered, firing_speed * self.environment.bargaining.covered_firing_factor, firing_speed
        )
        rates, w = self.calibration.rates, self.workers
        young_staff = np.bincount(
            w.employer[(w.age_group == AgeGroup.YOUTH) & (w.employer >= 0)], minlength=len(f.employees)
        )
        young_share = young_staff / np.maximum(f.employees, 1)
        job_loss = np.where(f.formal, rates.separation_formal, rates.separation_informal)
        expected_quits = (
            job_loss * (1.0 + (rates.youth_separation_multiplier - 1.0) * young_share) + rates.employed_to_inactive
        )
        # output per head: productivity per efficiency unit x the staff's skill per head when
        # the firm last settled (the public sector's producers, valued at cost, count heads)
        premium = f.skill_per_head
        self.planned_labour = f.expected_sales / np.maximum(f.productivity, 1e-9)
        f.vacancies[:], self.planned_layoffs = labour_demand.vacancies_and_layoffs(
            f.expected_sales,
            np.maximum(f.productivity * premium, 1e-9),
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
        w.experience_months += employed  # a month more for the employed (a mask adds 0 or 1)
        self.flows["employed_at_start"] = int(np.count_nonzero(employed))
        laid_off = labour_demand.select_layoffs(w.employer, self.firms.employees, self.planned_layoffs, rng)
        last_month = self.regional_history[-1][1]["unemployment_rate"]  # as people saw it
        entry_by_region = separations.discouraged_entry_rate(
            self.calibration.entry_by_region, last_month, self.usual_unemployment, self.params.discouragement_elasticity
        )
        self.usual_unemployment = separations.usual_unemployment(
            self.usual_unemployment, last_month, self.params.discouragement_memory_months
        )
        new_status = separations.draw_transitions(
            w.status,
            self.own_account_mask(),
            self.calibration.rates,
            rng,
            np.minimum(1.0, entry_by_region[:, None] * self.calibration.entry_skill_factor),
            young=w.age_group == AgeGroup.YOUTH,
            region=w.region,
            skill=w.skill,
        )
        new_status[laid_off & (new_status <= Status.EMPLOYED_INFORMAL)] = Status.UNEMPLOYED
        foreign_status = new_status[self.foreign]  # foreign workers leave the labour force only by going home
        dropping = foreign_status == Status.INACTIVE
        foreign_status[dropping] = w.status[self.foreign][dropping]
        # the few who move, and where from and to: every change below is one of theirs
        moving = np.flatnonzero(new_status != w.status)
        before, after = w.status[moving], new_status[moving]
        leaving = moving[(before <= Status.EMPLOYED_INFORMAL) & (after > Status.EMPLOYED_INFORMAL)]
        self.flows["separations"] = len(leaving)
        self.entitle_to_benefit(moving[(before == Status.EMPLOYED_FORMAL) & (after == Status.UNEMPLOYED)])
        self.release_from_firms(leaving)
        training_left = moving[(before == Status.IN_TRAINING) & (after == Status.INACTIVE)]  # as the unemployed
        for status in (Status.UNEMPLOYED, Status.INACTIVE):
            w.set_status(moving[after == status], status)
        self.leave_training(training_left)
        w.union_member &= w.status == Status.EMPLOYED_FORMAL

        age_before = w.age_group.copy()
        w.age_group[:], retire = separations.draw_ageing(w.age_group, self.calibration.rates, rng)
        w.age_group[self.foreign] = age_before[self.foreign]  # here for a few years: they neither age nor retire here
        retire[self.foreign] = False
        newly_older = np.flatnonzero((w.age_group == AgeGroup.OLDER) & (age_before != AgeGroup.OLDER))
        w.pensioner[newly_older] = rng.random(len(newly_older)) < self.calibration.pension_coverage
        self.replace_retirees(retire, rng)

    def draw_students(self) -> None:
        """The start's students among the inactive young, as many as the preset's NEET rate
        leaves, and the rates that keep them a steady state (`sim.markets.education`)."""
        w, cal, rates = self.workers, self.calibration, self.calibration.rates
        if self.country.youth_neet_rate is None:
            return  # not modelled: nobody is counted as a student, the NEET rate is not reported
        ours = np.arange(len(w)) < cal.immigration.first_foreign
        young = ours & (w.age_group == AgeGroup.YOUTH) & at_home(w.status)
        inactive_young = np.flatnonzero(young & (w.status == Status.INACTIVE))
        not_working = np.count_nonzero(young & ((w.status == Status.UNEMPLOYED) | (w.status == Status.INACTIVE)))
        wanted = education.students_wanted(
            self.country.youth_neet_rate, int(np.count_nonzero(young)), not_working, len(inactive_young)
        )
        w.in_education[education.draw_students(inactive_young, wanted, self.streams["education"])] = True
        entrants = rates.retirement * np.count_nonzero(ours & (w.age_group == AgeGroup.OLDER))
        leavers = rates.employed_to_inactive * np.count_nonzero(young & w.employed)
        leavers += rates.unemployed_to_inactive * np.count_nonzero(young & (w.status == Status.UNEMPLOYED))
        inactive_exit = rates.youth_to_prime + float(np.mean(self.entry_chance_of_inactive()[inactive_young]))
        share = wanted / max(len(inactive_young), 1)
        self.calibration = dataclasses.replace(
            cal,
            school_leaving_rate=education.leaving_rate(entrants, leavers, inactive_exit, share),
            school_return_share=share,
        )

    def entry_chance_of_inactive(self) -> np.ndarray:
        """Each person's monthly chance of leaving inactivity at start, were they inactive: job
        search at their region's and skill's entry rate, or own-account work."""
        w, cal, p = self.workers, self.calibration, self.params
        chance = np.minimum(1.0, cal.entry_by_region[w.region] * cal.entry_skill_factor[w.region, w.skill])
        if p.own_account_entry_from_inactivity > 0:
            inactive = np.flatnonzero(w.status == Status.INACTIVE)
            weight = cal.own_account_skill_weight[1][w.region[inactive], w.skill[inactive]]
            own = np.zeros(len(w))
            own[inactive] = separations.weighted_rates(
                cal.own_account_inactive_entry_rate, w.region[inactive], weight, self.n_regions
            )
            chance = np.minimum(1.0, chance + own)
        return chance

    def leave_school(self) -> None:
        w, cal, rng = self.workers, self.calibration, self.streams["education"]
        if self.country.youth_neet_rate is None:
            return
        students = np.flatnonzero(w.in_education)
        changed = np.flatnonzero(w.months_in_status[self.natives] == 0)  # status changed this month
        just_left = changed[
            (w.status[changed] == Status.INACTIVE) & (w.age_group[changed] == AgeGroup.YOUTH) & ~w.in_education[changed]
        ]
        just_left = np.setdiff1d(just_left, self.entrants_this_month, assume_unique=True)
        staying = education.still_students(
            np.ones(len(students), dtype=bool),
            w.status[students],
            w.age_group[students] == AgeGroup.YOUTH,
            rng.random(len(students)),
            cal.school_leaving_rate,
        )
        w.in_education[students[~staying]] = False
        w.in_education[just_left[rng.random(len(just_left)) < cal.school_return_share]] = True
        w.in_education[self.entrants_this_month] = True  # a newcomer of 15 is at school

    def migrate(self) -> None:
        w, p, env, rng = self.workers, self.params, self.environment, self.streams["migration"]
        cal = self.calibration.migration
        u_move, u_work = rng.random(len(w)), rng.random(len(w))  # one draw per person: paired runs align
        abroad = np.flatnonzero(w.status == Status.ABROAD)
        where = w.destination[abroad]
        employment_rate = migration.destination_employment(p.destination_employment_rate, env.destination_demand)
        wage_abroad = cal.destination_wage_local * env.destination_currency
        employed_abroad = u_work[abroad] < employment_rate[where]
        sent = migration.remittances_sent(employed_abroad, wage_abroad[where], p.remittance_share)
        self.remittances_this_month = np.bincount(w.household[abroad], weights=sent, minlength=len(self.households))
        n_destinations = len(env.destinations)
        self.remittances_by_destination = np.bincount(where, weights=sent, minlength=n_destinations)
        self.employed_abroad_by_destination = count_each(where[employed_abroad], n_destinations)
        returning = abroad[u_move[abroad] < migration.return_probability(employed_abroad, cal.params)]

        ours = self.natives
        # a draw at or above the highest chance of leaving keeps anyone home: only the others
        # are looked at, and their chances worked out
        low = np.flatnonzero(u_move[ours] < cal.params.max_emigration_rate)
        candidates = low[migration_candidates(w.status[low], w.age_group[low])]
        home = w.wage[candidates]  # the wage if employed, else what own-account work would pay (`home_income`)
        without_work = np.flatnonzero(w.status[candidates] > Status.EMPLOYED_INFORMAL)
        home[without_work] = self.own_account_earnings(candidates[without_work])
        share = count_each(where, n_destinations) / max(len(abroad), 1)
        weights = migration.destination_weights(share, cal.destination_share_start, p.network_elasticity)
        pull = migration.destination_pull(
            employment_rate * wage_abroad, weights, p.migration_cost_share, p.emigration_gap_elasticity
        )
        network = network_share(w.region[ours], w.status[ours], self.n_regions, abroad[abroad < ours.stop])
        probability = migration.emigration_probability(
            migration.home_pull(home, p.emigration_gap_elasticity) * pull.sum(),
            network,
            cal.network_start,
            cal.params,
            cal.propensity_by_region,
            region=w.region[candidates],
        )
        going = u_move[candidates] < probability
        leaving = candidates[going]
        chosen = migration.choose_destination(pull[None, :], u_move[leaving] / probability[going])

        self.flows.update(
            abroad_at_start=len(abroad),
            residents_at_start=int(np.count_nonzero(at_home(w.status[ours]))),  # trainees too
            emigrants=len(leaving),
            returns=len(returning),
            remittances_sent=float(sent.sum()),
        )
        self.emigrants_by_region = np.bincount(w.region[leaving], minlength=self.n_regions).astype(float)
        self.emigrants_by_destination = np.bincount(chosen, minlength=n_destinations)
        self.returns_by_destination = np.bincount(w.destination[returning], minlength=n_destinations)
        self.release_from_firms(leaving)
        trainees = leaving[w.status[leaving] == Status.IN_TRAINING]
        w.set_status(leaving, Status.ABROAD)
        w.destination[leaving] = chosen
        self.leave_training(trainees)
        w.union_member[leaving] = False
        w.set_status(returning, Status.UNEMPLOYED)
        w.destination[returning] = NO_DESTINATION

    def immigrate(self) -> None:
        """Foreign workers away arrive as job seekers, at the rate that balanced departures at
        start moved by their expected earnings here against their other destination's (both
        in dollars); those here go home at the return rates of migrants (`sim.markets.immigration`)."""
        imm = self.calibration.immigration
        self.flows["foreign_arrivals"] = self.flows["foreign_departures"] = 0
        self.leavers_households = np.zeros(0, dtype=np.int32)
        if imm.pool_start == 0:
            return
        w, p, env = self.workers, self.params, self.environment
        first = imm.first_foreign
        status = w.status[self.foreign]
        u = self.streams["immigration"].random(len(status))
        here = np.flatnonzero(at_home(status))
        working = status[here] <= Status.EMPLOYED_INFORMAL
        going = first + here[u[here] < np.where(working, p.return_rate_employed, p.return_rate_jobless)]
        income_now = foreign_income(status, w.wage[self.foreign]) / env.local_per_usd
        self.foreign_income_expected += (income_now - self.foreign_income_expected) / p.earnings_memory_months
        here_relative = self.foreign_income_expected / imm.income_start if imm.income_start > 0 else 1.0
        there_relative = 1.0
        if imm.alternative is not None:
            d = imm.alternative
            there = migration.destination_employment(p.destination_employment_rate, env.destination_demand)[d]
            there_relative = there / imm.alternative_employment_start / env.destination_per_usd[d]
        away = np.flatnonzero(status == Status.AWAY)
        probability = immigration.arrival_probability(
            imm.arrival_rate, imm.pool_start, len(away), here_relative, there_relative, p.emigration_gap_elasticity
        )
        coming = first + away[u[away] < probability]
        self.flows["foreign_arrivals"], self.flows["foreign_departures"] = len(coming), len(going)
        self.leavers_households = w.household[going]  # they take home what their deposits hold at the month's end
        self.release_from_firms(going)
        w.set_status(going, Status.AWAY)
        w.union_member[going] = False
        w.set_status(coming, Status.UNEMPLOYED)

    def relocate_households(self) -> None:
        """Households move between regions: gravity flows at start, answering changes in the
        regions' expected earnings (`sim.regions.move_probabilities`). Members whose job is
        beyond commuting range of the new home quit it (a separation without unemployment
        benefit) and search there; own-account workers carry on at the new home's earnings."""
        w, h, f, p = self.workers, self.households, self.firms, self.params
        table = self.regional_history[-1][1]
        now = expected_earnings(table["mean_wage"], table["unemployment_rate"])
        now = np.where(now > 0, now, self.expected_earnings)
        self.expected_earnings += (now - self.expected_earnings) / p.earnings_memory_months
        self.moves_by_region = np.zeros((2, self.n_regions))
        self.flows["internal_movers"] = 0
        cal = self.calibration
        if not cal.moves_at_start.any():
            return
        probability = move_probabilities(
            cal.moves_at_start, self.expected_earnings, cal.expected_earnings_start, p.migration_income_elasticity
        )
        movers, destination = draw_moves(h.region[self.native_households], probability, self.streams["relocation"])
        if len(movers) == 0:
            return
        moving = np.zeros(len(h), dtype=bool)
        moving[movers] = True
        h.region[movers] = destination
        members = np.flatnonzero(moving[w.household])
        origin = w.region[members].copy()
        w.region[members] = h.region[w.household[members]]
        resident = w.status[members] != Status.ABROAD
        self.moves_by_region = np.stack(
            [
                np.bincount(origin[resident], minlength=self.n_regions),
                np.bincount(w.region[members[resident]], minlength=self.n_regions),
            ]
        ).astype(float)
        self.flows["internal_movers"] = int(np.count_nonzero(resident))
        employee = members[w.employer[members] >= 0]
        too_far = employee[~self.within_commuting[w.region[employee], f.region[w.employer[employee]]]]
        self.flows["separations"] += len(too_far)  # quits: no unemployment benefit
        self.release_from_firms(too_far)
        w.set_status(too_far, Status.UNEMPLOYED)
        w.union_member[too_far] = False

    def train(self) -> None:
        w, p, rs = self.workers, self.params, self.environment.reskilling
        trainees = np.flatnonzero(w.status == Status.IN_TRAINING)
        self.flows.update(enrolments=0, completions=0)
        if rs is None and len(trainees) == 0:
            self.government.training_paid = self.guarantee_course_cost = 0.0
            return
        rng = self.streams["training"]
        u_progress, u_apply, u_cost = rng.random(len(w)), rng.random(len(w)), rng.random(len(w))
        dropping = trainees[u_progress[trainees] < p.training_dropout_rate]
        staying = trainees[u_progress[trainees] >= p.training_dropout_rate]
        w.training_months_left[staying] -= 1
        # a month of the course raises efficiency by a month's return to schooling
        w.ability[staying] = training.trained_ability(w.ability[staying], 1, p.training_return_per_year)
        self.update_efficiency_units(staying)
        completing = staying[w.training_months_left[staying] <= 0]
        w.sector[completing] = w.training_target[completing]
        # the course counts as experience in the target sector for as long as it lasted
        w.experience_months[completing] = w.course_months[completing]
        leaving = np.concatenate([dropping, completing])
        # a course does not erase the gap in a CV: the months out of work run on through it,
        # as they do for the matched comparison group, and employers screen on them
        w.set_status(leaving, Status.UNEMPLOYED, restart_clock=False)
        w.training_target[leaving] = NO_SECTOR
        self.flows["completions"] = len(completing)
        if rs is not None:
            self.enrol_trainees(rs, u_apply, u_cost, rng)
        in_training = w.status == Status.IN_TRAINING
        guaranteed = np.count_nonzero(in_training & self.guarantee_trainee) if self.guarantee_trainee is not None else 0
        reskilled = np.count_nonzero(in_training) - guaranteed
        cost = reskilled * p.training_cost_wage_share * self.indicators["mean_wage"] * rs.subsidy_share if rs else 0.0
        # the youth guarantee pays its courses in full
        self.guarantee_course_cost = guaranteed * p.training_cost_wage_share * self.indicators["mean_wage"]
        self.government.training_paid = float(cost + self.guarantee_course_cost)  # bought from service firms next month

    def guarantee_youth(self) -> None:
        yg, w = self.environment.youth_guarantee, self.workers
        self.flows.update(dict.fromkeys(GUARANTEE_FLOWS, 0))
        ending = self.placements.over(w.employer)  # traineeships that ran their months
        self.release_from_firms(ending)
        w.set_status(ending, Status.UNEMPLOYED)
        self.placements = self.placements.running(w.employer)
        if yg is None:
            return
        if self.last_reached is None:  # the programme opens: nobody has reached it yet
            self.last_reached = np.full(len(w), np.iinfo(np.int32).min, dtype=np.int32)
            self.guarantee_trainee = np.zeros(len(w), dtype=bool)
        rng = self.streams["youth_guarantee"]
        young = w.age_group == AgeGroup.YOUTH
        young[self.foreign] = False  # a national programme: residents only
        unemployed = w.status == Status.UNEMPLOYED
        eligible = np.flatnonzero(
            youth_guarantee.eligible(
                young, unemployed, w.months_in_status, self.last_reached, self.month, yg.offer_within_months
            )
        )
        shares = np.array([yg.offer_shares.get(name, 0.0) for name in youth_guarantee.OFFER_TYPES])
        u_offer, u_type = rng.random(len(eligible)), rng.random(len(eligible))
        kind = youth_guarantee.offer_types(u_offer, u_type, yg.offer_rate, shares, self.guarantee_seats(yg))
        offered = kind != youth_guarantee.NO_OFFER
        self.last_reached[eligible] = self.month  # one draw a spell: those not offered now are not offered later
        self.flows["guarantee_eligible"] = len(eligible)
        cohort = youth_guarantee.Cohort(self.month, eligible[offered], eligible[~offered])
        horizon = max(youth_guarantee.FOLLOW_UP_MONTHS)
        self.guarantee_cohorts = [c for c in self.guarantee_cohorts if self.month - c.month <= horizon] + [cohort]
        self.place_young(eligible[kind == 0], yg.job_subsidy_share, yg.job_subsidy_months, False, "guarantee_jobs", rng)
        self.place_young(eligible[kind == 1], 1.0, yg.traineeship_months, True, "guarantee_traineeships", rng)
        course = eligible[kind == 2]
        employment_now, employment_year_ago = self.sector_employment_history[-1], self.sector_employment_history[0]
        targets = training.growing_sectors(employment_now, employment_year_ago, 2)
        w.set_status(course, Status.IN_TRAINING, restart_clock=False)
        self.start_courses(course, yg.training_months, targets, rng)  # not the reskilling programme's as well
        self.guarantee_trainee[course] = True
        self.flows["guarantee_courses"] = len(course)
        # the entrants' first month is paid as the others' (the month was costed before they enrolled)
        entrants_cost = len(course) * self.params.training_cost_wage_share * self.indicators["mean_wage"]
        self.guarantee_course_cost += entrants_cost
        self.government.training_paid += entrants_cost

    def guarantee_seats(self, yg: YouthGuaranteePolicy) -> int | None:
        """Places free this month: `seats_share` of the residents' labour force aged 15-24
        (counting the guarantee's trainees, who left it to train) less the running participants."""
        if yg.seats_share is None:
            return None
        w = self.workers
        young = w.age_group[self.natives] == AgeGroup.YOUTH
        trainees = np.count_nonzero(self.guarantee_trainee & (w.status == Status.IN_TRAINING))
        labour_force = np.count_nonzero(young & (w.status[self.natives] <= Status.UNEMPLOYED)) + trainees
        placed = len(self.placements.running(w.employer).person)
        return max(int(round(yg.seats_share * labour_force)) - placed - trainees, 0)

    def place_young(
        self, who: np.ndarray, share: float, months: int, ends: bool, flow: str, rng: np.random.Generator
    ) -> None:
        """Place the young `who` (indices) in formal vacancies of private firms of their region,
        the programme paying `share` of their pay for `months` (after which the job `ends`, or
        goes on unpaid by it); count them under `flow`."""
        w, f = self.workers, self.firms
        public = self.calibration.demand.public[f.sector]
        open_firms = np.flatnonzero(f.alive & f.formal & ~public & (f.vacancies > 0))
        firm = youth_guarantee.place(w.region[who], open_firms, f.region[open_firms], f.vacancies[open_firms], rng)
        placed, at = who[firm >= 0], firm[firm >= 0]
        pay = wages.employee_wages(
            f.posted_wage[at], self.efficiency_units(placed), np.ones(len(placed), dtype=bool), self.minimum_wage
        )
        self.hire(placed, at, pay)
        hires = np.bincount(at, minlength=len(f)).astype(f.vacancies.dtype)
        f.vacancies -= hires
        f.employees += hires.astype(f.employees.dtype)
        self.placements = self.placements.add(placed, at, share, months, ends)
        self.flows[flow] = len(placed)
        self.flows["guarantee_unplaced"] += len(who) - len(placed)

    def start_courses(self, who: np.ndarray, months: int, targets: np.ndarray, rng: np.random.Generator) -> None:
        """The trainees `who` (indices) start a course of `months` for one of the `targets`
        sectors (drawn at random); one course a person (`trained`)."""
        w = self.workers
        w.training_months_left[who] = months
        w.course_months[who] = months
        w.trained[who] = True
        w.training_target[who] = rng.choice(targets, size=len(who))

    def leave_training(self, who: np.ndarray) -> None:
        """Trainees who left the labour force or the country give up their course."""
        self.workers.training_months_left[who] = 0
        self.workers.training_target[who] = NO_SECTOR

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
        eligible_mask[self.foreign] = False  # a national programme: residents only
        eligible = np.flatnonzero(eligible_mask & ~w.trained)  # one course a person
        # seats are a share of the residents' labour force counting those in training (who left it to train)
        in_training = w.status == Status.IN_TRAINING
        if self.guarantee_trainee is not None:  # the youth guarantee's courses have their own seats
            in_training &= ~self.guarantee_trainee
        in_training = np.count_nonzero(in_training)
        labour_force = np.count_nonzero(w.status[self.natives] <= Status.UNEMPLOYED) + in_training
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
        was_unemployed = w.status[entrants] == Status.UNEMPLOYED
        w.set_status(entrants[~was_unemployed], Status.IN_TRAINING)  # employees: out of work from now
        w.set_status(entrants[was_unemployed], Status.IN_TRAINING, restart_clock=False)
        w.union_member[entrants] = False
        if self.guarantee_trainee is not None:
            self.guarantee_trainee[entrants] = False
        self.start_courses(entrants, rs.duration_months, targets, rng)
        self.flows["enrolments"] = len(entrants)

    def match_job_seekers(self) -> None:
        w, f, p, rng = self.workers, self.firms, self.params, self.streams["matching"]
        premium = np.asarray(p.skill_premium)
        unemployed = w.status == Status.UNEMPLOYED
        draw = rng.random(len(w))  # one per person: on-the-job search at the job's rate
        # employees search on the job: only draws below the higher rate look at the job
        low = np.flatnonzero(draw < max(p.on_the_job_search_formal, p.on_the_job_search_informal))
        status, draw = w.status[low], draw[low]
        formal_job = status == Status.EMPLOYED_FORMAL
        informal_employee = (status == Status.EMPLOYED_INFORMAL) & (w.employer[low] != NO_EMPLOYER)
        on_the_job = (formal_job & (draw < p.on_the_job_search_formal)) | (
            informal_employee & (draw < p.on_the_job_search_informal)
        )
        offer_level = self.regional_mean_posted_wage()
        jobless = np.flatnonzero(unemployed)
        np.multiply(w.wage, 1.0 + p.job_switch_premium, out=w.reservation_wage)
        w.reservation_wage[jobless] = (
            p.reservation_wage_ratio
            * offer_level[w.region[jobless]]
            * self.efficiency_units(jobless)
            * (1.0 - p.reservation_wage_decay) ** w.months_in_status[jobless]
        )
        receives = self.households.remittances[w.household[jobless]] > 0
        w.reservation_wage[jobless] *= 1.0 + p.remittance_reservation_premium * receives
        on_benefit = jobless[w.benefit_months_left[jobless] > 0]
        w.reservation_wage[on_benefit] = np.maximum(w.reservation_wage[on_benefit], w.benefit[on_benefit])
        # the searchers in order: the unemployed and the employees searching on the job, two ascending runs merged
        who = np.sort(np.concatenate([jobless, low[on_the_job]]), kind="stable")
        seekers = matching.Seekers(
            who,
            w.region[who],
            w.skill[who],
            w.experience_months[who],
            w.reservation_wage[who],
            w.sector[who],
            months_unemployed=np.where(unemployed[who], w.months_in_status[who], 0),
            ability=w.ability[who],
            first_job=(w.sector[who] == NO_SECTOR) & (w.age_group[who] == AgeGroup.YOUTH),
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
            self.search_mobility,
            premium,
            self.calibration.skill_fit,
            search_efficiency=self.search_efficiency,
            commuting_cost=self.commuting_cost,
            duration_screening=p.duration_screening,
            inexperience_screening=p.inexperience_screening,
        )
        result = matching.match(seekers, openings, params, rng)

        # the guarantee's placements were hired from unemployment this month, before the search
        placed = self.flows["guarantee_jobs"] + self.flows["guarantee_traineeships"]
        self.flows["unemployed_searching"] = int(np.count_nonzero(unemployed)) + placed
        self.flows["hires_from_unemployment"] = int(np.count_nonzero(unemployed[result.worker])) + placed
        # head counts move with the hires: on-the-job movers leave their firms, everyone hired joins one
        self.release_from_firms(result.worker)
        self.hire(result.worker, result.firm, result.wage)
        f.applicants[:] = 0
        f.applicants[open_firms] = result.applicants
        f.hires[:] = np.bincount(result.firm, minlength=len(f))
        f.employees += f.hires.astype(f.employees.dtype)
        cal = self.calibration
        for pool, rate, weight in (
            (Status.UNEMPLOYED, cal.own_account_entry_rate, cal.own_account_skill_weight[0]),
            (Status.INACTIVE, cal.own_account_inactive_entry_rate, cal.own_account_skill_weight[1]),
        ):
            if pool == Status.INACTIVE and p.own_account_entry_from_inactivity <= 0:
                continue
            if pool == Status.UNEMPLOYED:  # those of the search not hired: nobody else became unemployed since
                members = jobless[w.status[jobless] == pool]
            else:
                members = np.flatnonzero(w.status == pool)
            region = w.region[members].astype(np.intp)  # counted by: wide once, not at each count
            cell = region * weight.shape[1] + w.skill[members]  # (region, skill), flat
            chance = separations.weighted_rates(rate, region, weight.ravel()[cell], self.n_regions)
            self.start_own_account_work(members[rng.random(len(members)) < chance], rng)

    def set_wages(self) -> None:
        w, f, p = self.workers, self.firms, self.params
        minimum = self.minimum_wage
        rules = wages.WageRules(
            p.wage_rise_unfilled,
            p.wage_fall_queue,
            p.queue_threshold,
            p.wage_indexation,
            p.wage_error_correction,
            p.wage_unemployment_response,
        )
        norm = f.reference_wage * self.prices.consumer_price_index**p.wage_indexation
        gap = np.log(np.maximum(f.posted_wage, 1e-12) / np.maximum(norm, 1e-12))
        signal = wages.hiring_signal(f.vacancies, f.hires, f.applicants, rules)
        weight = np.where(f.alive, f.employees + 1.0, 0.0)
        # each firm answers its own region's unemployment (last month's) above the region's normal rate
        regional_unemployment = self.regional_history[-1][1]["unemployment_rate"]
        unemployment_gap = (regional_unemployment - self.calibration.normal_unemployment)[f.region]
        f.posted_wage[:] = wages.floor_wages(
            wages.adjust_posted_wages(
                f.posted_wage, signal, weight, gap, self.prices.inflation, unemployment_gap, rules
            ),
            f.formal,
            minimum,
        )
        self.list_workers()
        employee, employer = self.employees_and_employers()
        premium = np.asarray(p.skill_premium)
        w.wage[employee] = wages.employee_wages(
            f.posted_wage[employer],
            self.efficiency_units(employee),
            w.status[employee] == Status.EMPLOYED_FORMAL,
            minimum,
        )
        covered = employee[f.covered[employer]]
        w.wage[covered] = wages.agreement_floor(w.wage[covered], self.local_floors(covered), w.skill[covered], premium)
        rules = self.environment.bargaining
        if rules.extension and rules.lighthouse_effect > 0:
            informal = employee[~f.formal[employer] & (self.wage_floors[w.sector[employee]] > 0)]
            rate = wages.grade_rate(self.local_floors(informal), w.skill[informal], premium)
            w.wage[informal] = wages.lighthouse(w.wage[informal], rate, rules.lighthouse_effect)
        self.pay_own_account_income()

    def pay_own_account_income(self) -> None:
        """Own-account workers share what their region's households spent on own-account
        output this month, in proportion to their efficiency units (mixed income)."""
        w = self.workers
        own = self.own_account_workers()
        region, efficiency = w.region[own], self.efficiency_units(own)
        units = np.bincount(region, weights=efficiency, minlength=self.n_regions)
        pool = self.demand_plan.household_own_account
        self.own_account_rate = np.where(units > 0, pool / np.maximum(units, 1e-12), self.own_account_rate)
        w.wage[own] = self.own_account_rate[region] * efficiency  # `own_account_earnings`

    def update_union_membership(self) -> None:
        w, rng = self.workers, self.streams["bargaining"]
        if not self.calibration.union_join_probability.any():
            return  # no unions in this country: nobody joins, nobody is a member
        u = rng.random(len(w))  # one draw a person, as the stream has always been used
        formal = np.flatnonzero(w.status == Status.EMPLOYED_FORMAL)  # only they can be members
        join = self.calibration.union_join_probability[np.maximum(w.sector[formal], 0)]
        new_hire = w.months_in_status[formal] == 0
        churn = self.params.union_membership_churn
        everyone = np.ones(len(formal), dtype=bool)
        member = unions.membership(w.union_member[formal], everyone, new_hire, join, churn, u[formal])
        w.union_member[:] = False
        w.union_member[formal] = member
        self.record_union_membership(formal)

    def bargain(self) -> None:
        w, f, rules = self.workers, self.firms, self.environment.bargaining
        if not w.union_member.any() and not any(u.wage_floor_local for u in self.unions):
            return  # no unions, no agreements: nothing to bargain or cover
        conditions = self.sector_conditions()
        for union in self.unions:
            union.advance(self.month, conditions[union.sector], rules, self.streams["bargaining"])
        self.wage_floors = np.array([u.wage_floor_local or 0.0 for u in self.unions])
        employee = w.employer >= 0
        f.covered[:] = self.covered_by_agreements(self.wage_floors, rules)
        on_strike = np.array([u.on_strike for u in self.unions])
        self.striking = np.zeros(len(w), dtype=bool)
        if on_strike.any():
            firm = np.where(employee, w.employer, 0)
            self.striking = employee & w.union_member & f.covered[firm] & on_strike[np.maximum(w.sector, 0)]
            w.wage[self.striking] = 0.0  # strikers are not paid while the strike lasts
        self.flows["strikers"] = int(np.count_nonzero(self.striking))

    def training_indicators(self) -> dict[str, float]:
        """Enrolment, entrants, completions, programme cost, long-term unemployment, and the
        employment, inactivity and emigration rates and mean earnings of participants and their
        matched comparison group k months after entry."""
        w = self.workers
        unemployed = w.status == Status.UNEMPLOYED
        out = {
            "training_enrolment": float(np.count_nonzero(w.status == Status.IN_TRAINING) * self.scale),
            "training_completions": float(self.flows.get("completions", 0) * self.scale),
            "training_entrants": float(self.flows.get("enrolments", 0) * self.scale),
            "programme_cost": self.government.training_paid * self.scale,
            "long_term_unemployment_share": ratio(
                np.count_nonzero(unemployed & (w.months_in_status >= 12)), np.count_nonzero(unemployed)
            ),
        }
        due = {
            k: next((c for c in self.training_cohorts if self.month - c.entry_month == k), None)
            for k in training.FOLLOW_UP_MONTHS
        }
        followed = any(c is not None and len(c.participants) > 0 for c in due.values())
        masks = (w.employed, w.status == Status.INACTIVE, w.status == Status.ABROAD) if followed else (None,) * 3
        outcomes = dict(zip(training.FOLLOW_UP_STATUSES, masks))  # taken only when a cohort is followed up
        for k, cohort in due.items():
            has = cohort is not None and len(cohort.participants) > 0
            groups = {"participant": cohort.participants, "comparison": cohort.comparison} if has else {}
            for group in ("participant", "comparison"):
                for name, mask in outcomes.items():
                    out[f"{group}_{name}_rate_{k}m"] = float(mask[groups[group]].mean()) if has else float("nan")
                # earnings at home, 0 for those without work or abroad (their remittances are the household's)
                out[f"{group}_earnings_{k}m"] = float(w.wage[groups[group]].mean()) if has else float("nan")
        return out

    def guarantee_indicators(self) -> dict[str, float]:
        """The youth guarantee's month (persons x scale): who reached the offer month, who was
        placed in a job or a traineeship or sent on a course, who was offered a placement with
        no vacancy in the region; the placements it pays and its trainees (stocks); its cost
        (wage subsidies and courses, local currency); and, k months after an offer month, the
        employment rate (abroad counted as not employed here) and the NEET rate (of those at
        home) of those offered and of those not offered then (NaN without such a month)."""
        out = {name: float(self.flows.get(name, 0) * self.scale) for name in GUARANTEE_FLOWS}
        trainees = 0
        if self.guarantee_trainee is not None:
            trainees = np.count_nonzero(self.guarantee_trainee & (self.workers.status == Status.IN_TRAINING))
        w = self.workers
        counted = self.country.youth_neet_rate is not None  # no NEET rate where the preset has none
        for k in youth_guarantee.FOLLOW_UP_MONTHS:
            cohort = next((c for c in self.guarantee_cohorts if self.month - c.month == k), None)
            for group in ("offered", "not_offered"):
                who = getattr(cohort, group) if cohort is not None else np.zeros(0, dtype=np.int64)
                status = w.status[who]
                home = at_home(status)
                # members stay members when they turn 25
                neet = education.neet(home, status, w.in_education[who])
                employment = np.count_nonzero(status <= Status.EMPLOYED_INFORMAL) / len(who) if len(who) else np.nan
                out[f"guarantee_{group}_employment_rate_{k}m"] = float(employment)
                share = np.count_nonzero(neet) / np.count_nonzero(home) if home.any() and counted else np.nan
                out[f"guarantee_{group}_neet_rate_{k}m"] = float(share)
        out.update(
            guarantee_subsidised=float(len(self.placements.person) * self.scale),
            guarantee_trainees=float(trainees * self.scale),
            guarantee_cost=(self.wage_subsidies_paid + self.guarantee_course_cost) * self.scale,
        )
        return out

    def bargaining_indicators(self) -> dict[str, float]:
        """Union density, bargaining coverage, the union wage premium and strike days."""
        w, f = self.workers, self.firms
        formal = self.indicators["employed_persons"] * (1.0 - self.indicators["informality_rate"]) / self.scale
        covered_employees = int(f.employees[f.covered].sum())
        premium = float("nan")
        if covered_employees:
            paid = np.flatnonzero((w.status == Status.EMPLOYED_FORMAL) & ~self.striking)  # all have an employer
            n_skills = len(self.params.skill_share)
            cell = w.sector[paid].astype(np.intp) * n_skills + w.skill[paid]
            log_wage = np.log(np.maximum(w.wage[paid], 1.0))
            covered = f.covered[w.employer[paid]]
            premium = bargaining.union_wage_premium(log_wage, covered, cell, len(SECTORS) * n_skills)
        return {
            # members among the residents the formal employees are counted over (foreign workers' apart)
            "union_density": ratio(int(np.count_nonzero(w.union_member[self.natives])), round(formal)),
            "bargaining_coverage": ratio(covered_employees, int(f.employees[f.alive].sum())),
            "union_wage_premium": premium,
            "strike_days": self.flows["strikers"] * bargaining.WORKING_DAYS_PER_MONTH * self.scale,
        }

    def local_floors(self, employees: np.ndarray, floors: np.ndarray | None = None) -> np.ndarray:
        """The agreement floor of each of `employees` (indices, with an employer): its sector's
        floor (the agreements in force, or `floors`) at the pay level of its employer's region
        (`Calibration.wage_level`): agreements set grids relative to the going pay, and a
        national grid would lift the low-pay regions' covered pay to the capital's."""
        floors = self.wage_floors if floors is None else floors
        w = self.workers
        return floors[w.sector[employees]] * self.calibration.wage_level[self.firms.region[w.employer[employees]]]

    def covered_by_agreements(self, floors: np.ndarray, rules: BargainingRules) -> np.ndarray:
        """Firms covered by their sector's agreement (`floors` > 0): those that recognise the
        union and employ members, and every formal firm where agreements are extended."""
        w, f = self.workers, self.firms
        members_per_firm = employees_by_firm(w.employer[w.union_member], len(f))
        return (floors[f.sector] > 0) & bargaining.covered_firms(
            members_per_firm, f.recognition_draw, rules.recognition, np.full(len(f), rules.extension), f.formal, f.alive
        )

    def open_agreements_in_force(self) -> None:
        """Agreements in force at start where the yearly rounds settle (`Union.open_agreement`),
        with covered pay inside the preset's mean wage: formal pay is scaled so that the formal
        wage bill with the agreements' floors is the one drawn from the preset (the mean wage
        of the statistics includes the union premium), and the floors are opened again on the
        scaled pay until the scale settles. Starting with no agreement, the baseline spent a
        decade ratcheting floors up to the claims (Kazakhstan: the union premium rose from 4 %
        to 6.5 % and informality 1.2 points in 20 years); opened on unscaled pay, they raised
        covered pay above the preset's mean wage (Kazakhstan: unemployment +1.4 points over its
        target after a refit); both measured. Scaled formal pay stays at or above the minimum wage."""
        w, f, rules = self.workers, self.firms, self.environment.bargaining
        premium = np.asarray(self.params.skill_premium)
        formal = w.status == Status.EMPLOYED_FORMAL
        drawn = float(w.wage[formal].sum())
        unemployment = ratio(
            np.count_nonzero(w.status == Status.UNEMPLOYED), np.count_nonzero(w.status <= Status.UNEMPLOYED)
        )
        for _ in range(AGREEMENT_OPENING_ROUNDS):
            conditions = self.sector_conditions(unemployment)
            for union in self.unions:
                union.open_agreement(conditions[union.sector], rules)
            floors = np.array([u.wage_floor_local or 0.0 for u in self.unions])
            if not floors.any() or drawn <= 0:
                return
            firm = np.maximum(w.employer, 0)
            covered = formal & (w.employer >= 0) & self.covered_by_agreements(floors, rules)[firm]
            with_floors = w.wage.copy()
            with_floors[covered] = wages.agreement_floor(
                w.wage[covered], self.local_floors(covered, floors), w.skill[covered], premium
            )
            scale = drawn / float(with_floors[formal].sum())
            f.posted_wage[f.formal] = np.maximum(scale * f.posted_wage[f.formal], self.minimum_wage)
            f.reference_wage[f.formal] *= scale
            w.wage[formal] = np.maximum(scale * w.wage[formal], self.minimum_wage)  # formal pay obeys the law
        # the agreements cover their firms, and their employees are paid the agreed rates, from
        # the start (not from the first month's bargaining, which left month 1's pay below the bill)
        f.covered[:] = self.covered_by_agreements(floors, rules)
        covered = formal & (w.employer >= 0) & f.covered[np.maximum(w.employer, 0)]
        w.wage[covered] = wages.agreement_floor(
            w.wage[covered], self.local_floors(covered, floors), w.skill[covered], premium
        )

    def sector_conditions(self, unemployment_rate: float | None = None) -> list[SectorConditions]:
        """Each sector's going wage and value added per worker net of capital costs and
        employers' contributions, at today's prices (base-wage units), among live formal
        firms, with last month's unemployment rate (or `unemployment_rate`) and the benefit
        replacement rate. The public sector has no sales: its unions bargain over the private
        sectors' average."""
        f, d = self.firms, self.calibration.demand
        formal = f.alive & f.formal
        weight = np.where(formal, f.employees + 1.0, 0.0)
        n = len(SECTORS)
        total = np.maximum(np.bincount(f.sector, weights=weight, minlength=n), 1e-12)
        wage = np.bincount(f.sector, weights=weight * f.posted_wage, minlength=n) / total
        # the surplus to bargain over is value added per worker net of capital costs (quasi-rent)
        unit_value = self.prices.sector * (1.0 - d.imported_input_share)
        capital = self.calibration.opening.investment_per_output * self.investment_price(self.price_signals())
        # productivity is per efficiency unit, i.e. per base-wage unit of labour
        net_output = (
            (unit_value[f.sector] - capital) * f.productivity / (1.0 + self.government.fiscal.employer_contributions)
        )
        productivity = np.bincount(f.sector, weights=weight * net_output, minlength=n) / total
        private = ~d.public
        productivity[d.public] = np.dot(total[private], productivity[private]) / total[private].sum()
        u = self.indicators["unemployment_rate"] if unemployment_rate is None else unemployment_rate
        return [SectorConditions(wage[s], productivity[s], u, self.government.replacement_rate) for s in range(n)]

    def set_hours(self) -> None:
        """Overtime where orders exceed what the staff make in normal hours, up to the legal
        limit and where it pays, but not in a firm on strike (`sim.markets.hours`); this
        month's pay with it."""
        w, f, d = self.workers, self.firms, self.calibration.demand
        employee, employer = self.employees_and_employers()
        staff = self.staff_efficiency(employee, employer)
        f.skill_per_head[:] = np.divide(
            staff, f.employees, out=np.full(len(f), self.mean_premium), where=f.employees > 0
        )
        working, struck = staff, np.zeros(len(f), dtype=bool)
        if self.striking.any():
            strikers = np.flatnonzero(self.striking)
            working = staff - self.staff_efficiency(strikers, w.employer[strikers])
            struck[w.employer[strikers]] = True  # the staff do not make up a strike's output
        normal_output = working * f.productivity
        normal_pay = np.bincount(employer, weights=w.wage[employee], minlength=len(f))
        contributions = np.where(f.formal, self.government.fiscal.employer_contributions, 0.0)
        unit_labour_cost = np.divide(
            normal_pay * (1.0 + contributions), normal_output, out=np.zeros(len(f)), where=normal_output > 0
        )
        input_cost = d.imported_input_share[f.sector] * self.input_price()
        rules = self.overtime_rules
        pays = hours.overtime_pays(self.prices.sector[f.sector], input_cost, unit_labour_cost, rules.premium)
        allowed = f.alive & ~d.public[f.sector] & ~struck & pays
        f.overtime[:] = hours.overtime_share(f.orders, normal_output, rules.limit, allowed)
        factor = hours.pay_factor(f.overtime, rules.premium)
        self.working = working * (1.0 + f.overtime)
        self.wage_bill = normal_pay * factor
        self.wages_paid = w.wage.copy()  # this month's pay, before exits displace anyone
        self.wages_paid[employee] *= factor[employer]

    def settle_firm_accounts(self) -> None:
        w, f, p, d = self.workers, self.firms, self.params, self.calibration.demand
        self.formal_pay = w.status == Status.EMPLOYED_FORMAL
        wage_bill, working = self.wage_bill, self.working
        selling = f.alive & ~d.public[f.sector]
        sales = np.minimum(f.orders, working * f.productivity)
        price = self.prices.sector[f.sector]
        sold = np.bincount(
            self.firm_markets(), weights=np.where(selling, price * sales, 0.0), minlength=len(SECTORS) * self.n_regions
        ).reshape(len(SECTORS), self.n_regions)
        fill = goods.fill_rates(self.market_orders_money, sold)
        fill[d.public] = 1.0
        self.fill = goods.broadcast_fill(fill, d.tradable, d.local_purchase_share, d.supplier_share)
        self.export_fill = goods.broadcast_fill(fill, d.tradable)  # exports: their producers' region
        investment = self.record_investment(selling)
        costs = accounts.FirmCosts(
            price=price,
            employer_contribution_rate=self.government.fiscal.employer_contributions,
            input_share=d.imported_input_share[f.sector],
            input_price=self.input_price(),
            profit_tax_rate=self.government.fiscal.profit_tax,
        )
        acc = accounts.settle_accounts(
            self.planned_labour,
            working,
            f.productivity,
            f.orders,
            wage_bill,
            f.formal,
            selling,
            investment,
            f.capacity,
            f.net_worth,
            f.target_worth,
            f.months_negative_worth,
            costs,
            p.dividend_payout_speed,
            p.capacity_adjustment,
            self.pay_wage_subsidies(),
        )
        live = f.alive
        f.output[live], f.sales[live], f.profit[live] = acc.output[live], acc.sales[live], acc.profit[live]
        f.net_worth[live], f.months_negative_worth[live], f.capacity[live] = (
            acc.net_worth[live],
            acc.months_negative_worth[live],
            acc.capacity[live],
        )
        self.firm_accounts = acc
        self.sector_totals = sector_totals(acc, f.sector, f.orders, selling, d.imported_input_share)
        self.record_sales_and_costs(acc, selling)
        public = self.calibration.demand.public[f.sector]
        hazard = accounts.closure_hazard(f.capacity, p.closure_rate, p.mean_firm_size_workers)
        exits = accounts.exiting(
            f.alive & ~public, f.months_negative_worth, p.exit_after_months, hazard, self.streams["accounts"]
        )
        markets, n_markets = self.firm_markets(), len(SECTORS) * self.n_regions
        exits_by_market = np.bincount(markets[exits], minlength=n_markets)
        exit_capacity = np.bincount(markets[exits], weights=f.capacity[exits], minlength=n_markets)
        self.close_firms(exits)
        self.open_firms(exits_by_market, exit_capacity)

    def pay_wage_subsidies(self) -> np.ndarray:
        """The youth guarantee's share of this month's pay of its placed persons, to each firm;
        a placement is paid for its months while the person stays with the firm."""
        self.placements = self.placements.running(self.workers.employer)
        subsidy = youth_guarantee.subsidies(self.placements, self.wages_paid, len(self.firms))
        self.placements.months_left -= 1
        self.wage_subsidies_paid = float(subsidy.sum())
        return subsidy

    def record_investment(self, selling: np.ndarray) -> np.ndarray:
        """Investment goods each firm gets this month (what it ordered, as far as domestic
        producers filled it), recorded as payments to them, abroad and in tariffs."""
        f, d, plan, book = self.firms, self.calibration.demand, self.demand_plan, self.ledger
        planned = np.where(selling, f.investment, 0.0)
        equipment = (1.0 - d.construction_share) * planned.sum()
        tariff = self.environment.own_tariff[goods.MANUFACTURING]
        share = (lambda x: x / equipment) if equipment > 0 else (lambda x: 0.0)
        home = share(plan.investment_home[goods.MANUFACTURING, 0] * self.fill[goods.MANUFACTURING, 0])
        imported, tariffs = share(plan.investment_imports), share(plan.investment_imports * tariff)
        construction = planned * d.construction_share * self.fill[goods.CONSTRUCTION, f.region]
        equipment_home = planned * (1.0 - d.construction_share) * home
        book.firms_pay("investment_domestic", f.sector, construction, ledger_accounts.FIRM_COLUMN["construction"])
        book.firms_pay("investment_domestic", f.sector, equipment_home, ledger_accounts.FIRM_COLUMN["manufacturing"])
        book.firms_pay("investment_imports", f.sector, planned * (1.0 - d.construction_share) * imported, REST_OF_WORLD)
        book.firms_pay(
            "tariffs", f.sector, planned * (1.0 - d.construction_share) * tariffs, ledger_accounts.GOVERNMENT
        )
        return construction + equipment_home + planned * (1.0 - d.construction_share) * (imported + tariffs)

    def record_sales_and_costs(self, acc: accounts.Accounts, selling: np.ndarray) -> None:
        """Who paid for firms' sales, and what firms paid besides investment."""
        f, plan, book, fill = self.firms, self.demand_plan, self.ledger, self.fill
        gov = ledger_accounts.GOVERNMENT
        book.firms_receive("consumption_domestic", HOUSEHOLDS, (plan.household_home * fill).sum(axis=1))
        book.firms_receive("government_purchases", gov, (plan.government_home * fill).sum(axis=1))
        book.firms_receive("training_subsidies", gov, (plan.training_home * fill).sum(axis=1))
        book.firms_receive("wage_subsidies", gov, np.bincount(f.sector, weights=acc.subsidy, minlength=len(SECTORS)))
        book.firms_receive("exports", REST_OF_WORLD, (plan.exports * self.export_fill).sum(axis=1))
        private_wages = np.where(selling, acc.wage_bill, 0.0)
        book.firms_pay("wages", f.sector, private_wages, HOUSEHOLDS)
        tariff = self.input_tariff()
        book.firms_pay("intermediate_imports", f.sector, acc.inputs / (1.0 + tariff), REST_OF_WORLD)
        book.firms_pay("tariffs_on_inputs", f.sector, acc.inputs * tariff / (1.0 + tariff), gov)
        book.firms_pay("employer_contributions", f.sector, acc.employer_contributions, gov)
        book.firms_pay("profit_tax", f.sector, acc.profit_tax, gov)
        foreign = self.calibration.foreign_ownership
        book.firms_pay("dividends", f.sector, acc.dividends * (1.0 - foreign), HOUSEHOLDS)
        book.firms_pay("dividends", f.sector, acc.dividends * foreign, REST_OF_WORLD)
        self.owner_income = {
            "dividends": float(acc.dividends.sum()) * (1.0 - foreign),
            "capital": 0.0,  # households' net capital transfers: liquidations less new capital
            "liquidation": 0.0,  # all owners'
            "new_capital": 0.0,
        }

    def settle_government_accounts(self) -> None:
        w, g, book = self.workers, self.government, self.ledger
        gov = ledger_accounts.GOVERNMENT
        pensioned = w.pensioner & at_home(w.status)
        pension = pensions(pensioned, True, g.average_pension_local)
        on_benefit = government.receives_benefit(w.status, w.benefit_months_left)
        benefit = np.where(on_benefit, w.benefit, 0.0)  # `government.benefits_due`
        self.benefits_this_month = benefit + pension
        self.transfer_recipients = np.flatnonzero(pensioned | on_benefit)  # everybody else gets 0
        self.flows["benefit_recipients"] = int(np.count_nonzero(on_benefit))
        w.benefit_months_left -= on_benefit  # a month of benefit used up (a mask takes 0 or 1)
        g.pensions_paid, g.benefits_paid = float(pension.sum()), float(benefit.sum())
        paid = self.wages_paid
        employee, _ = self.employees_and_employers()
        public_staff = employee[self.calibration.demand.public[np.maximum(w.sector[employee], 0)]]
        public_wages = float(paid[public_staff].sum())
        formal = np.flatnonzero(self.formal_pay)
        income_tax, contributions = government.income_taxes(paid[formal], g.fiscal)
        self.taxes_withheld = np.zeros(len(w))
        self.taxes_withheld[formal] = income_tax + contributions
        plan = self.demand_plan
        book.pay("wages", gov, HOUSEHOLDS, public_wages)
        book.pay("pensions", gov, HOUSEHOLDS, g.pensions_paid)
        book.pay("unemployment_benefits", gov, HOUSEHOLDS, g.benefits_paid)
        book.pay("government_imports", gov, REST_OF_WORLD, float(plan.government_imports.sum()))
        book.pay("income_tax", HOUSEHOLDS, gov, float(income_tax.sum()))
        book.pay("employee_contributions", HOUSEHOLDS, gov, float(contributions.sum()))
        acc = self.firm_accounts
        equipment_tariff = plan.tariff_rate[goods.MANUFACTURING]
        input_tariff = self.input_tariff()
        g.tariff_revenue = float(
            np.sum(plan.household_imports.sum(axis=1) * plan.tariff_rate)
            + plan.investment_imports * equipment_tariff
            + acc.inputs.sum() * input_tariff / (1.0 + input_tariff)
        )
        g.revenue = (
            float(self.taxes_withheld.sum())
            + float(acc.employer_contributions.sum() + acc.profit_tax.sum())
            + self.product_taxes()
            + g.tariff_revenue
        )
        g.spending = (
            public_wages
            + g.pensions_paid
            + g.benefits_paid
            + float((plan.government_home * self.fill).sum() + (plan.training_home * self.fill).sum())
            + float(plan.government_imports.sum())
            + float(acc.subsidy.sum())
        )
        g.debt += g.spending - g.revenue

    def product_taxes(self) -> float:
        """VAT and other taxes on products on what households bought this month at market:
        home goods filled, imports with their tariffs."""
        plan, rate = self.demand_plan, self.government.fiscal.product_taxes
        imports = plan.household_imports * (1.0 + plan.tariff_rate[:, None])
        return float(rate * ((plan.household_home * self.fill).sum() + imports.sum()))

    def settle_household_accounts(self) -> None:
        """Disposable income, what households bought, and their deposits; the month's
        consumption flows and remittances into the accounts."""
        h, w, plan, book = self.households, self.workers, self.demand_plan, self.ledger
        gov = ledger_accounts.GOVERNMENT
        fiscal = self.government.fiscal
        bought_home = (plan.household_home * self.fill).sum(axis=0)
        imports = plan.household_imports * (1.0 + plan.tariff_rate[:, None])
        own = self.own_account_workers()
        own_account = np.bincount(w.region[own], weights=w.wage[own], minlength=self.n_regions)
        bought = (1.0 + fiscal.product_taxes) * (bought_home + imports.sum(axis=0)) + own_account
        planned = np.bincount(h.region, weights=h.planned_consumption, minlength=self.n_regions)
        realised = np.divide(bought, planned, out=np.zeros(self.n_regions), where=planned > 0)
        consumption = h.planned_consumption * realised[h.region]
        tariffs = float(np.sum(plan.household_imports * plan.tariff_rate[:, None]))
        book.pay("consumption_imports", HOUSEHOLDS, REST_OF_WORLD, float(plan.household_imports.sum()))
        book.pay("tariffs", HOUSEHOLDS, gov, tariffs)
        product_taxes = self.product_taxes()
        vat_share = fiscal.vat / fiscal.product_taxes if fiscal.product_taxes > 0 else 1.0
        book.pay("value_added_tax", HOUSEHOLDS, gov, product_taxes * vat_share)
        book.pay("other_taxes_on_products", HOUSEHOLDS, gov, product_taxes * (1.0 - vat_share))
        book.pay("consumption_own_account", HOUSEHOLDS, OWN_ACCOUNT, float(own_account.sum()))
        book.pay("mixed_income", OWN_ACCOUNT, HOUSEHOLDS, float(own_account.sum()))
        book.pay("remittances_received", REST_OF_WORLD, HOUSEHOLDS, float(self.remittances_this_month.sum()))
        h.remittances[:] = self.remittances_this_month
        # pooled over the recipients only: the others' zeros would add nothing to any sum
        recipients = self.transfer_recipients
        h.benefits[:] = pooled_income(w.household[recipients], self.benefits_this_month[recipients], len(h))
        take_home = self.wages_paid - self.taxes_withheld
        if self.foreign.start < len(w):  # what foreign workers send home leaves the households
            foreign = self.foreign
            sent = immigration.remittances_paid(
                w.employed[foreign],
                self.wages_paid[foreign],
                take_home[foreign],
                self.calibration.immigration.remittance_share,
            )
            book.pay("remittances_sent", HOUSEHOLDS, REST_OF_WORLD, float(sent.sum()))
            self.remittances_paid_this_month = float(sent.sum())
            take_home[foreign] -= sent
        # summed in place, in the order of the terms: earnings, benefits, remittances, dividends
        h.income[:] = pooled_income(w.household, take_home, len(h))
        h.income += h.benefits
        h.income += h.remittances
        h.income += self.owner_income["dividends"] * h.ownership
        saved = np.subtract(h.income, consumption, out=consumption)  # this month's consumption is not needed after
        saved += self.owner_income["capital"] * h.ownership
        h.balance += saved
        # foreign workers who went home this month take what their deposits hold after its spending
        savings = np.maximum(h.balance[self.leavers_households], 0.0)
        h.balance[self.leavers_households] -= savings
        self.savings_taken_home = float(savings.sum())
        book.pay("remittances_sent", HOUSEHOLDS, REST_OF_WORLD, self.savings_taken_home)
        self.remittances_paid_this_month += self.savings_taken_home

    def set_prices(self) -> None:
        """Next month's sector prices: normal-cost pricing with excess demand, from this
        month's unit labour and input costs and orders (before firms entered or left)."""
        d, t = self.calibration.demand, self.sector_totals
        excess = np.divide(t["orders"], t["output"], out=np.ones(len(SECTORS)), where=t["output"] > 0) - 1.0
        unit_cost = prices.unit_costs(t["labour_cost"], t["output"], d.imported_input_share, self.input_price())
        target = np.where(
            d.public | (t["output"] <= 0),
            0.0,
            prices.target_prices(self.prices.markup, unit_cost, excess, self.params.price_demand_sensitivity),
        )
        sector = prices.adjust_prices(self.prices.sector, target, self.params.price_adjustment)
        self.prices = dataclasses.replace(self.prices, sector=sector)

    def close_accounts(self) -> None:
        """The month's transaction-flow matrix and balance sheets; how far they are from closing."""
        self.net_foreign_assets += self.balance_of_payments()
        before, self.stocks = self.stocks, self.measure_stocks()
        self.closure = ledger_accounts.closure_residuals(self.ledger, before, self.stocks)
        self.accounts_history.append((self.month, self.ledger.matrix))
        self.stocks_history.append((self.month, self.stocks))

    def balance_of_payments(self) -> float:
        """The country's net lending to the rest of the world this month, tallied from what
        was ordered, filled and paid (not from the transaction-flow matrix, so that its
        rest-of-world column is checked): exports sold, remittances received and foreign
        owners' capital in, less imports (at world prices), remittances foreign workers sent
        home, and dividends and liquidations paid to foreign owners."""
        plan, acc, foreign = self.demand_plan, self.firm_accounts, self.calibration.foreign_ownership
        input_tariff = self.input_tariff()
        imports = (
            plan.household_imports.sum()
            + plan.government_imports.sum()
            + plan.investment_imports
            + acc.inputs.sum() / (1.0 + input_tariff)
        )
        owners = self.owner_income
        abroad = foreign * (acc.dividends.sum() + owners["liquidation"] - owners["new_capital"])
        remittances = self.remittances_this_month.sum() - self.remittances_paid_this_month
        return float((plan.exports * self.export_fill).sum() + remittances - imports - abroad)

    def measure_stocks(self) -> Stocks:
        f = self.firms
        return measure_stocks(
            self.households.balance,
            f.net_worth,
            f.sector,
            f.alive,
            self.government.debt,
            self.net_foreign_assets,
            self.bank_equity,
        )

    def collect(self) -> None:
        w, f = self.workers, self.firms
        employees, employers = self.employees_and_employers()
        work_region = f.region[employers]
        ours = self.natives  # survey indicators: residents without foreign workers
        abroad = np.flatnonzero(w.status == Status.ABROAD)  # ours abroad (foreign workers not here are AWAY)
        counts = census(w.region[ours], w.age_group[ours], w.status[ours], w.sector[ours], self.n_regions)
        home, employee_wage = w.region[employees], w.wage[employees]
        # no pay groups: colleagues of one skill differ in ability, so their wages are sorted themselves
        self.indicators = labour_indicators(counts, employee_wage, self.scale)
        vacancies = int(f.vacancies[f.alive].sum())
        occupied = len(employees)
        self.indicators.update(
            vacancy_rate=ratio(vacancies, vacancies + occupied),
            vacancies=float(vacancies * self.scale),
            job_finding_rate=ratio(self.flows["hires_from_unemployment"], self.flows["unemployed_searching"]),
            neet_rate=self.neet_rate(counts),
            separation_rate=ratio(self.flows["separations"], self.flows["employed_at_start"]),
            firms=float(np.count_nonzero(f.alive)),
            migrants_abroad=float(len(abroad) * self.scale),
            emigration_rate=ratio(self.flows["emigrants"], self.flows["residents_at_start"]),
            internal_migration_rate=ratio(
                self.flows["internal_movers"], self.indicators["working_age_population"] / self.scale
            ),
            commuting_share=ratio(np.count_nonzero(home != work_region), occupied),
            return_rate=ratio(self.flows["returns"], self.flows["abroad_at_start"]),
            foreign_workers=float(np.count_nonzero(at_home(w.status[self.foreign])) * self.scale),
            foreign_arrivals=float(self.flows["foreign_arrivals"] * self.scale),
            foreign_departures=float(self.flows["foreign_departures"] * self.scale),
            benefit_recipients=float(self.flows["benefit_recipients"] * self.scale),
            share_below_minimum_wage=government.share_below_minimum(employee_wage, self.minimum_wage),
            minimum_wage=self.minimum_wage,
            consumer_price_index=self.prices.consumer_price_index,
            **self.training_indicators(),
            **self.guarantee_indicators(),
            tariff_revenue=self.government.tariff_revenue * self.scale,
            **self.bargaining_indicators(),
        )
        value_added, real_value_added = self.firm_value_added()
        cpi = self.prices.consumer_price_index
        if getattr(self, "firm_accounts", None) is None:  # nothing settled yet: the opening accounts
            macro = opening_indicators(self.calibration.opening, self.stocks, self.scale)
        else:
            macro = macro_indicators(
                self.ledger, self.stocks, self.closure, value_added, real_value_added, cpi, self.scale
            )
        self.indicators.update(macro)
        usd_rate = self.environment.local_per_usd * self.calibration.usd_rate
        self.indicators.update(
            real_mean_wage=self.indicators["mean_wage"] / cpi,
            real_median_wage=self.indicators["median_wage"] / cpi,
            exchange_rate_local_per_usd=usd_rate,
            remittances_usd=float(self.households.remittances.sum()) / usd_rate * self.scale,
            remittances_paid=self.remittances_paid_this_month * self.scale,
            remittances_paid_gdp_share=ratio(self.remittances_paid_this_month, macro["gdp"] / self.scale),
            remittances_paid_usd=self.remittances_paid_this_month / usd_rate * self.scale,
        )
        away = abroad[abroad < ours.stop]  # ours not at home: all of them abroad
        welfare = resident_welfare(self.households, w.household[ours], w.status[ours], self.native_members, away)
        poverty_line = self.calibration.poverty_line * self.prices.consumer_price_index
        self.indicators.update(
            household_indicators(
                self.households, welfare, poverty_line, macro["gdp"] / self.scale, self.scale, self.poverty_per_person
            ),
            poverty_line=poverty_line,
        )
        by_sector = (
            np.array([self.indicators[f"employment_share_{s}"] for s in SECTORS]) * self.indicators["employed_persons"]
        )
        self.sector_employment_history = (self.sector_employment_history + [by_sector])[-13:]
        regions = regional_table(counts, home, work_region, employee_wage, self.scale)
        regions["poverty_rate"] = regional_poverty(
            self.households, welfare, poverty_line, self.n_regions, self.poverty_per_person
        )
        regions["internal_migrants_out"], regions["internal_migrants_in"] = self.moves_by_region * self.scale
        regions["emigrants"] = self.emigrants_by_region * self.scale
        regions["posted_wage"] = self.regional_mean_posted_wage()  # per unit of skill: pay net of who works
        self.regional_history.append((self.month, regions))
        self.destination_history.append((self.month, self.destination_table(abroad)))
        self.datacollector.collect(self)

    def neet_rate(self, counts: np.ndarray) -> float:
        """Residents aged 15-24 neither in employment nor in education or training / residents
        aged 15-24, from the residents' `census` (students are young inactive residents);
        NaN where the preset has no NEET rate to set who is a student."""
        if self.country.youth_neet_rate is None:
            return float("nan")
        young = counts[:, AgeGroup.YOUTH].sum(axis=(0, 2))  # by status
        return education.neet_rate(young, int(np.count_nonzero(self.workers.in_education)))

    def destination_table(self, abroad: np.ndarray | None = None) -> dict[str, np.ndarray]:
        """This month's migrants by destination (persons, all of them: simulated x scale):
        abroad at the month's end, in work there, who left for it and came back from it; and
        what they sent home (local currency and US dollars)."""
        w, scale = self.workers, self.scale
        n = len(self.environment.destinations)
        abroad = np.flatnonzero(w.status == Status.ABROAD) if abroad is None else abroad  # indices
        where = w.destination[abroad]
        usd_rate = self.environment.local_per_usd * self.calibration.usd_rate
        return {
            "migrants_abroad": count_each(where, n) * scale,
            "employed_abroad": self.employed_abroad_by_destination * scale,
            "emigrants": self.emigrants_by_destination * scale,
            "returns": self.returns_by_destination * scale,
            "remittances": self.remittances_by_destination * scale,
            "remittances_usd": self.remittances_by_destination / usd_rate * scale,
        }

    def firm_value_added(self) -> tuple[float, float]:
        """Private firms' value added this month (revenue less imported inputs), in money
        and at base prices; none before the first month is settled."""
        totals = getattr(self, "sector_totals", None)
        if totals is None:
            return 0.0, 0.0
        return float(totals["value_added"].sum()), float(totals["real_value_added"].sum())

    # ----------------------------------------------------------------------------------
    # small state updates used by the processes
    # ----------------------------------------------------------------------------------
    @property
    def poverty_per_person(self) -> bool:
        """Whether the poverty line counts income per person (a national line that the
        statistics office sets per person) rather than per equivalent adult."""
        c = self.country
        return line_basis(c.poverty_line_local is not None, c.poverty_line_basis) == "per person"

    @cached_property
    def overtime_rules(self) -> hours.OvertimeRules:
        """The preset's labour code on overtime (`sim.markets.hours`)."""
        return hours.overtime_rules(self.country.overtime_limit, self.country.overtime_premium)

    @property
    def n_regions(self) -> int:
        return len(self.calibration.regions)

    @cached_property
    def native_members(self) -> np.ndarray:
        """Persons of ours in each household, resident or abroad; fixed (a retiree's place
        passes to a young entrant, and homes are renewed by swaps: `renew_households`)."""
        return np.bincount(self.workers.household[self.natives], minlength=len(self.households))

    @cached_property
    def search_efficiency(self) -> np.ndarray:
        """Matching efficiency of each region's job seekers (effective applications, relative)."""
        return np.array([r.matching_efficiency for r in self.country.regions.values()])

    @cached_property
    def region_distances_km(self) -> np.ndarray:
        """Great-circle distances between the regions' centres (NaN where one is missing)."""
        facts = region_facts(self.country)
        return distances_km(facts.lat, facts.lon)

    @cached_property
    def commuting_cost(self) -> np.ndarray:
        """Share of the wage a worker of region i gives up to work in region j."""
        return commuting_cost(self.region_distances_km, self.params.commuting_cost_per_km)

    @cached_property
    def within_commuting(self) -> np.ndarray:
        """Whether a resident of region i can hold a job in region j (the same or a neighbour)."""
        return neighbour_matrix(tuple(self.country.regions), {k: r.neighbours for k, r in self.country.regions.items()})

    @cached_property
    def search_mobility(self) -> np.ndarray:
        """Weight of a vacancy in region j for a job seeker living in region i."""
        p = self.params
        return search_mobility(
            self.region_distances_km, p.cross_region_search_weight, p.search_distance_km, self.within_commuting
        )

    @property
    def mean_premium(self) -> float:
        """Mean skill premium of the population's skill mix (efficiency units per head)."""
        return float(np.dot(self.params.skill_share, self.params.skill_premium))

    def staff_efficiency(self, who: np.ndarray, employer: np.ndarray) -> np.ndarray:
        """Each firm's staff in efficiency units: the sum of the efficiency units (skill
        premium x ability) of the employees `who` (indices, employed by `employer`), or their
        head count for the public sector's producers."""
        f = self.firms
        units = self.efficiency_units(who)
        staff = np.bincount(employer, weights=units, minlength=len(f))
        public = self.calibration.demand.public[f.sector]
        staff[public] = np.bincount(employer, minlength=len(f))[public]
        return staff

    def efficiency_units(self, who: np.ndarray) -> np.ndarray:
        """`Workers.efficiency` of the workers `who` at the skill premia, read from a table of
        everyone's units: one gather instead of two and a product. Skill and ability change
        only where a retiree's slot passes to an entrant and as trainees learn, and there the
        table is updated (`update_efficiency_units`)."""
        if self.units_table is None:
            self.units_table = self.workers.efficiency(slice(None), np.asarray(self.params.skill_premium))
        return self.units_table[who]

    def update_efficiency_units(self, who: np.ndarray) -> None:
        """The table of `efficiency_units` after the skill or ability of the workers `who` changed."""
        if self.units_table is not None:
            self.units_table[who] = self.workers.efficiency(who, np.asarray(self.params.skill_premium))

    def list_workers(self) -> None:
        """List the employees, their employers and the own-account workers for the rest of the
        month, once its hiring is over (`set_wages`): from then on only firms' exits change who
        works where, and `close_firms` takes the displaced off the list. The next month starts
        without lists (`apply_schedule`)."""
        w = self.workers
        employee = np.flatnonzero(w.employer >= 0)
        self.listed = (employee, w.employer[employee], np.flatnonzero(self.own_account_mask()))

    def employees_and_employers(self) -> tuple[np.ndarray, np.ndarray]:
        """The employees (indices, ascending) and their employers: the month's list, or, before
        it is made, found now."""
        if self.listed is not None:
            return self.listed[0], self.listed[1]
        employee = np.flatnonzero(self.workers.employer >= 0)
        return employee, self.workers.employer[employee]

    def own_account_workers(self) -> np.ndarray:
        """The own-account workers (indices, ascending): the month's list, or, before it is made, found now."""
        return self.listed[2] if self.listed is not None else np.flatnonzero(self.own_account_mask())

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
        if self.foreign.start < len(w):  # foreign workers are not insured
            who = np.flatnonzero(who) if np.asarray(who).dtype == bool else np.asarray(who)
            who = who[who < self.foreign.start]
        w.benefit[who] = government.unemployment_benefit(w.wage[who], g.replacement_rate)
        w.benefit_months_left[who] = g.max_months

    def release_from_firms(self, who: np.ndarray) -> None:
        """Take the workers `who` (mask or indices) off their employers' head counts."""
        self.firms.employees -= employees_by_firm(self.workers.employer[who], len(self.firms)).astype(np.int32)

    def regional_mean_posted_wage(self) -> np.ndarray:
        return self.firms.regional_mean_posted_wage(self.n_regions)

    def own_account_earnings(self, who: np.ndarray) -> np.ndarray:
        """What own-account work pays the workers `who` in their region now (mixed income per
        efficiency unit, from the last month's own-account sales)."""
        w = self.workers
        return self.own_account_rate[w.region[who]] * self.efficiency_units(who)

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

    def start_own_account_work(self, idx: np.ndarray, rng: np.random.Generator) -> None:
        """The workers `idx` (indices, ascending) start own-account work in a sector drawn
        region by region."""
        w = self.workers
        prob = self.calibration.own_account_sector_prob
        sector = np.empty(len(idx), dtype=np.int8)
        for r in range(self.n_regions):
            here = w.region[idx] == r
            sector[here] = rng.choice(len(SECTORS), size=int(here.sum()), p=prob[r])
        w.status[idx] = Status.EMPLOYED_INFORMAL
        w.months_in_status[idx] = 0
        w.benefit_months_left[idx] = 0
        w.in_education[idx] = False  # a student who starts work on their own account leaves school
        w.employer[idx] = NO_EMPLOYER
        w.experience_months[idx] = np.where(w.sector[idx] == sector, w.experience_months[idx], 0)
        w.sector[idx] = sector
        w.wage[idx] = self.own_account_earnings(idx)

    def replace_retirees(self, retire: np.ndarray, rng: np.random.Generator) -> None:
        """A retiree leaves; a young inactive entrant takes the slot in the same household (and
        moves to a home with a place of their age when households are renewed)."""
        w = self.workers
        idx = np.flatnonzero(retire)
        self.entrants_this_month = idx
        self.release_from_firms(idx)
        w.set_status(idx, Status.INACTIVE)
        w.age_group[idx] = AgeGroup.YOUTH
        w.skill[idx] = rng.choice(len(self.params.skill_share), size=len(idx), p=self.params.skill_share)
        p = self.params
        w.ability[idx] = draw_ability(len(idx), p.ability_dispersion, p.ability_tail_exponent, self.streams["ability"])
        self.update_efficiency_units(idx)
        w.sector[idx] = NO_SECTOR
        w.experience_months[idx] = 0
        w.union_member[idx] = False
        w.pensioner[idx] = False
        self.leave_training(idx)  # a trainee who retired: the newcomer has no course
        w.trained[idx] = False

    def renew_households(self) -> None:
        """Persons whose age no longer fits a place of their home swap homes with persons of
        their region (of their skill where one can be found) whose age fits it, so that every
        household keeps the ages it was formed with (`household_formation.renew`); those abroad
        keep their homes."""
        w, h, ours = self.workers, self.households, self.natives
        homes = self.native_households
        w.household[ours] = household_formation.renew(
            w.household[ours],
            w.age_group[ours],
            w.skill[ours],
            at_home(w.status[ours]),
            h.age_profile[homes],
            h.region[homes],
            self.streams["households"],
        )

    def close_firms(self, exits: np.ndarray) -> None:
        """Exiting firms free their slots; their workers become unemployed."""
        if not exits.any():
            return
        w, f = self.workers, self.firms
        self.settle_exits(exits)
        self.placements = self.placements.keep(~exits[self.placements.firm])  # a new firm in the slot owes nothing
        employee, employer = self.employees_and_employers()
        closing = exits[employer]
        displaced = employee[closing]
        if self.listed is not None:  # the displaced leave the month's list of employees
            self.listed = (employee[~closing], employer[~closing], self.listed[2])
        self.entitle_to_benefit(displaced[w.status[displaced] == Status.EMPLOYED_FORMAL])
        w.set_status(displaced, Status.UNEMPLOYED)
        if w.union_member[displaced].any():  # members of a closed firm leave their union: recount
            w.union_member[displaced] = False
            self.record_union_membership()
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
            "investment",
            "target_worth",
        ):
            getattr(f, name)[exits] = 0

    def settle_exits(self, exits: np.ndarray) -> None:
        """An exiting firm's net worth goes to its owners, or, if negative, its debt is
        written off by the banks."""
        f, book = self.firms, self.ledger
        worth = np.where(exits, f.net_worth, 0.0)
        left, owed = np.maximum(worth, 0.0), np.maximum(-worth, 0.0)
        foreign = self.calibration.foreign_ownership
        book.firms_pay("liquidation_of_firms", f.sector, left * (1.0 - foreign), HOUSEHOLDS)
        book.firms_pay("liquidation_of_firms", f.sector, left * foreign, REST_OF_WORLD)
        book.firms_receive(
            "loan_write_offs", ledger_accounts.BANKS, np.bincount(f.sector, weights=owed, minlength=len(SECTORS))
        )
        self.owner_income["capital"] += float(left.sum()) * (1.0 - foreign)
        self.owner_income["liquidation"] += float(left.sum())
        self.bank_equity -= float(owed.sum())

    def open_firms(self, exits_by_market: np.ndarray, exit_capacity: np.ndarray) -> None:
        """Entry: new private firms, more where the market's profit margin beats its normal
        margin, in the market's region (a tradable sector's entrant: in a region drawn by the
        sector's jobs at start); an entrant draws its quality as the firms at start did: its
        productivity around the entry technology of its sector, region and formality (their
        mean at start: there is no technical progress, so selection of the productive cannot
        ratchet productivity up for ever) and its pay around the going wage of its sector,
        region and formality (rent sharing),
        takes the mean capacity of the firms that left its market (so that replacement keeps
        the market's capacity; one post where none left) and starts with its owners' capital."""
        f, p, cal, rng = self.firms, self.params, self.calibration, self.streams["accounts"]
        n_markets = len(SECTORS) * self.n_regions
        market = self.firm_markets()
        live = f.alive.copy()
        revenue = self.prices.sector[f.sector] * f.sales
        sales = np.bincount(market[live], weights=revenue[live], minlength=n_markets)
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
        # an entrant to a national (tradable) market sets up where its sector's jobs were at start
        where_endowed = draw_regions(cal.entry_region_share[sector], rng.random(total))
        f.region[slots] = np.where(tradable, where_endowed, new_market % self.n_regions)
        f.sector[slots] = sector
        f.formal[slots] = rng.random(total) < cal.formal_share[new_market]
        f.covered[slots] = False
        f.recognition_draw[slots] = rng.random(total)
        # firm quality as at start: productivity dispersed around the entry technology, pay
        # following it with elasticity 0.5 (rent sharing) around the market's going wage
        quality = np.exp(rng.normal(0.0, p.productivity_dispersion, total) - 0.5 * p.productivity_dispersion**2)
        # where the entrant sets up: its sector in its region (a tradable's national market
        # has firms in many regions, each at its region's pay and productivity)
        setup = sector.astype(np.int64) * self.n_regions + f.region[slots]
        going = self.going_wage(live, setup, f.formal[slots], f.region[slots])
        f.posted_wage[slots] = going * np.sqrt(quality)
        f.reference_wage[slots] = f.posted_wage[slots] / self.prices.consumer_price_index**p.wage_indexation
        entry_cell = setup * 2 + f.formal[slots]
        f.productivity[slots] = (
            cal.entrant_productivity[entry_cell]
            * np.sqrt(quality)
            * np.exp(rng.normal(0.0, p.margin_dispersion, total))
        )
        mean_exit_capacity = np.divide(
            exit_capacity, exits_by_market, out=np.ones(len(exit_capacity)), where=exits_by_market > 0
        )
        f.capacity[slots] = np.maximum(mean_exit_capacity[new_market], 1.0)
        f.appeal[slots] = 1.0  # the market's mean
        f.founded[slots] = self.month
        f.skill_per_head[slots] = self.mean_premium
        f.expected_sales[slots] = f.productivity[slots] * f.capacity[slots]
        f.target_worth[slots] = p.initial_net_worth_months * f.expected_sales[slots] * self.prices.sector[sector]
        f.net_worth[slots] = f.target_worth[slots]
        # the owners pay in the entrant's net worth
        foreign = self.calibration.foreign_ownership
        capital = np.bincount(sector, weights=f.net_worth[slots], minlength=len(SECTORS))
        self.ledger.firms_receive("capital_of_new_firms", HOUSEHOLDS, capital * (1.0 - foreign))
        self.ledger.firms_receive("capital_of_new_firms", REST_OF_WORLD, capital * foreign)
        self.owner_income["capital"] -= float(capital.sum()) * (1.0 - foreign)
        self.owner_income["new_capital"] += float(capital.sum())

    def going_wage(self, live: np.ndarray, setup: np.ndarray, formal: np.ndarray, region: np.ndarray) -> np.ndarray:
        """The posted wage an entrant offers: the mean posted wage (head-count weighted) of
        the live firms of its sector in its region (`setup`: sector x region) and formality,
        or, where there is none, the region's mean posted wage, scaled by the informal wage
        ratio for informal firms."""
        f, n_cells = self.firms, len(SECTORS) * self.n_regions
        cell = (f.sector.astype(np.int64) * self.n_regions + f.region) * 2 + f.formal
        mean = f.mean_posted_wage(cell, 2 * n_cells, live)
        fallback = self.regional_mean_posted_wage()[region] * np.where(formal, 1.0, self.params.informal_wage_ratio)
        own = mean[setup * 2 + formal]
        return np.where(own > 0, own, fallback)

    def record_union_membership(self, formal: np.ndarray | None = None) -> None:
        """Each union's members and density from the worker arrays; `formal` (the formal
        employees' indices) where the caller has them. Members are formal employees."""
        w = self.workers
        if formal is None:
            formal = np.flatnonzero(w.status == Status.EMPLOYED_FORMAL)
        n = len(SECTORS)
        sector = w.sector[formal]
        members = count_each(sector[w.union_member[formal]], n)
        formal_by_sector = count_each(sector, n)
        for union in self.unions:
            union.record_membership(members[union.sector], formal_by_sector[union.sector])

    # ----------------------------------------------------------------------------------
    # counterfactual pairing
    # ----------------------------------------------------------------------------------
    def _adopt(self, state: ModelState) -> None:
        self.workers, self.firms, self.households = state.workers, state.firms, state.households
        self.units_table = None  # another population: its units are made afresh
        self.calibration, self.streams = state.calibration, state.streams
        self.month, self.demand_factor = state.month, state.demand_factor
        self.government, self.prices = state.government, state.prices
        self.own_account_rate = state.own_account_rate
        self.net_foreign_assets, self.bank_equity = state.net_foreign_assets, state.bank_equity
        self.expected_earnings = state.expected_earnings
        self.usual_unemployment = state.usual_unemployment
        self.foreign_income_expected = state.foreign_income_expected

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
                self.government,
                self.prices,
                self.own_account_rate,
                self.net_foreign_assets,
                self.bank_equity,
                self.expected_earnings,
                self.usual_unemployment,
                self.foreign_income_expected,
            )
        )

    def anchor_relative_poverty_line(self) -> None:
        """Without a national line, the poverty line becomes `relative_poverty_line` of this
        month's median equivalised household income (over persons), held fixed in real terms
        from here on: called where baseline and scenario split, so that both count the poor
        under the line of the scenario's start, not of the first month, whose incomes the
        burn-in has moved on from."""
        if self.country.poverty_line_local is not None:
            return
        w, ours = self.workers, self.natives
        welfare = resident_welfare(self.households, w.household[ours], w.status[ours])
        median = person_quantile(welfare.equivalised_income, welfare.residents, 0.5)
        line = self.country.relative_poverty_line * median / self.prices.consumer_price_index
        self.calibration = dataclasses.replace(self.calibration, poverty_line=line)

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
        for name in PROGRAMME_STATE:  # programmes running at the branch go on in it
            setattr(child, name, copy.deepcopy(getattr(self, name)))
        # this month's records, so that horizon month 0 reports the month just settled
        for name in MONTH_RECORDS:
            if hasattr(self, name):
                setattr(child, name, copy.deepcopy(getattr(self, name)))
        child.collect()
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
