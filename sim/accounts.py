"""The accounts: the transaction-flow matrix and the balance sheets, closed every month.

Core objects: `FLOWS` and `COLUMNS` (the matrix's rows and columns), `Ledger` (one month's
matrix, filled by the processes as money changes hands), `Stocks` (the balance sheets) and
`closure_residuals` (how far a month is from closing).

Five institutional sectors (DESIGN.md section 2, "Money"): households, firms by production
sector, government, banks (one consolidated sector) and the rest of the world; households'
own-account businesses (unincorporated enterprises) get a column of their own, which sells
its output to households and pays all of it out as mixed income. Every monetary flow of a
month is a row of the transaction-flow matrix: paid by some columns (negative) and received
by others (positive), so each row sums to zero, and each column's sum is that sector's net
lending, which equals the change in its net financial wealth (Godley and Lavoie 2007,
chapter 2; the agent-based benchmark of Caiani et al. 2016).

Money is settled through bank deposits. Households hold deposits (negative: loans),
firms hold net worth as deposits (negative: loans), the government's deficit adds to its
debt, which the banks hold, and the country's net foreign assets sit with the banks. So the
banks' balance sheet, loans + government debt + net foreign assets = deposits + equity,
balances in every month in which the matrix closes. Interest rates are not in the project's
data and are not modelled: no interest flows, and the banks' equity moves only with loans
written off when insolvent firms exit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sim.config import SECTORS

PRIVATE_SECTORS: tuple[str, ...] = tuple(s for s in SECTORS if s != "public")
"""Production sectors of private firms; the public sector's producers are government units."""

COLUMNS: tuple[str, ...] = (
    "households",
    "own_account",
    *(f"firms_{s}" for s in PRIVATE_SECTORS),
    "government",
    "banks",
    "rest_of_world",
)
"""Columns of the transaction-flow matrix (institutional sectors)."""

FLOWS: tuple[str, ...] = (
    "consumption_domestic",
    "consumption_own_account",
    "consumption_imports",
    "value_added_tax",
    "other_taxes_on_products",
    "tariffs",
    "investment_domestic",
    "investment_imports",
    "government_purchases",
    "government_imports",
    "exports",
    "intermediate_imports",
    "tariffs_on_inputs",
    "wages",
    "mixed_income",
    "income_tax",
    "employee_contributions",
    "employer_contributions",
    "profit_tax",
    "dividends",
    "pensions",
    "unemployment_benefits",
    "training_subsidies",
    "wage_subsidies",
    "remittances_received",
    "remittances_sent",
    "capital_of_new_firms",
    "liquidation_of_firms",
    "loan_write_offs",
)
"""Rows of the transaction-flow matrix: every monetary flow of a month (local currency)."""

HOUSEHOLDS, OWN_ACCOUNT = 0, 1
FIRM_COLUMN = {s: 2 + i for i, s in enumerate(PRIVATE_SECTORS)}
GOVERNMENT, BANKS, REST_OF_WORLD = len(COLUMNS) - 3, len(COLUMNS) - 2, len(COLUMNS) - 1
FIRST_FIRM, LAST_FIRM = 2, 2 + len(PRIVATE_SECTORS)
ROW = {name: i for i, name in enumerate(FLOWS)}


