"""Login sessions kept on the server, so logging out (or a password change) ends them for good.

The browser's signed cookie carries only a random token; the database keeps its SHA-256 hash. A
cookie copied before logout, or forged, names no live session and is treated as logged out.

A session ends after :data:`IDLE_LIMIT` without a request and at the latest :data:`ABSOLUTE_LIMIT`
after login (ASVS 3.3.2), whether it began with a password or with ID-porten. A session from an
OpenID provider remembers the provider's session (issuer and ``sid``) and the ID token, so the
provider's logout calls end it and logging out can end the provider's session too. ``last_seen`` is written at most once every :data:`TOUCH_EVERY`, so a
page view is not a database write; the idle limit counts from that moment.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from formservice.storage.db import now_iso
from formservice.storage.security_log import record_security_event

IDLE_LIMIT = dt.timedelta(minutes=30)
ABSOLUTE_LIMIT = dt.timedelta(hours=12)
TOUCH_EVERY = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class LiveSession:
    """A live session: its user, when it ends unless used again, and when it ends at the latest."""

    user: dict[str, Any]
    expires_at: dt.datetime
    ends_at: dt.datetime

    @property
    def extendable(self) -> bool:
        """Whether another request would push the end further (the absolute limit is not near)."""
        return self.expires_at < self.ends_at


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def utc_now() -> dt.datetime:
    """Now in UTC, to the second (as the table stores it)."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


@dataclass(frozen=True)
class ProviderLink:
    """The OpenID provider's session a formservice session came from."""

    issuer: str
    sid: str
    sub: str
    id_token: str


def create_session(
    db: sqlite_utils.Database, user_id: int, *, provider: ProviderLink | None = None
) -> str:
    """Start a session for the user; return the token for the cookie. Ended sessions are purged."""
    token = secrets.token_urlsafe(32)
    now = now_iso()
    row: dict[str, Any] = {
        "token_hash": _hash(token), "user_id": user_id, "created_at": now, "last_seen": now,
    }  # fmt: skip
    if provider is not None:
        row.update(oidc_issuer=provider.issuer, oidc_sid=provider.sid, oidc_sub=provider.sub,
                   id_token=provider.id_token)  # fmt: skip
    db["user_sessions"].insert(row)
    purge_expired_sessions(db)
    return token


def provider_link(db: sqlite_utils.Database, token: str) -> ProviderLink | None:
    """The provider session behind a session, or None (a password login, or no such session)."""
    if not isinstance(token, str) or not 20 <= len(token) <= 100:
        return None
    row = next(db["user_sessions"].rows_where("token_hash = ?", [_hash(token)]), None)
    if row is None or not row.get("oidc_issuer"):
        return None
    return ProviderLink(row["oidc_issuer"], row["oidc_sid"] or "", row["oidc_sub"] or "",
                        row["id_token"] or "")  # fmt: skip


def end_provider_sessions(
    db: sqlite_utils.Database, issuer: str, *, sid: str = "", sub: str = ""
) -> list[dict[str, Any]]:
    """End the sessions that came from the provider session ``sid`` (or, without a sid, every
    session of the provider's subject ``sub``); return their users' rows."""
    if sid:
        where, params = "oidc_issuer = ? and oidc_sid = ?", [issuer, sid]
        if sub:
            where, params = where + " and oidc_sub = ?", [*params, sub]
    elif sub:
        where, params = "oidc_issuer = ? and oidc_sub = ?", [issuer, sub]
    else:
        return []
    user_ids = [row["user_id"] for row in db["user_sessions"].rows_where(where, params)]
    db["user_sessions"].delete_where(where, params)
    users = (next(db["users"].rows_where("id = ?", [uid]), None) for uid in user_ids)
    return [user for user in users if user is not None]


def live_session(
    db: sqlite_utils.Database, token: str, *, touch: bool = True
) -> LiveSession | None:
    """The live session of a token, or None (unknown, ended, idle too long, past its limit).

    ``touch`` records the request as activity (at most once every TOUCH_EVERY).
    """
    if not isinstance(token, str) or not 20 <= len(token) <= 100:
        return None
    row = next(db["user_sessions"].rows_where("token_hash = ?", [_hash(token)]), None)
    if row is None:
        return None
    now = utc_now()
    last_seen = dt.datetime.fromisoformat(row["last_seen"])
    ends_at = dt.datetime.fromisoformat(row["created_at"]) + ABSOLUTE_LIMIT
    if now - last_seen > IDLE_LIMIT or now >= ends_at:
        end_session(db, token)
        user = next(db["users"].rows_where("id = ?", [row["user_id"]]), None)
        limit = "idle" if now - last_seen > IDLE_LIMIT else "absolute"
        record_security_event(db, "session_expired", user=user, detail={"limit": limit})
        return None
    user = next(db["users"].rows_where("id = ? and disabled = 0", [row["user_id"]]), None)
    if user is None:
        return None
    if touch and now - last_seen >= TOUCH_EVERY:
        db["user_sessions"].update(row["token_hash"], {"last_seen": now.isoformat()})
        last_seen = now
    return LiveSession(user=user, expires_at=min(last_seen + IDLE_LIMIT, ends_at), ends_at=ends_at)


def extend_session(db: sqlite_utils.Database, token: str) -> LiveSession | None:
    """Record activity now (the person chose to stay logged in); the session after, or None."""
    session = live_session(db, token, touch=False)
    if session is None:
        return None
    db["user_sessions"].update(_hash(token), {"last_seen": now_iso()})
    return live_session(db, token, touch=False)


def user_for_session(db: sqlite_utils.Database, token: str) -> dict[str, Any] | None:
    """The enabled user of a live session, or None."""
    session = live_session(db, token)
    return session.user if session else None


def end_session(db: sqlite_utils.Database, token: str) -> None:
    """End one session (logging out)."""
    db["user_sessions"].delete_where("token_hash = ?", [_hash(token)])


def end_all_sessions(db: sqlite_utils.Database, user_id: int) -> None:
    """End every session of a user (password changed, account disabled)."""
    db["user_sessions"].delete_where("user_id = ?", [user_id])


def end_other_sessions(db: sqlite_utils.Database, user_id: int, keep_token: str) -> int:
    """End every session of the user except the one of ``keep_token``; return how many ended."""
    where, params = "user_id = ? and token_hash != ?", [user_id, _hash(keep_token)]
    count = db["user_sessions"].count_where(where, params)
    db["user_sessions"].delete_where(where, params)
    return count


def other_session_count(db: sqlite_utils.Database, user_id: int, token: str) -> int:
    """How many other live-looking sessions the user has (other browsers or devices)."""
    return db["user_sessions"].count_where(
        "user_id = ? and token_hash != ?", [user_id, _hash(token)]
    )


def purge_expired_sessions(db: sqlite_utils.Database) -> None:
    """Remove the rows of sessions past their idle or absolute limit."""
    now = utc_now()
    db["user_sessions"].delete_where(
        "last_seen < ? or created_at < ?",
        [(now - IDLE_LIMIT).isoformat(), (now - ABSOLUTE_LIMIT).isoformat()],
    )
