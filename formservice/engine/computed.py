"""Computed fields: the order they are computed in (each after those it reads) and one field's
value, rounded as its definition says. :mod:`formservice.engine.evaluate` runs them on every
evaluation; :mod:`formservice.engine.checker` reports cycles among them."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from formservice.engine.expressions import ExpressionError, Scope, references
from formservice.engine.expressions import evaluate as run
from formservice.engine.functions import to_number
from formservice.engine.model import Definition, Field


def computed_value(field: Field, scope: Scope) -> Any:
    """The field's expression in the scope, rounded to its decimals; None where it cannot be
    computed (an unknown or empty answer, a number too large to round)."""
    try:
        value = run(field.expression, scope)
    except ExpressionError:
        return None
    if isinstance(value, Decimal):
        value = to_number(value)  # a product of two large answers can pass what Decimal can round
        if value is None:
            return None
        places = field.decimals
        if places is None and field.value_type == "integer":
            places = 0
        if places is not None:
            try:
                value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
            except InvalidOperation:  # more digits than the context holds
                return None
        if not value.is_finite():
            return None
    return value


def computed_order(definition: Definition) -> list[tuple[str | None, Field]]:
    """Computed fields, each after those it depends on: (group id or None, field)."""
    cached = definition.__dict__.get("_computed_order")
    if cached is not None:
        return cached
    nodes: dict[str, tuple[str | None, Field]] = {}
    for _, _, field in definition.fields():
        if field.type == "computed":
            nodes[field.id] = (None, field)
        for sub in field.fields:
            if sub.type == "computed":
                nodes[f"{field.id}.{sub.id}"] = (field.id, sub)
    order: list[tuple[str | None, Field]] = []
    state: dict[str, int] = {}

    def visit(key: str) -> None:
        if state.get(key) == 2 or state.get(key) == 1:  # done, or a cycle the checker reports
            return
        state[key] = 1
        group_id, field = nodes[key]
        for dependency in dependencies(group_id, field):
            if dependency in nodes:
                visit(dependency)
        state[key] = 2
        order.append(nodes[key])

    for key in nodes:
        visit(key)
    object.__setattr__(definition, "_computed_order", order)
    return order


def dependencies(group_id: str | None, field: Field) -> set[str]:
    """The node keys (``id`` or ``group.sub``) a computed field's expression reads."""
    found = set()
    for reference in references(field.expression):
        if reference[0] == "row" and group_id:
            found.add(f"{group_id}.{reference[1]}")
        elif reference[0] == "field":
            found.add(".".join(reference[1:]))
    return found
