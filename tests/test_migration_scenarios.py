"""Migration in the model: calibration, zero propensity, and the remittance collapse."""

from __future__ import annotations

import numpy as np
import pytest

from sim.config import ModelParams
from sim.model import LabourMarketModel
from sim.workers import Status
from tests.conftest import paired_frames
from tests.test_model import assert_invariants


def test_baseline_reproduces_the_remittance_share(kyrgyzstan):
    """Within 2 percentage points of the preset at the start, and on average over the horizon
    of a default run (months 25-60) without shocks."""
    model = LabourMarketModel(kyrgyzstan, scale=300, seed=0)
    model.run(60)
    share = model.datacollector.get_model_vars_dataframe()["remittances_gdp_share"]
    assert abs(share.iloc[0] - kyrgyzstan.remittances_gdp_share) < 0.005
    assert abs(share.iloc[25:].mean() - kyrgyzstan.remittances_gdp_share) < 0.02
    migrants = model.datacollector.get_model_vars_dataframe()["migrants_abroad"]
    assert migrants.iloc[0] == pytest.approx(kyrgyzstan.migrants_abroad, rel=0.01)
    model.release()


def test_with_zero_propensity_nobody_leaves(kyrgyzstan):
    model = LabourMarketModel(kyrgyzstan, ModelParams(emigration_propensity=0.0), scale=1000, seed=0)
    abroad = [np.count_nonzero(model.workers.status == Status.ABROAD)]
    for _ in range(12):
        model.step()
        assert model.flows["emigrants"] == 0
        abroad.append(np.count_nonzero(model.workers.status == Status.ABROAD))
    assert all(later <= earlier for earlier, later in zip(abroad, abroad[1:]))
    model.release()


def test_remittance_receivers_ask_for_more(kyrgyzstan):
    params = ModelParams()
    model = LabourMarketModel(kyrgyzstan, params, scale=500, seed=1)
    model.step()
    w = model.workers
    jobless = np.flatnonzero(w.status == Status.UNEMPLOYED)
    receives = model.households.remittances[w.household[jobless]] > 0
    assert receives.any() and (~receives).any()
    offer = model.regional_mean_posted_wage()[w.region[jobless]]
    # reservation wages were set before this month's pooling: compare like with like
    base = params.reservation_wage_ratio * offer * np.asarray(params.skill_premium)[w.skill[jobless]]
    relative = w.reservation_wage[jobless] / base / (1 - params.reservation_wage_decay) ** w.months_in_status[jobless]
    assert np.median(relative[receives]) > np.median(relative[~receives])
    model.release()


def test_remittance_collapse_lowers_income_and_raises_labour_supply_and_poverty():
    """Mean over three seeds of the first 18 months, scenario minus baseline."""
    impacts = {
        name: [] for name in ("remittances", "household_income_mean", "labour_force", "poverty_rate", "migrants_abroad")
    }
    for seed in range(3):
        b, s = paired_frames(
            [
                "shock=remittance_collapse",
                "scale=500",
                "burn_in_months=12",
                "horizon_months=18",
                "progress=false",
                f"seed={seed}",
            ]
        )
        for name in impacts:
            impacts[name].append((s[name] - b[name]).mean())
    assert np.mean(impacts["remittances"]) < 0
    assert np.mean(impacts["migrants_abroad"]) < 0
    assert np.mean(impacts["household_income_mean"]) < 0
    assert np.mean(impacts["labour_force"]) > 0
    assert np.mean(impacts["poverty_rate"]) > 0


