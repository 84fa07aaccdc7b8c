"""Last year's grant carried into this year's form: the values of the prefill source ``last_year``.

From the office's decisions (:mod:`formservice.office.history`): whether the organisation was
granted anything in the scheme's round of the year before, the total, the positions as granted,
and the positions carried into this year's application one year higher on the ladder (those past
the ladder's last year leave the scheme and are named instead). From last year's submitted
application: its budget lines (the definition's ``grant.budget`` roles), which this year's report
shows as the lines of the accounts. The keys are declared in :data:`formservice.engine.prefill.SOURCES`.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import sqlite_utils

from formservice.engine.model import Definition
from formservice.office.figures import COST, declaration, position_specs
from formservice.office.history import History, history_from
from formservice.storage.history import earlier_grants, submitted_answers

BUDGET_KEYS = {"salaries": "budget_salaries", "own_funding": "budget_own_funding",
               "other_funding": "budget_other_funding"}  # fmt: skip


def ladder_end(definition: Definition) -> int | None:
    """The last year on the ladder of the definition's position groups (None: no ladder)."""
    ends = []
    for spec in position_specs(declaration(definition)):
        group = definition.field(spec["group"])
        sub = group.subfield(spec["year"]) if group and "year" in spec else None
        if sub is not None:
            ends += [int(o.value) for o in sub.options if o.value.isdigit()]
            ends += [int(sub.max)] if sub.max is not None else []
    return max(ends, default=None)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _granted_row(position: dict[str, Any]) -> dict[str, str]:
    return {"tittel": position["title"], "stillingsprosent": _text(position.get("percent")),
            "aar_i_ordningen": _text(position.get("year")), "belop": _text(position.get("granted"))}  # fmt: skip


def last_year_values(
    definition: Definition,
    history: History,
    last_application: tuple[Definition, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The ``last_year`` prefill values for a form of ``definition``'s year."""
    year = definition.scheme["year"] - 1
    granted = [
        p for p in history.granted.get(year, [])
        if p.get("kind") != COST and Decimal(_text(p.get("granted")) or 0) > 0
    ]  # fmt: skip
    end = ladder_end(definition)
    carried, leaving = [], []
    for position in granted:
        rung = int(position["year"]) + 1 if str(position.get("year") or "").isdigit() else None
        if rung is not None and end is not None and rung > end:
            leaving.append(position["title"])
            continue
        carried.append({"tittel": position["title"], "stillingsprosent": _text(position.get("percent")),
                        "aar_i_ordningen": _text(rung)})  # fmt: skip
    values: dict[str, Any] = {
        "received": bool(history.totals.get(year)),
        "total": _text(history.totals.get(year)) or None,
        "positions": [_granted_row(p) for p in granted],
        "positions_next": carried,
        "positions_leaving": ", ".join(leaving) or None,
    }
    if last_application is not None:
        old, answers = last_application
        for role, field_id in ((declaration(old) or {}).get("budget") or {}).items():
            values[BUDGET_KEYS[role]] = answers.get(field_id)
    return values


def last_year_prefill(
    db: sqlite_utils.Database,
    submission: dict[str, Any],
    definition: Definition,
    definition_for: Callable[[str], Definition | None],
) -> dict[str, Any]:
    """The ``last_year`` values for one submission, from the database."""
    organisation_id, year = submission["organisation_id"], definition.scheme["year"]
    grants = earlier_grants(db, definition.id, year, organisation_id).get(organisation_id, [])
    last = submitted_answers(db, organisation_id, definition.id, year - 1)
    old = definition_for(last[0]) if last else None
    return last_year_values(definition, history_from(grants), (old, last[1]) if old else None)
