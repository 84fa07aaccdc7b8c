"""Norwegian formats for amounts, numbers, percentages and dates, from Babel.

Every place that shows a value to a person (web pages, letters, e-mails, exports) formats it here, so
``1 234 567 kr`` (with non-breaking spaces) and ``23.11.2026`` look the same everywhere; organisation
and account numbers are grouped as people read them: ``974 760 673`` and ``1234 56 78903``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal, parse_pattern

from formservice.numbers import to_decimal

LOCALES = {"nb": "nb_NO", "nn": "nn_NO"}
# parsed once (babel parses a locale's name and a pattern's text on every call it is given them)
_LOCALES = {language: Locale.parse(name) for language, name in LOCALES.items()}
_WHOLE_KRONER, _KRONER_AND_ORE = parse_pattern("#,##0"), parse_pattern("#,##0.00")
NBSP = "\u00a0"
NORWAY = ZoneInfo("Europe/Oslo")  # the time zone every date and time is shown in


def _decimal(value: Any) -> Decimal | None:
    # what is not a number formservice reckons with (formservice.numbers) is shown as it is
    return to_decimal(value, typed=False)


def number(value: Any, language: str = "nb") -> str:
    """``1 234 567,5``; text that is not a number comes back unchanged."""
    amount = _decimal(value)
    if amount is None:
        return "" if value is None else str(value)
    return format_decimal(
        amount, locale=_LOCALES.get(language, _LOCALES["nb"]), decimal_quantization=False
    )


def kroner(value: Any, language: str = "nb") -> str:
    """``1 234 567 kr`` (øre shown only when there are any: ``1 234,50 kr``)."""
    amount = _decimal(value)
    if amount is None:
        return "" if value is None else str(value)
    pattern = _WHOLE_KRONER if amount == amount.to_integral_value() else _KRONER_AND_ORE
    text = format_decimal(amount, format=pattern, locale=_LOCALES.get(language, _LOCALES["nb"]))
    return f"{text}{NBSP}kr"


def percent(value: Any, language: str = "nb") -> str:
    """``33,3 %`` for a percentage given as 33.3."""
    amount = _decimal(value)
    if amount is None:
        return "" if value is None else str(value)
    return f"{number(amount.normalize(), language)}{NBSP}%"


def organisation_number(value: Any) -> str:
    """``974 760 673`` (non-breaking spaces) for nine digits; anything else unchanged."""
    digits = "" if value is None else str(value).replace(" ", "").replace(NBSP, "")
    if len(digits) != 9 or not digits.isascii() or not digits.isdigit():
        return "" if value is None else str(value)
    return NBSP.join((digits[:3], digits[3:6], digits[6:]))


def account_number(value: Any) -> str:
    """``1234 56 78903`` (non-breaking spaces) for eleven digits; anything else unchanged."""
    digits = "" if value is None else str(value).replace(" ", "").replace(".", "").replace(NBSP, "")
    if len(digits) != 11 or not digits.isascii() or not digits.isdigit():
        return "" if value is None else str(value)
    return NBSP.join((digits[:4], digits[4:6], digits[6:]))


REGISTER_NUMBERS = {"orgnr": organisation_number, "account_number": account_number}


def register_fact(value: Any, fact: str) -> str:
    """A fact of the register as shown: its numbers grouped, any other fact as it is."""
    shown = REGISTER_NUMBERS.get(fact)
    return shown(value) if shown else ("" if value is None else str(value))


def norwegian_today() -> dt.date:
    """Today's date in Norway, which is what deadlines and dates on paper mean."""
    return dt.datetime.now(NORWAY).date()


def norwegian_day(value: Any) -> dt.date | None:
    """The day a value means; a moment with a time zone (a stored UTC timestamp) is the day it
    was in Norway: a submission at 00:30 Norwegian time is not dated the day before."""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return None
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(NORWAY)
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None


def short_date(value: Any) -> str:
    """``dd.mm.åååå``; text that is not a date comes back unchanged."""
    day = norwegian_day(value)
    if day is None:
        return "" if value is None else str(value)
    return day.strftime("%d.%m.%Y")


def long_date(value: Any, language: str = "nb") -> str:
    """``23. november 2026`` in bokmål or nynorsk."""
    day = norwegian_day(value)
    if day is None:
        return "" if value is None else str(value)
    return format_date(day, "d. MMMM y", locale=_LOCALES.get(language, _LOCALES["nb"]))


def date_time(value: Any) -> str:
    """``23.11.2026 kl. 14:05`` in Norwegian time for a stored UTC timestamp."""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    if not isinstance(value, dt.datetime):
        return "" if value is None else str(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    local = value.astimezone(NORWAY)
    return local.strftime("%d.%m.%Y kl. %H:%M")
