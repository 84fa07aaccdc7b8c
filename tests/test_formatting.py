"""Norwegian numbers and dates: the locales and patterns parsed once give what babel gives when
handed their names and text on every call."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from babel.dates import format_date
from babel.numbers import format_decimal

from formservice import formatting

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
