"""Changes the recipient reports (regelverket §10: account number, postal address, post room).

A municipality reports a new value in the portal; it waits as ``pending`` and changes nothing. A
caseworker approves it (the register takes the new value in the same transaction, audited) or
rejects it with a reason. Only the approved value is used for payments and letters; every report,
approval and rejection stays in the history. A new report of the same fact replaces a pending one
(it is marked ``replaced``), so a caseworker never approves an outdated number.
"""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from formservice.register.kinds import REPORTABLE
from formservice.storage.audit import record_event
from formservice.storage.db import now_iso, write_transaction
from formservice.storage.organisations import _update, organisation_by_id

PENDING, APPROVED, REJECTED, REPLACED = "pending", "approved", "rejected", "replaced"
# The register's columns that hold each reportable fact.
COLUMNS = {
    "account_number": ("account_number",),
    "postal_address": ("postal_address", "postcode", "post_town"),
    "email": ("email",),
}


class ChangeRefused(Exception):
    """The report cannot be approved or rejected (decided already, or unknown)."""


def _value(organisation: dict[str, Any], fact: str) -> dict[str, str]:
    return {column: organisation.get(column) or "" for column in COLUMNS[fact]}


def report_change(
    db: sqlite_utils.Database,
    organisation_id: int,
    fact: str,
    new_value: dict[str, str],
    *,
    actor: dict[str, Any],
    note: str = "",
) -> int:
    """Record a reported change (the values already checked); audited; returns its id."""
    if fact not in REPORTABLE:
        raise ValueError(f"not a reportable fact: {fact!r}")
    with write_transaction(db):
        organisation = organisation_by_id(db, organisation_id)
        if organisation is None:
            raise LookupError(f"no organisation {organisation_id}")
        db.execute(
            "update register_changes set status = ? "
            "where organisation_id = ? and fact = ? and status = ?",
            [REPLACED, organisation_id, fact, PENDING],
        )
        change_id = db["register_changes"].insert({
            "organisation_id": organisation_id, "fact": fact,
            "old_value": json.dumps(_value(organisation, fact), ensure_ascii=False),
            "new_value": json.dumps(new_value, ensure_ascii=False), "note": note[:2000],
            "status": PENDING, "reported_by": actor["id"], "reported_at": now_iso(),
        }).last_pk  # fmt: skip
        record_event(db, actor=actor, action="register:report", organisation_id=organisation_id,
                     detail={"fact": fact, "new": new_value, "change": change_id})  # fmt: skip
    return change_id


def _decoded(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "old_value": json.loads(row["old_value"] or "{}"),
            "new_value": json.loads(row["new_value"] or "{}")}  # fmt: skip


def change_by_id(db: sqlite_utils.Database, change_id: int) -> dict[str, Any] | None:
    """One reported change, values decoded, or None."""
    row = next(db["register_changes"].rows_where("id = ?", [change_id]), None)
    return _decoded(row) if row else None


def pending_changes(
    db: sqlite_utils.Database, *, organisation_id: int | None = None, office_id: int | None = None
) -> list[dict[str, Any]]:
    """Reports waiting for a caseworker, oldest first (of one organisation, or of one office's
    organisations, or all)."""
    where, params = "status = ?", [PENDING]
    if organisation_id is not None:
        where, params = where + " and organisation_id = ?", [*params, organisation_id]
    if office_id is not None:
        where += " and organisation_id in (select id from organisations where office_id = ?)"
        params = [*params, office_id]
    return [_decoded(r) for r in db["register_changes"].rows_where(where, params, order_by="id")]


def changes_of_organisation(
    db: sqlite_utils.Database, organisation_id: int
) -> list[dict[str, Any]]:
    """Every report of an organisation, newest first."""
    rows = db["register_changes"].rows_where("organisation_id = ?", [organisation_id],
                                             order_by="id desc")  # fmt: skip
    return [_decoded(row) for row in rows]


def decide_change(
    db: sqlite_utils.Database,
    change_id: int,
    *,
    approve: bool,
    actor: dict[str, Any],
    note: str = "",
) -> dict[str, Any]:
    """Approve (the register takes the value) or reject a pending report, in one transaction."""
    with write_transaction(db):
        change = change_by_id(db, change_id)
        if change is None:
            raise ChangeRefused("unknown")
        if change["status"] != PENDING:
            raise ChangeRefused(change["status"])
        status = APPROVED if approve else REJECTED
        db["register_changes"].update(change_id, {
            "status": status, "decided_by": actor["id"], "decided_at": now_iso(),
            "decision_note": note[:2000],
        })  # fmt: skip
        if approve:
            _update(db, change["organisation_id"], change["new_value"], actor=actor,
                    action="register:approve", keep_blank=False, extra={"change": change_id})  # fmt: skip
        else:
            record_event(db, actor=actor, action="register:reject",
                         organisation_id=change["organisation_id"],
                         detail={"change": change_id, "fact": change["fact"], "note": note})  # fmt: skip
    return change_by_id(db, change_id)  # type: ignore[return-value]
