"""Sending a letter and receiving the signed confirmation: the states that lead to payment."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from formservice.storage.db import write_transaction
from formservice.storage.decisions import current_decision
from formservice.storage.states import check_confirmation
from formservice.storage.submissions import change_state, change_state_within, submission_by_id


def mark_letter_sent(
    db: sqlite_utils.Database, submission_id: int, *, actor: dict[str, Any], document_id: int
) -> dict[str, Any]:
    """The decided submission's letter has been sent to the municipality."""
    return change_state(
        db, submission_id, "letter_sent", actor=actor, detail={"document": document_id}
    )


def record_confirmation(
    db: sqlite_utils.Database,
    submission_id: int,
    *,
    actor: dict[str, Any],
    how: str,
    name: str,
    title: str,
    attachment_id: str | None = None,
) -> dict[str, Any]:
    """The municipality accepted the terms (in formservice, or by uploading the signed form).
    Only a sent grant letter is confirmed: NotConfirmable (an IllegalTransition) otherwise."""
    detail = {"how": how, "name": name, "title": title, "attachment": attachment_id}
    with write_transaction(db):
        submission = submission_by_id(db, submission_id)
        if submission is not None:  # else change_state_within says it is missing
            decision = current_decision(db, submission_id)
            check_confirmation(submission["state"], decision["outcome"] if decision else None)
        change_state_within(db, submission_id, "confirmation_received", actor=actor, detail=detail)
    return submission_by_id(db, submission_id)  # type: ignore[return-value]
