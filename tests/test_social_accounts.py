"""The opening accounts and the initial sorting of statuses, on hand-made inputs."""

import dataclasses

import numpy as np
import pytest

from sim.accounts import (
    GOVERNMENT,
    HOUSEHOLDS,
    REST_OF_WORLD,
    Ledger,
    current_account,
    national_accounts,
    sector_balances,
)
from sim.config import SECTORS, CountryConfig, TaxRates
from sim.government import income_taxes
from sim.initial_state import (
    abroad_by_age,
    gross_mean_wage,
    own_account_by_age,
    own_account_entry_rates,
    own_account_outflow,
    participation_by_age,
    pay_as_you_go_pension,
    sectors_and_formality,
    skill_entry_factors,
    skill_weights,
)
from sim.markets.separations import FlowRates, weighted_rates
from sim.social_accounts import FiscalRates, market_uses, solve_imports

# value added of the seven sectors: agriculture, extractive, manufacturing, construction,
# trade and services, ICT, public (the public sector's is not sold)
VALUE_ADDED = np.array([20.0, 10.0, 15.0, 8.0, 40.0, 7.0, 0.0])
IMPORT_SHARE = np.array([0.2, 0.5, 0.75, 0.0, 0.0, 0.3, 0.0])


def test_market_uses_sell_every_good_and_buy_abroad_by_the_import_shares():
    supply = market_uses(VALUE_ADDED, 0.2, investment=20.0, absorption=100.0, import_share=IMPORT_SHARE)
    assert supply.output == pytest.approx(np.where(np.arange(7) == 6, 0.0, VALUE_ADDED / 0.8))
    # construction goes to investment first, the rest of investment is equipment
    assert supply.investment_home[3] == pytest.approx(10.0) and supply.equipment == pytest.approx(10.0)
    assert supply.investment_home[2] == pytest.approx(10.0 * 0.25)
    # every unit produced is used at home or exported
    home = supply.budget_share * (1 - IMPORT_SHARE) * 100.0
    assert supply.output == pytest.approx(supply.investment_home + home + supply.exports)
    assert supply.budget_share.sum() == pytest.approx(1.0) and supply.budget_share[6] == 0.0
    assert (supply.exports >= 0).all()


def test_more_imported_inputs_leave_more_to_export_and_solve_for_the_export_target():
    low = market_uses(VALUE_ADDED, 0.1, 20.0, 100.0, IMPORT_SHARE).exports.sum()
    high = market_uses(VALUE_ADDED, 0.3, 20.0, 100.0, IMPORT_SHARE).exports.sum()
    assert high > low
    target = 0.5 * (low + high)
    a, scale = solve_imports(VALUE_ADDED, 20.0, target, IMPORT_SHARE, 100.0)
    assert scale == 1.0 and 0.1 < a < 0.3
    assert market_uses(VALUE_ADDED, a, 20.0, 100.0, IMPORT_SHARE).exports.sum() == pytest.approx(target, rel=1e-6)
    # a target below what is left without imported inputs: households buy more at home
    lowest = market_uses(VALUE_ADDED, 0.0, 20.0, 100.0, IMPORT_SHARE).exports.sum()
    a, scale = solve_imports(VALUE_ADDED, 20.0, 0.5 * lowest, IMPORT_SHARE, 100.0)
    assert a == 0.0 and scale < 1.0


def test_national_accounts_agree_by_expenditure_and_income_and_balances_sum_to_zero():
    book = Ledger()
    book.firms_receive("consumption_domestic", HOUSEHOLDS, np.array([50.0, 0, 0, 0, 30.0, 0, 0]))
    book.pay("consumption_imports", HOUSEHOLDS, REST_OF_WORLD, 20.0)
    book.pay("value_added_tax", HOUSEHOLDS, GOVERNMENT, 10.0)
    book.firms_receive("exports", REST_OF_WORLD, np.array([10.0, 0, 0, 0, 0, 0, 0]))
    book.firms_pay("intermediate_imports", np.array([0]), np.array([15.0]), REST_OF_WORLD)
    book.pay("wages", GOVERNMENT, HOUSEHOLDS, 25.0)
    book.pay("remittances_received", REST_OF_WORLD, HOUSEHOLDS, 5.0)
    firm_value_added = 50.0 + 30.0 + 10.0 - 15.0
    na = national_accounts(book, firm_value_added)
    assert na["household_consumption"] == pytest.approx(80.0 + 20.0 + 10.0)
    assert na["government_consumption"] == pytest.approx(25.0)
    assert na["gdp"] == pytest.approx(110.0 + 25.0 + 10.0 - 35.0)
    assert na["gdp_income"] == pytest.approx(na["gdp"])
    assert sum(sector_balances(book).values()) == pytest.approx(0.0)
    assert current_account(book) == pytest.approx(10.0 + 5.0 - 35.0)