class Ledger:
    """One month's transaction-flow matrix (flows x columns, local currency).

    A process records a payment with `pay(flow, payer, payee, amount)`, or with
    `firms_pay` and `firms_receive` for vectors of firms' amounts, so that every entry has
    its counterpart. `gross` keeps each flow's total, which netting inside a column (firms
    buying investment goods from firms of their own sector) would hide.
    """

    def __init__(self) -> None:
        self.matrix = np.zeros((len(FLOWS), len(COLUMNS)))
        self.gross = np.zeros(len(FLOWS))

    def pay(self, flow: str, payer: int, payee: int, amount: float) -> None:
        """`payer` pays `amount` to `payee` under `flow` (a negative amount reverses it)."""
        row = self.matrix[ROW[flow]]
        row[payer] -= amount
        row[payee] += amount
        self.gross[ROW[flow]] += amount

    def firms_pay(self, flow: str, sector: np.ndarray, amount: np.ndarray, payee: int) -> None:
        """Firms of each sector pay their amounts (one per firm) to `payee`."""
        by_sector = np.bincount(sector, weights=amount, minlength=len(SECTORS))
        total = float(by_sector.sum())
        row = self.matrix[ROW[flow]]
        for s, name in enumerate(SECTORS):
            if name != "public":
                row[FIRM_COLUMN[name]] -= by_sector[s]
        row[payee] += total
        self.gross[ROW[flow]] += total

    def firms_receive(self, flow: str, payer: int, by_sector: np.ndarray) -> None:
        """`payer` pays firms the amounts of `by_sector` (one per sector in SECTORS)."""
        row = self.matrix[ROW[flow]]
        for s, name in enumerate(SECTORS):
            if name != "public":
                row[FIRM_COLUMN[name]] += by_sector[s]
        row[payer] -= float(by_sector.sum())
        self.gross[ROW[flow]] += float(by_sector.sum())

    def paid(self, flow: str) -> float:
        """Everything paid under `flow` this month (gross, whoever paid whom)."""
        return float(self.gross[ROW[flow]])

    def net_lending(self) -> np.ndarray:
        """Each column's net lending this month (its sum)."""
        return self.matrix.sum(axis=0)


@dataclass
class Stocks:
    """Balance sheets at the end of a month (local currency).

    Attributes:
        household_deposits: Households' deposits (positive balances).
        household_loans: Households' debts to banks (negative balances).
        firm_deposits: Firms' deposits, by sector of SECTORS (positive net worth).
        firm_loans: Firms' debts to banks, by sector (negative net worth).
        government_debt: Government debt, held by the banks.
        net_foreign_assets: The country's net claims on the rest of the world, held by
            the banks (negative: net foreign liabilities).
        bank_equity: The banks' net worth.
    """

    household_deposits: float
    household_loans: float
    firm_deposits: np.ndarray
    firm_loans: np.ndarray
    government_debt: float
    net_foreign_assets: float
    bank_equity: float = field(default=0.0)

    def net_financial_wealth(self) -> np.ndarray:
        """Net financial wealth of each column of the matrix (own-account businesses hold none)."""
        out = np.zeros(len(COLUMNS))
        out[HOUSEHOLDS] = self.household_deposits - self.household_loans
        net = self.firm_deposits - self.firm_loans
        for s, name in enumerate(SECTORS):
            if name != "public":
                out[FIRM_COLUMN[name]] = net[s]
        out[GOVERNMENT] = -self.government_debt
        out[BANKS] = self.bank_equity
        out[REST_OF_WORLD] = -self.net_foreign_assets
        return out

    def bank_balance_gap(self) -> float:
        """Assets less liabilities and equity of the banks (0 when the balance sheet balances)."""
        assets = self.household_loans + self.firm_loans.sum() + self.government_debt + self.net_foreign_assets
        return float(assets - self.household_deposits - self.firm_deposits.sum() - self.bank_equity)


def sector_stocks(
    household_balances: np.ndarray, firm_net_worth: np.ndarray, firm_sector: np.ndarray, alive: np.ndarray
) -> tuple[float, float, np.ndarray, np.ndarray]:
    """Households' deposits and loans, firms' deposits and loans by sector, from the
    balances of every household and the net worth of every live firm."""
    n = len(SECTORS)
    worth = np.where(alive, firm_net_worth, 0.0)
    deposits = np.bincount(firm_sector, weights=np.maximum(worth, 0.0), minlength=n)
    loans = np.bincount(firm_sector, weights=np.maximum(-worth, 0.0), minlength=n)
    return (
        float(np.maximum(household_balances, 0.0).sum()),
        float(np.maximum(-household_balances, 0.0).sum()),
        deposits,
        loans,
    )


def measure_stocks(
    household_balances: np.ndarray,
    firm_net_worth: np.ndarray,
    firm_sector: np.ndarray,
    alive: np.ndarray,
    government_debt: float,
    net_foreign_assets: float,
    bank_equity: float,
) -> Stocks:
    """The balance sheets from the state the processes keep: every household's balance and
    every live firm's net worth (their positive parts are deposits, negative parts loans), the
    government's debt, the country's net foreign assets and the banks' equity."""
    dep_h, loans_h, dep_f, loans_f = sector_stocks(household_balances, firm_net_worth, firm_sector, alive)
    return Stocks(dep_h, loans_h, dep_f, loans_f, float(government_debt), float(net_foreign_assets), float(bank_equity))


