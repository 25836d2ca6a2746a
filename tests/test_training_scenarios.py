"""Reskilling and the trade side in the model."""

from __future__ import annotations

import numpy as np

from sim.config import PolicyConfig, ReskillingSubsidyPolicy, ShockConfig
from sim.markets import matching
from sim.model import LabourMarketModel
from sim.policy import Schedule
from sim.workers import Status
from tests.conftest import paired_frames


def trained_model(kyrgyzstan, seed=0, **policy):
    model = LabourMarketModel(kyrgyzstan, scale=500, seed=seed)
    model.run(13)  # a year of history to pick growing sectors
    return model.branch(Schedule(ShockConfig(), PolicyConfig(reskilling_subsidy=ReskillingSubsidyPolicy(**policy))))


def test_trainees_do_not_search_and_enrolment_never_exceeds_seats(kyrgyzstan, monkeypatch):
    model = trained_model(kyrgyzstan, seats_share=0.02)
    searched = []
    original = matching.match

    def spy(seekers, openings, params, rng):
        searched.append(model.workers.status[seekers.worker].copy())
        return original(seekers, openings, params, rng)

    monkeypatch.setattr(matching, "match", spy)
    for _ in range(12):
        model.step()
        in_training = np.count_nonzero(model.workers.status == Status.IN_TRAINING)
        labour_force = np.count_nonzero(model.workers.status <= Status.UNEMPLOYED) + in_training
        assert in_training <= round(0.02 * labour_force) + 2  # seats were counted before this month's matching
        assert not (searched[-1] == Status.IN_TRAINING).any()
    assert model.indicators["training_enrolment"] > 0 and model.government.training_paid > 0
    model.release()


def test_completers_find_jobs_in_target_sectors_more_often_than_their_matches(kyrgyzstan):
    participants, comparison = [], []
    for seed in range(3):
        # a named target: in a stationary baseline the "fastest growing" sectors are noise
        model = trained_model(
            kyrgyzstan, seed=seed, seats_share=0.02, duration_months=4, target_sectors=["manufacturing"]
        )
        model.run(18)
        cohorts = [c for c in model.training_cohorts if model.month - c.entry_month >= 12]
        w = model.workers
        for cohort in cohorts:
            in_target = np.isin(w.sector, cohort.targets) & w.employed
            participants.append(in_target[cohort.participants])
            comparison.append(in_target[cohort.comparison])
        model.release()
    assert len(participants) >= 6
    # pooled over persons: cohorts of a handful of people do not weigh like large ones
    assert np.concatenate(participants).mean() > np.concatenate(comparison).mean()


def test_protectionism_lowers_employment_in_the_exporting_sectors(kyrgyzstan):
    exporting = [s for s, share in kyrgyzstan.export_share.items() if share > 0]
    impacts = []
    for seed in range(3):
        b, s = paired_frames(
            ["scale=400", "burn_in_months=12", "horizon_months=18", "progress=false", f"seed={seed}"], 6
        )
        for data in (b, s):
            data["exporting"] = sum(data[f"employment_share_{x}"] for x in exporting) * data["employed_persons"]
        impacts.append((s["exporting"] / b["exporting"] - 1).mean())
    assert np.mean(impacts) < 0


def test_our_own_tariffs_raise_the_home_share_of_import_competing_goods_and_consumer_prices():
    b, s = paired_frames(
        ["shock=own_tariffs", "scale=600", "burn_in_months=6", "horizon_months=12", "progress=false"], 7
    )
    assert (s["consumer_price_index"] > b["consumer_price_index"]).all()
    assert (s["tariff_revenue"] > 0).all() and (b["tariff_revenue"] == 0).all()
    assert (s["employment_share_manufacturing"] - b["employment_share_manufacturing"]).mean() > 0


def test_a_course_does_not_reset_the_months_out_of_work_employers_screen_on(kyrgyzstan):
    """Unemployed trainees return from a course with their months out of work counted on
    through it, as their comparison group's are: completers do not queue as newly unemployed."""
    model = trained_model(kyrgyzstan, seats_share=0.02, duration_months=4)
    w = model.workers
    model.step()
    entrants = np.flatnonzero(w.status == Status.IN_TRAINING)
    months_out_at_entry = w.months_in_status[entrants].copy()
    assert months_out_at_entry.max() > 0  # some were already long out of work
    for _ in range(3):
        model.step()
    still = entrants[w.status[entrants] == Status.IN_TRAINING]
    back = entrants[w.status[entrants] == Status.UNEMPLOYED]
    assert len(back) > 0
    position = {person: k for k, person in enumerate(entrants)}
    # three more months: in training the clock ran on; back in the queue it was not restarted
    for group in (still, back):
        months = w.months_in_status[group] - months_out_at_entry[[position[p] for p in group]]
        assert (months == 3).all()
    model.release()
