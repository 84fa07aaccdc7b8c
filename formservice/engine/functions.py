"""The allow-list of expression functions and their semantics (numbers, nulls, dates, text).

Every function an expression may call is in :data:`FUNCTIONS`; there is no other way to run code.
Numbers are exact ``Decimal``; comparisons with null are false; ``sum``/``count`` skip nulls.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from formservice.numbers import to_decimal

MAX_ARGS = 64
MAX_PLACES = 10


@dataclass(frozen=True)
class Function:
    """One allow-listed function: its implementation, arity and (for the checker) types."""

    impl: Callable[..., Any]
    min_args: int
    max_args: int | None
    arg_type: str = "any"
    returns: str = "any"
    lazy: bool = False


def to_number(value: Any) -> Decimal | None:
    """Return ``value`` as a Decimal, or None when it is not a number (booleans are not numbers)
    or one too large to reckon with; text is read as stored (``1234.5``), see formservice.numbers."""
    return to_decimal(value, typed=False)


def _comparable(a: Any, b: Any) -> tuple[Any, Any] | None:
    if a is None or b is None:
        return None
    na, nb = to_number(a), to_number(b)
    if na is not None and nb is not None and not isinstance(a, str) and not isinstance(b, str):
        return na, nb
    if type(a) is type(b) or (isinstance(a, str) and isinstance(b, str)):
        return a, b
    if isinstance(a, dt.date) and isinstance(b, str):
        return a, _parse_date(b)
    if isinstance(a, str) and isinstance(b, dt.date):
        return _parse_date(a), b
    return None


def _compare(op: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    def compare(a: Any, b: Any) -> bool:
        pair = _comparable(a, b)
        if pair is None or pair[0] is None or pair[1] is None:
            return False
        try:
            return bool(op(*pair))
        except TypeError:
            return False

    return compare


def _numbers(args: Sequence[Any]) -> list[Decimal | None]:
    return [to_number(a) for a in args]


def _flatten(args: Sequence[Any]) -> list[Any]:
    items: list[Any] = []
    for arg in args:
        if isinstance(arg, list):
            items.extend(arg)
        else:
            items.append(arg)
    return items


def _add(*args: Any) -> Decimal | None:
    numbers = _numbers(args)
    return None if any(n is None for n in numbers) else sum(numbers, Decimal(0))  # type: ignore[arg-type]


def _multiply(*args: Any) -> Decimal | None:
    result = Decimal(1)
    for number in _numbers(args):
        if number is None:
            return None
        result *= number
    return result


def _subtract(a: Any, b: Any) -> Decimal | None:
    na, nb = to_number(a), to_number(b)
    return None if na is None or nb is None else na - nb


def _divide(a: Any, b: Any) -> Decimal | None:
    na, nb = to_number(a), to_number(b)
    if na is None or nb is None or nb == 0:
        return None
    return na / nb


def _round(value: Any, places: Any = 0) -> Decimal | None:
    number, digits = to_number(value), to_number(places)
    if number is None or digits is None or digits != digits.to_integral_value():
        return None
    digits_int = max(0, min(int(digits), MAX_PLACES))
    try:
        return number.quantize(Decimal(1).scaleb(-digits_int), rounding=ROUND_HALF_UP)
    except InvalidOperation:  # more digits than the context's 28: no sensible rounding
        return None


def _abs(value: Any) -> Decimal | None:
    number = to_number(value)
    return None if number is None else abs(number)


def _sum(*args: Any) -> Decimal:
    return sum((n for n in _numbers(_flatten(args)) if n is not None), Decimal(0))


def _count(*args: Any) -> Decimal:
    return Decimal(sum(1 for item in _flatten(args) if not is_empty(item)))


def _extreme(pick: Callable[..., Decimal]) -> Callable[..., Decimal | None]:
    def extreme(*args: Any) -> Decimal | None:
        numbers = [n for n in _numbers(_flatten(args)) if n is not None]
        return pick(numbers) if numbers else None

    return extreme


def is_empty(value: Any) -> bool:
    """True for null, blank strings and empty lists or objects: an unanswered question."""
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() == ""
    if isinstance(value, list | dict):
        return len(value) == 0
    return False


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _parse_date(value: Any) -> dt.date | None:
    """A date, or text ``YYYY-MM-DD`` only (not the other ISO forms Python reads)."""
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _days_between(a: Any, b: Any) -> Decimal | None:
    da, db = _parse_date(a), _parse_date(b)
    return None if da is None or db is None else Decimal((db - da).days)


def _year(value: Any) -> Decimal | None:
    day = _parse_date(value)
    return None if day is None else Decimal(day.year)


def _lookup(key: Any, table: Mapping[str, Any], default: Any = None) -> Any:
    """The table's value for the key as text (numbers without exponent or trailing zeros)."""
    if key is None or isinstance(key, list | dict):
        return default
    number = to_number(key)
    text = _as_text(number) if number is not None and not isinstance(key, str) else _as_text(key)
    if text not in table:
        return default
    value = table[text]
    # the table's numbers are literals like any other: exact decimals
    return (
        Decimal(str(value))
        if isinstance(value, int | float) and not isinstance(value, bool)
        else value
    )


