"""Each office's letterhead, as stored: every version kept (the newest is the one in force), each
change audited with what it was before. What a letterhead must hold is
:mod:`formservice.office.letterhead`'s; this module only reads and writes it."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from formservice.storage.audit import record_event
from formservice.storage.db import now_iso, write_transaction

FACTS = ("postal_address", "postcode", "post_town", "email", "orgnr", "visiting_address",
         "phone", "website")  # fmt: skip


def letterhead_of(db: sqlite_utils.Database, office_id: int | None) -> dict[str, Any] | None:
    """The office's letterhead in force (its newest version), or None when it has none."""
    if office_id is None:
        return None
    rows = db["office_letterheads"].rows_where(
        "office_id = ?", [office_id], order_by="id desc", limit=1
    )
    return next(rows, None)


def letterheads(db: sqlite_utils.Database) -> dict[int, dict[str, Any]]:
    """Office id → its letterhead in force, for the offices that have one."""
    rows = db.query(
        "select l.* from office_letterheads l where l.id = "
        "(select max(n.id) from office_letterheads n where n.office_id = l.office_id)"
    )
    return {row["office_id"]: row for row in rows}


def set_letterhead(
    db: sqlite_utils.Database,
    office_id: int,
    values: dict[str, str],
    *,
    actor: dict[str, Any] | None,
) -> dict[str, list[str]]:
    """Store a new version of the office's letterhead (values checked by the caller); audited as
    ``office:letterhead`` with each changed fact's old and new value. Returns those changes
    (empty when nothing changed: then no version is added)."""
    with write_transaction(db):
        before = letterhead_of(db, office_id) or {}
        changes = {fact: [before.get(fact) or "", values.get(fact) or ""] for fact in FACTS
                   if (before.get(fact) or "") != (values.get(fact) or "")}  # fmt: skip
        if not changes:
            return {}
        row = {fact: values.get(fact) or "" for fact in FACTS}
        by = actor["username"] if actor else "system"
        db["office_letterheads"].insert(
            {"office_id": office_id, **row, "set_at": now_iso(), "set_by": by}
        )
        record_event(db, actor=actor, action="office:letterhead",
                     detail={"office_id": office_id, "changes": changes})  # fmt: skip
    return changes


def letterhead_history(db: sqlite_utils.Database, office_id: int) -> list[dict[str, Any]]:
    """Every version of the office's letterhead, newest first."""
    return list(db["office_letterheads"].rows_where("office_id = ?", [office_id],
                                                   order_by="id desc"))  # fmt: skip
