"""A round's overview with what each submission applies for and what the rules suggest.

The rows come from :func:`formservice.storage.office.round_overview` (state, answers, the decision
in force); this adds the amounts, which are the engine's evaluation of the submitted answers read
by :mod:`formservice.office.ladder`, and the totals against the frame.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from formservice.engine import evaluate
from formservice.engine.model import Definition
from formservice.office.ladder import Proposal, propose

DefinitionFor = Callable[[str], Definition | None]


def proposal_for(
    definition: Definition, answers: dict[str, Any], *, today: dt.date | None = None
) -> Proposal:
    """What a submission's answers apply for and what the rules suggest."""
    return propose(evaluate(definition, answers, today=today))


def with_amounts(
    rows: list[dict[str, Any]], definition_for: DefinitionFor, *, today: dt.date | None = None
) -> list[dict[str, Any]]:
    """The overview rows with ``applied`` and ``proposed`` (0 for forms not yet submitted)."""
    for row in rows:
        definition = definition_for(row["form_key"]) if row["answers"] else None
        if definition is None:
            row["applied"] = row["proposed"] = Decimal(0)
            continue
        proposal = proposal_for(definition, row["answers"], today=today)
        row["applied"], row["proposed"] = proposal.applied, proposal.suggested
    return rows


def totals(overview: list[dict[str, Any]]) -> dict[str, Decimal]:
    """Applied, proposed and granted over the rows of an overview."""
    return {
        key: sum((row[key] for row in overview), Decimal(0))
        for key in ("applied", "proposed", "granted")
    }
