"""Logins through an OpenID provider that wait for the person to pick an organisation.

A person with roles for several organisations is asked which one to act for; until they answer,
what the provider said (identity number, name, its session and ID token) waits here, never in
the browser's cookie (which is signed, not encrypted). The browser holds a random token whose
SHA-256 is the key. A waiting login lasts :data:`WAIT_LIMIT`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

import sqlite_utils

from formservice.storage.db import now_iso
from formservice.storage.sessions import ProviderLink, utc_now

WAIT_LIMIT = dt.timedelta(minutes=10)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def hold_login(
    db: sqlite_utils.Database, *, pid: str, full_name: str, provider: ProviderLink
) -> str:
    """Keep a login until the person picks an organisation; return the browser's token."""
    token = secrets.token_urlsafe(32)
    cutoff = (utc_now() - WAIT_LIMIT).isoformat()
    db["oidc_logins"].delete_where("created_at < ?", [cutoff])
    db["oidc_logins"].insert(
        {
            "token_hash": _hash(token),
            "pid": pid,
            "full_name": full_name,
            "issuer": provider.issuer,
            "sid": provider.sid,
            "sub": provider.sub,
            "id_token": provider.id_token,
            "created_at": now_iso(),
        }
    )
    return token


def waiting_login(db: sqlite_utils.Database, token: Any) -> dict[str, Any] | None:
    """The waiting login of a token, or None (unknown, or older than WAIT_LIMIT)."""
    if not isinstance(token, str) or not 20 <= len(token) <= 100:
        return None
    row = next(db["oidc_logins"].rows_where("token_hash = ?", [_hash(token)]), None)
    if row is None or dt.datetime.fromisoformat(row["created_at"]) < utc_now() - WAIT_LIMIT:
        return None
    return row


def provider_of(login: dict[str, Any]) -> ProviderLink:
    """The provider session a waiting login came from."""
    return ProviderLink(login["issuer"], login["sid"], login["sub"], login["id_token"])


def drop_login(db: sqlite_utils.Database, token: str) -> None:
    """Forget a waiting login (it became a session, or the person left)."""
    db["oidc_logins"].delete_where("token_hash = ?", [_hash(token)])


def drop_provider_logins(db: sqlite_utils.Database, issuer: str, *, sid: str, sub: str) -> None:
    """Forget the waiting logins of a provider session that has ended."""
    if sid:
        db["oidc_logins"].delete_where("issuer = ? and sid = ?", [issuer, sid])
    elif sub:
        db["oidc_logins"].delete_where("issuer = ? and sub = ?", [issuer, sub])
