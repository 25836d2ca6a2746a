"""The opening accounts: an initial economy whose money flows match the national accounts.

Core objects: `OpeningInputs` (what the initial population earns and produces),
`OpeningAccounts` (the calibrated constants) and `open_accounts` (the calibration).

A social accounting matrix is built around the simulated workers and firms (the approach of
the national-accounts agent-based model of Poledna et al. 2023, whose initial conditions and
parameters come from the sector accounts), so that at start:

- every private firm's value added pays its labour costs (wages and employers'
  contributions) with the preset's labour income share; the public sector's value added is
  its wage bill;
- GDP at market prices = firms' value added + public wages + own-account (mixed) income +
  value added tax; government consumption (public wages + purchases), investment (the user
  cost of firms' capacity) and exports are the preset's shares of it;
- construction output is investment (gross capital formation is mostly structures); the
  rest of investment buys equipment, home or imported manufactures;
- households and the government buy the non-tradables produced and spend the rest of their
  market budget on tradables in proportion to domestic supply grossed up for the preset's
  import shares; what they leave of the tradables is exported, and the share of imported
  intermediate inputs is the one at which exports come out at the preset's share of GDP
  (more imported inputs, more gross output for the same value added); imports follow, so
  that the expenditure identity C + G + I + X - M = GDP holds by construction;
- tax revenue (income, profit and product taxes, social contributions excluded, as in the
  WDI's GC.TAX.TOTL) is the preset's share of GDP: where the statutory income, value added and
  profit tax rates would collect more, one collection efficiency scales them down (statutory
  rates overstate collection where compliance is partial); where they collect less, a rate of
  other taxes on products (excises, customs duties and the rest of the revenue the model has
  no base for) on households' market purchases makes up the gap. Social contributions are
  charged in full on formal pay;
- households neither save nor dissave at start: the part of dividends paid to foreign owners
  is the share that makes their disposable income equal to their consumption (the
  primary-income outflows of direct investment close the gap). Where no share in [0, 1]
  does, household consumption is set to disposable income and misses its target, which the
  calibration table shows.

Every assumption that is not a preset figure is stated in `ModelParams`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from sim.config import SECTORS, TRADABLE_SECTORS, CountryConfig, ModelParams
from sim.markets.goods import CONSTRUCTION, MANUFACTURING, DemandStructure
from sim.policy import sector_vector

PUBLIC = SECTORS.index("public")
MAX_INPUT_SHARE = 0.85
MAX_IMPORT_SHARE = 0.95


@dataclass(frozen=True)
class FiscalRates:
    """Effective tax rates in force (fractions).

    Attributes:
        income_tax: Personal income tax on formal pay above the allowance.
        income_tax_allowance: Monthly pay exempt from income tax (local currency).
        employee_contributions: Employees' social contributions on formal pay.
        employer_contributions: Employers' social contributions on formal pay.
        vat: Value added tax on households' market purchases.
        profit_tax: Profit tax of formal firms.
        collection_efficiency: Share of statutory income, value added and profit tax
            collected (fitted to the preset's tax revenue; 1 without a revenue figure).
        other_product_taxes: Other taxes on households' market purchases (excises, customs
            duties ...), fitted where statutory taxes fall short of the preset's revenue.
    """

    income_tax: float
    income_tax_allowance: float
    employee_contributions: float
    employer_contributions: float
    vat: float
    profit_tax: float
    collection_efficiency: float
    other_product_taxes: float = 0.0

    @property
    def product_taxes(self) -> float:
        """All taxes on households' market purchases (VAT and other taxes on products)."""
        return self.vat + self.other_product_taxes


@dataclass(frozen=True)
class OpeningInputs:
    """What the initial population earns and produces (local currency per month).

    Attributes:
        value_added: Value added of each private firm (its labour costs / labour share).
        labour_cost: Wages and employers' contributions of each private firm.
        firm_sector: Sector of each private firm.
        firm_formal: Formality of each private firm.
        public_wages: Gross wage bill of the public sector.
        gross_wages: Gross wages of all employees.
        own_account_income: Own-account (mixed) income of all own-account workers.
        income_tax_base: Formal pay above the income-tax allowance.
        contribution_base: Formal pay (employees' contributions are charged on it).
        pensions: Pensions paid.
    """

    value_added: np.ndarray
    labour_cost: np.ndarray
    firm_sector: np.ndarray
    firm_formal: np.ndarray
    public_wages: float
    gross_wages: float
    own_account_income: float
    income_tax_base: float
    contribution_base: float
    pensions: float


