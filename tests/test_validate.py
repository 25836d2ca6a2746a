"""The stylized-facts report: each fact on hand-made series, and a shrunk report whose numbers
come from its run."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.business_cycle import (
    MAX_MONTHLY_PERSISTENCE,
    annual_gap_persistence,
    autocorrelation,
    cycle_facts,
    demand_factor_step,
    hp_cycle,
    hp_trend,
    output_gap,
)
from sim.config import GdpGrowth, load_country
from sim.indicators import job_flows
from sim.validate import (
    beveridge_correlation,
    duration_shares,
    employment_elasticity,
    facts_of,
    log_wage_moments,
    main,
    okun_coefficient,
    participation_response,
    quarterly_means,
    tail_exponent,
    yearly_job_flows,
)


def test_the_hp_trend_of_a_straight_line_is_the_line_and_a_cycle_is_what_is_left():
    line = 0.02 * np.arange(40)
    assert hp_trend(line, 100.0) == pytest.approx(line, abs=1e-9)
    wave = line + 0.03 * np.sin(np.arange(40) * 2 * np.pi / 8)
    assert np.corrcoef(output_gap(100 * np.expm1(np.diff(wave))), wave - hp_trend(wave, 100.0))[0, 1] > 0.99


def test_the_monthly_process_shows_the_yearly_persistence_after_averaging_and_filtering():
    rng = np.random.default_rng(0)
    gap = np.zeros(40)
    for t in range(1, 40):
        gap[t] = 0.6 * gap[t - 1] + rng.normal(0, 0.02)
    growth = 100 * np.expm1(np.diff(gap + 0.03 * np.arange(40)))
    facts = cycle_facts(GdpGrowth(first_year=1800, percent=list(growth)))
    assert facts.output_gap_persistence == pytest.approx(autocorrelation(output_gap(growth)))
    assert 0.0 < facts.monthly_persistence < MAX_MONTHLY_PERSISTENCE  # an interior solution here
    # indirect inference: the monthly process, averaged to years and HP-filtered on samples of
    # the data's length, shows the data's persistence (other draws than the fit's: within noise)
    draws = np.random.default_rng(7).standard_normal((400, 12 * 50))
    shown = annual_gap_persistence(facts.monthly_persistence, len(growth) + 1, draws)
    assert shown == pytest.approx(facts.output_gap_persistence, abs=0.03)
    # the naive twelfth root would show much less persistence than the data's
    naive = annual_gap_persistence(max(facts.output_gap_persistence, 0) ** (1 / 12), len(growth) + 1, draws)
    assert naive < facts.output_gap_persistence - 0.1
    # the monthly AR(1)'s stationary sd is the annual gap's
    assert facts.monthly_innovation_sd / np.sqrt(1 - facts.monthly_persistence**2) == pytest.approx(facts.output_gap_sd)


def test_the_demand_factor_averages_one():
    rng = np.random.default_rng(3)
    factor, path = 1.0, []
    for _ in range(200_000):
        factor = demand_factor_step(factor, 0.9, 0.05, rng.normal(0.0, 0.05))
        path.append(factor)
    # log factor ~ N(-v/2, v) with v = 0.05^2 / (1 - 0.81) = 0.0132: a plain exp(x) would average exp(v/2) = 1.0066
    assert np.mean(path) == pytest.approx(1.0, abs=0.002)
    assert np.var(np.log(path)) == pytest.approx(0.05**2 / 0.19, rel=0.1)


def test_beveridge_and_okun_read_their_signs_and_slopes_off_hand_made_cycles():
    months = np.arange(240)
    wave = np.sin(2 * np.pi * months / 60)
    u, v = 0.08 + 0.01 * wave, 0.04 - 0.005 * wave
    assert beveridge_correlation(u, v) == pytest.approx(-1.0, abs=1e-6)
    assert beveridge_correlation(u, 0.04 + 0.005 * wave) == pytest.approx(1.0, abs=1e-6)
    # output grows 3 % a year with yearly shocks; unemployment changes by -0.4 pp per point of growth
    rng = np.random.default_rng(1)
    growth = 0.03 + rng.normal(0, 0.02, 20)
    level = np.repeat(np.exp(np.cumsum(np.r_[0.0, np.log1p(growth)])), 12)
    yearly_u = 0.08 + np.cumsum(np.r_[0.0, -0.4 * (100 * np.diff(np.log(level[::12])) - 3.0) / 100])
    assert okun_coefficient(np.repeat(yearly_u, 12), level) == pytest.approx(-0.4, abs=0.02)
    assert quarterly_means(np.arange(7)) == pytest.approx([1.0, 4.0])
    assert hp_cycle(np.arange(10.0), 1600.0) == pytest.approx(np.zeros(10), abs=1e-8)


def test_the_tail_exponent_of_a_pareto_sample_and_durations_by_band():
    rng = np.random.default_rng(2)
    sizes = (rng.pareto(1.06, 50_000) + 1.0) * 5
    assert tail_exponent(sizes) == pytest.approx(1.06, abs=0.05)
    assert tail_exponent(rng.pareto(3.0, 50_000) + 1.0) == pytest.approx(3.0, abs=0.15)
    months = np.array([0, 0, 2, 5, 11, 12, 30])
    assert duration_shares(months, ["0-1", "1-3", "3-6", "6-12", "12+"]) == pytest.approx(np.array([2, 1, 1, 1, 2]) / 7)
    assert duration_shares(months, ["0-12", "12-24", "24+"]) == pytest.approx(np.array([5, 1, 1]) / 7)


def test_log_normal_wages_have_no_skew_and_no_excess_kurtosis():
    rng = np.random.default_rng(3)
    skew, kurtosis = log_wage_moments(np.exp(rng.normal(9.0, 0.5, 200_000)))
    assert abs(skew) < 0.02 and abs(kurtosis) < 0.05
    lumpy = np.repeat([100.0, 200.0, 400.0], 1000)
    assert log_wage_moments(lumpy)[1] < -1.0  # three lumps: a flat-topped distribution


def test_the_report_s_lines_carry_references_where_the_preset_has_them():
    serbia = {f.name: f for f in facts_of(load_country("serbia"))}
    assert serbia["youth_to_adult_unemployment_ratio"].low == pytest.approx(0.75 * 3.486)
    assert serbia["long_term_unemployment_share"].high == pytest.approx(0.53)
    kazakhstan = {f.name: f for f in facts_of(load_country("kazakhstan"))}
    assert kazakhstan["duration_0-1"].reference.startswith("25.1 %")
    assert kazakhstan["long_term_unemployment_share"].low == pytest.approx(0.021)
    assert kazakhstan["youth_unemployment_rate"].low is not None  # a target: in band or not
    tajikistan = {f.name: f for f in facts_of(load_country("tajikistan"))}
    youth = tajikistan["youth_unemployment_rate"]  # no target of the total's period: shown, without a band
    assert youth.low is None and youth.high is None and "not a target" in youth.reference


def test_a_shrunk_validation_writes_a_report_whose_numbers_come_from_its_run(tmp_path, capsys):
    main(["country=kyrgyzstan", "seeds=2", "years=4", "burn_in_months=12", "scale=2000", f"output_dir={tmp_path}"])
    report = (tmp_path / "kyrgyzstan.md").read_text()
    per_seed = pd.read_csv(tmp_path / "kyrgyzstan_facts.csv")
    series = pd.read_csv(tmp_path / "kyrgyzstan_series.csv")
    assert (tmp_path / "kyrgyzstan.png").read_bytes()[:4] == b"\x89PNG"
    command = "python -m sim.validate country=kyrgyzstan seeds=2 years=4 burn_in_months=12 scale=2000"
    assert f"Reproduce: `{command}`" in report
    table = [line.split(" | ") for line in report.splitlines() if line.startswith("| ")]
    rows = {cells[0].lstrip("| "): cells for cells in table}
    for fact in facts_of(load_country("kyrgyzstan")):
        assert fact.label in rows, fact.label
    # the printed Beveridge correlation is the mean of the seeds' ...
    printed = float(rows["Beveridge curve: corr(u, v), quarterly, HP-filtered"][1])
    assert printed == pytest.approx(per_seed["beveridge_correlation"].mean(), abs=5e-4)
    # ... and seed 0's is measured on the quarterly series written beside it
    assert beveridge_correlation(
        np.repeat(series["unemployment_rate"], 3), np.repeat(series["vacancy_rate"], 3)
    ) == pytest.approx(per_seed.loc[0, "beveridge_correlation"])
    unemployment = float(rows["Unemployment rate"][1].rstrip(" %")) / 100
    assert unemployment == pytest.approx(per_seed["unemployment_rate"].mean(), abs=5e-5)
    assert len(per_seed) == 2 and len(series) == 16


def test_a_bad_option_stops_with_the_usage():
    with pytest.raises(SystemExit, match="usage: python -m sim.validate"):
        main(["country=kyrgyzstan", "seeds=1"])
    with pytest.raises(SystemExit, match="unknown: colour"):
        main(["country=kyrgyzstan", "colour=red"])
    with pytest.raises(SystemExit, match="unknown country 'narnia'"):
        main(["country=narnia"])


def test_job_flows_count_growth_entry_shrinking_and_exit_once():
    # slot 0 grows 10 -> 14, slot 1 shrinks 20 -> 15, slot 2's firm left (8) and an entrant holds it (3)
    created, destroyed = job_flows(np.array([10, 20, 8]), np.array([14, 15, 3]), np.array([True, True, False]))
    mean = 0.5 * (38 + 32)
    assert created == pytest.approx((4 + 3) / mean)
    assert destroyed == pytest.approx((5 + 8) / mean)
    # creation less destruction is the net change of employment over its mean
    assert created - destroyed == pytest.approx((32 - 38) / mean)


def test_yearly_job_flows_tell_a_slot_s_new_firm_from_the_old_and_read_grown_slots():
    snapshots = [
        (np.array([10, 20]), np.array([0, 0])),
        (np.array([12, 5, 4]), np.array([0, 13, 20])),  # slot 1 re-founded in month 13, slot 2 new
    ]
    created, destroyed = yearly_job_flows(snapshots)
    assert created == pytest.approx((2 + 5 + 4) / 25.5)
    assert destroyed == pytest.approx(20 / 25.5)


def test_participation_response_is_the_slope_of_cyclical_participation_on_cyclical_unemployment():
    rng = np.random.default_rng(5)
    years = 20
    yearly_u = 0.08 + 0.002 * np.arange(years) + 0.02 * rng.standard_normal(years)  # a trend and a cycle
    u = np.repeat(yearly_u, 12)
    participation = 0.6 - 0.001 * np.repeat(np.arange(years), 12) - 0.3 * (u - np.repeat(hp_trend(yearly_u, 100.0), 12))
    assert participation_response(participation, u) == pytest.approx(-0.3, abs=0.01)


def test_employment_elasticity_is_how_much_staff_grow_per_percent_of_output_growth():
    rng = np.random.default_rng(7)
    growth = 0.03 * rng.standard_normal(20)  # yearly log growth of output
    output = np.repeat(np.exp(np.cumsum(growth)), 12) / 12.0
    hoarding = np.repeat(np.exp(0.6 * np.cumsum(growth)), 12) * 1000.0  # staff move 0.6 as much
    assert employment_elasticity(hoarding, output) == pytest.approx(0.6, abs=1e-9)
    staffed_to_sales = np.repeat(np.exp(np.cumsum(growth)), 12) * 1000.0
    assert employment_elasticity(staffed_to_sales, output) == pytest.approx(1.0, abs=1e-9)


def test_the_okun_split_says_where_a_swing_in_employees_goes():
    from sim.validate import SWING_GROUPS, okun_split

    rng = np.random.default_rng(3)
    growth = rng.normal(0.0, 0.02, 15)  # yearly log growth of output
    output = np.repeat(np.exp(np.cumsum(growth)), 12) / 12.0
    pp = 100.0 * growth  # % growth each year
    # per 1 % of growth employees gain 0.3 pp of the population, the unemployed lose 0.2 and
    # inactivity 0.1; the rest stay put
    level = np.cumsum(np.outer(pp, [0.3, -0.2, 0.0, -0.1, 0.0, 0.0]), axis=0) / 100.0 + [0.3, 0.05, 0.1, 0.45, 0.1, 0.0]
    shares = np.repeat(level, 12, axis=0)
    split = okun_split(shares, output)
    assert len(split) == len(SWING_GROUPS) and split.sum() == pytest.approx(0.0, abs=1e-9)
    assert split == pytest.approx([0.3, -0.2, 0.0, -0.1, 0.0, 0.0], abs=1e-6)
