"""The youth guarantee and the NEET rate in the model."""

from __future__ import annotations

import numpy as np
import pytest

from sim.accounts import GOVERNMENT, ROW
from sim.config import PolicyConfig, ShockConfig, YouthGuaranteePolicy
from sim.model import LabourMarketModel
from sim.policy import Schedule
from sim.workers import AgeGroup, Status
from tests.conftest import paired_frames


def guaranteed_model(country: str, scale: float = 500, **policy) -> LabourMarketModel:
    model = LabourMarketModel(country, scale=scale, seed=0)
    model.run(13)  # a year of history to pick the growing sectors courses train for
    return model.branch(Schedule(ShockConfig(), PolicyConfig(youth_guarantee=YouthGuaranteePolicy(**policy))))


def test_the_youth_guarantee_lowers_youth_unemployment_and_the_neet_rate():
    """North Macedonia, the guarantee's first Western Balkan country: over 18 months its offers
    take unemployed young people into jobs, traineeships and courses; the young who are neither
    employed nor in education or training become fewer. Paired with a baseline of the same
    seed, so the difference is the programme's."""
    overrides = ["country=north_macedonia", "shock=none", "policy=youth_guarantee", "scale=300"]
    baseline, scenario = paired_frames([*overrides, "burn_in_months=12", "horizon_months=18"])
    assert (scenario["neet_rate"] - baseline["neet_rate"]).mean() < -0.005
    assert (scenario["youth_unemployment_rate"] - baseline["youth_unemployment_rate"]).mean() < -0.01
    assert scenario["guarantee_jobs"].sum() > 0 and scenario["guarantee_courses"].sum() > 0
    assert (baseline[["guarantee_eligible", "guarantee_cost"]] == 0).all().all()


def test_placements_fill_vacancies_of_formal_private_firms_of_the_person_s_region_and_are_paid_by_the_government():
    model = guaranteed_model("north_macedonia", offer_rate=1.0, offer_shares={"job": 0.5, "traineeship": 0.5})
    w, f = model.workers, model.firms
    public = model.calibration.demand.public
    for _ in range(6):
        young_unemployed_before = (w.age_group == AgeGroup.YOUTH) & (w.status == Status.UNEMPLOYED)
        months_before = w.months_in_status.copy()
        model.step()
        placed = model.placements
        new = placed.person[np.isin(placed.person, model.guarantee_cohorts[-1].offered)]  # placed this month
        assert young_unemployed_before[new].all()
        assert (months_before[new] >= 3).all()  # four months of unemployment by the offer, this month's included
        assert (w.employer[placed.person] == placed.firm).all()
        assert (f.region[placed.firm] == w.region[placed.person]).all()
        assert f.formal[placed.firm].all() and not public[f.sector[placed.firm]].any()
        assert (w.status[placed.person] == Status.EMPLOYED_FORMAL).all()
        assert (f.vacancies >= 0).all()
        # the wage subsidies leave the government and reach the firms, and nobody else
        row = model.ledger.matrix[ROW["wage_subsidies"]]
        assert row[GOVERNMENT] == pytest.approx(-model.wage_subsidies_paid)
        assert row.sum() == pytest.approx(0.0, abs=1e-6)
    assert model.wage_subsidies_paid > 0 and model.indicators["guarantee_cost"] > 0
    model.release()


def test_an_offer_is_drawn_once_a_spell_and_only_for_resident_young_people_unemployed_four_months():
    """Whoever reaches the offer month draws once whether they get an offer: those not offered
    then are not offered later in the spell, so they stay a clean comparison group."""
    model = guaranteed_model("kazakhstan", scale=2000, offer_rate=0.5)
    w = model.workers
    reached, offered = {}, []
    restarted = np.zeros(len(w), dtype=np.int64)  # last month-end at which a person was not in a spell of 4+ months
    for _ in range(8):
        model.step()
        cohort = model.guarantee_cohorts[-1]
        now = np.concatenate([cohort.offered, cohort.not_offered])
        for person in now.tolist():  # reached again only after the spell ended and a new one began
            assert person not in reached or restarted[person] > reached[person]
            reached[person] = model.month
        offered.append(cohort.offered)
        assert (w.age_group[now] == AgeGroup.YOUTH).all()
        assert (now < model.calibration.immigration.first_foreign).all()  # no foreign worker
        out_of_spell = (w.status != Status.UNEMPLOYED) | (w.months_in_status < 4)
        restarted[out_of_spell] = model.month
    everyone = np.array(list(reached))
    assert len(everyone) > 0
    reaches = sum(len(c.offered) + len(c.not_offered) for c in model.guarantee_cohorts)
    assert 0.35 < sum(len(c.offered) for c in model.guarantee_cohorts) / reaches < 0.65
    model.release()


@pytest.mark.parametrize("country", ["kyrgyzstan", "kazakhstan", "serbia"])
def test_the_neet_rate_starts_at_its_figure_and_holds_near_it_without_a_policy(country):
    model = LabourMarketModel(country, scale=300, seed=0)
    target = model.country.youth_neet_rate
    assert model.indicators["neet_rate"] == pytest.approx(target, abs=0.003)
    rates = []
    for _ in range(48):
        model.step()
        rates.append(model.indicators["neet_rate"])
    assert np.mean(rates[12:]) == pytest.approx(target, abs=0.025)
    model.release()


def test_without_a_published_neet_rate_nobody_is_counted_a_student_and_the_rate_is_not_reported():
    model = LabourMarketModel("albania", scale=1000, seed=0)
    model.step()
    assert not model.workers.in_education.any() and np.isnan(model.indicators["neet_rate"])
    model.release()


def test_the_programme_never_runs_more_participants_than_its_seats():
    model = guaranteed_model("serbia", scale=1000, offer_rate=1.0, seats_share=0.02)
    w = model.workers
    for _ in range(8):
        model.step()
        young = w.age_group[model.natives] == AgeGroup.YOUTH
        trainees = np.count_nonzero(model.guarantee_trainee & (w.status == Status.IN_TRAINING))
        labour_force = np.count_nonzero(young & (w.status[model.natives] <= Status.UNEMPLOYED)) + trainees
        running = len(model.placements.running(w.employer).person) + trainees
        assert running <= round(0.02 * labour_force) + 3  # seats counted before this month's flows
    assert model.indicators["guarantee_jobs"] + model.indicators["guarantee_courses"] >= 0
    model.release()
