"""The accounts: every flow has a payer and a payee, every stock rolls forward from flows,
the banks' balance sheet balances, GDP by expenditure equals GDP by income, for every preset
under shocks and policies; and the opening accounts match the national accounts."""

from __future__ import annotations

import numpy as np
import pytest

from sim.accounts import (
    BANKS,
    COLUMNS,
    FLOWS,
    GOVERNMENT,
    HOUSEHOLDS,
    REST_OF_WORLD,
    ROW,
    Ledger,
    Stocks,
    closure_residuals,
)
from sim.app import compose_config, simulate_pair
from sim.config import CONFIG_DIR, validate
from sim.model import LabourMarketModel

PRESETS = sorted(p.stem for p in (CONFIG_DIR / "country").glob("*.yaml"))


def test_a_payment_has_a_payer_and_a_payee_and_net_lending_is_a_column_sum():
    book = Ledger()
    book.pay("wages", GOVERNMENT, HOUSEHOLDS, 100.0)
    book.firms_pay("dividends", np.array([0, 2, 2]), np.array([5.0, 7.0, 1.0]), HOUSEHOLDS)
    book.firms_receive("exports", REST_OF_WORLD, np.array([10.0, 0, 0, 0, 0, 0, 0]))
    assert np.allclose(book.matrix.sum(axis=1), 0.0)
    lending = book.net_lending()
    assert lending[HOUSEHOLDS] == pytest.approx(113.0) and lending[GOVERNMENT] == pytest.approx(-100.0)
    assert book.paid("dividends") == pytest.approx(13.0)
    assert lending.sum() == pytest.approx(0.0)


def test_closure_residuals_see_a_stock_that_moved_without_a_flow():
    n = 7
    before = Stocks(50.0, 0.0, np.zeros(n), np.zeros(n), government_debt=0.0, net_foreign_assets=50.0)
    book = Ledger()
    book.pay("pensions", GOVERNMENT, HOUSEHOLDS, 10.0)
    after = Stocks(60.0, 0.0, np.zeros(n), np.zeros(n), government_debt=10.0, net_foreign_assets=50.0)
    rows, columns, gap = closure_residuals(book, before, after)
    assert np.abs(rows).max() == 0 and np.abs(columns).max() == 0 and gap == 0
    leaky = Stocks(61.0, 0.0, np.zeros(n), np.zeros(n), government_debt=10.0, net_foreign_assets=50.0)
    _, columns, gap = closure_residuals(book, before, leaky)
    assert columns[HOUSEHOLDS] == pytest.approx(-1.0) and gap == pytest.approx(-1.0)


SCENARIO = [
    "shock=[protectionism,own_tariffs,world_demand,remittance_collapse]",
    "shock.remittance_collapse.local_currency_fall=0.17",
    "policy=[collective_bargaining,reskilling_subsidy,youth_guarantee]",
    "country.union_density=0.3",
    "scale=3000",
    "burn_in_months=6",
    "horizon_months=12",
    "progress=false",
]


@pytest.mark.parametrize("name", PRESETS)
def test_the_accounts_close_every_month_for_every_preset_under_shocks_and_policies(name):
    baseline, scenario, _ = simulate_pair(validate(compose_config([f"country={name}", *SCENARIO])))
    for model in (baseline, scenario):
        data = model.datacollector.get_model_vars_dataframe()
        assert (data["accounts_closure_gap"] < 1e-9).all(), name
        assert np.allclose(data["gdp_income"], data["gdp"], rtol=1e-9)
        # every stock rolls forward from last month's stock and this month's flows
        stocks = dict(model.stocks_history)
        for month, matrix in model.accounts_history:
            lending = matrix.sum(axis=0)
            before, after = stocks[month - 1], stocks[month]
            gdp = abs(data["gdp"].iloc[-1]) / model.scale
            assert after.government_debt == pytest.approx(before.government_debt - lending[GOVERNMENT], abs=1e-9 * gdp)
            assert after.net_foreign_assets == pytest.approx(
                before.net_foreign_assets - lending[REST_OF_WORLD], abs=1e-9 * gdp
            )
            assert after.bank_equity == pytest.approx(before.bank_equity + lending[BANKS], abs=1e-9 * gdp)
            assert abs(after.bank_balance_gap()) < 1e-9 * gdp
            assert np.allclose(matrix.sum(axis=1), 0.0, atol=1e-9 * gdp)
        model.release()
    assert scenario.accounts_history[-1][1].shape == (len(FLOWS), len(COLUMNS))