def test_migrants_flow_both_ways_for_kazakhstan():
    """Kazakhs leave for Russia, South Korea and elsewhere and come back; foreign workers
    arrive and go home; the stock of foreign workers starts at the preset's count."""
    from sim.config import load_country

    kazakhstan = load_country("kazakhstan")
    model = LabourMarketModel(kazakhstan, scale=1000, seed=0)
    frame = model.datacollector.get_model_vars_dataframe()
    assert frame["foreign_workers"].iloc[0] == pytest.approx(kazakhstan.immigration.foreign_workers, rel=0.01)
    flows = {name: 0 for name in ("emigrants", "returns", "foreign_arrivals", "foreign_departures")}
    for _ in range(12):
        model.step()
        assert_invariants(model)  # those who leave spend, then take home what is left: no debts
        for name in flows:
            flows[name] += model.flows[name]
    assert all(count > 0 for count in flows.values()), flows
    leavers = np.concatenate([t["emigrants"] for _, t in model.destination_history])
    assert leavers.sum() > 0
    # survey indicators count residents without foreign workers: the labour force is ours
    w = model.workers
    ours = w.status[: model.calibration.immigration.first_foreign]
    in_force = np.count_nonzero(ours <= Status.UNEMPLOYED) * model.scale
    assert model.indicators["labour_force"] == pytest.approx(in_force)
    assert model.indicators["foreign_workers"] > 0
    model.release()


def test_remittances_foreign_workers_send_leave_the_households_for_the_rest_of_the_world():
    """The ledger books what they send from households to the rest of the world, at the
    preset's share of GDP at start; the accounts still close."""
    from sim.accounts import HOUSEHOLDS, REST_OF_WORLD, ROW
    from sim.config import load_country

    kazakhstan = load_country("kazakhstan")
    model = LabourMarketModel(kazakhstan, scale=1000, seed=0)
    model.step()
    row = model.ledger.matrix[ROW["remittances_sent"]]
    assert row[HOUSEHOLDS] < 0 and row[REST_OF_WORLD] == pytest.approx(-row[HOUSEHOLDS])
    assert -row[HOUSEHOLDS] == pytest.approx(model.remittances_paid_this_month)
    share = model.indicators["remittances_paid_gdp_share"]
    assert share == pytest.approx(kazakhstan.immigration.remittances_paid_gdp_share, rel=0.1)
    assert model.indicators["accounts_closure_gap"] < 1e-9
    model.release()


def test_a_russian_downturn_sends_more_foreign_workers_to_kazakhstan():
    """Russia is the foreign workers' other destination: when its market and rouble fall they
    come to Kazakhstan instead (mean over three seeds of months 7-24, scenario minus baseline),
    and Kazakhs in Russia come home."""
    impacts = {name: [] for name in ("foreign_workers", "foreign_arrivals", "migrants_abroad", "remittances_paid")}
    for seed in range(3):
        b, s = paired_frames(
            [
                "country=kazakhstan",
                "shock=remittance_collapse",
                "scale=1000",
                "burn_in_months=12",
                "horizon_months=24",
                "progress=false",
                f"seed={seed}",
            ],
            skip=7,
        )
        for name in impacts:
            impacts[name].append((s[name] - b[name]).mean())
    assert np.mean(impacts["foreign_arrivals"]) > 0
    assert np.mean(impacts["foreign_workers"]) > 0
    assert np.mean(impacts["remittances_paid"]) > 0
    assert np.mean(impacts["migrants_abroad"]) < 0


def test_foreign_workers_neither_enrol_in_the_national_programme_nor_bring_children():
    """Reskilling open to the unemployed and to employees of declining sectors: no foreign
    worker enrols; foreign households have no dependants even where residents' do."""
    from sim.app import compose_config, simulate_pair
    from sim.config import validate

    cfg = validate(
        compose_config(
            [
                "country=kazakhstan",
                "shock=world_demand",
                "policy=reskilling_subsidy",
                "policy.reskilling_subsidy.eligibility=unemployed_and_declining",
                "policy.reskilling_subsidy.start_month=1",
                "scale=1000",
                "burn_in_months=2",
                "horizon_months=6",
                "progress=false",
            ]
        )
    )
    baseline, scenario, _ = simulate_pair(cfg)
    first = scenario.calibration.immigration.first_foreign
    households = scenario.calibration.immigration.first_foreign_household
    assert scenario.workers.trained[:first].any()  # residents do enrol
    assert not scenario.workers.trained[first:].any()
    assert scenario.households.dependants[:households].sum() > 0
    assert scenario.households.dependants[households:].sum() == 0
    baseline.release()
    scenario.release()
