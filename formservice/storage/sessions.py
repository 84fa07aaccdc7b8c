"""Login sessions kept on the server, so logging out (or a password change) ends them for good.

The browser's signed cookie carries only a random token; the database keeps its SHA-256 hash. A
cookie copied before logout, or forged, names no live session and is treated as logged out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

import sqlite_utils

from formservice.storage.db import now_iso

SESSION_LIFETIME = dt.timedelta(hours=10)
_TOUCH_EVERY = dt.timedelta(minutes=5)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_session(db: sqlite_utils.Database, user_id: int) -> str:
    """Start a session for the user; return the token for the cookie."""
    token = secrets.token_urlsafe(32)
    now = now_iso()
    db["user_sessions"].insert(
        {"token_hash": _hash(token), "user_id": user_id, "created_at": now, "last_seen": now}
    )
    return token


def user_for_session(db: sqlite_utils.Database, token: str) -> dict[str, Any] | None:
    """The enabled user of a live session, or None (unknown, ended or expired token)."""
    if not isinstance(token, str) or not 20 <= len(token) <= 100:
        return None
    row = next(db["user_sessions"].rows_where("token_hash = ?", [_hash(token)]), None)
    if row is None:
        return None
    now = dt.datetime.now(dt.UTC)
    last_seen = dt.datetime.fromisoformat(row["last_seen"])
    if now - last_seen > SESSION_LIFETIME:
        end_session(db, token)
        return None
    user = next(db["users"].rows_where("id = ? and disabled = 0", [row["user_id"]]), None)
    if user is not None and now - last_seen > _TOUCH_EVERY:
        db["user_sessions"].update(row["token_hash"], {"last_seen": now_iso()})
    return user


def end_session(db: sqlite_utils.Database, token: str) -> None:
    """End one session (logging out)."""
    db["user_sessions"].delete_where("token_hash = ?", [_hash(token)])


def end_all_sessions(db: sqlite_utils.Database, user_id: int) -> None:
    """End every session of a user (password changed, account disabled)."""
    db["user_sessions"].delete_where("user_id = ?", [user_id])
