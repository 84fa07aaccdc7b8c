"""API tokens and the API call log.

A token is ``fs_`` and 43 random URL-safe characters; only its SHA-256 is stored (a random token
of 256 bits needs no slow hash), with the first characters kept to tell tokens apart. A token
belongs to a user, is scoped to the role, organisation and office the user had when it was made
(if any of them changes, the token stops working), expires, and can be revoked. Every API call is logged
with the token, the user, what was asked and the status answered.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

import sqlite_utils

from formservice.storage.db import now_iso
from formservice.storage.security_log import record_security_event

TOKEN_PREFIX = "fs_"  # noqa: S105 (the marker of a token, not a secret)
MAX_DAYS = 365


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(
    db: sqlite_utils.Database, user: dict[str, Any], *, name: str, days: int
) -> tuple[str, int]:
    """A new token for the user, valid ``days`` (1–365) days; return the token (shown once) and
    its id."""
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"a token is valid 1 to {MAX_DAYS} days")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    token_id = (
        db["api_tokens"]
        .insert(
            {
                "user_id": user["id"],
                "name": name.strip()[:100] or "API",
                "token_hash": _hash(token),
                "prefix": token[:8],
                "role": user["role"],
                "organisation_id": user["organisation_id"],
                "office_id": user.get("office_id"),
                "created_at": now.isoformat(),
                "expires_at": (now + dt.timedelta(days=days)).isoformat(),
            }
        )
        .last_pk
    )
    record_security_event(db, "api_token_created", user=user,
                          detail={"token": token_id, "days": days})  # fmt: skip
    return token, token_id


def tokens_of_user(db: sqlite_utils.Database, user_id: int) -> list[dict[str, Any]]:
    """A user's tokens, newest first, without their hashes; ``active`` says if one still works."""
    now = now_iso()
    return [
        {**{k: v for k, v in row.items() if k != "token_hash"},
         "active": row["revoked_at"] is None and row["expires_at"] > now}
        for row in db["api_tokens"].rows_where("user_id = ?", [user_id], order_by="id desc")
    ]  # fmt: skip


def revoke_token(db: sqlite_utils.Database, user_id: int, token_id: int) -> bool:
    """Revoke one of the user's tokens; False if the user has no such live token."""
    cursor = db.execute(
        "update api_tokens set revoked_at = ? where id = ? and user_id = ? and revoked_at is null",
        [now_iso(), token_id, user_id],
    )
    if cursor.rowcount != 1:
        return False
    record_security_event(db, "api_token_revoked", user=db["users"].get(user_id),
                          detail={"token": token_id})  # fmt: skip
    return True


def user_for_token(db: sqlite_utils.Database, token: str) -> tuple[dict[str, Any], int] | None:
    """The enabled user a live token belongs to, and the token's id; None for an unknown,
    revoked or expired token, or one whose user's role, organisation or office has changed since."""
    if not isinstance(token, str) or not token.startswith(TOKEN_PREFIX) or len(token) > 100:
        return None
    row = next(db["api_tokens"].rows_where("token_hash = ?", [_hash(token)]), None)
    now = now_iso()
    if row is None or row["revoked_at"] is not None or row["expires_at"] <= now:
        return None
    user = next(db["users"].rows_where("id = ? and disabled = 0", [row["user_id"]]), None)
    scope = ("role", "organisation_id", "office_id")
    if user is None or any(user[key] != row[key] for key in scope):
        return None
    if (row["last_used_at"] or "")[:16] != now[:16]:  # at most one write a minute per token
        db["api_tokens"].update(row["id"], {"last_used_at": now})
    return user, row["id"]


def record_api_call(
    db: sqlite_utils.Database,
    *,
    token_id: int | None,
    user: dict[str, Any] | None,
    method: str,
    path: str,
    status: int,
    ip: str,
) -> None:
    """Log one API call (also refused ones, with no token or user): in the security log, and
    under its token (what the token's owner is shown)."""
    record_security_event(db, "api_call", user=user, ip=ip, method=method, path=path,
                          detail={"token": token_id, "status": status})  # fmt: skip
    user_id = user["id"] if user else None
    db["api_calls"].insert({"at": now_iso(), "token_id": token_id, "user_id": user_id,
                            "method": method[:10], "path": path[:500], "status": status,
                            "ip": ip[:64]})  # fmt: skip


def api_calls(db: sqlite_utils.Database, *, token_id: int | None = None) -> list[dict[str, Any]]:
    """Logged calls, oldest first (of one token, if given)."""
    if token_id is None:
        return list(db["api_calls"].rows_where(order_by="id"))
    return list(db["api_calls"].rows_where("token_id = ?", [token_id], order_by="id"))
