"""Who may read what through the API: the same rules as the web pages.

Caseworkers (the office's blueprint) read their office's rounds and submitted submissions,
decisions with the internal note, payment lists and exports; administrators every office's. The
help desk reads its office's rounds and submissions (as its search pages do), not decisions'
internal notes, payments or exports. A municipality reads its office's rounds and only its own submissions and decisions,
without the office's internal note. Anything else is 404 (a guessed id of another organisation's
submission is not told apart from one that does not exist), or 403 for a whole kind of resource
the role may not read. Ids beyond SQLite's integers are simply not found.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils
from flask import abort

from formservice.storage import organisations, rounds, submissions

OFFICE = ("caseworker", "admin")
READS_ALL_SUBMISSIONS = (*OFFICE, "helpdesk")
_MAX_ID = 2**63 - 1


def is_office(user: dict[str, Any]) -> bool:
    """Whether the user works at the office (sees decisions' internal notes, payments, exports)."""
    return user["role"] in OFFICE


def require_office(user: dict[str, Any]) -> None:
    """403 unless the user is a caseworker or administrator."""
    if not is_office(user):
        abort(403)


def visible_rounds(db: sqlite_utils.Database, user: dict[str, Any]) -> list[dict[str, Any]]:
    """The rounds the user sees: a municipality its office's, a caseworker and the help desk
    their office's, an administrator every office's."""
    if user["role"] == "admin":
        return rounds.all_rounds(db)
    if user["role"] in READS_ALL_SUBMISSIONS:
        return rounds.all_rounds(db, office_id=user["office_id"]) if user["office_id"] else []
    organisation = organisations.organisation_by_id(db, user["organisation_id"] or 0)
    return rounds.rounds_for_office(db, organisation["office_id"]) if organisation else []


def round_or_404(db: sqlite_utils.Database, user: dict[str, Any], round_id: int) -> dict[str, Any]:
    """A round the user sees, or 404."""
    found = rounds.round_by_id(db, round_id) if 0 < round_id <= _MAX_ID else None
    if found is None or found["id"] not in {r["id"] for r in visible_rounds(db, user)}:
        abort(404)
    return found


def sees_submission(user: dict[str, Any], submission: dict[str, Any]) -> bool:
    """In a round the user sees: a municipality sees its own (drafts too); the others see what
    has been submitted."""
    if user["role"] == "municipality":
        return submission["organisation_id"] == user["organisation_id"]
    return user["role"] in READS_ALL_SUBMISSIONS and submission["state"] != submissions.DRAFT


def submission_or_404(
    db: sqlite_utils.Database, user: dict[str, Any], submission_id: int
) -> dict[str, Any]:
    """A submission the user may read, or 404."""
    found = (
        submissions.submission_by_id(db, submission_id) if 0 < submission_id <= _MAX_ID else None
    )
    if found is None or not sees_submission(user, found):
        abort(404)
    if user["role"] != "municipality":  # the office's people: only their office's rounds
        round_or_404(db, user, found["round_id"])
    return found