MISSING_HOUSEHOLD_INCOME = pytest.mark.xfail(
    strict=True,
    reason="household income the preset does not model (remittances without a migration channel, "
    "transfers other than pensions): consumption and imports fall short of their shares",
)


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(name, marks=MISSING_HOUSEHOLD_INCOME)
        if name in ("tajikistan", "bosnia_herzegovina", "albania", "north_macedonia")
        else name
        for name in PRESETS
    ],
)
def test_the_opening_accounts_match_gdp_by_expenditure_and_tax_revenue(name):
    model = LabourMarketModel(name, scale=2000, seed=0)
    opening = model.calibration.opening
    model.release()
    assert abs(opening.shares["identity_gap"]) < 1e-9
    if opening.targets["tax_revenue"] is not None:
        assert opening.shares["tax_revenue"] == pytest.approx(opening.targets["tax_revenue"], abs=0.005)
    for key in ("household_consumption", "government_consumption", "investment", "exports", "imports"):
        assert abs(opening.shares[key] - opening.targets[key]) < 0.02, key


def test_households_neither_save_nor_dissave_at_start_and_spend_what_they_have():
    # scale 500: at 2000 the draw of which migrants find work abroad in the first month moves
    # households' net lending by up to 3 % of GDP from seed to seed (400 migrants)
    model = LabourMarketModel("kyrgyzstan", scale=500, seed=0)
    h = model.households
    # their disposable income is the consumption of the opening accounts ...
    assert h.income.sum() == pytest.approx(model.calibration.opening.consumption, rel=1e-3)
    model.step()
    # ... and in the first month they save or dissave little: measured -0.2 to -0.6 % of GDP
    # over seeds 0-5 (seed 0: -0.51 %, -0.39 % before the economy started with formal jobs held
    # by the more skilled; dividends and remittances leave the opening flows; households save
    # up to 0.8 % in months 4-8), leaving out the capital put into new firms and taken out of
    # closed ones, which entry makes lumpy at this scale (seed 4: -2.1 % of GDP net, of which
    # new firms' capital -3.3 %)
    lending = model.ledger.matrix[:, HOUSEHOLDS]
    capital = lending[ROW["capital_of_new_firms"]] + lending[ROW["liquidation_of_firms"]]
    gdp = model.indicators["gdp"] / model.scale
    assert abs((lending.sum() - capital) / gdp) < 0.0075
    model.run(2)
    assert (model.households.balance >= -1e-6).all()
    model.release()


ONLY_RUSSIA = [
    "~country.destinations.Kazakhstan",
    "~country.destinations.elsewhere",
    "country.destinations.Russia.migrant_share=1",
]


def remittance_ratio(overrides: list[str]) -> tuple[float, float]:
    cfg = validate(
        compose_config(
            [
                *ONLY_RUSSIA,
                "shock=remittance_collapse",
                "shock.remittance_collapse.destination_demand_fall=0",
                "shock.remittance_collapse.ramp_months=0",
                "scale=1000",
                "burn_in_months=3",
                "horizon_months=2",
                "progress=false",
                *overrides,
            ]
        )
    )
    baseline, scenario, _ = simulate_pair(cfg)
    b = baseline.datacollector.get_model_vars_dataframe().iloc[1]
    s = scenario.datacollector.get_model_vars_dataframe().iloc[1]
    baseline.release()
    scenario.release()
    return s["remittances"] / b["remittances"], s["remittances_usd"] / b["remittances_usd"]


def test_a_remittance_fall_given_in_dollars_moves_local_remittances_by_the_exchange_rate():
    """The destination's currency loses 30 % against the dollar: remittances fall 30 % in
    dollars; when ours loses 20 % too, they fall only 1 - 0.7 / 0.8 = 12.5 % in our currency."""
    local, usd = remittance_ratio(["shock.remittance_collapse.destination_currency_fall=0.3"])
    assert local == pytest.approx(0.7) and usd == pytest.approx(0.7)
    local, usd = remittance_ratio(
        [
            "shock.remittance_collapse.destination_currency_fall=0.3",
            "shock.remittance_collapse.local_currency_fall=0.2",
        ]
    )
    assert usd == pytest.approx(0.7) and local == pytest.approx(0.7 / 0.8)


