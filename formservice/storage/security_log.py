"""The security event log: logins, logouts, password and role changes, accounts created, exports
and downloads holding account numbers, refused requests. Appended to and never purged (triggers
in the schema refuse UPDATE and DELETE); read by the admin page and ``formservice security-log``.
"""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from formservice.storage.db import now_iso

EVENTS = (
    "login", "login_failed", "login_locked", "logout", "session_expired", "sessions_ended",
    "password_changed", "password_change_failed", "role_changed", "account_created", "export", "download", "forbidden", "csrf_refused",
    "api_call", "api_token_created", "api_token_revoked", "organisation_moved",
    "role_granted", "role_revoked", "login_refused", "provider_logout",
    "letterhead_changed",
)  # fmt: skip


def record_security_event(
    db: sqlite_utils.Database,
    event: str,
    *,
    user: dict[str, Any] | None = None,
    username: str = "",
    ip: str = "",
    method: str = "",
    path: str = "",
    detail: dict[str, Any] | None = None,
) -> None:
    """Append one event; ``user`` is the user row when known, else ``username`` as typed."""
    if event not in EVENTS:
        raise ValueError(f"unknown security event {event!r}")
    db["security_events"].insert(
        {
            "at": now_iso(),
            "event": event,
            "user_id": user["id"] if user else None,
            "username": (user["username"] if user else username)[:200],
            "ip": (ip or "")[:64],
            "method": (method or "")[:10],
            "path": (path or "")[:500],
            "detail": json.dumps(detail or {}, ensure_ascii=False),
        }
    )


def security_events(
    db: sqlite_utils.Database,
    *,
    username: str = "",
    event: str = "",
    since: str = "",
    limit: int = 200,
    before_id: int | None = None,
) -> list[dict[str, Any]]:
    """Events newest first, filtered by username, event and time (ISO), ``limit`` at most."""
    where, params = ["1 = 1"], []
    if username:
        where.append("username = ?")
        params.append(username.strip().lower())
    if event:
        where.append("event = ?")
        params.append(event)
    if since:
        where.append("at >= ?")
        params.append(since)
    if before_id is not None:
        where.append("id < ?")
        params.append(before_id)
    rows = db["security_events"].rows_where(
        " and ".join(where), params, order_by="id desc", limit=max(1, min(limit, 10_000))
    )
    return [{**row, "detail": json.loads(row["detail"] or "{}")} for row in rows]
