"""Bringing a demo submission to a state through storage functions (not through the UI).

For tests of what each role may do in each state: the demo app's ``alle_felt`` round, one
submission per organisation, moved along the state machine as the office would.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import sqlite_utils

from formservice.storage import confirmations, decisions, documents, rounds, submissions, users

ORDER = ("draft", "submitted", "granted", "letter_sent", "confirmation_received",
         "ready_for_payment", "paid")  # fmt: skip


def demo_submission(
    db: sqlite_utils.Database, *, username: str = "lillehammer", state: str = "draft"
) -> dict[str, Any]:
    """The submission of ``username``'s organisation in the ``alle_felt`` round, in ``state``."""
    user = users.user_by_username(db, username)
    office = users.user_by_username(db, "saksbehandler")
    round_row = next(r for r in rounds.all_rounds(db) if r["form_key"].startswith("alle_felt@"))
    submission = submissions.start_submission(
        db, round_row=round_row, organisation_id=user["organisation_id"], actor=user
    )
    steps = ORDER[ORDER.index(submission["state"]) + 1 : ORDER.index(state) + 1]
    for step in steps:
        _step(db, submission["id"], step, user=user, office=office)
    return submissions.submission_by_id(db, submission["id"])


def _step(
    db: sqlite_utils.Database, submission_id: int, step: str, *, user: dict, office: dict
) -> None:
    current = submissions.submission_by_id(db, submission_id)
    if step == "submitted":
        submissions.submit(db, submission_id, base_version=current["current_version"], answers={},
                           actor=user, reference_prefix="TEST", year=2021, language="nb")  # fmt: skip
    elif step == "granted":
        decisions.record_decision(db, submission_id, outcome="granted", actor=office,
                                  total=Decimal(100000))  # fmt: skip
    elif step == "letter_sent":
        document_id = documents.create_document(db, submission_id, "tilskuddsbrev", "nb")
        confirmations.mark_letter_sent(db, submission_id, actor=office, document_id=document_id)
    elif step == "confirmation_received":
        confirmations.record_confirmation(db, submission_id, actor=user, how="web",
                                          name="Kari Demo", title="Kommunedirektør")  # fmt: skip
    else:
        submissions.change_state(db, submission_id, step, actor=office)
