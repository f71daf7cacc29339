"""Guarantees (Art. 23, 24), exchange rates and the fine cap."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from customs_ipr import money
from customs_ipr.errors import InvalidInput


@pytest.mark.parametrize(
    ("value", "guarantee"),
    [
        ("0", "0.00"),
        ("1", "1.00"),
        ("19999.99", "19999.99"),  # below 20,000: the value itself
        ("20000", "20000.00"),  # the lower edge belongs to the 50 % band, floored at 20,000
        ("20000.01", "20000.00"),
        ("39999.98", "20000.00"),
        ("40000", "20000.00"),
        ("40000.02", "20000.01"),
        ("100000", "50000.00"),
        ("199999.99", "100000.00"),  # half of it, rounded half up to the cent
        ("200000", "100000.00"),  # the upper edge belongs to the 50 % band
        ("200000.01", "100000.00"),  # above: the fixed 100,000
        ("5000000", "100000.00"),
    ],
)
def test_ex_officio_guarantee_bands(value, guarantee):
    assert money.ex_officio_guarantee(Decimal(value)).amount == Decimal(guarantee)


def test_guarantee_names_its_basis():
    result = money.ex_officio_guarantee(Decimal("50000"))
    assert result.basis == "Implementing Measures Art. 23"
    assert "50 %" in result.rule


def test_on_application_guarantee_equals_the_value():
    assert money.on_application_guarantee(Decimal("350000.555")).amount == Decimal("350000.56")


@pytest.mark.parametrize(
    ("costs", "amount"),
    [
        ("0", "200000.00"),
        ("199999.99", "200000.00"),
        ("200000", "200000.00"),
        ("350000.10", "350000.10"),
    ],
)
def test_general_guarantee_is_last_years_costs_at_least_200000(costs, amount):
    assert money.general_guarantee_amount(Decimal(costs)).amount == Decimal(amount)


def test_general_guarantee_covers_approval_day_to_31_december():
    approved = date(2026, 3, 10)
    assert money.general_guarantee_covers(approved, date(2026, 3, 10))
    assert money.general_guarantee_covers(approved, date(2026, 12, 31))
    assert not money.general_guarantee_covers(approved, date(2026, 3, 9))
    assert not money.general_guarantee_covers(approved, date(2027, 1, 1))


def test_fine_must_stay_below_thirty_percent():
    value = Decimal("100000")
    assert money.fine_cap(value) == Decimal("29999.99")
    assert money.check_fine(Decimal("29999.99"), value) == Decimal("29999.99")
    with pytest.raises(InvalidInput) as raised:
        money.check_fine(Decimal("30000"), value)
    assert "below 30 %" in raised.value.message
    with pytest.raises(InvalidInput):
        money.check_fine(Decimal("-1"), value)


def test_exchange_rates_convert_by_month():
    rates = money.parse_rates(
        {"months": {"2026-09": {"usd": "7.1234"}, "2026-10": {"USD": "7.0"}}}, origin="test"
    )
    assert rates.to_rmb(Decimal("1000"), "USD", date(2026, 9, 30)) == Decimal("7123.40")
    assert rates.to_rmb(Decimal("1000"), "USD", date(2026, 10, 1)) == Decimal("7000.00")
    assert rates.to_rmb(Decimal("12.345"), "CNY", date(2030, 1, 1)) == Decimal("12.35")


def test_missing_rate_names_currency_and_month():
    rates = money.parse_rates({"months": {"2026-09": {"USD": "7.1"}}}, origin="rates.json")
    with pytest.raises(money.ExchangeRateMissing) as raised:
        rates.rate("EUR", date(2026, 9, 2))
    assert "EUR" in raised.value.message and "2026-09" in raised.value.message


def test_configured_rate_table_replaces_the_bundled_sample(tmp_path, monkeypatch):
    from customs_ipr.config import get_settings

    path = tmp_path / "rates.json"
    path.write_text('{"source": "GAC 2026-09", "months": {"2026-09": {"EUR": "8"}}}')
    monkeypatch.setenv("EXCHANGE_RATES", str(path))
    get_settings.cache_clear()
    assert money.default_rates().to_rmb(Decimal("10"), "EUR", date(2026, 9, 1)) == Decimal("80.00")


@pytest.mark.parametrize("text", ["abc", "-5", "NaN", "Infinity", ""])
def test_bad_amounts_are_refused(text):
    with pytest.raises(InvalidInput):
        money.parse_amount(text)