@dataclass(frozen=True)
class OpeningAccounts:
    """The calibrated constants of the opening accounts and what they achieve.

    Attributes:
        fiscal: Effective tax rates.
        input_share: Imported inputs per unit of gross output (private sectors).
        investment_per_output: Investment per unit of capacity output (base prices): the
            user cost of capital.
        foreign_ownership: Share of firms' dividends (and of their owners' capital) that goes
            to foreign owners (refined at build with the remittances actually drawn:
            `Calibration.foreign_ownership` is the one in force).
        import_scale: Factor applied to the preset's import shares of consumer goods.
        budget_share, construction_share, equipment_import_share, base_exports,
        government_purchases: Constants of goods demand (see `DemandStructure`).
        gdp: GDP at start (local currency per month).
        consumption: Household consumption at start (VAT included).
        shares: Expenditure components, tax revenue and sector balances as shares of GDP.
        targets: The preset's expenditure and tax shares (None where not published).
    """

    fiscal: FiscalRates
    input_share: float
    investment_per_output: float
    foreign_ownership: float
    import_scale: float
    budget_share: np.ndarray
    base_import_share: np.ndarray
    construction_share: float
    equipment_import_share: float
    base_exports: np.ndarray
    government_purchases: float
    own_account_share: float
    gdp: float
    consumption: float
    shares: dict[str, float]
    targets: dict[str, float | None]


def statutory_rates(country: CountryConfig) -> FiscalRates:
    """The preset's statutory rates (0 where not found), fully collected."""
    t = country.taxes
    return FiscalRates(
        income_tax=t.personal_income or 0.0,
        income_tax_allowance=t.personal_income_allowance_local,
        employee_contributions=t.employee_social_contributions or 0.0,
        employer_contributions=t.employer_social_contributions or 0.0,
        vat=t.vat or 0.0,
        profit_tax=t.profit or 0.0,
        collection_efficiency=1.0,
    )


def with_efficiency(efficiency: float, statutory: FiscalRates, other_product_taxes: float = 0.0) -> FiscalRates:
    """Statutory income, value added and profit tax rates scaled by `efficiency`, with
    `other_product_taxes` on top."""
    return replace(
        statutory,
        income_tax=statutory.income_tax * efficiency,
        vat=statutory.vat * efficiency,
        profit_tax=statutory.profit_tax * efficiency,
        collection_efficiency=efficiency,
        other_product_taxes=other_product_taxes,
    )


def bisect(f, lo: float, hi: float) -> float:
    """The root of an increasing function `f` between lo and hi."""
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if f(mid) < 0 else (lo, mid)
    return 0.5 * (lo + hi)


@dataclass(frozen=True)
class Supply:
    """Where domestic output goes at start (by sector, local currency per month)."""

    output: np.ndarray
    investment_home: np.ndarray  # construction, and home-made equipment
    budget_share: np.ndarray  # of the households' and government's market bundle
    exports: np.ndarray
    construction_share: float  # of investment spending
    equipment: float  # investment spending on equipment


def market_uses(
    value_added: np.ndarray, input_share: float, investment: float, absorption: float, import_share: np.ndarray
) -> Supply:
    """Uses of each sector's gross output at start: construction goes to investment (the rest
    of investment buys equipment, home and imported manufactures); households and the
    government (`absorption`, excluding VAT) spend their market budget on every good in
    proportion to its domestic supply grossed up for its import share (never more than is
    left of it), so what they buy abroad follows the import shares; what they leave of any
    good is exported (for trade and services: service exports such as transport and tourism)."""
    private = np.arange(len(SECTORS)) != PUBLIC
    output = np.where(private, value_added / (1.0 - input_share), 0.0)
    construction = min(investment, output[CONSTRUCTION])
    equipment = investment - construction
    investment_home = np.zeros_like(output)
    investment_home[CONSTRUCTION] = construction
    investment_home[MANUFACTURING] = min(equipment * (1.0 - import_share[MANUFACTURING]), output[MANUFACTURING])
    left = output - investment_home
    budget = np.zeros_like(output)
    open_ = private & (left > 0)
    for _ in range(len(SECTORS)):  # a share of the budget each, no more than is left of a good
        rest = 1.0 - budget[~open_].sum()
        weight = np.where(open_, left / (1.0 - import_share), 0.0)
        budget[open_] = max(rest, 0.0) * weight[open_] / max(weight.sum(), 1e-300)
        over = open_ & (budget * (1.0 - import_share) * absorption > left)
        if not over.any():
            break
        budget[over] = left[over] / ((1.0 - import_share[over]) * absorption)
        open_ &= ~over
    exports = np.where(private, np.maximum(left - budget * (1.0 - import_share) * absorption, 0.0), 0.0)
    return Supply(
        output=output,
        investment_home=investment_home,
        budget_share=budget / max(budget.sum(), 1e-300),
        exports=exports,
        construction_share=construction / investment if investment > 0 else 0.0,
        equipment=equipment,
    )


