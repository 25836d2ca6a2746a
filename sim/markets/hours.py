"""Working hours: overtime meets the orders that the staff cannot meet in normal hours.

Step 10 of the monthly cycle, before the accounts. A private firm whose orders exceed what its
staff produce in normal hours has them work overtime, up to the legal limit on overtime
hours and only where an overtime hour pays for itself: the value of its output, net of the
imported inputs it uses, covers its pay at the legal overtime premium with the employer's
contributions on it (at the presets' margins this rarely binds: one Serbian firm in 12 months
at scale 1000). Overtime is paid, so the extra output's income reaches the workers and the
accounts still close. A firm on strike works no overtime: its staff do not make up the
strikers' output. When orders fall short, the staff keep their normal hours and pay, and the
firm sheds the excess at its firing speed (`sim.markets.labour_demand`): hours move up, not
down, so this is half of the intensive margin (no short-time work).

Hours, not heads, take the first part of a rise in demand, so output per worker is
procyclical and employment moves less than output: the intensive margin of labour hoarding
(Burnside, Eichenbaum and Rebelo 1993, Journal of Political Economy 101(2); hours per worker
carry a large share of the cyclical variation of total hours in OECD countries, Ohanian and
Raffo 2012, Journal of Monetary Economics 59(1)).

The limit and the premium are each country's labour code in force in 2026, since runs project
forward from the latest data (`country.overtime_limit`, `country.overtime_premium`, with their
articles in the presets); where a preset has none, the EU's 48-hour average week over a
40-hour norm (Working Time Directive 2003/88/EC, article 6) and ILO Convention No. 1 (1919),
article 6(2), overtime paid at least 1.25 times the rate. A month's limit is the code's
tightest cap spread evenly over normal hours of 40 a week (2,080 a year, paid holidays
included): 120 hours a year is 5.8 % of normal hours, 8 hours a week 20 %. A firm cannot
bunch a yearly cap into a boom's months, so yearly caps bind harder than weekly ones of the
same total. Informal firms are held to the same limit and premium: no figure on their hours
was found.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

DEFAULT_OVERTIME_LIMIT = 8.0 / 40.0
"""Overtime as a share of normal hours when a preset gives no limit: 8 hours over a 40-hour
week, the EU's 48-hour average week (Directive 2003/88/EC, article 6)."""

DEFAULT_OVERTIME_PREMIUM = 0.25
"""Overtime pay above the normal rate when a preset gives none: ILO Convention No. 1
(Hours of Work (Industry), 1919), article 6(2), at least one and a quarter times the rate."""


@dataclass(frozen=True)
class OvertimeRules:
    """The labour code's rules on overtime.

    Attributes:
        limit: Most overtime in a month, as a share of normal hours.
        premium: Least overtime pay above the normal hourly rate (0.5: 1.5 times it).
    """

    limit: float
    premium: float


def overtime_rules(limit: float | None, premium: float | None) -> OvertimeRules:
    """A preset's overtime rules, with the defaults above where it has none."""
    return OvertimeRules(
        DEFAULT_OVERTIME_LIMIT if limit is None else limit,
        DEFAULT_OVERTIME_PREMIUM if premium is None else premium,
    )


def overtime_pays(
    price: np.ndarray, input_cost: np.ndarray, unit_labour_cost: np.ndarray, premium: float
) -> np.ndarray:
    """Whether an overtime hour pays for itself: the price of a unit of output less its
    imported inputs covers the unit's labour cost at the overtime rate (`1 + premium` times
    the normal rate; `unit_labour_cost` includes the employer's contributions)."""
    return price - input_cost >= (1.0 + premium) * unit_labour_cost


def overtime_share(orders: np.ndarray, normal_output: np.ndarray, limit: float, allowed: np.ndarray) -> np.ndarray:
    """Overtime hours as a share of normal hours, per firm: what it takes to meet the orders
    beyond normal output, at most `limit`, and none where `allowed` is false or no one works."""
    short = np.divide(orders, normal_output, out=np.ones_like(orders, dtype=float), where=normal_output > 0) - 1.0
    return np.where(allowed & (normal_output > 0), np.clip(short, 0.0, limit), 0.0)


def pay_factor(overtime: np.ndarray, premium: float) -> np.ndarray:
    """A month's pay over normal pay: normal hours plus overtime at `1 + premium` the rate."""
    return 1.0 + (1.0 + premium) * overtime
