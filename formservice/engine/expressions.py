"""The expression language: function-first JSON arrays and their safe interpreter.

An expression is plain JSON. ``null``, booleans, numbers and strings are literals. An array whose
first element is a string is a call of a function from the allow-list in :data:`FUNCTIONS`, e.g.
``["multiply", ["row", "stillingsprosent"], 0.01, ["row", "sats"]]``. Nothing else is accepted:
there is no ``eval``, no attribute access and no way to name anything but form fields, and every
expression is bounded in depth and size before it is ever evaluated.

Semantics that form authors rely on (and that ``tests/engine/expression_cases`` pins down):

* numbers are exact :class:`~decimal.Decimal`; ``round`` rounds half up;
* arithmetic with ``null`` gives ``null``; dividing by zero gives ``null``;
* every comparison involving ``null`` is false (use ``empty`` to test for a missing answer);
* ``sum`` and ``count`` skip ``null``; ``sum`` of nothing is 0; ``min``/``max`` of nothing is ``null``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from formservice.engine.functions import FUNCTIONS, MAX_ARGS, Function, is_empty, to_number

__all__ = [
    "FUNCTIONS",
    "MAX_ARGS",
    "ExpressionError",
    "Function",
    "Scope",
    "check_structure",
    "evaluate",
    "is_empty",
    "references",
    "to_number",
]

MAX_DEPTH = 24
MAX_NODES = 400
MAX_STRING = 2_000
MAX_EXACT_INT = 2**53 - 1  # what a browser's JSON.parse reads exactly; the browser engine does too


class ExpressionError(ValueError):
    """An expression that cannot be accepted or evaluated; ``pointer`` is relative to the expression."""

    def __init__(self, message: str, pointer: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.pointer = pointer


@dataclass(frozen=True)
class Scope:
    """What an expression can see: the form's values and, inside a repeating group, the current row."""

    values: Mapping[str, Any]
    row: Mapping[str, Any] | None = None
    today: dt.date = field(default_factory=dt.date.today)


REFERENCE_FUNCTIONS = {"field": (1, 2), "row": (1, 1)}


def check_structure(expression: Any) -> list[ExpressionError]:
    """Every structural problem of an expression: unknown functions, arity, depth, size, bad literals."""
    problems: list[ExpressionError] = []
    nodes = 0

    def visit(node: Any, pointer: str, depth: int) -> None:
        nonlocal nodes
        nodes += 1
        if nodes > MAX_NODES:
            if nodes == MAX_NODES + 1:
                problems.append(ExpressionError(f"expression has more than {MAX_NODES} parts", ""))
            return
        if depth > MAX_DEPTH:
            problems.append(
                ExpressionError(f"expression is nested deeper than {MAX_DEPTH}", pointer)
            )
            return
        if node is None or isinstance(node, bool):
            return
        if isinstance(node, int | float):
            problems.extend(_number_problems(node, pointer))
            return
        if isinstance(node, str):
            if len(node) > MAX_STRING:
                problems.append(
                    ExpressionError(f"text longer than {MAX_STRING} characters", pointer)
                )
            return
        if isinstance(node, dict):
            problems.append(
                ExpressionError("an object is only allowed as the table of lookup", pointer)
            )
            return
        if not isinstance(node, list) or not node or not isinstance(node[0], str):
            problems.append(
                ExpressionError("a call must be a list starting with a function name", pointer)
            )
            return
        name, args = node[0], node[1:]
        if name in REFERENCE_FUNCTIONS:
            low, high = REFERENCE_FUNCTIONS[name]
            if not low <= len(args) <= high or not all(isinstance(a, str) for a in args):
                problems.append(
                    ExpressionError(f'"{name}" takes {low} to {high} field ids as text', pointer)
                )
            return
        function = FUNCTIONS.get(name)
        if function is None:
            problems.append(ExpressionError(f'unknown function "{name[:60]}"', f"{pointer}/0"))
            return
        if len(args) < function.min_args or (
            function.max_args is not None and len(args) > function.max_args
        ):
            most = "any number of" if function.max_args is None else f"at most {function.max_args}"
            problems.append(
                ExpressionError(
                    f'"{name}" takes at least {function.min_args} and {most} arguments, '
                    f"got {len(args)}",
                    pointer,
                )
            )
            return
        for index, arg in enumerate(args, start=1):
            if name == "lookup" and index == 2:
                if not isinstance(arg, dict) or not all(
                    isinstance(v, bool | int | float | str) or v is None for v in arg.values()
                ):
                    problems.append(
                        ExpressionError(
                            "lookup's table must be an object of plain values", f"{pointer}/{index}"
                        )
                    )
                    continue
                for key, value in arg.items():
                    if isinstance(value, int | float) and not isinstance(value, bool):
                        problems.extend(_number_problems(value, f"{pointer}/{index}/{key}"))
                continue
            visit(arg, f"{pointer}/{index}", depth + 1)

    visit(expression, "", 0)
    return problems


