"""The audit log: every state change and every action on a submission, an organisation in the
register or a round, with who, when and what."""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from formservice.storage.db import now_iso


def record_event(
    db: sqlite_utils.Database,
    *,
    actor: dict[str, Any] | None,
    action: str,
    submission_id: int | None = None,
    from_state: str | None = None,
    to_state: str | None = None,
    detail: dict[str, Any] | None = None,
    organisation_id: int | None = None,
    round_id: int | None = None,
) -> None:
    """Append one entry; ``actor`` is a user row, or None for the system itself."""
    db["audit_log"].insert(
        {
            "at": now_iso(),
            "actor_id": actor["id"] if actor else None,
            "actor": actor["username"] if actor else "system",
            "action": action,
            "submission_id": submission_id,
            "from_state": from_state,
            "to_state": to_state,
            "detail": json.dumps(detail or {}, ensure_ascii=False),
            "organisation_id": organisation_id,
            "round_id": round_id,
        }
    )


def events_for_submission(db: sqlite_utils.Database, submission_id: int) -> list[dict[str, Any]]:
    """A submission's audit entries, oldest first, with ``detail`` decoded."""
    rows = db["audit_log"].rows_where("submission_id = ?", [submission_id], order_by="id")
    return [{**row, "detail": json.loads(row["detail"] or "{}")} for row in rows]


def events_for_organisation(
    db: sqlite_utils.Database, organisation_id: int
) -> list[dict[str, Any]]:
    """An organisation's register history, oldest first, with ``detail`` decoded."""
    rows = db["audit_log"].rows_where("organisation_id = ?", [organisation_id], order_by="id")
    return [{**row, "detail": json.loads(row["detail"] or "{}")} for row in rows]


def events_for_round(db: sqlite_utils.Database, round_id: int) -> list[dict[str, Any]]:
    """What the office did to a round (opened, changed, closed, moved to a new form version)."""
    rows = db["audit_log"].rows_where("round_id = ?", [round_id], order_by="id")
    return [{**row, "detail": json.loads(row["detail"] or "{}")} for row in rows]


def state_changes_in_round(db: sqlite_utils.Database, round_id: int) -> list[dict[str, Any]]:
    """Every move of a submission of the round into a state (started, submitted, decided, reset,
    sent, paid ...): ``submission_id``, ``at`` and ``to_state``, in the order they happened."""
    rows = db.execute(
        "select a.submission_id, a.at, a.to_state from audit_log a "
        "join submissions s on s.id = a.submission_id "
        "where s.round_id = ? and a.to_state is not null order by a.at, a.id",
        [round_id],
    ).fetchall()
    return [{"submission_id": row[0], "at": row[1], "to_state": row[2]} for row in rows]
