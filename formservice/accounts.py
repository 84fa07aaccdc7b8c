"""Passwords and logging in: argon2 hashes, and a limit on failed attempts per username.

The web login form and the ``formservice user`` commands call these functions. An OpenID Connect
login (ID-porten) would replace :func:`authenticate` and leave the rest untouched: everything after
it works on the user row.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlite_utils
from argon2 import Parameters, PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

from formservice.storage import users

MAX_FAILURES = 5
LOCKOUT = dt.timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 4
_hasher = PasswordHasher.from_parameters(profiles.RFC_9106_LOW_MEMORY)  # t=3, 64 MiB, 4 lanes


class LoginRefused(Exception):
    """Login failed; ``reason`` is ``invalid`` or ``locked``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def use_password_hashing(profile: str) -> None:
    """Make new hashes with one of argon2-cffi's named parameter profiles (setting
    ``PASSWORD_HASHING``). ``CHEAPEST`` makes a hash cost microseconds and is for tests only;
    a hash made with other parameters still verifies, and is made anew at the next login."""
    global _hasher
    parameters = getattr(profiles, profile, None) if profile.isupper() else None
    if not isinstance(parameters, Parameters):
        known = ", ".join(n for n in dir(profiles) if isinstance(getattr(profiles, n), Parameters))
        raise ValueError(f"PASSWORD_HASHING must be one of {known}, not {profile!r}")
    _hasher = PasswordHasher.from_parameters(parameters)


def hash_password(password: str) -> str:
    """An argon2id hash of the password."""
    return _hasher.hash(password)


def authenticate(
    db: sqlite_utils.Database, username: str, password: str, ip: str
) -> dict[str, Any]:
    """The user whose username and password these are, or LoginRefused."""
    username = username.strip().lower()
    since = dt.datetime.now(dt.UTC) - LOCKOUT
    if users.failed_logins_since(db, username, since) >= MAX_FAILURES:
        raise LoginRefused("locked")
    user = users.user_by_username(db, username)
    if user is None or user["disabled"] or not _verify(user["password_hash"], password):
        users.record_failed_login(db, username, ip)
        raise LoginRefused("invalid")
    users.clear_failed_logins(db, username)
    if _hasher.check_needs_rehash(user["password_hash"]):
        users.set_password_hash(db, user["id"], hash_password(password))
    return user


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
