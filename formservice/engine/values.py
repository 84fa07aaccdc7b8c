"""Reading one answer: from what a person typed (or a JSON file holds) to a typed value, or a message.

:func:`parse` turns a raw answer into the typed value expressions see (``Decimal`` for numbers,
``date`` for dates, ``bool`` for yes/no) or returns a bilingual message saying what is wrong.
:func:`to_json` gives the canonical JSON form that is stored; ``parse(to_json(v)) == v``.
Groups, Likert questions and declarations are handled by the evaluator, which calls this per part.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from stdnum.exceptions import ValidationError
from stdnum.no import kontonr, orgnr

from formservice.engine.expressions import is_empty
from formservice.engine.messages import Text, message
from formservice.engine.model import Field
from formservice.engine.municipalities import municipality
from formservice.engine.printable import refused_character
from formservice.numbers import MAX_AMOUNT, MAX_TEXT, to_decimal

# U+2028 and U+2029 separate lines and paragraphs: plain line breaks everywhere else.
LINE_SEPARATORS = str.maketrans({"\u2028": "\n", "\u2029": "\n"})
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s.]{2,}$")
_PHONE = re.compile(r"^(\+\d{7,15}|\d{8})$")
_SPACES = re.compile(r"[\s\u00a0\u202f]")
DEFAULT_MAX_LENGTH = {"text": 200, "textarea": 10_000, "email": 254, "phone": 30}
_YES = {"true", "ja", "yes", "1", "on"}
_NO = {"false", "nei", "no", "0", "off"}


class Invalid(Exception):
    """A raw answer that cannot be read; ``text`` says why in both languages."""

    def __init__(self, text: Text) -> None:
        super().__init__(text["nb"])
        self.text = text


def parse(field: Field, raw: Any) -> Any:
    """The typed value of a simple field's raw answer; None when unanswered; raises Invalid."""
    if raw is None or (isinstance(raw, str) and raw.strip() == ""):
        return None
    if field.type == "checkboxes":
        return _parse_choices(field, raw)
    if field.type == "yesno":
        return _parse_bool(field, raw)
    plain = isinstance(raw, str) or _is_number(raw)
    if not plain:
        raise Invalid(message("not_text", field.label))
    text = str(raw).translate(LINE_SEPARATORS)
    refuse_unusable(field.label, text)  # numbers too: "0\x1f" is no number, though \s strips it
    if field.kind in ("integer", "decimal", "money", "percent"):
        return _parse_number(field, raw)
    parser = _PARSERS.get(field.kind, _parse_text)
    return parser(field, text)


def refuse_unusable(label: Text | None, text: str) -> None:
    """Raise Invalid naming the first character of ``text`` no document can show, if any: a
    control or unassigned code point, or one no installed font draws (:mod:`.printable`)."""
    refused = refused_character(text)
    if refused is None:
        return
    code = f"U+{ord(refused.character):04X}"
    if refused.kind == "u":
        raise Invalid(message("unusable_character", label, code=code))
    raise Invalid(message("unprintable_character", label, code=code, character=refused.character))


def to_json(field: Field, value: Any) -> Any:
    """The canonical JSON form of a typed value."""
    if isinstance(value, Decimal):
        if field.kind == "integer":
            return int(value)
        return format(value.normalize(), "f") if value != 0 else "0"
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _is_number(raw: Any) -> bool:
    return isinstance(raw, int | float | Decimal) and not isinstance(raw, bool)


def _parse_text(field: Field, text: str) -> str:
    limit = field.max_length or DEFAULT_MAX_LENGTH.get(field.kind, 10_000)
    if len(text) > limit:
        raise Invalid(message("too_long", field.label, max=limit))
    if field.min_length and len(text.strip()) < field.min_length:
        raise Invalid(message("too_short", field.label, min=field.min_length))
    return text


