"""Regions: population, industries and unemployment placed as the regional data say."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from sim.compare import regional_tables
from sim.config import SECTORS, CountryConfig, ModelParams, RegionConfig
from sim.model import LabourMarketModel
from sim.regions import (
    choose_destinations,
    counts_at_rates,
    distances_km,
    draw_moves,
    draw_regions,
    expected_earnings,
    fit_joint,
    gravity_moves,
    migrant_shares,
    move_probabilities,
    neighbour_matrix,
    region_facts,
    regional_wage_levels,
    search_mobility,
    sector_pattern,
    unemployment_by_region,
)
from sim.results import regional_impacts
from sim.workers import AgeGroup, Status

NATIONAL = np.array([0.2, 0.05, 0.1, 0.05, 0.4, 0.05, 0.15])  # SECTORS order


def country(**regions: RegionConfig) -> CountryConfig:
    return CountryConfig(regions=regions)


def test_population_shares_and_missing_values_as_nan():
    facts = region_facts(
        country(
            a=RegionConfig(name="A", population=300.0, unemployment_rate=0.05),
            b=RegionConfig(name="B", population=100.0),
        )
    )
    assert facts.names == ("A", "B")
    np.testing.assert_allclose(facts.population_share, [0.75, 0.25])
    assert facts.unemployment_rate[0] == 0.05 and np.isnan(facts.unemployment_rate[1])


def test_fitted_jobs_keep_each_regions_broad_mix_and_the_national_shares():
    """Two regions whose broad mixes are consistent with the national shares: the fit
    reproduces both the regional mixes and the national sector shares."""
    farm = {"agriculture": 0.35, "industry": 0.15, "services": 0.50}
    city = {"agriculture": 0.05, "industry": 0.25, "services": 0.70}  # national: 0.2 / 0.2 / 0.6
    facts = region_facts(
        country(
            farm=RegionConfig(name="Farm", population=1.0, employment_share=farm),
            city=RegionConfig(name="City", population=1.0, employment_share=city),
        )
    )
    employed = np.array([500.0, 500.0])
    jobs = fit_joint(employed, NATIONAL * 1000, sector_pattern(facts, NATIONAL, employed))
    np.testing.assert_allclose(jobs.sum(axis=0), NATIONAL * 1000, rtol=1e-9)
    np.testing.assert_allclose(jobs.sum(axis=1), employed, rtol=1e-9)
    assert jobs[0, SECTORS.index("agriculture")] / 500 == pytest.approx(0.35, abs=1e-6)
    assert jobs[1, SECTORS.index("agriculture")] / 500 == pytest.approx(0.05, abs=1e-6)


def test_mining_jobs_go_where_mining_value_added_is():
    facts = region_facts(
        country(
            oil=RegionConfig(name="Oil", population=1.0, mining_gva_share=0.40),
            rest=RegionConfig(name="Rest", population=1.0, mining_gva_share=0.02),
        )
    )
    employed = np.array([500.0, 500.0])
    jobs = fit_joint(employed, NATIONAL * 1000, sector_pattern(facts, NATIONAL, employed))
    extractive = SECTORS.index("extractive")
    assert jobs[0, extractive] > 5 * jobs[1, extractive]
    np.testing.assert_allclose(jobs.sum(axis=0), NATIONAL * 1000, rtol=1e-9)


def test_regions_without_figures_take_the_national_pattern():
    facts = region_facts(country(a=RegionConfig(name="A", population=1.0), b=RegionConfig(name="B", population=3.0)))
    employed = np.array([250.0, 750.0])
    jobs = fit_joint(employed, NATIONAL * 1000, sector_pattern(facts, NATIONAL, employed))
    np.testing.assert_allclose(jobs / employed[:, None], np.tile(NATIONAL, (2, 1)), rtol=1e-9)


def test_unemployment_follows_regional_rates_and_adds_up():
    facts = region_facts(
        country(
            high=RegionConfig(name="High", population=1.0, unemployment_rate=0.10),
            low=RegionConfig(name="Low", population=1.0, unemployment_rate=0.02),
            none=RegionConfig(name="None", population=1.0),
        )
    )
    force = np.array([1000, 1000, 1000])
    counts = unemployment_by_region(facts, force, 120)  # national 4 %, the data's mean 6 %
    # rates scaled by 4 / 6 keep the published ratio 10 : 2 (66.7 and 13.3 persons); the
    # region without a figure sits at the national rate
    np.testing.assert_array_equal(counts, [67, 13, 40])


def test_unemployment_never_exceeds_a_regions_labour_force():
    facts = region_facts(
        country(
            a=RegionConfig(name="A", population=1.0, unemployment_rate=0.9), b=RegionConfig(name="B", population=1.0)
        )
    )
    counts = unemployment_by_region(facts, np.array([10, 1000]), 30)
    assert counts.sum() == 30 and counts[0] <= 10


def test_distances_between_known_cities():
    # Bishkek (42.87 N, 74.59 E) to Osh (40.53 N, 72.80 E): about 300 km as the crow flies
    d = distances_km(np.array([42.87, 40.53]), np.array([74.59, 72.80]))
    assert d[0, 0] == 0 and d[0, 1] == d[1, 0]
    assert 290 < d[0, 1] < 310


def test_entrants_set_up_where_their_sectors_jobs_are():
    share = np.array([[0.0, 1.0, 0.0], [0.5, 0.0, 0.5]])
    rng = np.random.default_rng(0)
    first = draw_regions(np.repeat(share[:1], 1000, axis=0), rng.random(1000))
    second = draw_regions(np.repeat(share[1:], 10_000, axis=0), rng.random(10_000))
    assert set(first) == {1}
    assert set(second) == {0, 2} and abs((second == 0).mean() - 0.5) < 0.02


def test_search_reaches_near_regions_more_than_far_ones():
    d = np.array([[0.0, 100.0, 1000.0], [100.0, 0.0, np.nan], [1000.0, np.nan, 0.0]])
    m = search_mobility(d, 0.05, 200.0)
    np.testing.assert_allclose(np.diag(m), 1.0)
    assert m[0, 1] == pytest.approx(0.05 * np.exp(-0.5))
    assert m[0, 2] < m[0, 1] < 0.05
    assert m[1, 2] == pytest.approx(0.05 * np.exp(-550.0 / 200.0))  # unknown: the median of 100, 100, 1000, 1000


def test_search_and_commuting_stop_at_the_neighbouring_regions():
    # a chain: A borders B, B borders C; A and C are not neighbours
    adjacent = neighbour_matrix(("a", "b", "c"), {"a": ["b"], "c": ["b"]})
    assert adjacent.tolist() == [[True, True, False], [True, True, True], [False, True, True]]
    assert neighbour_matrix(("a", "b"), {}).all()  # no borders listed: every pair
    d = np.array([[0.0, 50.0, 100.0], [50.0, 0.0, 50.0], [100.0, 50.0, 0.0]])
    m = search_mobility(d, 0.05, 50.0, adjacent)
    assert m[0, 2] == m[2, 0] == 0.0
    assert m[0, 1] == pytest.approx(0.05 * np.exp(-1.0)) and m[1, 2] == m[0, 1]


def test_gravity_flows_balance_and_add_up_to_the_national_rate():
    share = np.array([0.5, 0.3, 0.2])
    d = np.array([[0.0, 100.0, 400.0], [100.0, 0.0, 300.0], [400.0, 300.0, 0.0]])
    base = gravity_moves(share, d, 1.0, 0.002)
    assert np.all(np.diag(base) == 0)
    flows = share[:, None] * base  # residents moving from i to j, per resident of the country
    np.testing.assert_allclose(flows, flows.T)  # as many move from i to j as from j to i
    assert share @ base.sum(axis=1) == pytest.approx(0.002)
    assert base[0, 1] / base[0, 2] == pytest.approx((0.3 / 100.0) / (0.2 / 400.0))  # size over distance
    # two centres in one place (a region run from the city it surrounds) take the shortest distance
    same = gravity_moves(share, np.array([[0.0, 0.0, 400.0], [0.0, 0.0, 300.0], [400.0, 300.0, 0.0]]), 1.0, 0.002)
    assert np.isfinite(same).all() and same[0, 1] / same[0, 2] == pytest.approx((0.3 / 300.0) / (0.2 / 400.0))


def test_households_move_towards_regions_whose_earnings_or_job_chances_rose():
    base = np.full((3, 3), 0.001)
    np.fill_diagonal(base, 0.0)
    start = expected_earnings(np.array([100.0, 100.0, 100.0]), np.array([0.05, 0.05, 0.05]))
    np.testing.assert_allclose(move_probabilities(base, start, start, 1.0), base)  # the start: gravity alone
    # region 2's wages rise 10 %; region 1's unemployment rises from 5 to 15 %
    now = expected_earnings(np.array([100.0, 100.0, 110.0]), np.array([0.05, 0.15, 0.05]))
    p = move_probabilities(base, now, start, 1.0)
    assert p[0, 2] == pytest.approx(0.001 * 1.1)  # elasticity 1: 10 % more
    assert p[1, 0] > base[1, 0] and p[1, 2] > p[1, 0]  # the hit region sends more, most to the richer one
    assert p[0, 1] < base[0, 1] and p[2, 1] < base[2, 1]  # and receives fewer
    assert move_probabilities(base, now, start, 0.0) == pytest.approx(base)  # no response: no change
    capped = move_probabilities(base * 100, now, start, 1.0, max_rate=0.05)
    assert capped.sum(axis=1).max() == pytest.approx(0.05)


def test_destinations_are_drawn_with_their_probabilities():
    p = np.array([[0.0, 0.1, 0.3], [0.2, 0.0, 0.0], [0.0, 0.0, 0.0]])
    origin = np.repeat(np.arange(3), 100_000)
    dest = choose_destinations(origin, p, np.random.default_rng(1).random(len(origin)))
    for i in range(3):
        mine = dest[origin == i]
        assert (mine == i).sum() == 0  # nobody "moves" home
        for j in range(3):
            assert abs((mine == j).mean() - p[i, j]) < 0.005
        assert abs((mine == -1).mean() - (1 - p[i].sum())) < 0.005
    # the same chances when households are first thinned at the highest chance to leave
    movers, where = draw_moves(origin, p, np.random.default_rng(2))
    assert len(np.unique(movers)) == len(movers)
    for i in range(3):
        for j in range(3):
            assert abs(np.count_nonzero((origin[movers] == i) & (where == j)) / 100_000 - p[i, j]) < 0.005


def test_kazakh_households_move_at_the_published_rate_without_emptying_regions():
    """Gross moves at Kazakhstan's 1.78 % a year (BNS, 2022); the gravity flows balance, so
    no region gains or loses more than a few per cent of its people in two years, and jobs
    are held only at home or in a neighbouring region."""
    model = LabourMarketModel("kazakhstan", scale=400, seed=0)
    start = model.regional_history[-1][1]["working_age_population"]
    rates = []
    for _ in range(24):
        model.step()
        rates.append(model.indicators["internal_migration_rate"])
    assert 12 * np.mean(rates) == pytest.approx(0.0178, rel=0.15)
    end = model.regional_history[-1][1]["working_age_population"]
    assert np.abs(end / start - 1).max() < 0.05
    w, f = model.workers, model.firms
    employee = np.flatnonzero(w.employer >= 0)
    assert model.within_commuting[w.region[employee], f.region[w.employer[employee]]].all()


def test_kazakh_regions_start_with_their_own_industries_and_unemployment():
    """Atyrau and Mangystau (oil) hold far more than the national share of extractive jobs,
    Almaty city almost no farm jobs, and unemployment starts at the regions' published
    pattern."""
    model = LabourMarketModel("kazakhstan", scale=400, seed=0)
    w, names = model.workers, model.calibration.regions
    employed = w.status <= Status.EMPLOYED_INFORMAL
    share = {}
    for sector in ("extractive", "agriculture"):
        is_sector = employed & (w.sector == SECTORS.index(sector))
        national = is_sector.sum() / employed.sum()
        share[sector] = {
            n: (is_sector & (w.region == r)).sum() / (employed & (w.region == r)).sum() / national
            for r, n in enumerate(names)
        }
    assert share["extractive"]["Atyrau region"] > 3 and share["extractive"]["Mangystau region"] > 3
    assert share["agriculture"]["Almaty city"] < 0.2
    facts = region_facts(model.country)
    ours = slice(0, model.calibration.immigration.first_foreign)  # the survey's: residents without foreign workers
    status, region = w.status[ours], w.region[ours]
    employed, unemployed = status <= Status.EMPLOYED_INFORMAL, status == Status.UNEMPLOYED
    rate = np.array(
        [
            (unemployed & (region == r)).sum() / ((employed | unemployed) & (region == r)).sum()
            for r in range(len(names))
        ]
    )
    national = unemployed.sum() / (employed | unemployed).sum()
    expected = (
        facts.unemployment_rate
        * national
        / np.average(facts.unemployment_rate, weights=np.bincount(region[employed | unemployed]))
    )
    np.testing.assert_allclose(rate, expected, atol=0.005)


def test_regional_impacts_pair_scenario_with_baseline_by_seed():
    """Two regions, two seeds, two horizon months: region A loses 2 pp of employment in seed
    0 and 4 pp in seed 1 (mean 3 pp) and 1 % of its residents in both; region B nothing;
    month 0 (before the scenario) is left out."""
    rows = []
    for seed, loss in ((0, 0.02), (1, 0.04)):
        for month in (0, 1, 2):
            for region, base in (("A", 0.60), ("B", 0.50)):
                hit = loss if (region == "A" and month >= 1) else 0.0
                for variant, value in (("baseline", base), ("scenario", base - hit)):
                    residents = 1000.0 * (0.99 if hit and variant == "scenario" else 1.0)
                    rows.append((month, variant, seed, region, value, 0.1, 0.5, residents, 0.2))
    columns = ["month", "variant", "seed", "region", "employment_rate", "unemployment_rate", "participation_rate"]
    frame = pd.DataFrame(rows, columns=columns + ["working_age_population", "poverty_rate"])
    table = regional_impacts(frame).set_index(["indicator", "region"])
    a = table.loc[("employment_rate", "A")]
    assert a["mean"] == pytest.approx(-0.03) and a["baseline"] == pytest.approx(0.60) and a["seeds"] == 2
    assert a["ci_low"] < -0.03 < a["ci_high"]
    assert table.loc[("employment_rate", "B"), "mean"] == 0.0
    assert table.loc[("poverty_rate", "A"), "mean"] == 0.0
    assert table.loc[("working_age_population", "A"), "mean"] == pytest.approx(-0.01)  # relative


def test_regions_with_more_unemployed_get_more_entrants_to_hold_their_labour_force():
    """Each region's entry rate from inactivity balances its own labour-force outflows at
    start, so the regions with more unemployed (who leave for inactivity more often than the
    employed) draw more entrants; and each region's own-account entry rate balances its own
    own-account outflows. (The unemployed leave for inactivity at 5 % a month here, well above
    the employed's 0.4 %: the fitted rate is near the employed's, and with it the regions'
    entry rates differ by the age of their labour force rather than by their unemployment.
    No own-account worker starts straight from inactivity here: the next test adds them.)"""
    params = ModelParams(unemployed_to_inactive_rate=0.05, own_account_entry_from_inactivity=0.0)
    model = LabourMarketModel("north_macedonia", params, scale=400, seed=0)
    w, cal = model.workers, model.calibration
    rates = cal.rates
    for r in range(model.n_regions):
        here = w.region == r
        employed = np.count_nonzero(here & (w.status <= Status.EMPLOYED_INFORMAL))
        unemployed = np.count_nonzero(here & (w.status == Status.UNEMPLOYED))
        inactive = np.count_nonzero(here & (w.status == Status.INACTIVE))
        older_in_force = np.count_nonzero(here & (w.age_group == AgeGroup.OLDER) & (w.status <= Status.UNEMPLOYED))
        outflow = (
            rates.employed_to_inactive * employed
            + rates.unemployed_to_inactive * unemployed
            + rates.retirement * older_in_force
        )  # no migration in this preset
        assert cal.entry_by_region[r] * inactive == pytest.approx(outflow, rel=1e-9)
    facts = region_facts(model.country)
    high, low = np.argmax(facts.unemployment_rate), np.argmin(facts.unemployment_rate)
    assert cal.entry_by_region[high] > cal.entry_by_region[low]
    assert cal.own_account_entry_rate.shape == (model.n_regions,)


@pytest.mark.parametrize("name", ["north_macedonia", "kyrgyzstan"])
def test_own_account_starters_from_inactivity_take_the_place_of_entrants_to_job_search(name):
    """Where some own-account workers start straight from inactivity, each region's entry into
    job search falls by as many, so its labour force still balances at start; and the
    unemployed start own-account work less often. Where the labour force's net outflow is
    smaller than those starts would be (Batken, whose returning migrants nearly replace those
    who leave), they are capped at it and nobody enters job search, instead of the labour
    force growing from the start."""
    params = ModelParams(unemployed_to_inactive_rate=0.05, own_account_entry_from_inactivity=0.0)
    base = LabourMarketModel(name, params, scale=400, seed=0)
    share = 0.6 if name == "north_macedonia" else 0.95
    split = LabourMarketModel(
        name, dataclasses.replace(params, own_account_entry_from_inactivity=share), scale=400, seed=0
    )
    w, cal, cal0 = split.workers, split.calibration, base.calibration
    for r in range(split.n_regions):
        inactive = np.count_nonzero((w.region == r) & (w.status == Status.INACTIVE))
        into_force = (cal.entry_by_region[r] + cal.own_account_inactive_entry_rate[r]) * inactive
        assert into_force == pytest.approx(cal0.entry_by_region[r] * inactive, rel=1e-9)
    assert np.all(cal.own_account_entry_rate < cal0.own_account_entry_rate)
    assert np.all(cal0.own_account_inactive_entry_rate == 0.0)
    if name == "kyrgyzstan":
        assert np.any(cal.entry_by_region == 0.0)  # the cap binds somewhere
    # skill by skill, the entries into job search add up to the region's
    for r in range(split.n_regions):
        here = (w.region == r) & (w.status == Status.INACTIVE)
        by_skill = np.bincount(w.skill[here], minlength=cal.entry_skill_factor.shape[1])
        assert (cal.entry_skill_factor[r] * by_skill).sum() == pytest.approx(by_skill.sum(), rel=1e-9)


def test_migrants_come_from_where_the_counts_say_and_the_rest_by_population():
    facts = region_facts(
        country(
            batken=RegionConfig(name="Batken", population=1.0, migrants_abroad=300.0),
            chui=RegionConfig(name="Chui", population=1.0, migrants_abroad=100.0),
            bishkek=RegionConfig(name="Bishkek", population=3.0),
            talas=RegionConfig(name="Talas", population=1.0),
        )
    )
    # 500 nationally: 400 counted, the other 100 split 3 : 1 by population
    np.testing.assert_allclose(migrant_shares(facts, 500.0), [0.6, 0.2, 0.15, 0.05])
    none = region_facts(country(a=RegionConfig(name="A", population=1.0), b=RegionConfig(name="B", population=3.0)))
    np.testing.assert_allclose(migrant_shares(none, 100.0), [0.25, 0.75])


def test_regions_with_larger_networks_abroad_send_more_and_keep_their_migrants():
    """Batken (265,000 abroad in 2018) starts with a far larger share of its people abroad
    than Chui (11,000); its emigration propensity is higher, so that each region's emigration
    balances its own migrants' returns, and the regional shares abroad hold in the first year
    within 3 pp. Batken's still falls, from 42.1 % to 40.6 % (38.4 % to 39.5 % under earlier
    fits); the start's regional migration balance is open for the households and migration
    issue."""
    model = LabourMarketModel("kyrgyzstan", scale=200, seed=0)
    w, names = model.workers, model.calibration.regions
    batken, chui = names.index("Batken region"), names.index("Chui region")

    def share_abroad():
        abroad = np.bincount(w.region[w.status == Status.ABROAD], minlength=model.n_regions)
        return abroad / np.bincount(w.region, minlength=model.n_regions)

    start = share_abroad()
    assert start[batken] > 10 * start[chui]
    propensity = model.calibration.migration.propensity_by_region
    assert propensity[batken] > 10 * propensity[chui]
    model.run(12)
    np.testing.assert_allclose(share_abroad(), start, atol=0.03)
    model.release()


def test_compare_ranks_each_runs_regions_by_their_employment_impact():
    def record(mean):
        return {"baseline": 0.5, "mean": mean, "ci_low": mean - 0.001, "ci_high": mean + 0.001}

    summary = {
        "country": "Testland",
        "shocks": ["world_demand"],
        "policies": [],
        "regional_impacts": {
            "Farm": {
                k: record(v)
                for k, v in (("employment_rate", -0.002), ("unemployment_rate", 0.001), ("poverty_rate", 0.0))
            },
            "Mine": {
                k: record(v)
                for k, v in (("employment_rate", -0.010), ("unemployment_rate", 0.006), ("poverty_rate", 0.004))
            },
        },
    }
    old = {"country": "Oldland", "shocks": [], "policies": []}
    text = regional_tables([summary, old])
    assert text.index("| Mine | -1.00 [-1.10, -0.90] | +0.60 [+0.50, +0.70] | n/a | n/a | +0.40") < text.index(
        "| Farm | -0.20"
    )
    assert "no regional impacts" in text


def test_every_regional_market_starts_with_the_orders_its_producers_supply():
    """Kazakhstan's cities hold more builders and traders than their own households, firms
    and government buy from: they also serve the regions around them, so at start every
    region's non-tradable producers get orders in proportion to their output (otherwise the
    cities' jobs would drain away before anything happened)."""
    from sim.markets import goods

    model = LabourMarketModel("kazakhstan", scale=400, seed=0)
    model.demand_goods()
    d, f = model.calibration.demand, model.firms
    orders = goods.market_orders(model.demand_plan, d.tradable, d.public, d.local_purchase_share, d.supplier_share)
    supply = np.zeros_like(orders)
    np.add.at(supply, (f.sector[f.alive], f.region[f.alive]), f.output[f.alive])
    for s in np.flatnonzero(~d.tradable & ~d.public):
        ratio = orders[s] / supply[s]
        np.testing.assert_allclose(ratio, ratio.mean(), rtol=1e-9)
    city = model.calibration.regions.index("Almaty city")
    construction = SECTORS.index("construction")
    assert d.local_purchase_share[construction, city] == 1.0  # the city buys all its building at home
    assert d.supplier_share[construction, :, city].max() > 0.1  # and builds for others
    karaganda, astana = (model.calibration.regions.index(n) for n in ("Karaganda region", "Astana city"))
    assert d.local_purchase_share[construction, karaganda] < 1.0  # Karaganda buys some of its building
    assert d.supplier_share[construction, karaganda, astana] > d.supplier_share[construction, karaganda, city]  # nearer


