"""Reskilling and the trade side in the model."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from sim.config import SECTORS, ModelParams, PolicyConfig, ReskillingSubsidyPolicy, ShockConfig
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


def test_completers_return_to_their_target_sector_with_the_course_as_experience(kyrgyzstan):
    """A completer's last sector becomes the course's target, with the course's months as
    experience in it, which firms of that sector rank applicants by; a drop-out keeps the
    sector and experience of the last job. Whether that buys a job is the programme's
    evaluation (experiments/reskilling_after_deglobalisation), not put in here."""
    model = trained_model(kyrgyzstan, seats_share=0.02, duration_months=4, target_sectors=["manufacturing"])
    w = model.workers
    model.step()
    entrants = np.flatnonzero(w.status == Status.IN_TRAINING)
    sector, experience = w.sector[entrants].copy(), w.experience_months[entrants].copy()
    completers = dropouts = 0
    manufacturing = SECTORS.index("manufacturing")
    for _ in range(4):
        was_training = w.status[entrants] == Status.IN_TRAINING
        last_month = was_training & (w.training_months_left[entrants] == 1)  # completes this month unless it drops out
        model.step()
        finished = was_training & (w.status[entrants] == Status.UNEMPLOYED)
        completed = entrants[finished & last_month & (w.sector[entrants] == manufacturing)]
        dropped = entrants[finished & ~last_month]
        # completers: the target sector, with the course's months as experience there
        assert (w.experience_months[completed] == 4).all()
        completers += len(completed)
        # drop-outs: the last job's sector and experience, as they were at entry
        position = np.searchsorted(entrants, dropped)
        assert (w.sector[dropped] == sector[position]).all()
        assert (w.experience_months[dropped] == experience[position]).all()
        dropouts += len(dropped)
    assert completers > 0 and dropouts > 0
    model.release()


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
    out_of_the_queue = np.zeros(len(entrants), dtype=bool)  # left the labour force or the country
    for _ in range(3):
        model.step()
        out_of_the_queue |= ~np.isin(w.status[entrants], (Status.IN_TRAINING, Status.UNEMPLOYED))
    entrants, months_out_at_entry = entrants[~out_of_the_queue], months_out_at_entry[~out_of_the_queue]
    still = entrants[w.status[entrants] == Status.IN_TRAINING]
    back = entrants[w.status[entrants] == Status.UNEMPLOYED]
    assert len(back) > 0
    position = {person: k for k, person in enumerate(entrants)}
    # three more months: in training the clock ran on; back in the queue it was not restarted
    for group in (still, back):
        months = w.months_in_status[group] - months_out_at_entry[[position[p] for p in group]]
        assert (months == 3).all()
    model.release()


def test_trainees_leave_the_labour_force_at_the_unemployed_s_rate_and_emigrate(kyrgyzstan):
    """While their year-long courses last, trainees leave the labour force at the rate the
    unemployed do (`model.trainee_exit_ratio` 1), or never (0), and some emigrate (Kyrgyzstan
    has a migration channel); those who leave give up their course."""
    rates = {}
    for ratio in (1.0, 0.0):
        params = dataclasses.replace(ModelParams(), trainee_exit_ratio=ratio)
        model = LabourMarketModel(kyrgyzstan, params, scale=500, seed=0)
        model.run(13)
        model = model.branch(
            Schedule(
                ShockConfig(),
                PolicyConfig(reskilling_subsidy=ReskillingSubsidyPolicy(seats_share=0.05, duration_months=12)),
            )
        )
        w = model.workers
        at_risk = left = 0
        abroad = np.zeros(0, dtype=np.int64)
        for _ in range(10):
            training = np.flatnonzero(w.status == Status.IN_TRAINING)
            model.step()
            at_risk += len(training)
            left += np.count_nonzero((w.status[training] == Status.INACTIVE) & w.trained[training])  # not retired
            gone = training[w.status[training] == Status.ABROAD]
            abroad = np.concatenate([abroad, gone])
            assert (w.training_target[training[w.status[training] == Status.INACTIVE]] == -1).all()
        assert len(abroad) > 0 and (w.training_target[abroad] == -1).all()
        rates[ratio] = (left / at_risk, at_risk)
        unemployed_rate = model.calibration.rates.unemployed_to_inactive
        model.release()
    assert rates[0.0][0] == 0.0
    rate, at_risk = rates[1.0]
    assert abs(rate - unemployed_rate) < 4 * np.sqrt(unemployed_rate / at_risk), (rates, unemployed_rate)


def test_a_course_raises_a_completer_s_efficiency_pro_rata_not_by_a_skill_level(kyrgyzstan):
    model = trained_model(kyrgyzstan, seats_share=0.02, duration_months=6)
    w = model.workers
    model.step()
    entrants = np.flatnonzero(w.status == Status.IN_TRAINING)
    skill, ability = w.skill[entrants].copy(), w.ability[entrants].astype(float)
    for _ in range(6):
        model.step()
    same_person = w.trained[entrants]  # not a newcomer in the slot of a trainee who retired
    gain = w.ability[entrants][same_person].astype(float) / ability[same_person]
    assert np.array_equal(w.skill[entrants][same_person], skill[same_person])  # no whole level
    # each month attended adds a twelfth of 9 %: completers six, drop-outs fewer
    months = np.log(gain) / np.log(1 + 0.09 / 12)
    assert np.allclose(months, np.round(months), atol=1e-3) and months.max() == pytest.approx(6, abs=1e-3)
    assert (months < 5.5).any() and (months > -1e-3).all()
    model.release()


def test_trainees_keep_their_unemployment_benefit_while_they_train(kyrgyzstan):
    """Their comparison group of job seekers draws its benefit while it searches; trainees draw
    theirs while they train, its months running on (before, enrolling ended it)."""
    from sim.government import benefits_due

    model = trained_model(kyrgyzstan, seats_share=0.05, duration_months=6)
    w = model.workers
    entered = np.zeros(0, dtype=np.int64)
    for _ in range(6):
        entitled_before = np.flatnonzero((w.status == Status.UNEMPLOYED) & (w.benefit_months_left > 0))
        months_before = w.benefit_months_left.copy()
        model.step()
        now = entitled_before[w.status[entitled_before] == Status.IN_TRAINING]
        # paid this month as a trainee: its months ran on by one
        assert (w.benefit_months_left[now] == months_before[now] - 1).all()
        entered = np.concatenate([entered, now])
    assert len(entered) > 0
    still = entered[(w.status[entered] == Status.IN_TRAINING) & (w.benefit_months_left[entered] > 0)]
    assert (benefits_due(w.status, w.benefit, w.benefit_months_left)[still] > 0).all()
    model.release()