def _parse_number(field: Field, raw: Any) -> Decimal:
    key = {"integer": "not_integer", "money": "not_amount"}.get(field.kind, "not_number")
    text = _SPACES.sub("", str(raw)).replace(",", ".")
    if field.kind == "money":
        text = re.sub(r"(?i)^(kr\.?|nok)|(kr\.?|nok|,-|\.-)$", "", text)
    if field.kind == "percent":
        text = text.removesuffix("%")
    number = to_decimal(text, typed=False) if len(text) <= MAX_TEXT else None
    if number is None:  # not a number, or one formservice cannot reckon with (formservice.numbers)
        raise Invalid(message(key, field.label))
    decimals = (
        field.decimals if field.decimals is not None else (0 if field.kind == "integer" else 2)
    )
    if -int(number.normalize().as_tuple().exponent) > decimals:
        error = key if decimals == 0 else "too_many_decimals"
        raise Invalid(message(error, field.label, decimals=decimals))
    low = Decimal(str(field.min)) if field.min is not None else _DEFAULT_MIN.get(field.kind)
    high = Decimal(str(field.max)) if field.max is not None else _DEFAULT_MAX.get(field.kind)
    if low is not None and number < low:
        raise Invalid(message("below_min", field.label, min=_show(low)))
    if high is not None and number > high:
        raise Invalid(message("above_max", field.label, max=_show(high)))
    return number.quantize(Decimal(1)) if decimals == 0 else number


_DEFAULT_MIN = {"money": Decimal(0), "percent": Decimal(0)}
_DEFAULT_MAX = {
    "money": MAX_AMOUNT,
    "percent": Decimal(100),
    "integer": Decimal("1e15"),
    "decimal": Decimal("1e15"),
}


def _show(number: Decimal) -> str:
    return format(number.normalize(), "f").replace(".", ",")


def _parse_date(field: Field, text: str) -> dt.date:
    text = text.strip()
    match = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
    try:
        if match:
            day = dt.date(int(match[3]), int(match[2]), int(match[1]))
        elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            day = dt.date.fromisoformat(text)
        else:
            raise ValueError(text)
    except ValueError:
        raise Invalid(message("not_date", field.label)) from None
    for bound, key, compare in ((field.min, "date_before", "lt"), (field.max, "date_after", "gt")):
        if bound is None:
            continue
        limit = dt.date.fromisoformat(str(bound))
        if (day < limit) if compare == "lt" else (day > limit):
            shown = limit.strftime("%d.%m.%Y")
            raise Invalid(message(key, field.label, min=shown, max=shown))
    return day


def _parse_email(field: Field, text: str) -> str:
    text = text.strip()
    if len(text) > 254 or not _EMAIL.match(text):
        raise Invalid(message("not_email", field.label))
    return text


def _parse_phone(field: Field, text: str) -> str:
    compact = _SPACES.sub("", text).replace("-", "")
    if compact.startswith("0047"):
        compact = "+47" + compact[4:]
    if not _PHONE.match(compact):
        raise Invalid(message("not_phone", field.label))
    return compact


def _parse_orgnr(field: Field, text: str) -> str:
    try:
        return orgnr.validate(text)
    except ValidationError:
        raise Invalid(message("not_orgnr", field.label)) from None


def _parse_kontonr(field: Field, text: str) -> str:
    try:
        number = kontonr.validate(text)
    except ValidationError:
        raise Invalid(message("not_kontonr", field.label)) from None
    if len(number) != 11:  # kontonr also accepts 7-digit postgiro numbers
        raise Invalid(message("not_kontonr", field.label))
    return number


def _parse_municipality(field: Field, text: str) -> str:
    number = text.strip()
    if municipality(number) is None:
        raise Invalid(message("not_municipality", field.label))
    return number


def _parse_option(field: Field, text: str) -> str:
    if text not in {option.value for option in field.options}:
        raise Invalid(message("not_option", field.label))
    return text


def _parse_choices(field: Field, raw: Any) -> list[str] | None:
    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise Invalid(message("not_option", field.label))
    allowed = [option.value for option in field.options]
    if any(item not in allowed for item in items):
        raise Invalid(message("not_option", field.label))
    chosen = [value for value in allowed if value in items]
    if field.min_selected and chosen and len(chosen) < field.min_selected:
        raise Invalid(message("too_few_selected", field.label, min=field.min_selected))
    if field.max_selected and len(chosen) > field.max_selected:
        raise Invalid(message("too_many_selected", field.label, max=field.max_selected))
    return chosen or None


def _parse_bool(field: Field, raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().lower() in _YES | _NO:
        return raw.strip().lower() in _YES
    raise Invalid(message("not_yesno", field.label))


_PARSERS = {
    "date": _parse_date,
    "email": _parse_email,
    "phone": _parse_phone,
    "orgnr": _parse_orgnr,
    "kontonr": _parse_kontonr,
    "municipality": _parse_municipality,
    "select": _parse_option,
    "radio": _parse_option,
}


def empty(value: Any) -> bool:
    """Whether a typed value counts as unanswered."""
    return is_empty(value)
