"""Checking a definition beyond its JSON Schema: ids, references, expressions, types and cycles.

:func:`check_definition` returns every problem as a :class:`Problem` with a JSON pointer into the
file. The schema itself is checked by :mod:`formservice.engine.loader` first; a definition with any
problem is refused, never half-loaded.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from formservice.engine.computed import computed_order, dependencies
from formservice.engine.expressions import check_structure
from formservice.engine.model import Definition, Field, Rule
from formservice.engine.prefill import check_prefill
from formservice.engine.typecheck import TypeChecker


@dataclass(frozen=True, order=True)
class Problem:
    """One problem: where (file and JSON pointer) and what."""

    source: str
    pointer: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}:{self.pointer or '/'}: {self.message}"


def check_definition(definition: Definition) -> list[Problem]:
    """Every problem of a schema-valid definition, in file order."""
    found = [*_duplicate_ids(definition), *_expressions(definition), *_cycles(definition)]
    found += _bounds(definition) + _migrations(definition) + list(check_prefill(definition))
    found += check_grant(definition)
    return [Problem(definition.source, pointer, text) for pointer, text in found]


def _duplicate_ids(definition: Definition) -> Iterator[tuple[str, str]]:
    seen: dict[str, str] = {}
    for page in definition.pages:
        items: list[tuple[str, str, str]] = [("page", page.id, page.pointer)]
        for section in page.sections:
            items.append(("section", section.id, section.pointer))
            items.extend(("field", f.id, f.pointer) for f in section.fields)
        for _kind, item_id, pointer in items:
            if item_id in seen:
                yield f"{pointer}/id", f'duplicate id "{item_id}" (also used at {seen[item_id]})'
            else:
                seen[item_id] = pointer
    for _, _, field in definition.fields():
        yield from _duplicates_within(field)
    rule_ids = Counter(rule.id for rule in definition.rules)
    for rule in definition.rules:
        if rule_ids[rule.id] > 1:
            yield f"{rule.pointer}/id", f'duplicate rule id "{rule.id}"'


def _duplicates_within(field: Field) -> Iterator[tuple[str, str]]:
    for name, items in (
        ("sub-field", [(f.id, f.pointer + "/id") for f in field.fields]),
        ("option value", [(o.value, field.pointer + "/options") for o in field.options]),
        ("scale value", [(o.value, field.pointer + "/scale") for o in field.scale]),
        ("statement id", [(o.value, field.pointer + "/statements") for o in field.statements]),
        ("rule id", [(r.id, r.pointer + "/id") for r in field.rules]),
    ):
        counts = Counter(item_id for item_id, _ in items)
        reported = set()
        for item_id, pointer in items:
            if counts[item_id] > 1 and item_id not in reported:
                reported.add(item_id)
                yield pointer, f'duplicate {name} "{item_id}" in field "{field.id}"'
    for sub in field.fields:
        if sub.type == "group":
            yield sub.pointer + "/type", "a repeating group cannot contain another group"
        yield from _duplicates_within(sub)


def _expressions(definition: Definition) -> Iterator[tuple[str, str]]:
    checker = TypeChecker(definition)
    for pointer, expression, group, expected in _all_expressions(definition):
        structural = check_structure(expression)
        if structural:
            for problem in structural:
                yield pointer + problem.pointer, problem.message
            continue
        for inner, text in checker.check(expression, group, expected):
            yield pointer + inner, text


def _all_expressions(definition: Definition) -> Iterator[tuple[str, Any, Field | None, str]]:
    """(pointer, expression, enclosing group, expected type) for every expression in the file."""
    for page in definition.pages:
        yield f"{page.pointer}/visible_if", page.visible_if, None, "boolean"
        for section in page.sections:
            yield f"{section.pointer}/visible_if", section.visible_if, None, "boolean"
            for field in section.fields:
                yield from _field_expressions(field, None)
                for sub in field.fields:
                    yield from _field_expressions(sub, field)
    for rule in definition.rules:
        yield from _rule_expressions(rule, None)


def _field_expressions(
    field: Field, group: Field | None
) -> Iterator[tuple[str, Any, Field | None, str]]:
    for key in ("visible_if", "required", "read_only"):
        yield f"{field.pointer}/{key}", getattr(field, key), group, "boolean"
    if field.type == "computed":
        expected = {"text": "string", "date": "date", "boolean": "boolean"}.get(
            field.value_type or "", "number"
        )
        yield f"{field.pointer}/expression", field.expression, group, expected
    for rule in field.rules:
        yield from _rule_expressions(rule, group)


def _rule_expressions(
    rule: Rule, group: Field | None
) -> Iterator[tuple[str, Any, Field | None, str]]:
    yield f"{rule.pointer}/assert", rule.assert_, group, "boolean"
    yield f"{rule.pointer}/when", rule.when, group, "boolean"


def _cycles(definition: Definition) -> Iterator[tuple[str, str]]:
    nodes: dict[str, tuple[str | None, Field]] = {}
    for group_id, field in computed_order(definition):
        nodes[f"{group_id}.{field.id}" if group_id else field.id] = (group_id, field)
    reported: set[frozenset[str]] = set()
    for start in nodes:
        path = _find_cycle(start, nodes)
        if path and frozenset(path) not in reported:
            reported.add(frozenset(path))
            field = nodes[start][1]
            chain = " → ".join([*path, path[0]])
            yield f"{field.pointer}/expression", f"computed fields depend on each other: {chain}"


def _find_cycle(start: str, nodes: dict[str, tuple[str | None, Field]]) -> list[str] | None:
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    while stack:
        key, path = stack.pop()
        group_id, field = nodes[key]
        for dependency in dependencies(group_id, field):
            if dependency == start:
                return path
            if dependency in nodes and dependency not in path:
                stack.append((dependency, [*path, dependency]))
    return None


def _bounds(definition: Definition) -> list[tuple[str, str]]:
    found = []
    for field in _every_field(definition):
        if field.type == "group" and field.min_rows > field.max_rows:
            found.append((f"{field.pointer}/min_rows", "min_rows is larger than max_rows"))
        if (
            field.min is not None
            and field.max is not None
            and _number(field.min) > _number(field.max)
        ):
            found.append((f"{field.pointer}/min", "min is larger than max"))
        if field.type == "group" and any(not f.has_value for f in field.fields if f.type != "info"):
            found.append((f"{field.pointer}/fields", "a group can only hold answer fields"))
    known = {f.id for _, _, f in definition.fields()}
    for rule in definition.rules:
        if rule.field not in known:
            found.append((f"{rule.pointer}/field", f'unknown field "{rule.field}"'))
    return found


def _every_field(definition: Definition) -> Iterator[Field]:
    for _, _, field in definition.fields():
        yield field
        yield from field.fields


def _number(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def _migrations(definition: Definition) -> list[tuple[str, str]]:
    found = []
    known = {f.id for _, _, f in definition.fields()}
    for index, step in enumerate(definition.migrations):
        pointer = f"/migrations/{index}"
        if step["from_version"] >= definition.version:
            found.append((f"{pointer}/from_version", "must be lower than the definition's version"))
        for old, new in step.get("rename", {}).items():
            if new not in known:
                found.append((f"{pointer}/rename/{old}", f'renames to unknown field "{new}"'))
        for field_id in step.get("defaults", {}):
            if field_id not in known:
                found.append((f"{pointer}/defaults/{field_id}", f'unknown field "{field_id}"'))
    return found


# What each role of a ``grant`` declaration may point at (a computed field counts by value type).
_GRANT_KINDS = {
    "applied": {"money"},
    "title": {"text", "textarea", "select", "radio"},
    "percent": {"percent", "decimal", "integer"},
    "year": {"select", "radio", "integer"},
    "amount": {"money"},
}


def check_grant(
    definition: Definition, grant: dict[str, Any] | None = None, pointer: str = "/grant"
) -> list[tuple[str, str]]:
    """Problems with the ``grant`` declaration (or ``grant`` given for a frozen version): every
    field it names exists, where it says, and holds the kind of answer the office reads there."""
    grant = definition.grant if grant is None else grant
    if not grant:
        return []
    found = []
    applied = definition.field(grant.get("applied", ""))
    if applied is None:
        found.append((f"{pointer}/applied", f'unknown field "{grant.get("applied")}"'))
    elif applied.kind not in _GRANT_KINDS["applied"]:
        found.append((f"{pointer}/applied", f'"{applied.id}" must be a money field'))
    for role, field_id in (grant.get("budget") or {}).items():
        budget = definition.field(field_id)
        if budget is None or budget.kind != "money":
            found.append((f"{pointer}/budget/{role}", f'"{field_id}" is not a money field'))
    specs = [("costs", grant.get("costs"))]
    positions = grant.get("positions")
    if isinstance(positions, list):
        specs += [(f"positions/{index}", spec) for index, spec in enumerate(positions)]
    else:
        specs.append(("positions", positions))
    for part, spec in specs:
        if not spec:
            continue
        group = definition.field(spec["group"])
        if group is None or group.type != "group":
            found.append((f"{pointer}/{part}/group", f'"{spec["group"]}" is not a repeating group'))
            continue
        for role, sub_id in spec.items():
            if role == "group":
                continue
            sub = group.subfield(sub_id)
            if sub is None:
                found.append(
                    (f"{pointer}/{part}/{role}", f'unknown sub-field "{sub_id}" of "{group.id}"')
                )
            elif sub.kind not in _GRANT_KINDS[role]:
                kinds = ", ".join(sorted(_GRANT_KINDS[role]))
                found.append((f"{pointer}/{part}/{role}", f'"{sub_id}" must be one of: {kinds}'))
    return found
