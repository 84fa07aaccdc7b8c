"""A round's overview with what each submission applies for and what the rules suggest.

The rows come from :func:`formservice.storage.office.round_overview` (state, answers, the decision
in force); this adds the amounts, which are the engine's evaluation of the submitted answers read
by :mod:`formservice.office.ladder` with each organisation's history in the scheme, the priority
mark (§7: never granted before) and the totals against the frame.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import sqlite_utils

from formservice.engine import evaluate
from formservice.engine.model import Definition
from formservice.office.history import History, history_from
from formservice.office.ladder import Proposal, propose
from formservice.storage import office, rounds
from formservice.storage.history import earlier_grants, office_has_grants

DefinitionFor = Callable[[str], Definition | None]


def histories(db: sqlite_utils.Database, round_row: dict[str, Any]) -> dict[int, History] | None:
    """Each organisation's history in the round's scheme; None when the round's office has no
    earlier grants of the scheme in this database (then nobody can be told apart as new)."""
    form_id = round_row["form_key"].partition("@")[0]
    if not office_has_grants(db, form_id, round_row["year"], round_row["office_id"]):
        return None
    grants = earlier_grants(db, form_id, round_row["year"])
    return defaultdict(History, {org: history_from(rows) for org, rows in grants.items()})


def proposal_for(
    definition: Definition,
    answers: dict[str, Any],
    history: History | None = None,
    *,
    today: dt.date | None = None,
) -> Proposal:
    """What a submission's answers apply for and what the rules suggest, given its history."""
    return propose(evaluate(definition, answers, today=today), history)


def with_amounts(
    rows: list[dict[str, Any]],
    definition_for: DefinitionFor,
    known: dict[int, History] | None = None,
    *,
    today: dt.date | None = None,
) -> list[dict[str, Any]]:
    """The overview rows with ``applied``, ``proposed`` (0 for forms not yet submitted) and
    ``priority`` (never granted before; only when the scheme has history here)."""
    for row in rows:
        history = known[row["organisation"]["id"]] if known is not None else None
        row["priority"] = history is not None and not history.received
        definition = definition_for(row["form_key"]) if row["answers"] else None
        if definition is None:
            row["applied"] = row["proposed"] = Decimal(0)
            continue
        proposal = proposal_for(definition, row["answers"], history, today=today)
        row["applied"], row["proposed"] = proposal.applied, proposal.suggested
    return rows


def totals(overview: list[dict[str, Any]]) -> dict[str, Decimal]:
    """Applied, proposed and granted over the rows of an overview."""
    return {
        key: sum((row[key] for row in overview), Decimal(0))
        for key in ("applied", "proposed", "granted")
    }


def round_rows(
    db: sqlite_utils.Database, round_id: int, definition_for: DefinitionFor
) -> list[dict[str, Any]]:
    """The round's overview (storage's rows) with the amounts applied for and suggested."""
    rows = office.round_overview(db, round_id)
    known = histories(db, rounds.round_by_id(db, round_id))
    return with_amounts(rows, definition_for, known, today=rounds.norwegian_today())
