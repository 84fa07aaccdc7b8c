"""Norwegian numbers and dates: the locales and patterns parsed once give what babel gives when
handed their names and text on every call."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from babel.dates import format_date
from babel.numbers import format_decimal

from formservice import formatting
from tests.helpers.clock import new_years_night

AMOUNTS = ["0", "1", "-1", "999", "1000", "1234567", "1234.5", "1234.50", "0.01", "-98765.4",
           "123456789012", 660000, Decimal("220000.00"), 12.25]  # fmt: skip


@pytest.mark.parametrize("language", ["nb", "nn", "se", ""])
def test_kroner_numbers_and_dates_are_what_babel_makes_of_the_names(language):
    locale = formatting.LOCALES.get(language, "nb_NO")
    for value in AMOUNTS:
        amount = Decimal(str(value))
        pattern = "#,##0" if amount == amount.to_integral_value() else "#,##0.00"
        expected = format_decimal(amount, format=pattern, locale=locale) + "\u00a0kr"
        assert formatting.kroner(value, language) == expected
        assert formatting.number(value, language) == format_decimal(
            amount, locale=locale, decimal_quantization=False
        )
    day = dt.date(2026, 11, 23)
    assert formatting.long_date(day, language) == format_date(day, "d. MMMM y", locale=locale)
    assert formatting.kroner("ikke et tall", language) == "ikke et tall"


@pytest.mark.parametrize(
    ("stored", "day"),
    [
        ("2026-12-01T23:30:00+00:00", "02.12.2026"),  # 00:30 in Norway (winter time): next day
        ("2026-06-30T22:10:00+00:00", "01.07.2026"),  # 00:10 in Norway (summer time)
        ("2026-06-30T21:50:00+00:00", "30.06.2026"),  # 23:50 in Norway: the same day
        ("2026-12-01T23:30:00", "01.12.2026"),  # no time zone: the day as written
        ("2026-12-01", "01.12.2026"),
    ],
)
def test_a_stored_moment_is_dated_the_day_it_was_in_norway(stored, day):
    assert formatting.short_date(stored) == day
    assert formatting.short_date(dt.datetime.fromisoformat(stored)) == day
    if "+" in stored:  # the letter's date and its «received at» agree
        assert formatting.date_time(stored).startswith(day)
    assert formatting.short_date("ikke en dato") == "ikke en dato"


def test_today_is_the_day_it_is_in_norway(monkeypatch):
    new_years_night(monkeypatch)
    assert formatting.norwegian_today() == dt.date(2027, 1, 1)