def rates() -> FlowRates:
    return FlowRates(0.01, 0.02, 0.015, 0.004, 0.05, 0.0, 1 / 120, 0.25 / 0.55 / 120, 0.25 / 0.2 / 120)


def test_participation_by_age_starts_young_people_outside_and_averages_the_preset():
    shares = np.array([0.25, 0.55, 0.2])
    p = participation_by_age(rates(), shares, 0.6, 0.05)
    assert np.dot(shares, p) == pytest.approx(0.6, abs=1e-6)
    assert p[0] < p[1] < p[2]  # young people arrive inactive; the older had longest to enter


def test_own_account_work_is_spread_over_ages_as_its_flows_sustain_it():
    profile = own_account_by_age(rates(), np.array([100.0, 200.0, 50.0]))
    assert profile.sum() == pytest.approx(1.0) and (profile > 0).all()
    assert own_account_by_age(rates(), np.array([0.0, 0.0, 100.0]))[:2] == pytest.approx([0.0, 0.0])


def test_migrants_abroad_start_with_the_age_profile_their_flows_sustain():
    r = rates()
    returns = 0.03
    emigrants = np.array([60.0, 140.0, 0.0])
    stock = 10_000 * abroad_by_age(r, returns, emigrants)
    assert stock[2] > 0  # migrants grow older abroad
    # one month of the flows: the inflow that balances the outflow leaves every age group put
    outflow = returns * stock.sum() + r.retirement * stock[2]
    inflow = emigrants / emigrants.sum() * outflow
    ageing = np.array([r.youth_to_prime * stock[0], r.prime_to_older * stock[1]])
    after = stock + inflow - returns * stock
    after += np.array([-ageing[0], ageing[0] - ageing[1], ageing[1] - r.retirement * stock[2]])
    assert after == pytest.approx(stock, rel=1e-12)


def test_own_account_entry_balances_exits_on_the_pool_it_applies_to():
    r = rates()
    own_account = np.zeros(1000, dtype=bool)
    own_account[:400] = True
    age_group = np.repeat([0, 1, 2], [200, 600, 200]).astype(np.int8)
    unemployed = 150
    outflow = own_account_outflow(own_account, age_group, r, emigrants=2.0)
    assert outflow == pytest.approx((r.own_account_exit + r.employed_to_inactive) * 400 + 2.0)  # none is older
    rate, from_inactivity = own_account_entry_rates(outflow, unemployed, 900, 0.0)
    assert from_inactivity == 0.0
    # entries are drawn among those still unemployed after matching: the stock that stays
    # unemployed plus this month's entrants
    assert rate * (unemployed + outflow) == pytest.approx(outflow)


def test_own_account_entrants_split_between_job_seekers_and_the_inactive_add_up_to_its_exits():
    r = rates()
    own_account = np.zeros(1000, dtype=bool)
    own_account[:400] = True
    age_group = np.repeat([0, 1, 2], [200, 600, 200]).astype(np.int8)
    unemployed, inactive = 150, 900
    outflow = own_account_outflow(own_account, age_group, r, emigrants=2.0)
    assert outflow == pytest.approx((r.own_account_exit + r.employed_to_inactive) * 400 + 2.0)
    from_u, from_i = own_account_entry_rates(outflow, unemployed, inactive, 0.7)
    assert from_u * (unemployed + 0.3 * outflow) == pytest.approx(0.3 * outflow)
    assert from_i * inactive == pytest.approx(0.7 * outflow)


def test_formal_jobs_public_ones_included_go_to_the_more_skilled():
    rng = np.random.default_rng(0)
    skill = rng.integers(0, 3, 10_000)
    fit = np.array([[1.0, 1.0, 1.0], [1.0, 1.0, 1.0], [0.0, 1.0, 1.0]])  # sector 2 hires no low skill
    formal_jobs = np.array([3000.0, 2000.0, 1000.0])  # sector 1: all formal, like the public sector
    informal_jobs = np.array([4000.0, 0.0, 0.0])
    sector, informal = sectors_and_formality(formal_jobs, informal_jobs, skill, fit, rng)
    assert informal.mean() == pytest.approx(0.4, abs=1e-4)
    assert np.all(sector[informal] == 0)
    assert np.bincount(sector, minlength=3) / 10_000 == pytest.approx([0.7, 0.2, 0.1], abs=0.015)
    assert not np.any((sector == 2) & (skill == 0))
    # the all-formal sector is as skilled as the formal jobs of the mixed one, both far above the informal
    formal_mixed = (sector == 0) & ~informal
    assert skill[sector == 1].mean() == pytest.approx(skill[formal_mixed].mean(), abs=0.05)
    assert skill[sector == 1].mean() > skill[informal].mean() + 0.8


