"""The expression interpreter against the JSON cases in ``expression_cases/``.

Each case is ``{name, expression, data?, row?, today?, expects}`` or ``{..., error}``. Numbers in
``data`` are read as Decimal and ISO dates as dates, as the engine types answers; ``expects`` gives
numbers as strings (exact Decimal), dates as ISO strings. ``"DEEP:n"``, ``"WIDE:n"`` and
``"LONG:n"`` stand for generated oversized expressions.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from formservice.engine.expressions import ExpressionError, Scope, check_structure, evaluate

CASES = [
    case
    for path in sorted((Path(__file__).parent / "expression_cases").glob("*.json"))
    for case in json.loads(path.read_text("utf-8"))
]
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _typed(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Decimal(str(value))
    if isinstance(value, str) and _DATE.match(value):
        return dt.date.fromisoformat(value)
    return value


def _expression(raw: Any) -> Any:
    if isinstance(raw, str) and raw.startswith(("DEEP:", "WIDE:", "LONG:")):
        kind, size = raw.split(":")
        if kind == "DEEP":
            expression: Any = 1
            for _ in range(int(size)):
                expression = ["abs", expression]
            return expression
        if kind == "WIDE":
            return ["add", *(["add", *range(60)] for _ in range(int(size) // 60 + 1))]
        return ["concat", "x" * int(size)]
    return raw


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_expression_case(case):
    expression = _expression(case["expression"])
    scope = Scope(
        values=_typed(case.get("data", {})),
        row=_typed(case["row"]) if "row" in case else None,
        today=dt.date.fromisoformat(case.get("today", "2021-02-10")),
    )
    problems = check_structure(expression)
    if "error" in case:
        if not problems:
            with pytest.raises(ExpressionError) as raised:
                evaluate(expression, scope)
            problems = [raised.value]
        assert any(case["error"] in p.message for p in problems), [p.message for p in problems]
        return
    assert problems == []
    assert _plain(evaluate(expression, scope)) == case["expects"]


def test_whole_numbers_a_browser_cannot_read_exactly_are_refused():
    # JSON numbers are doubles in the browser's engine: 2^53 + 1 would silently become 2^53
    problems = check_structure(["add", 2**53 + 1, 1])
    assert [p.message for p in problems] == [
        "whole number larger than 9007199254740991 cannot be read exactly in a browser; "
        "write it with an exponent (1e20)"
    ]
    assert problems[0].pointer == "/1"
    assert check_structure(["lookup", "1", {"1": 2**60}])[0].pointer == "/2/1"
    assert check_structure(["add", 2**53 - 1, 1e300]) == []


def test_a_remembered_structure_check_belongs_to_its_own_expression():
    # evaluate() remembers each expression's check by the object: an unknown function is refused
    # on every evaluation, and a well-formed list of equal content is not taken for it
    scope = Scope(values={"a": Decimal(2)})
    wrong = ["no_such_function", ["field", "a"]]
    for _ in range(2):
        with pytest.raises(ExpressionError, match="unknown function"):
            evaluate(wrong, scope)
    right = ["add", ["field", "a"], 1]
    assert evaluate(right, scope) == Decimal(3) == evaluate(right, scope)
    with pytest.raises(ExpressionError, match="unknown function"):
        evaluate(["no_such_function", ["field", "a"]], scope)  # a new list of the same content