def solve_imports(
    value_added: np.ndarray, investment: float, exports: float, preset_import_share: np.ndarray, absorption: float
) -> tuple[float, float]:
    """The imported-input share (and, where it cannot do it alone, a scale of the consumer
    import shares) at which exports come out at their target (bisection): more imported
    inputs mean more gross output for the same value added, so more left to export."""

    def gap(a: float, scale: float) -> float:
        m = np.minimum(scale * preset_import_share, MAX_IMPORT_SHARE)
        return float(market_uses(value_added, a, investment, absorption, m).exports.sum() - exports)

    if gap(0.0, 1.0) > 0:  # more left to export than the target even without imported inputs:
        return 0.0, bisect(lambda s: gap(0.0, s), 0.0, 1.0)  # households buy more at home
    if gap(MAX_INPUT_SHARE, 1.0) < 0:  # too little even with the largest input share
        return MAX_INPUT_SHARE, 1.0
    return bisect(lambda a: gap(a, 1.0), 0.0, MAX_INPUT_SHARE), 1.0


def open_accounts(
    country: CountryConfig,
    p: ModelParams,
    inputs: OpeningInputs,
    remittances_of_gdp: float,
    remittances_paid_of_gdp: float = 0.0,
) -> OpeningAccounts:
    """Calibrate the opening accounts (see the module docstring).

    Args:
        remittances_of_gdp: Remittances households receive, as a share of GDP.
        remittances_paid_of_gdp: Remittances foreign workers send abroad, as a share of GDP.
    """
    na = country.national_accounts
    if na is None:
        raise ValueError(f"{country.name}: the preset has no national_accounts (GDP by expenditure)")
    statutory = statutory_rates(country)
    tradable = np.array([s in TRADABLE_SECTORS for s in SECTORS])
    preset_m = np.where(tradable, sector_vector(country.import_share), 0.0)
    va = np.bincount(inputs.firm_sector, weights=inputs.value_added, minlength=len(SECTORS))
    firm_va = float(va.sum())
    oa = inputs.own_account_income
    base_gdp = firm_va + inputs.public_wages + oa
    targets = {
        "household_consumption": na.household_consumption,
        "government_consumption": na.government_consumption,
        "investment": na.investment,
        "exports": na.exports,
        "imports": na.imports,
        "tax_revenue": na.tax_revenue,
    }
    # the five shares may not sum to 1 (statistical discrepancy): spread the gap over them
    parts = np.array([na.household_consumption, na.government_consumption, na.investment, na.exports, -na.imports])
    parts = parts - (parts.sum() - 1.0) * np.abs(parts) / np.abs(parts).sum()
    c_share, g_share, i_share, x_share, _ = parts

    def tax_revenue(rates: FiscalRates, consumption: float, a: float) -> tuple[float, float, float]:
        """Income, value added and profit tax at `rates`, GDP, and the firms' profit after tax."""
        vat = (consumption - oa) * rates.product_taxes / (1.0 + rates.product_taxes)
        gdp = base_gdp + vat
        investment_per_output = i_share * gdp * (1.0 - a) / firm_va
        output = inputs.value_added / (1.0 - a)
        profit = inputs.value_added - inputs.labour_cost - investment_per_output * output
        profit_tax = rates.profit_tax * np.sum(np.maximum(profit, 0.0) * inputs.firm_formal)
        income_tax = rates.income_tax * inputs.income_tax_base
        return income_tax + vat + profit_tax, gdp, float(profit.sum() - profit_tax)

    rates, a, scale, phi = statutory, 0.0, 1.0, 0.0
    consumption = c_share * base_gdp
    for _ in range(100):
        # tax revenue = the target share of GDP: statutory rates collected in part, or in
        # full with other taxes on products on top
        if na.tax_revenue is not None:

            def shortfall(trial: FiscalRates, consumption: float = consumption, a: float = a) -> float:
                revenue, gdp, _ = tax_revenue(trial, consumption, a)
                return revenue - na.tax_revenue * gdp

            if shortfall(statutory) >= 0:
                rates = with_efficiency(bisect(lambda e: shortfall(with_efficiency(e, statutory)), 0.0, 1.0), statutory)
            else:
                other = bisect(lambda t: shortfall(with_efficiency(1.0, statutory, t)), 0.0, 2.0)
                rates = with_efficiency(1.0, statutory, other)
        revenue, gdp, dividends = tax_revenue(rates, consumption, a)
        government_purchases = max(g_share * gdp - inputs.public_wages, 0.0)
        absorption = (consumption - oa) / (1.0 + rates.product_taxes) + government_purchases
        a, scale = solve_imports(va, i_share * gdp, x_share * gdp, preset_m, absorption)
        revenue, gdp, dividends = tax_revenue(rates, consumption, a)
        income_tax = rates.income_tax * inputs.income_tax_base
        disposable_without_dividends = (
            inputs.gross_wages
            - income_tax
            - rates.employee_contributions * inputs.contribution_base
            + oa
            + inputs.pensions
            + (remittances_of_gdp - remittances_paid_of_gdp) * gdp
        )
        target = c_share * gdp
        phi = 1.0 - (target - disposable_without_dividends) / dividends if dividends > 0 else 0.0
        new_consumption = target
        if not 0.0 <= phi <= 1.0:
            phi = float(np.clip(phi, 0.0, 1.0))
            new_consumption = disposable_without_dividends + (1.0 - phi) * dividends
        if abs(new_consumption - consumption) < 1e-12 * gdp:
            consumption = new_consumption
            break
        consumption = new_consumption

    m = np.minimum(scale * preset_m, MAX_IMPORT_SHARE)
    absorption = (consumption - oa) / (1.0 + rates.product_taxes) + government_purchases
    supply = market_uses(va, a, i_share * gdp, absorption, m)
    budget_share = supply.budget_share
    spend = budget_share * absorption
    revenue, gdp, dividends = tax_revenue(rates, consumption, a)
    imports = (
        float(np.sum(spend * m))
        + (supply.equipment - supply.investment_home[MANUFACTURING])
        + a * float(supply.output.sum())
    )
    government = inputs.public_wages + government_purchases
    investment = i_share * gdp
    exports = float(supply.exports.sum())
    shares = {
        "household_consumption": consumption / gdp,
        "government_consumption": government / gdp,
        "investment": investment / gdp,
        "exports": exports / gdp,
        "imports": imports / gdp,
        "tax_revenue": revenue / gdp,
        "identity_gap": (consumption + government + investment + exports - imports) / gdp - 1.0,
    }
    return OpeningAccounts(
        fiscal=rates,
        input_share=a,
        investment_per_output=i_share * gdp * (1.0 - a) / firm_va,
        foreign_ownership=phi,
        import_scale=scale,
        budget_share=budget_share,
        base_import_share=m,
        construction_share=supply.construction_share,
        equipment_import_share=float(
            1.0 - supply.investment_home[MANUFACTURING] / supply.equipment if supply.equipment > 0 else m[MANUFACTURING]
        ),
        base_exports=supply.exports,
        government_purchases=government_purchases,
        own_account_share=oa / consumption,
        gdp=gdp,
        consumption=consumption,
        shares=shares,
        targets=targets,
    )


def demand_structure(
    opening: OpeningAccounts, public_services_real: np.ndarray, region_share: np.ndarray, output_by_region: np.ndarray
) -> DemandStructure:
    """The constants of goods demand from the opening accounts (`output_by_region`: sector x
    region output at start, where non-tradables' exports are sold)."""
    tradable = np.array([s in TRADABLE_SECTORS for s in SECTORS])
    total = output_by_region.sum(axis=1, keepdims=True)
    export_region_share = np.divide(output_by_region, total, out=np.zeros_like(output_by_region), where=total > 0)
    export_region_share[tradable] = 0.0
    export_region_share[tradable, 0] = 1.0
    public = np.arange(len(SECTORS)) == PUBLIC
    return DemandStructure(
        budget_share=opening.budget_share,
        base_import_share=opening.base_import_share,
        own_account_share=opening.own_account_share,
        base_exports=opening.base_exports,
        construction_share=opening.construction_share,
        equipment_import_share=opening.equipment_import_share,
        government_purchases_real=opening.government_purchases,
        public_services_real=public_services_real,
        imported_input_share=np.where(public, 0.0, opening.input_share),
        region_share=region_share,
        export_region_share=export_region_share,
        tradable=tradable,
        public=public,
    )
