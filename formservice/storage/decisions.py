"""Decisions on submissions: granted (amount per position) or rejected (with a reason).

A decision is never changed in place: a new one is recorded and the earlier one points to it
(``superseded_by``), so who decided what, and when, stays visible. Recording a decision moves the
submission to ``granted`` or ``rejected`` by the state rules and writes the audit log.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import sqlite_utils

from formservice.storage.audit import record_event
from formservice.storage.db import now_iso, write_transaction
from formservice.storage.states import check_transition
from formservice.storage.submissions import submission_by_id

OUTCOMES = ("granted", "rejected")


def record_decision(
    db: sqlite_utils.Database,
    submission_id: int,
    *,
    outcome: str,
    actor: dict[str, Any],
    positions: list[dict[str, Any]] | None = None,
    conditions: list[str] | None = None,
    instalments: int = 1,
    internal_note: str = "",
    reason: str = "",
    total: Decimal | None = None,
) -> int:
    """Store a decision, supersede the previous one, move the state; return the decision's id.

    A grant's total is the sum of its positions' granted amounts; ``total`` is only for forms
    without positions. A rejection needs a reason. Raises ``IllegalTransition`` (with the states
    named) when the submission's state does not allow a decision, e.g. after the letter is sent.
    """
    if outcome not in OUTCOMES:
        raise ValueError(f"outcome must be one of {', '.join(OUTCOMES)}")
    if outcome == "rejected" and not reason.strip():
        raise ValueError("a rejection needs a reason")
    if not 1 <= instalments <= 12:
        raise ValueError("instalments must be 1 to 12")
    positions = (positions or []) if outcome == "granted" else []
    if positions or total is None:
        total = sum((Decimal(str(p["granted"])) for p in positions), Decimal(0))
    with write_transaction(db):
        submission = submission_by_id(db, submission_id)
        if submission is None:
            raise LookupError(submission_id)
        if submission["state"] != outcome:
            check_transition(submission["state"], outcome)
        previous = current_decision(db, submission_id)
        decision_id = (
            db["decisions"]
            .insert(
                {
                    "submission_id": submission_id,
                    "outcome": outcome,
                    "total": str(total) if outcome == "granted" else "0",
                    "positions": json.dumps(positions, default=str, ensure_ascii=False),
                    "conditions": json.dumps(conditions or [], ensure_ascii=False),
                    "instalments": instalments,
                    "internal_note": internal_note,
                    "reason": reason,
                    "decided_by": actor["id"],
                    "decided_at": now_iso(),
                }
            )
            .last_pk
        )
        if previous:
            db["decisions"].update(previous["id"], {"superseded_by": decision_id})
        db["submissions"].update(submission_id, {"state": outcome, "updated_at": now_iso()})
        record_event(
            db, actor=actor, action="decision", submission_id=submission_id,
            from_state=submission["state"], to_state=outcome,
            detail={"decision": decision_id, "total": str(total), "replaces": previous["id"] if previous else None},
        )  # fmt: skip
    return decision_id


def _decoded(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "positions": json.loads(row["positions"] or "[]"),
            "conditions": json.loads(row["conditions"] or "[]")}  # fmt: skip


def current_decision(db: sqlite_utils.Database, submission_id: int) -> dict[str, Any] | None:
    """The decision in force, or None."""
    rows = db["decisions"].rows_where(
        "submission_id = ? and superseded_by is null", [submission_id], order_by="id desc"
    )
    row = next(rows, None)
    return _decoded(row) if row else None


def decision_history(db: sqlite_utils.Database, submission_id: int) -> list[dict[str, Any]]:
    """Every decision on the submission, oldest first."""
    return [
        _decoded(r)
        for r in db["decisions"].rows_where("submission_id = ?", [submission_id], order_by="id")
    ]


def decision_by_id(db: sqlite_utils.Database, decision_id: int) -> dict[str, Any] | None:
    """One decision (superseded or not), or None."""
    row = next(db["decisions"].rows_where("id = ?", [decision_id]), None)
    return _decoded(row) if row else None


def decisions_in_force_in_round(
    db: sqlite_utils.Database, round_id: int
) -> dict[int, dict[str, Any]]:
    """The decision in force of each decided submission of the round, by submission id."""
    rows = db.execute(
        "select d.* from decisions d join submissions s on s.id = d.submission_id "
        "where s.round_id = ? and d.superseded_by is null order by d.id",
        [round_id],
    )
    columns = [c[0] for c in rows.description]
    found = [_decoded(dict(zip(columns, row, strict=True))) for row in rows.fetchall()]
    return {row["submission_id"]: row for row in found}