def closure_residuals(ledger: Ledger, before: Stocks, after: Stocks) -> tuple[np.ndarray, np.ndarray, float]:
    """How far a month is from closing: each row's sum (0: every flow has its counterpart),
    each column's sum less the change in that sector's net financial wealth, and the banks'
    balance-sheet gap."""
    rows = ledger.matrix.sum(axis=1)
    columns = ledger.net_lending() - (after.net_financial_wealth() - before.net_financial_wealth())
    return rows, columns, after.bank_balance_gap()


HOUSEHOLD_PURCHASES = (
    "consumption_domestic",
    "consumption_own_account",
    "consumption_imports",
    "value_added_tax",
    "other_taxes_on_products",
    "tariffs",
)
PRODUCT_TAXES = ("value_added_tax", "other_taxes_on_products", "tariffs", "tariffs_on_inputs")
GOVERNMENT_CONSUMPTION = ("wages", "government_purchases", "training_subsidies", "government_imports")
IMPORTS = ("consumption_imports", "investment_imports", "government_imports", "intermediate_imports")


def national_accounts(ledger: Ledger, firm_value_added: float) -> dict[str, float]:
    """GDP by expenditure and by income, and tax revenue, from one month's matrix.

    Expenditure: household consumption (VAT and tariffs included), government consumption
    (public wages and purchases), investment, exports less imports. Income: private firms'
    value added (`firm_value_added`: sales less imported inputs) + public wages + mixed income
    + taxes on products (VAT, tariffs). Tax revenue as in the WDI's GC.TAX.TOTL: income,
    profit and product taxes, social contributions excluded.
    """
    m = ledger.matrix
    column = lambda flows, col: float(sum(m[ROW[f], col] for f in flows))  # noqa: E731
    firm_tariffs = -float(m[ROW["tariffs"], FIRST_FIRM:LAST_FIRM].sum())
    consumption = -column(HOUSEHOLD_PURCHASES, HOUSEHOLDS)
    government = -column(GOVERNMENT_CONSUMPTION, GOVERNMENT)
    investment = ledger.paid("investment_domestic") + ledger.paid("investment_imports") + firm_tariffs
    exports = ledger.paid("exports")
    imports = column(IMPORTS, REST_OF_WORLD)
    product_taxes = column(PRODUCT_TAXES, GOVERNMENT)
    income = firm_value_added - float(m[ROW["wages"], GOVERNMENT]) + float(m[ROW["mixed_income"], HOUSEHOLDS])
    return {
        "household_consumption": consumption,
        "government_consumption": government,
        "investment": investment,
        "exports": exports,
        "imports": imports,
        "gdp": consumption + government + investment + exports - imports,
        "gdp_income": income + product_taxes,
        "product_taxes": product_taxes,
        "tax_revenue": column(("income_tax", "profit_tax"), GOVERNMENT) + product_taxes,
    }


CAPITAL_TRANSFERS = ("capital_of_new_firms", "liquidation_of_firms", "loan_write_offs")
"""Rows that are not current flows: owners' capital and liquidation (equity is not valued in
the balance sheets, so these move net financial wealth) and debts written off."""


def current_account(ledger: Ledger) -> float:
    """Exports, remittances and income from abroad less imports and payments abroad: the rest
    of the world's net borrowing from us on current flows (capital transfers left out)."""
    capital = sum(ledger.matrix[ROW[f], REST_OF_WORLD] for f in CAPITAL_TRANSFERS)
    return -float(ledger.net_lending()[REST_OF_WORLD] - capital)


def sector_balances(ledger: Ledger) -> dict[str, float]:
    """Net lending of households (with their own-account businesses), firms, government,
    banks and the rest of the world this month; they sum to zero."""
    lending = ledger.net_lending()
    return {
        "households": float(lending[HOUSEHOLDS] + lending[OWN_ACCOUNT]),
        "firms": float(lending[FIRST_FIRM:LAST_FIRM].sum()),
        "government": float(lending[GOVERNMENT]),
        "banks": float(lending[BANKS]),
        "rest_of_world": float(lending[REST_OF_WORLD]),
    }
