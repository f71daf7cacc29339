"""Guarantees (Implementing Measures Art. 23–24), currency conversion and the fine cap.

All arithmetic is ``Decimal``; amounts are rounded to 0.01 RMB, half up.

Boundaries of Art. 23, for the value of the goods V in RMB:
- V < 20,000                → guarantee = V (19,999.99 → 19,999.99);
- 20,000 ≤ V ≤ 200,000      → 50 % of V, but not less than 20,000
                               (20,000 → 20,000; 40,000 → 20,000; 200,000 → 100,000);
- V > 200,000               → 100,000 (200,000.01 → 100,000).
The bands meet without a jump at 200,000 and the 20,000 floor makes 20,000 itself
cost 20,000, so each edge is continuous with the band below it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from customs_ipr.config import DATA_DIR, get_settings
from customs_ipr.errors import InvalidInput, RetryableError

CENT = Decimal("0.01")
LOWER_BAND = Decimal("20000")
UPPER_BAND = Decimal("200000")
UPPER_GUARANTEE = Decimal("100000")
MINIMUM_GENERAL_GUARANTEE = Decimal("200000")
FINE_CAP_SHARE = Decimal("0.30")
BUNDLED_RATES = DATA_DIR / "exchange_rates.json"


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def parse_amount(text: str | int | float | Decimal, *, what: str = "amount") -> Decimal:
    """A non-negative amount from user input; floats go through ``str`` to stay exact."""
    try:
        value = Decimal(str(text).replace(",", "").strip())
    except InvalidOperation:
        raise InvalidInput(f"The {what} {text!r} is not a number.") from None
    if not value.is_finite() or value < 0:
        raise InvalidInput(f"The {what} must be a non-negative number, not {text!r}.") from None
    return value


class GuaranteeResult(BaseModel):
    amount: Decimal
    value_rmb: Decimal
    rule: str
    basis: str


def ex_officio_guarantee(value_rmb: Decimal) -> GuaranteeResult:
    """Art. 23: the guarantee a holder posts for detention of goods worth ``value_rmb``."""
    value = cents(value_rmb)
    if value < LOWER_BAND:
        amount, rule = value, "value below 20,000: guarantee equals the value"
    elif value <= UPPER_BAND:
        amount = max(cents(value / 2), LOWER_BAND)
        rule = "value 20,000 to 200,000: 50 % of the value, at least 20,000"
    else:
        amount, rule = UPPER_GUARANTEE, "value above 200,000: guarantee of 100,000"
    return GuaranteeResult(
        amount=amount, value_rmb=value, rule=rule, basis="Implementing Measures Art. 23"
    )


def on_application_guarantee(value_rmb: Decimal) -> GuaranteeResult:
    """Detention upon the holder's own application (Regulations Art. 14).

    Art. 14 asks for a guarantee "not exceeding the value of the goods" (不超过货物等值); the
    amount within that cap is customs' choice, and this office asks the cap, the full value.
    """
    value = cents(value_rmb)
    return GuaranteeResult(
        amount=value,
        value_rmb=value,
        rule="upon application: not exceeding the value of the goods; this office asks the "
        "full value",
        basis="Regulations Art. 14 (not exceeding the value of the goods)",
    )


def general_guarantee_amount(last_year_costs: Decimal) -> GuaranteeResult:
    """Art. 24: last year's warehousing, custody and disposal costs, at least 200,000."""
    costs = cents(last_year_costs)
    return GuaranteeResult(
        amount=max(costs, MINIMUM_GENERAL_GUARANTEE),
        value_rmb=costs,
        rule="general guarantee: last year's costs, at least 200,000 (trademarks only)",
        basis="Implementing Measures Art. 24",
    )


def general_guarantee_covers(approved_on: date, detention_on: date) -> bool:
    """Art. 24: a general guarantee covers detentions from approval to 31 December that year."""
    return approved_on <= detention_on <= date(approved_on.year, 12, 31)


def fine_cap(value_rmb: Decimal) -> Decimal:
    """The largest fine allowed: strictly below 30 % of the value, so one cent under it."""
    return max(cents(value_rmb * FINE_CAP_SHARE) - CENT, Decimal("0.00"))


def check_fine(fine: Decimal, value_rmb: Decimal) -> Decimal:
    if fine < 0 or fine > fine_cap(value_rmb):
        raise InvalidInput(
            f"A fine of {cents(fine)} RMB is not allowed: it must be below 30 % of the value "
            f"of the goods ({cents(value_rmb)} RMB), at most {fine_cap(value_rmb)} RMB."
        )
    return cents(fine)


class ExchangeRateMissing(RetryableError):
    code = "exchange_rate_missing"


@dataclass(frozen=True)
class ExchangeRates:
    """Monthly customs rates: RMB per one unit of currency, keyed by ``YYYY-MM``.

    Customs publishes the rates applied in each month; the table is operator data
    (``EXCHANGE_RATES`` names a JSON file; the bundled one is an illustrative sample).
    """

    monthly: dict[str, dict[str, Decimal]]
    source: str = ""

    def rate(self, currency: str, on: date) -> Decimal:
        code = currency.upper()
        if code in ("CNY", "RMB"):
            return Decimal(1)
        month = on.strftime("%Y-%m")
        try:
            return self.monthly[month][code]
        except KeyError:
            raise ExchangeRateMissing(
                f"No exchange rate for {code} in {month}: add it to the exchange-rate table "
                f"({self.source or 'EXCHANGE_RATES'})."
            ) from None

    def to_rmb(self, amount: Decimal, currency: str, on: date) -> Decimal:
        return cents(amount * self.rate(currency, on))


def parse_rates(raw: dict[str, Any], *, origin: str) -> ExchangeRates:
    try:
        monthly = {
            month: {
                code.upper(): parse_amount(rate, what=f"{code} rate")
                for code, rate in table.items()
            }
            for month, table in raw["months"].items()
        }
    except (KeyError, AttributeError, TypeError) as error:
        raise InvalidInput(
            f"{origin}: expected {{'months': {{'YYYY-MM': {{...}}}}}} ({error})."
        ) from None
    return ExchangeRates(monthly=monthly, source=str(raw.get("source", origin)))


@lru_cache(maxsize=8)
def _rates_from(path: str) -> ExchangeRates:
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError) as error:
        raise InvalidInput(f"Exchange-rate table {path} cannot be read ({error}).") from None
    return parse_rates(raw, origin=path)


def default_rates() -> ExchangeRates:
    return _rates_from(get_settings().exchange_rates or str(BUNDLED_RATES))