def test_employed_persons_that_fit_no_sector_with_jobs_stop_the_start():
    skill = np.zeros(10, dtype=np.int64)  # all low skill; the only informal jobs are in a sector that hires none
    fit = np.array([[1.0, 1.0, 1.0], [0.0, 1.0, 1.0]])
    with pytest.raises(ValueError, match="fit no sector"):
        sectors_and_formality(np.array([0.0, 0.0]), np.array([0.0, 10.0]), skill, fit, np.random.default_rng(0))


def country(**taxes) -> CountryConfig:
    c = CountryConfig(name="X", currency="X", mean_wage_local=1000.0)
    return dataclasses.replace(c, taxes=TaxRates(**taxes))


def test_take_home_pay_is_grossed_up_with_the_statutory_rates():
    net = country(personal_income=0.1, personal_income_allowance_local=100.0, employee_social_contributions=0.1)
    net = dataclasses.replace(net, mean_wage_basis="net")
    gross = gross_mean_wage(net, FiscalRates(0.1, 100.0, 0.1, 0.0, 0.0, 0.0, 1.0))
    assert gross - 0.1 * (gross - 100.0) - 0.1 * gross == pytest.approx(1000.0)
    assert (
        gross_mean_wage(dataclasses.replace(net, mean_wage_basis="gross"), FiscalRates(0.1, 100, 0.1, 0, 0, 0, 1))
        == 1000.0
    )


def test_formal_pay_is_taxed_above_the_allowance_and_pays_contributions_in_full():
    rates_ = FiscalRates(0.1, 100.0, 0.05, 0.2, 0.12, 0.15, 1.0)
    tax, contributions = income_taxes(np.array([50.0, 1100.0]), rates_)
    assert tax == pytest.approx([0.0, 100.0]) and contributions == pytest.approx([2.5, 55.0])


def test_without_a_pension_figure_social_insurance_pays_out_what_it_collects():
    c = country(employee_social_contributions=0.1, employer_social_contributions=0.2)
    wage = np.array([1000.0, 2000.0, 500.0, 0.0])
    formal = np.array([True, True, False, False])
    pensioner = np.array([False, False, False, True])
    assert pay_as_you_go_pension(c, wage, formal, pensioner) == pytest.approx(0.3 * 3000.0)
    assert len(SECTORS) == 7


def test_each_skill_enters_the_labour_force_at_the_rate_that_holds_its_own_labour_force():
    # one region; low, medium and high skill: the skilled are a larger share of those who leave
    # the labour force (it was sorted by skill) than of the inactive
    outflow = np.array([[2.0, 6.0, 12.0]])
    inactive = np.array([[400.0, 400.0, 200.0]])
    factor = skill_entry_factors(outflow, inactive)
    region_rate = outflow.sum() / inactive.sum()
    np.testing.assert_allclose(factor * region_rate * inactive, outflow)  # each skill balanced
    assert (factor * inactive).sum() == pytest.approx(inactive.sum())  # the region's entries unchanged
    assert factor[0, 2] > factor[0, 1] > factor[0, 0]
    # a skill that needs no entrants enters no job search; the others keep the region's entries
    clipped = skill_entry_factors(np.array([[0.0, 6.0, 12.0]]), inactive)
    assert clipped[0, 0] == 0.0
    assert (clipped * inactive).sum() == pytest.approx(inactive.sum())


def test_own_account_starters_are_drawn_with_the_skills_of_own_account_workers():
    own_account = np.array([[700.0, 290.0, 10.0]])  # mostly low-skill
    pool = np.array([[300.0, 500.0, 200.0]])
    weight = skill_weights(own_account, pool)  # the pool's pseudo-count hardly moves the mix
    drawn = pool * weight / (pool * weight).sum()
    np.testing.assert_allclose(drawn, own_account / own_account.sum(), atol=0.002)
    # starters are a flow of a few persons a month: their skill mix is kept as it is
    few = skill_weights(np.array([[1.4, 0.55, 0.05]]), pool)
    drawn = pool * few / (pool * few).sum()
    np.testing.assert_allclose(drawn, [[0.7, 0.275, 0.025]], atol=0.002)
    # per person, the region's expected number drawn is kept
    rng = np.random.default_rng(3)
    skill = np.repeat([0, 1, 2], [300, 500, 200])
    group = np.zeros(1000, dtype=np.int64)
    chance = weighted_rates(np.array([0.02]), group, weight[0, skill], 1)
    assert chance.sum() == pytest.approx(0.02 * 1000)
    assert chance[skill == 0].sum() / chance.sum() == pytest.approx(0.7, abs=0.002)
    starters = skill[rng.random(1000) < chance]
    assert np.count_nonzero(starters == 2) <= 2  # hardly any high-skill starters
