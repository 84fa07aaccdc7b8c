"""The caseworker's view of a round, the office's state changes and the payment list.

:func:`round_overview` gives every municipality of the round's office (46 for Innlandet), and any
other applicant (a health trust, for post 60) that has a submission in the round, with its
submission state (``not_started`` when it has none), its answers and form, and the amount granted
by the decision in force (what the form applies for is the engine's to say:
:mod:`formservice.office.overview`). :func:`mark_state` moves a submission along the
office's own steps (under assessment, ready for payment, paid) by the state rules, audited.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import sqlite_utils

from formservice.numbers import to_decimal
from formservice.storage.organisations import organisation_by_id, organisations_of_office
from formservice.storage.rounds import round_by_id
from formservice.storage.submissions import change_state

NOT_STARTED = "not_started"
NOT_SUBMITTED = (NOT_STARTED, "draft")
OFFICE_STATES = ("under_assessment", "ready_for_payment", "paid")

_SUBMISSIONS = (
    "select s.id, s.organisation_id, s.state, s.reference, s.submitted_at, v.answers, s.form_key, "
    "d.total, d.outcome, d.instalments "
    "from submissions s "
    "left join submission_versions v on v.submission_id = s.id and v.version = s.current_version "
    "left join decisions d on d.submission_id = s.id and d.superseded_by is null "
    "where s.round_id = ?"
)


def round_overview(db: sqlite_utils.Database, round_id: int) -> list[dict[str, Any]]:
    """One row per organisation of the round's office, by kommunenummer: state and amounts.

    Drafts count as not applied for (their answers may still change); the granted amount is the
    total of the decision in force when it is a grant, else 0.
    """
    round_row = round_by_id(db, round_id)
    if round_row is None:
        raise LookupError(f"no round {round_id}")
    columns = ("submission_id", "organisation_id", "state", "reference", "submitted_at",
               "answers", "form_key", "total", "outcome", "instalments")  # fmt: skip
    found = {
        row[1]: dict(zip(columns, row, strict=True))
        for row in db.execute(_SUBMISSIONS, [round_id]).fetchall()
    }
    expected = organisations_of_office(db, round_row["office_id"])
    listed = {organisation["id"] for organisation in expected}
    others = [organisation_by_id(db, i) for i in sorted(set(found) - listed)]
    overview = []
    for organisation in [*expected, *(o for o in others if o)]:
        row = found.get(organisation["id"])
        state = row["state"] if row else NOT_STARTED
        answers = json.loads(row["answers"]) if row and row["answers"] else {}
        granted = row["outcome"] == "granted" if row else False
        overview.append(
            {
                "organisation": organisation,
                "submission_id": row["submission_id"] if row else None,
                "state": state,
                "reference": row["reference"] if row else None,
                "submitted_at": row["submitted_at"] if row else None,
                "form_key": row["form_key"] if row else None,
                "answers": answers if state not in NOT_SUBMITTED else {},
                "granted": (to_decimal(row["total"]) or Decimal(0)) if granted else Decimal(0),
                "outcome": row["outcome"] if row else None,
                "instalments": row["instalments"] if row else None,
            }
        )
    return overview


def not_submitted(db: sqlite_utils.Database, round_id: int) -> list[dict[str, Any]]:
    """The overview rows of organisations that have not submitted (none started, or a draft)."""
    return [row for row in round_overview(db, round_id) if row["state"] in NOT_SUBMITTED]


def payment_rows(db: sqlite_utils.Database, round_id: int) -> list[dict[str, Any]]:
    """The submissions of a round that are ready for payment, with what the payment needs."""
    return [
        {
            "orgnr": row["organisation"]["orgnr"],
            "name": row["organisation"]["name"],
            "account_number": row["organisation"]["account_number"],
            "amount": row["granted"],
            "instalments": row["instalments"] or 1,
            "reference": row["reference"],
            "submission_id": row["submission_id"],
        }
        for row in round_overview(db, round_id)
        if row["state"] == "ready_for_payment"
    ]


def mark_state(
    db: sqlite_utils.Database, submission_id: int, state: str, *, actor: dict[str, Any]
) -> dict[str, Any]:
    """Move a submission to one of the office's own states (under assessment, ready for payment,
    paid) if the state rules allow it; raises ``IllegalTransition`` with the reason otherwise."""
    if state not in OFFICE_STATES:
        raise ValueError(f"the office does not set {state!r} (only {', '.join(OFFICE_STATES)})")
    return change_state(db, submission_id, state, actor=actor)


def mark_ready_for_payment(
    db: sqlite_utils.Database, submission_id: int, *, actor: dict[str, Any]
) -> dict[str, Any]:
    """The confirmation is in order: the grant may be paid."""
    return mark_state(db, submission_id, "ready_for_payment", actor=actor)


def mark_paid(
    db: sqlite_utils.Database, submission_id: int, *, actor: dict[str, Any]
) -> dict[str, Any]:
    """The grant has been paid."""
    return mark_state(db, submission_id, "paid", actor=actor)