def test_labour_force_follows_published_participation_where_regions_have_it():
    """Uzbekistan publishes each region's economically active population (2021Q1): at start
    the regions' participation rates keep their published ratios to each other (Tashkent
    region 83 %, Karakalpakstan 73 %), scaled to the preset's national rate."""
    model = LabourMarketModel("uzbekistan", scale=200, seed=0)
    table = model.regional_history[0][1]
    published = region_facts(model.country).participation_rate
    ratio = table["participation_rate"] / published
    np.testing.assert_allclose(ratio, ratio.mean(), rtol=0.02)  # one common factor
    assert (
        abs(
            model.indicators["participation_rate"]
            - np.average(table["participation_rate"], weights=table["working_age_population"])
        )
        < 1e-9
    )


def test_counts_at_rates_keep_the_published_ratios_and_the_total():
    base = np.array([1000, 2000, 500])
    counts = counts_at_rates(np.array([0.8, 0.6, np.nan]), base, 1300)
    assert counts.sum() == 1300
    rates = counts / base
    assert rates[0] / rates[1] == pytest.approx(0.8 / 0.6, rel=0.01)
    assert rates[2] == pytest.approx((0.8 * 1000 + 0.6 * 2000) / 3000 * rates[0] / 0.8, rel=0.01)  # the known mean


