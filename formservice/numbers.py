"""The one reader of numbers: what a person typed, a form stored or a computation gave, to an
exact ``Decimal`` (or a whole ``int``), or None when it is not a number formservice can use.

The engine (answers and expression values), the office (ladder, assessment, stored totals) and
formatting all read numbers here, so they refuse the same things:

* digits other than ASCII 0–9: ``'²'.isdigit()`` is true and ``Decimal('٣')`` is 3, but a
  superscript or an Arabic-Indic digit typed into an amount is a mistake, not a number;
* NaN, infinities, and text longer than :data:`MAX_TEXT` characters;
* magnitudes of 10^:data:`MAX_EXPONENT` and more (or as small the other way), where Decimal's
  28-digit context fails: quantizing ``1e30`` to whole kroner raises ``InvalidOperation``. No
  amount, share or count in a grant form comes near 10^20.

Typed numbers may use Norwegian spacing and a decimal comma (``1 234,50``); stored and computed
ones (``typed=False``) are read exactly as written.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

MAX_EXPONENT = 20
MAX_AMOUNT = Decimal(10) ** 12  # kroner: the most a form or a caseworker may state (a trillion)
MAX_TEXT = 40
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,4})?")
_TYPED_SPACES = re.compile(r"[\s\u00a0\u202f]")


def to_decimal(value: Any, *, typed: bool = True) -> Decimal | None:
    """``value`` as an exact Decimal within bounds, or None (booleans are not numbers)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        if abs(value) >= 10 ** (MAX_EXPONENT + 1):
            return None
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value)) if value == value else Decimal("NaN")
    elif isinstance(value, str):
        text = _TYPED_SPACES.sub("", value).replace(",", ".") if typed else value.strip()
        if len(text) > MAX_TEXT or not _NUMBER.fullmatch(text):
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
            return None
    else:
        return None
    if not number.is_finite():
        return None
    if number and abs(number.adjusted()) > MAX_EXPONENT:
        return None
    return number


def to_whole_number(
    value: Any, *, low: int | None = None, high: int | None = None, typed: bool = True
) -> int | None:
    """``value`` as a whole number from ``low`` to ``high`` (inclusive), or None."""
    number = to_decimal(value, typed=typed)
    if number is None or number != number.to_integral_value():
        return None
    whole = int(number)
    if (low is not None and whole < low) or (high is not None and whole > high):
        return None
    return whole