def _in(value: Any, *options: Any) -> bool:
    return value is not None and any(
        _compare(lambda a, b: a == b)(value, o) for o in _flatten(options)
    )


def _contains(collection: Any, value: Any) -> bool:
    return isinstance(collection, list) and _in(value, collection)


def _concat(*args: Any) -> str:
    return "".join("" if a is None else _as_text(a) for a in args)


def _as_text(value: Any) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join("" if item is None else _as_text(item) for item in value)
    return str(value)


def _length(value: Any) -> Decimal | None:
    if isinstance(value, str | list):
        return Decimal(len(value))
    return None


# Lazy functions receive unevaluated arguments and an evaluator, so `and`/`or`/`if` short-circuit.
def _and(evaluate_arg: Callable[[int], Any], count: int) -> bool:
    return all(evaluate_arg(i) is True for i in range(count))


def _or(evaluate_arg: Callable[[int], Any], count: int) -> bool:
    return any(evaluate_arg(i) is True for i in range(count))


def _if(evaluate_arg: Callable[[int], Any], count: int) -> Any:
    if evaluate_arg(0) is True:
        return evaluate_arg(1)
    return evaluate_arg(2) if count > 2 else None


FUNCTIONS: dict[str, Function] = {
    "and": Function(_and, 1, MAX_ARGS, "boolean", "boolean", lazy=True),
    "or": Function(_or, 1, MAX_ARGS, "boolean", "boolean", lazy=True),
    "if": Function(_if, 2, 3, "any", "any", lazy=True),
    "not": Function(lambda a: a is not True, 1, 1, "boolean", "boolean"),
    "equals": Function(_compare(lambda a, b: a == b), 2, 2, "any", "boolean"),
    "not_equals": Function(_compare(lambda a, b: a != b), 2, 2, "any", "boolean"),
    "lt": Function(_compare(lambda a, b: a < b), 2, 2, "ordered", "boolean"),
    "lte": Function(_compare(lambda a, b: a <= b), 2, 2, "ordered", "boolean"),
    "gt": Function(_compare(lambda a, b: a > b), 2, 2, "ordered", "boolean"),
    "gte": Function(_compare(lambda a, b: a >= b), 2, 2, "ordered", "boolean"),
    "add": Function(_add, 1, MAX_ARGS, "number", "number"),
    "subtract": Function(_subtract, 2, 2, "number", "number"),
    "multiply": Function(_multiply, 1, MAX_ARGS, "number", "number"),
    "divide": Function(_divide, 2, 2, "number", "number"),
    "round": Function(_round, 1, 2, "number", "number"),
    "abs": Function(_abs, 1, 1, "number", "number"),
    "sum": Function(_sum, 1, MAX_ARGS, "number", "number"),
    "count": Function(_count, 1, MAX_ARGS, "any", "number"),
    "min": Function(_extreme(min), 1, MAX_ARGS, "number", "number"),
    "max": Function(_extreme(max), 1, MAX_ARGS, "number", "number"),
    "empty": Function(is_empty, 1, 1, "any", "boolean"),
    "not_empty": Function(lambda a: not is_empty(a), 1, 1, "any", "boolean"),
    "in": Function(_in, 2, MAX_ARGS, "any", "boolean"),
    "contains": Function(_contains, 2, 2, "any", "boolean"),
    "lookup": Function(_lookup, 2, 3, "any", "any"),
    "date": Function(_parse_date, 1, 1, "string", "date"),
    "today": Function(lambda: None, 0, 0, "any", "date"),
    "days_between": Function(_days_between, 2, 2, "date", "number"),
    "year": Function(_year, 1, 1, "date", "number"),
    "concat": Function(_concat, 1, MAX_ARGS, "any", "string"),
    "length": Function(_length, 1, 1, "any", "number"),
    "list": Function(lambda *items: list(items), 0, MAX_ARGS, "any", "list"),
}