def test_regions_pay_at_their_published_ratio_to_the_national_mean():
    # three regions whose jobs pay the same; the first publishes 1.5 x the national mean, the
    # second 0.8 x, the third nothing: it takes the level that keeps the national mean
    region = np.repeat([0, 1, 2], [100, 300, 600])
    wage = np.full(1000, 10.0)
    level = regional_wage_levels(np.array([1.5, 0.8, np.nan]), region, wage)
    paid = wage * level[region]
    assert paid.mean() == pytest.approx(10.0)
    assert paid[region == 0].mean() / paid.mean() == pytest.approx(1.5)
    assert paid[region == 1].mean() / paid.mean() == pytest.approx(0.8)
    # every region published: the ratios' weighted mean need not be 1, so all are scaled
    level = regional_wage_levels(np.array([1.5, 1.2, 1.1]), region, wage)
    paid = wage * level[region]
    assert paid.mean() == pytest.approx(10.0)
    assert paid[region == 0].mean() / paid[region == 2].mean() == pytest.approx(1.5 / 1.1)


def test_kazakh_oil_regions_pay_most_and_the_south_least_at_start():
    ratios = []
    for seed in range(3):
        model = LabourMarketModel("kazakhstan", scale=400, seed=seed)
        table = model.regional_history[0][1]
        employee = model.workers.employer >= 0
        ratios.append(dict(zip(model.calibration.regions, table["mean_wage"] / model.workers.wage[employee].mean())))
    # BNS 2024: 1.562 and 0.728, exact at build (`regional_wage_levels`); the agreements in
    # force from the start raise Atyrau's, whose oil firms they cover: 1.60 at month 0 without
    # migrants, 1.63 with Kazakhs abroad and foreign workers (4 seeds at scale 400; a seed
    # alone ranges 1.53 to 1.63)
    assert np.mean([r["Atyrau region"] for r in ratios]) == pytest.approx(1.562, abs=0.07)
    assert np.mean([r["Turkestan region"] for r in ratios]) == pytest.approx(0.728, abs=0.02)


