"""Submissions: one per organisation and round, every saved version kept, states changed by rule.

A save never overwrites: it adds a version, and only if it was based on the newest one
(optimistic locking; :class:`StaleVersion` otherwise). Submitting is one transaction that stores
the submitted version, gives the reference number, changes the state, writes the audit entry and
queues the acknowledgement, so a crash leaves either all of it or none.
"""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from formservice.storage.audit import record_event
from formservice.storage.db import now_iso, write_transaction
from formservice.storage.organisations import organisation_by_id
from formservice.storage.states import check_transition

DRAFT, SUBMITTED = "draft", "submitted"


class StaleVersion(Exception):
    """A save based on an older version than the newest; ``current`` is the newest version."""

    def __init__(self, current: dict[str, Any]) -> None:
        super().__init__(f"version {current['version']} has been saved since")
        self.current = current


class NotEditable(Exception):
    """The submission is not a draft, so its answers cannot change."""


def start_submission(
    db: sqlite_utils.Database,
    *,
    round_row: dict[str, Any],
    organisation_id: int,
    actor: dict[str, Any],
) -> dict[str, Any]:
    """The organisation's submission for the round, created as an empty draft if it has none."""
    with write_transaction(db):
        existing = submission_for(db, round_row["id"], organisation_id)
        if existing:
            return existing
        now = now_iso()
        submission_id = (
            db["submissions"]
            .insert(
                {
                    "round_id": round_row["id"],
                    "organisation_id": organisation_id,
                    "form_key": round_row["form_key"],
                    "state": DRAFT,
                    "current_version": 0,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            .last_pk
        )
        record_event(db, actor=actor, action="start", submission_id=submission_id, to_state=DRAFT)
    return submission_by_id(db, submission_id)  # type: ignore[return-value]


def submission_by_id(db: sqlite_utils.Database, submission_id: int) -> dict[str, Any] | None:
    """A submission by id, or None."""
    return next(db["submissions"].rows_where("id = ?", [submission_id]), None)


def submission_for(
    db: sqlite_utils.Database, round_id: int, organisation_id: int
) -> dict[str, Any] | None:
    """The organisation's submission for a round, or None."""
    rows = db["submissions"].rows_where(
        "round_id = ? and organisation_id = ?", [round_id, organisation_id]
    )
    return next(rows, None)


def submission_by_reference(db: sqlite_utils.Database, reference: str) -> dict[str, Any] | None:
    """A submission by its reference number (e.g. ``RUS-2021-0001``), or None."""
    return next(db["submissions"].rows_where("reference = ?", [reference]), None)


def submissions_of_organisation(
    db: sqlite_utils.Database, organisation_id: int
) -> list[dict[str, Any]]:
    """An organisation's submissions, newest first."""
    return list(
        db["submissions"].rows_where("organisation_id = ?", [organisation_id], order_by="id desc")
    )


def drafts_in_round(
    db: sqlite_utils.Database, round_id: int, *, other_than_form: str | None = None
) -> int:
    """How many drafts a round holds (only those not on ``other_than_form``, when given)."""
    if other_than_form is None:
        return db["submissions"].count_where("round_id = ? and state = 'draft'", [round_id])
    return db["submissions"].count_where(
        "round_id = ? and state = 'draft' and form_key != ?", [round_id, other_than_form]
    )


def version(db: sqlite_utils.Database, submission_id: int, number: int) -> dict[str, Any] | None:
    """One stored version with its answers decoded, or None (version 0 is the empty start)."""
    rows = db["submission_versions"].rows_where(
        "submission_id = ? and version = ?", [submission_id, number]
    )
    row = next(rows, None)
    if row is None:
        return None
    return {**row, "answers": json.loads(row["answers"])}


def current_answers(db: sqlite_utils.Database, submission: dict[str, Any]) -> dict[str, Any]:
    """The answers of the submission's newest version (empty before the first save)."""
    row = version(db, submission["id"], submission["current_version"])
    return row["answers"] if row else {}


def versions(db: sqlite_utils.Database, submission_id: int) -> list[dict[str, Any]]:
    """Every version of a submission, oldest first, without the answers."""
    return list(
        db["submission_versions"].rows_where(
            "submission_id = ?",
            [submission_id],
            select="version, form_key, kind, saved_by, saved_at",
            order_by="version",
        )
    )


def _add_version(
    db: sqlite_utils.Database,
    submission: dict[str, Any],
    *,
    base_version: int,
    answers: dict[str, Any],
    actor: dict[str, Any] | None,
    kind: str,
) -> int:
    if submission["current_version"] != base_version:
        raise StaleVersion(
            version(db, submission["id"], submission["current_version"])
            or {"version": submission["current_version"], "answers": {}}
        )
    number = base_version + 1
    db["submission_versions"].insert(
        {
            "submission_id": submission["id"],
            "version": number,
            "form_key": submission["form_key"],
            "answers": json.dumps(answers, ensure_ascii=False, sort_keys=True),
            "kind": kind,
            "saved_by": actor["id"] if actor else None,
            "saved_at": now_iso(),
        }
    )
    db["submissions"].update(submission["id"], {"current_version": number, "updated_at": now_iso()})
    return number


def save_answers(
    db: sqlite_utils.Database,
    submission_id: int,
    *,
    base_version: int,
    answers: dict[str, Any],
    actor: dict[str, Any] | None,
    kind: str = "save",
) -> int:
    """Store the answers as a new version of a draft; return its number."""
    with write_transaction(db):
        submission = submission_by_id(db, submission_id)
        if submission is None or submission["state"] != DRAFT:
            raise NotEditable(submission["state"] if submission else "missing")
        return _add_version(
            db, submission, base_version=base_version, answers=answers, actor=actor, kind=kind
        )


def submit(
    db: sqlite_utils.Database,
    submission_id: int,
    *,
    base_version: int,
    answers: dict[str, Any],
    actor: dict[str, Any],
    reference_prefix: str,
    year: int,
    language: str | None = None,
) -> str:
    """Submit a draft in one transaction; return its reference number. The acknowledgement is
    queued in the organisation's written standard (``language`` only overrides it)."""
    with write_transaction(db):
        submission = submission_by_id(db, submission_id)
        if submission is None:
            raise NotEditable("missing")
        check_transition(submission["state"], SUBMITTED)
        number = _add_version(
            db, submission, base_version=base_version, answers=answers, actor=actor, kind="submit"
        )
        reference = submission["reference"] or _next_reference(db, reference_prefix, year)
        now = now_iso()
        db["submissions"].update(
            submission_id,
            {"state": SUBMITTED, "reference": reference, "submitted_at": now, "updated_at": now},
        )
        record_event(
            db,
            actor=actor,
            action="submit",
            submission_id=submission_id,
            from_state=submission["state"],
            to_state=SUBMITTED,
            detail={"version": number, "reference": reference},
        )
        organisation = organisation_by_id(db, submission["organisation_id"]) or {}
        db["documents"].insert(
            {
                "submission_id": submission_id,
                "kind": "kvittering",
                "language": language or organisation.get("language") or "nb",
                "status": "pending",
                "created_at": now,
                "updated_at": now,
            }
        )
    return reference


def _next_reference(db: sqlite_utils.Database, prefix: str, year: int) -> str:
    key = f"{prefix}-{year}"
    db.execute(
        "insert into reference_counters (prefix, last_number) values (?, 1) "
        "on conflict(prefix) do update set last_number = last_number + 1",
        [key],
    )
    last = db.execute(
        "select last_number from reference_counters where prefix = ?", [key]
    ).fetchone()[0]
    return f"{key}-{last:04d}"


def change_state(
    db: sqlite_utils.Database,
    submission_id: int,
    to_state: str,
    *,
    actor: dict[str, Any],
    detail: dict[str, Any] | None = None,
    fields: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Move a submission to another state if the state machine allows it; audit the change."""
    with write_transaction(db):
        change_state_within(db, submission_id, to_state, actor=actor, detail=detail, fields=fields)
    return submission_by_id(db, submission_id)  # type: ignore[return-value]


def change_state_within(
    db: sqlite_utils.Database,
    submission_id: int,
    to_state: str,
    *,
    actor: dict[str, Any],
    detail: dict[str, Any] | None = None,
    fields: dict[str, Any] | None = None,
) -> None:
    """:func:`change_state` inside a write transaction the caller holds."""
    submission = submission_by_id(db, submission_id)
    if submission is None:
        raise NotEditable("missing")
    check_transition(submission["state"], to_state)
    db["submissions"].update(
        submission_id, {"state": to_state, "updated_at": now_iso(), **(fields or {})}
    )
    record_event(
        db,
        actor=actor,
        action=f"state:{to_state}",
        submission_id=submission_id,
        from_state=submission["state"],
        to_state=to_state,
        detail=detail,
    )
