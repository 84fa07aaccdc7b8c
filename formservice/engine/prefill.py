"""Fields filled from what the office already knows, never typed by the applicant.

A field declares where its value comes from: ``"prefill": {"source": "register", "key":
"account_number"}``. The form shows such a field read-only, the server ignores anything posted
for it, and every save and evaluation of a draft takes the value from its source afresh
(:func:`apply_prefill`); a submitted form keeps the values it was submitted with.

:data:`SOURCES` declares every source with its keys, each key with the field types that can hold
its value (and, for choice fields, the values it can take), so ``formservice check`` refuses an
unknown source or key and a field of the wrong type (:func:`check_prefill`). Storage looks the
values up (:mod:`formservice.storage.prefill`); the engine only applies them. A new source (the
office's own decisions: last year's grant) is one more entry here and one more lookup there.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from formservice.engine.model import Definition, Field
from formservice.engine.values import Invalid, empty, parse
from formservice.register.kinds import ORGANISATION_KINDS

Values = Mapping[str, Mapping[str, Any]]  # source → key → value (None: not known)


@dataclass(frozen=True)
class PrefillKey:
    """One value a source gives: the field types that can hold it, and its possible choices."""

    field_types: frozenset[str]
    choices: frozenset[str] = frozenset()


def _key(*types: str, choices: frozenset[str] = frozenset()) -> PrefillKey:
    return PrefillKey(frozenset(types), choices)


SOURCES: dict[str, dict[str, PrefillKey]] = {
    # The register of organisations (formservice.storage.organisations.register_facts).
    "register": {
        "name": _key("text", "textarea"),
        "orgnr": _key("orgnr", "text"),
        "account_number": _key("kontonr", "text"),
        "postal_address": _key("textarea", "text"),
        "email": _key("email", "text"),
        "kommunenummer": _key("municipality", "text"),
        "organisation_kind": _key("radio", "select", choices=frozenset(ORGANISATION_KINDS)),
    },
    # The office's own decisions and last year's application in the same scheme
    # (formservice.office.carry_over). Rows of the two position groups have the sub-fields
    # tittel, stillingsprosent, aar_i_ordningen (and belop: the amount granted).
    "last_year": {
        "received": _key("yesno"),
        "total": _key("money"),
        "positions": _key("group"),
        "positions_next": _key("group"),
        "positions_leaving": _key("textarea", "text"),
        "budget_salaries": _key("money"),
        "budget_own_funding": _key("money"),
        "budget_other_funding": _key("money"),
    },
}


def prefilled_fields(definition: Definition) -> list[Field]:
    """The top-level fields filled from a source, in form order."""
    return [field for _, _, field in definition.fields() if field.prefill]


def apply_prefill(
    definition: Definition, answers: Mapping[str, Any], values: Values
) -> dict[str, Any]:
    """The answers with every prefilled field set from ``values``; a value the source does not
    know (or a source not given) leaves the field unanswered, whatever the answers held."""
    filled = copy.deepcopy(dict(answers))
    for field in prefilled_fields(definition):
        value = values.get(field.prefill["source"], {}).get(field.prefill["key"])
        if empty(value):
            filled.pop(field.id, None)
        else:
            filled[field.id] = copy.deepcopy(value)
    return filled


def differences(
    definition: Definition, answers: Mapping[str, Any], values: Values
) -> list[tuple[str, Any, Any]]:
    """(field id, answer, value from the source) for every prefilled field whose answer differs
    from its source's value once both are read (``9999 34 05007`` equals ``99993405007``)."""
    found = []
    for field in prefilled_fields(definition):
        answer = answers.get(field.id)
        value = values.get(field.prefill["source"], {}).get(field.prefill["key"])
        if empty(answer) or _read(field, answer) == _read(field, value):
            continue
        found.append((field.id, answer, value))
    return found


def _read(field: Field, raw: Any) -> Any:
    try:
        return parse(field, raw)
    except Invalid:
        return raw


def check_prefill(definition: Definition) -> Iterator[tuple[str, str]]:
    """(pointer, message) for every prefill declaration the engine cannot honour."""
    for _, _, field in definition.fields():
        if field.prefill:
            yield from _check_field(field)
        for sub in field.fields:
            if sub.prefill:
                yield f"{sub.pointer}/prefill", "only a top-level field can be prefilled"


def _check_field(field: Field) -> Iterator[tuple[str, str]]:
    source, key = field.prefill["source"], field.prefill["key"]
    pointer = f"{field.pointer}/prefill"
    if source not in SOURCES:
        known = ", ".join(sorted(SOURCES))
        yield f"{pointer}/source", f'unknown prefill source "{source}" (known: {known})'
        return
    declared = SOURCES[source].get(key)
    if declared is None:
        known = ", ".join(sorted(SOURCES[source]))
        yield f"{pointer}/key", f'unknown {source} key "{key}" (known: {known})'
        return
    if field.type not in declared.field_types:
        types = " or ".join(sorted(declared.field_types))
        yield (
            f"{field.pointer}/type",
            f'a field filled from {source} key "{key}" must be of type {types}, not {field.type}',
        )
        return
    missing = sorted(declared.choices - {option.value for option in field.options})
    if missing:
        yield (
            f"{field.pointer}/options",
            f'the options must include every value of {source} key "{key}"; '
            f"missing: {', '.join(missing)}",
        )
