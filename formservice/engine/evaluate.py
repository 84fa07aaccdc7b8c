"""Applying a definition to a set of answers: the one place the form's rules run.

:func:`evaluate` reads every answer (:mod:`formservice.engine.values`), computes calculated fields,
decides what is visible, drops the answers of hidden fields, and collects errors and warnings per
field path. Paths are ``field``, ``group[0].sub`` (rows counted from 0), ``likert.statement`` and
``declaration.name``. The web layer, the CLI and every save call this same function.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from formservice.engine.computed import computed_order, computed_value
from formservice.engine.expressions import ExpressionError, Scope
from formservice.engine.expressions import evaluate as run
from formservice.engine.messages import message
from formservice.engine.model import Definition, Field
from formservice.engine.result import Evaluation
from formservice.engine.structured import parse_structured
from formservice.engine.values import Invalid, empty, parse, to_json

_CHOICE_TYPES = frozenset({"select", "radio", "checkboxes", "yesno", "municipality", "likert"})
_MAX_PASSES = 6


def evaluate(
    definition: Definition, answers: Mapping[str, Any], *, today: dt.date | None = None
) -> Evaluation:
    """Evaluate ``answers`` (raw or stored JSON, keyed by field id) against ``definition``."""
    result = Evaluation(definition=definition)
    today = today or dt.date.today()
    typed: dict[str, Any] = {}
    stored: dict[str, Any] = {}
    known = set()
    for _, _, field in definition.fields():
        known.add(field.id)
        if field.has_value and field.type != "computed":
            typed[field.id], stored[field.id] = _read(
                field, answers.get(field.id), field.id, result
            )
    result.dropped.extend(sorted(key for key in answers if key not in known))

    for _ in range(_MAX_PASSES):
        _compute(definition, typed, today)
        visible = _visibility(definition, typed, today)
        if not _drop_hidden(definition, typed, stored, visible, result):
            break
    result.visible = visible
    result.values = typed
    result.answers = {k: v for k, v in stored.items() if not empty(v)}
    for field_id, value in typed.items():
        field = definition.field(field_id)
        if field and field.type == "computed" and value is not None:
            result.answers[field_id] = to_json(field, value)
    _check(definition, typed, today, result)
    return result


def _read(field: Field, raw: Any, path: str, result: Evaluation) -> tuple[Any, Any]:
    """Typed value and the JSON to store; an unreadable answer is stored as typed, with an error."""
    if field.type in ("group", "likert", "declaration", "file"):
        return parse_structured(field, raw, path, result, _read)
    try:
        value = parse(field, raw)
    except Invalid as problem:
        result.add_error(path, problem.text)
        return None, raw
    return value, None if value is None else to_json(field, value)


def _scope(typed: Mapping[str, Any], today: dt.date, row: Mapping[str, Any] | None = None) -> Scope:
    return Scope(values=typed, row=row, today=today)


def condition(expression: Any, scope: Scope) -> bool:
    """Whether a condition (a boolean or an expression) holds; a failing expression does not."""
    if isinstance(expression, bool):
        return expression
    try:
        return run(expression, scope) is True
    except ExpressionError:
        return False


def _compute(definition: Definition, typed: dict[str, Any], today: dt.date) -> None:
    for group_id, field in computed_order(definition):
        if group_id is None:
            typed[field.id] = computed_value(field, _scope(typed, today))
            continue
        for row in typed.get(group_id) or []:
            row[field.id] = computed_value(field, _scope(typed, today, row))


def _visibility(definition: Definition, typed: dict[str, Any], today: dt.date) -> dict[str, bool]:
    scope = _scope(typed, today)
    visible: dict[str, bool] = {}
    for page in definition.pages:
        page_visible = condition(page.visible_if, scope)
        visible[page.id] = page_visible
        for section in page.sections:
            section_visible = page_visible and condition(section.visible_if, scope)
            visible[section.id] = section_visible
            for field in section.fields:
                shown = section_visible and condition(field.visible_if, scope)
                visible[field.id] = shown
                for index, row in enumerate(typed.get(field.id) or [] if field.fields else []):
                    row_scope = _scope(typed, today, row)
                    for sub in field.fields:
                        path = f"{field.id}[{index}].{sub.id}"
                        visible[path] = shown and condition(sub.visible_if, row_scope)
    return visible


def _drop_hidden(
    definition: Definition,
    typed: dict[str, Any],
    stored: dict[str, Any],
    visible: dict[str, bool],
    result: Evaluation,
) -> bool:
    """Drop the answers of hidden fields (and their errors); True when anything was dropped."""
    changed = False
    for _, _, field in definition.fields():
        if not field.has_value or field.type == "computed":
            continue
        if not visible.get(field.id):
            if not empty(typed.get(field.id)) or not empty(stored.get(field.id)):
                result.dropped.append(field.id)
                changed = True
            typed[field.id], stored[field.id] = None, None
            result.forget(field.id)
            continue
        for index, row in enumerate(typed.get(field.id) or [] if field.fields else []):
            for sub in field.fields:
                path = f"{field.id}[{index}].{sub.id}"
                if (
                    sub.type != "computed"
                    and not visible.get(path, True)
                    and not empty(row.get(sub.id))
                ):
                    row[sub.id] = None
                    stored[field.id][index][sub.id] = None
                    result.dropped.append(path)
                    result.forget(path)
                    changed = True
    return changed


def _check(
    definition: Definition, typed: dict[str, Any], today: dt.date, result: Evaluation
) -> None:
    scope = _scope(typed, today)
    for _, _, field in definition.fields():
        if not result.visible.get(field.id) or not field.has_value:
            continue
        result.required[field.id] = condition(field.required, scope)
        result.read_only[field.id] = (
            field.type == "computed" or bool(field.prefill) or condition(field.read_only, scope)
        )
        value = typed.get(field.id)
        if (
            result.required[field.id]
            and not _answered(field, value)
            and not _has_errors(result, field.id)
        ):
            if field.prefill:  # the person cannot type it: say where it comes from
                result.add_error(field.id, message("prefill_missing", field.label))
            elif field.type == "declaration":
                result.add_error(
                    f"{field.id}.confirmed", message("declaration_unconfirmed", field.label)
                )
            else:
                key = "choose" if field.type in _CHOICE_TYPES else "required"
                result.add_error(field.id, message(key, field.label))
        if field.type == "group":
            _check_group(field, value or [], typed, today, result)
        if not empty(value) and not result.errors.get(field.id):
            _apply_rules(field.rules, field.id, scope, result)
    by_field: dict[str, list[Any]] = defaultdict(list)
    for rule in definition.rules:
        by_field[rule.field or ""].append(rule)
    for field_id, rules in by_field.items():
        answered = result.visible.get(field_id) and not empty(typed.get(field_id))
        if answered and not result.errors.get(field_id):
            _apply_rules(rules, field_id, scope, result)


def _check_group(
    group: Field,
    rows: list[dict[str, Any]],
    typed: dict[str, Any],
    today: dt.date,
    result: Evaluation,
) -> None:
    if group.min_rows and len(rows) < group.min_rows and rows:
        result.add_error(group.id, message("too_few_rows", group.label, min=group.min_rows))
    if len(rows) > group.max_rows:
        result.add_error(group.id, message("too_many_rows", group.label, max=group.max_rows))
    for index, row in enumerate(rows):
        row_scope = _scope(typed, today, row)
        for sub in group.fields:
            path = f"{group.id}[{index}].{sub.id}"
            if not result.visible.get(path) or not sub.has_value:
                continue
            required = condition(sub.required, row_scope)
            result.required[path] = required
            result.read_only[path] = sub.type == "computed" or condition(sub.read_only, row_scope)
            if required and empty(row.get(sub.id)) and not result.errors.get(path):
                key = "choose" if sub.type in _CHOICE_TYPES else "required"
                result.add_error(path, message(key, sub.label))
            if not empty(row.get(sub.id)) and not result.errors.get(path):
                _apply_rules(sub.rules, path, row_scope, result)


def _apply_rules(rules: Any, path: str, scope: Scope, result: Evaluation) -> None:
    for rule in rules:
        if condition(rule.when, scope) and not condition(rule.assert_, scope):
            if rule.severity == "warning":
                result.add_warning(path, rule.message)
            else:
                result.add_error(path, rule.message)


def _answered(field: Field, value: Any) -> bool:
    if field.type == "declaration":
        return isinstance(value, dict) and value.get("confirmed") is True
    return not empty(value)


def _has_errors(result: Evaluation, path: str) -> bool:
    return any(key == path or key.startswith((f"{path}.", f"{path}[")) for key in result.errors)
