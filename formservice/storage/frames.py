"""The directorate's budget: a scheme's national budget for a year and each office's frame of it.

A scheme is known by its form id (``kommunalt_rusarbeid``). The national budget and the frames
are stored together in one transaction, audited with what they were before, so the split never
stands half-changed; the rule that the frames add up is :mod:`formservice.directorate.frames`'s.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import sqlite_utils

from formservice.storage.audit import record_event
from formservice.storage.db import now_iso, write_transaction


def budget_of(db: sqlite_utils.Database, form_id: str, year: int) -> dict[str, Any]:
    """``national`` (Decimal or None when not set), ``frames`` (office id → Decimal), ``set_at``
    and ``set_by`` (a user id) of a scheme's year."""
    national = next(
        db["national_budgets"].rows_where("form_id = ? and year = ?", [form_id, year]), None
    )
    frames = {
        row["office_id"]: Decimal(row["amount"])
        for row in db["office_frames"].rows_where("form_id = ? and year = ?", [form_id, year])
    }
    return {
        "national": Decimal(national["amount"]) if national else None,
        "frames": frames,
        "set_at": national["set_at"] if national else None,
        "set_by": national["set_by"] if national else None,
    }


def frame_of_office(db: sqlite_utils.Database, round_row: dict[str, Any]) -> Decimal | None:
    """The frame the directorate set for the round's office, scheme and year, or None."""
    form_id = round_row["form_key"].partition("@")[0]
    return budget_of(db, form_id, round_row["year"])["frames"].get(round_row["office_id"])


def set_budget(
    db: sqlite_utils.Database,
    *,
    form_id: str,
    year: int,
    national: Decimal,
    frames: dict[int, Decimal],
    actor: dict[str, Any] | None,
) -> None:
    """Store the national budget and every office's frame (replacing the earlier split)."""
    with write_transaction(db):
        before = budget_of(db, form_id, year)
        db["national_budgets"].upsert(
            {"form_id": form_id, "year": year, "amount": str(national),
             "set_by": actor["id"] if actor else None, "set_at": now_iso()},
            pk=("form_id", "year"),
        )  # fmt: skip
        db["office_frames"].delete_where("form_id = ? and year = ?", [form_id, year])
        db["office_frames"].insert_all(
            {"form_id": form_id, "year": year, "office_id": office_id, "amount": str(amount)}
            for office_id, amount in frames.items()
        )
        record_event(
            db, actor=actor, action="budget:set",
            detail={"form_id": form_id, "year": year, "national": str(national),
                    "frames": {str(k): str(v) for k, v in frames.items()},
                    "before": {"national": str(before["national"]) if before["national"] else None,
                               "frames": {str(k): str(v) for k, v in before["frames"].items()}}},
        )  # fmt: skip


def budget_history(db: sqlite_utils.Database, form_id: str, year: int) -> list[dict[str, Any]]:
    """Every time the split of a scheme's year was set (when, by whom, the national budget),
    newest first, from the audit log."""
    rows = db.execute(
        "select at, actor, detail from audit_log where action = 'budget:set' "
        "and json_extract(detail, '$.form_id') = ? and json_extract(detail, '$.year') = ? "
        "order by id desc",
        [form_id, year],
    ).fetchall()
    return [{"at": at, "actor": actor, "national": Decimal(json.loads(detail)["national"])}
            for at, actor, detail in rows]  # fmt: skip
