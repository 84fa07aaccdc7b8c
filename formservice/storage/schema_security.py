"""Migrations 20–29: the security event log, login throttling per address, session limits."""

from __future__ import annotations

import sqlite_utils

from formservice.storage.db import migration


@migration(20, "security event log, never purged")
def _security_events(db: sqlite_utils.Database) -> None:
    db["security_events"].create(
        {
            "id": int,
            "at": str,
            "event": str,
            "user_id": int,
            "username": str,
            "ip": str,
            "method": str,
            "path": str,
            "detail": str,
        },
        pk="id",
        not_null={"at", "event"},
    )
    db["security_events"].create_index(["at"])
    db["security_events"].create_index(["username", "at"])
    db["security_events"].create_index(["event", "at"])
    for verb in ("UPDATE", "DELETE"):  # the log is appended to, never changed or purged
        db.execute(
            f"CREATE TRIGGER security_events_no_{verb.lower()} BEFORE {verb} ON security_events "
            "BEGIN SELECT RAISE(ABORT, 'the security event log is never changed or purged'); END"
        )


@migration(21, "failed logins counted per client address too")
def _attempts_by_address(db: sqlite_utils.Database) -> None:
    db["login_attempts"].create_index(["ip", "at"])