def test_an_unshocked_kazakh_baseline_keeps_its_regions_expected_earnings_apart():
    """The start's regional gaps in pay and unemployment are the spatial equilibrium that
    internal migration answers changes of: in an unshocked economy they must not move, or
    households would flow for no reason. After two years each region's expected earnings
    relative to the national change stay within a few per cent of their start (agreement
    floors at each region's pay level, entrants at their region's pay and productivity,
    regional markets clearing at start)."""
    model = LabourMarketModel("kazakhstan", scale=400, seed=0)
    model.run(24)
    change = model.expected_earnings / model.calibration.expected_earnings_start
    relative = change / np.average(change, weights=model.regional_history[-1][1]["working_age_population"])
    assert np.std(relative) < 0.03 and np.abs(relative - 1).max() < 0.08, relative


def test_a_fall_in_world_demand_for_extractives_hits_the_oil_regions_hardest():
    """World demand for extractive exports -30 % and manufactures -10 % (the regional
    incidence experiment): employment falls more in Atyrau and Mangystau, where a quarter of
    jobs are extractive, than in Almaty city and Astana, whose jobs are services; the
    difference is below zero with its 95 % interval across seeds."""
    from scipy import stats

    from sim.app import simulate_pair
    from sim.config import validate
    from tests.conftest import compose_config

    gaps = []
    for seed in range(6):  # at this scale a seed's gap runs from 0 to -2.9 pp
        overrides = ["experiment=regional_incidence", "scale=400", "burn_in_months=12", "horizon_months=24"]
        config = validate(compose_config(overrides + [f"seed={seed}", "progress=false"]))
        baseline, scenario, _ = simulate_pair(config)
        names = list(baseline.calibration.regions)

        def employment(model):
            return np.mean(
                [t["employment_rate"] for m, t in model.regional_history if m > model.horizon_origin], axis=0
            )

        impact = employment(scenario) - employment(baseline)
        oil = np.mean([impact[names.index(n)] for n in ("Atyrau region", "Mangystau region")])
        cities = np.mean([impact[names.index(n)] for n in ("Almaty city", "Astana city")])
        gaps.append(oil - cities)
        baseline.release()
        scenario.release()
    half = stats.t.ppf(0.975, len(gaps) - 1) * np.std(gaps, ddof=1) / np.sqrt(len(gaps))
    assert np.mean(gaps) + half < 0, gaps  # measured: mean -1.4 pp over the six seeds


def test_inactive_people_start_own_account_work_and_its_stock_holds():
    """With a share of own-account starters coming straight from inactivity, many more of the
    inactive are working on their own account a month later (without it, only those who first
    enter job search and then start in the same month), and the own-account stock holds."""

    def straight_in(share: float) -> tuple[int, float]:
        model = LabourMarketModel("albania", ModelParams(own_account_entry_from_inactivity=share), scale=400, seed=0)
        start_stock, count = np.count_nonzero(model.own_account_mask()), 0
        for _ in range(24):
            inactive = model.workers.status == Status.INACTIVE
            model.step()
            count += np.count_nonzero(inactive & model.own_account_mask())
        return count, np.count_nonzero(model.own_account_mask()) / start_stock

    count, stock = straight_in(0.6)
    count_without, _ = straight_in(0.0)
    assert count > 3 * count_without
    assert stock == pytest.approx(1.0, abs=0.05)