def _number_problems(number: float, pointer: str) -> list[ExpressionError]:
    """A number literal the browser's engine could not read exactly (JSON numbers are doubles)."""
    if not math.isfinite(number):
        return [ExpressionError("a number must be finite", pointer)]
    if isinstance(number, int) and abs(number) > MAX_EXACT_INT:
        return [
            ExpressionError(
                f"whole number larger than {MAX_EXACT_INT} cannot be read exactly in a browser; "
                "write it with an exponent (1e20)",
                pointer,
            )
        ]
    return []


# Structure checks of the expressions evaluated so far, by object: a definition's expressions are
# read-only lists that live as long as the definition, and each form evaluation runs dozens of
# them (checking each anew was a sixth of an evaluation). The entry holds the expression itself,
# so its id cannot be reused by another object while it is cached; bounded for expressions made
# on the fly.
_CHECKED: dict[int, tuple[Any, list[ExpressionError]]] = {}
_CHECKED_MAX = 20_000


def _structure_problems(expression: Any) -> list[ExpressionError]:
    if not isinstance(expression, list):
        return check_structure(expression)
    known = _CHECKED.get(id(expression))
    if known is not None and known[0] is expression:
        return known[1]
    problems = check_structure(expression)
    if len(_CHECKED) >= _CHECKED_MAX:
        _CHECKED.clear()
    _CHECKED[id(expression)] = (expression, problems)
    return problems


def evaluate(expression: Any, scope: Scope) -> Any:
    """Evaluate an expression that :func:`check_structure` accepted; raise ExpressionError otherwise."""
    problems = _structure_problems(expression)
    if problems:
        raise problems[0]
    return _evaluate(expression, scope)


def _evaluate(node: Any, scope: Scope) -> Any:
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int | float):
        return Decimal(str(node))
    if isinstance(node, str | dict):
        return node
    name, args = node[0], node[1:]
    if name == "field":
        value = scope.values.get(args[0])
        if len(args) == 2:
            rows = value if isinstance(value, list) else []
            return [row.get(args[1]) if isinstance(row, dict) else None for row in rows]
        return value
    if name == "row":
        if scope.row is None:
            raise ExpressionError('"row" used outside a repeating group')
        return scope.row.get(args[0])
    if name == "today":
        return scope.today
    function = FUNCTIONS[name]
    if function.lazy:
        return function.impl(lambda i: _evaluate(args[i], scope), len(args))
    return function.impl(*(_evaluate(arg, scope) for arg in args))


def references(expression: Any) -> set[tuple[str, ...]]:
    """The field references in an expression: ("field", id), ("field", group, sub) and ("row", sub)."""
    found: set[tuple[str, ...]] = set()

    def visit(node: Any) -> None:
        if isinstance(node, list) and node and isinstance(node[0], str):
            if node[0] in REFERENCE_FUNCTIONS:
                found.add(tuple(str(a) for a in node))
                return
            for arg in node[1:]:
                visit(arg)

    visit(expression)
    return found