def first_month_remittances_by_destination(overrides: list[str]) -> tuple[tuple[str, ...], np.ndarray]:
    """Kyrgyzstan's destinations and scenario / baseline remittances from each in the first
    month of a remittance collapse that moves only a currency (ramped at once)."""
    cfg = validate(
        compose_config(
            [
                "shock=remittance_collapse",
                "shock.remittance_collapse.destination_demand_fall=0",
                "shock.remittance_collapse.destination_currency_fall=0.3",
                "shock.remittance_collapse.ramp_months=0",
                "scale=1000",
                "burn_in_months=3",
                "horizon_months=1",
                "progress=false",
                *overrides,
            ]
        )
    )
    baseline, scenario, _ = simulate_pair(cfg)
    ratio = scenario.remittances_by_destination / baseline.remittances_by_destination
    baseline.release()
    scenario.release()
    return scenario.environment.destinations, ratio


def test_a_collapse_in_one_destination_leaves_remittances_from_the_others_alone():
    """Kazakhstan's currency loses 30 % against the dollar: in the first month, remittances
    from Kazakhstan fall 30 %, those from Russia and elsewhere not at all."""
    names, ratio = first_month_remittances_by_destination(["shock.remittance_collapse.destination=Kazakhstan"])
    assert names == ("Russia", "Kazakhstan", "elsewhere")
    assert ratio == pytest.approx([1.0, 0.7, 1.0])


def test_own_tariffs_that_raise_consumer_prices_do_not_lower_poverty():
    """The poverty line is fixed in real terms: dearer imports cannot make fewer people poor."""
    poverty, prices, real_income = [], [], []
    for seed in range(3):
        cfg = validate(
            compose_config(
                [
                    "shock=own_tariffs",
                    "scale=600",
                    "burn_in_months=6",
                    "horizon_months=12",
                    "progress=false",
                    f"seed={seed}",
                ]
            )
        )
        baseline, scenario, _ = simulate_pair(cfg)
        b = baseline.datacollector.get_model_vars_dataframe().iloc[1:]
        s = scenario.datacollector.get_model_vars_dataframe().iloc[1:]
        prices.append((s["consumer_price_index"] / b["consumer_price_index"]).mean())
        poverty.append((s["poverty_rate"] - b["poverty_rate"]).mean())
        real_income.append(
            (
                s["household_income_mean"]
                / s["consumer_price_index"]
                / (b["household_income_mean"] / b["consumer_price_index"])
            ).mean()
        )
        baseline.release()
        scenario.release()
    assert min(prices) > 1.0
    assert np.mean(real_income) < 1.0
    assert np.mean(poverty) >= 0.0


def test_the_accounts_close_when_the_firm_arrays_grow_within_a_month():
    """Entrants beyond the free slots grow the firm arrays in the middle of the month; what
    firms sold and paid was taken before, and still adds up."""
    model = LabourMarketModel("kyrgyzstan", scale=2000, seed=0)
    n = len(model.firms)
    enter = model.open_firms

    def grow_then_enter(*args):
        model.firms.free_slots(len(model.firms) + 1)  # more slots than are free: the arrays grow
        enter(*args)

    model.open_firms = grow_then_enter
    for _ in range(2):
        model.step()
        assert model.indicators["accounts_closure_gap"] < 1e-9
        assert model.indicators["gdp_income"] == pytest.approx(model.indicators["gdp"], rel=1e-9)
    assert len(model.firms) > n
    model.release()


def test_a_currency_that_falls_falls_in_every_destination_that_uses_it():
    """Kazakhstan paid in roubles, for the test: the rouble loses 30 % against the dollar with
    Russia's market, so remittances from Kazakhstan fall 30 % in the first month too; those
    from elsewhere (dollars) do not move."""
    _, ratio = first_month_remittances_by_destination(["country.destinations.Kazakhstan.currency=RUB"])
    assert ratio == pytest.approx([0.7, 0.7, 1.0])
