"""Migrations 40–59: the register of organisations, its reported changes, and rounds the office
opens and closes. Never edit a migration once it has shipped: add one."""

from __future__ import annotations

import sqlite_utils

from formservice.storage.db import migration


@migration(
    40,
    "register: kind, postal address and change time of organisations; audit by organisation and round",
)
def _register(db: sqlite_utils.Database) -> None:
    organisations = db["organisations"]
    organisations.add_column("kind", str, not_null_default="kommune")
    organisations.add_column("postal_address", str, not_null_default="")
    organisations.add_column("postcode", str, not_null_default="")
    organisations.add_column("post_town", str, not_null_default="")
    organisations.add_column("updated_at", str)
    db.execute("update organisations set orgnr = null where orgnr = ''")
    db["audit_log"].add_column("organisation_id", int)
    db["audit_log"].add_column("round_id", int)
    db["audit_log"].create_index(["organisation_id", "id"])
    db["audit_log"].create_index(["round_id", "id"])


@migration(41, "register changes the recipient reports (§10), approved or rejected by a caseworker")
def _register_changes(db: sqlite_utils.Database) -> None:
    db["register_changes"].create(
        {
            "id": int,
            "organisation_id": int,
            "fact": str,
            "old_value": str,
            "new_value": str,
            "note": str,
            "status": str,
            "reported_by": int,
            "reported_at": str,
            "decided_by": int,
            "decided_at": str,
            "decision_note": str,
        },
        pk="id",
        foreign_keys=[
            ("organisation_id", "organisations", "id"),
            ("reported_by", "users", "id"),
            ("decided_by", "users", "id"),
        ],
        not_null={"organisation_id", "fact", "new_value", "status", "reported_at"},
    )
    db["register_changes"].create_index(["organisation_id", "status"])
    db["register_changes"].create_index(["status", "id"])


@migration(42, "rounds: opening date, instalments, closing")
def _rounds(db: sqlite_utils.Database) -> None:
    rounds = db["rounds"]
    rounds.add_column("opens_on", str)
    rounds.add_column("instalments", int, not_null_default=1)
    rounds.add_column("closed_at", str)
    rounds.add_column("closed_by", int)
