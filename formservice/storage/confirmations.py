"""Sending a letter and receiving the signed confirmation: the states that lead to payment."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from formservice.storage.submissions import change_state


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
    """The municipality accepted the terms (in formservice, or by uploading the signed form)."""
    detail = {"how": how, "name": name, "title": title, "attachment": attachment_id}
    return change_state(db, submission_id, "confirmation_received", actor=actor, detail=detail)
