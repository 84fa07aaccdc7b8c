"""Passwords and logging in: argon2 hashes, throttling per username and per address, demo mode.

The web login form and the ``formservice user`` commands call these functions. An OpenID Connect
login (ID-porten) would replace :func:`authenticate` and leave the rest untouched: everything after
it works on the user row.

Every refusal costs one argon2 verification, also for an unknown, disabled or (outside demo mode)
demo user, so the time a refusal takes does not tell whether the username exists.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlite_utils
from argon2 import Parameters, PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

from formservice.engine.messages import Text
from formservice.password_policy import password_problem
from formservice.storage import users

MAX_FAILURES = 5  # per username within LOCKOUT
MAX_FAILURES_PER_ADDRESS = 30  # per client address within LOCKOUT: one password across usernames
LOCKOUT = dt.timedelta(minutes=15)
_hasher = PasswordHasher.from_parameters(profiles.RFC_9106_LOW_MEMORY)  # t=3, 64 MiB, 4 lanes
_dummy_hash: str | None = None


class LoginRefused(Exception):
    """Login failed; ``reason`` is ``invalid`` or ``locked``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class PasswordRefused(Exception):
    """A new password the policy refuses; ``text`` says why in bokmål and nynorsk."""

    def __init__(self, text: Text) -> None:
        super().__init__(text["nb"])
        self.text = text


def username_problem(username: str) -> Text | None:
    """Why a new username is refused (letters, digits, '-' and '.', at most 64), or None."""
    if username and username.replace("-", "").replace(".", "").isalnum() and len(username) <= 64:
        return None
    return {
        "en": "a username has letters, digits, '-' and '.' only (at most 64)",
        "nb": "Brukernavnet kan ha bokstaver, sifre, bindestrek og punktum (høyst 64 tegn).",
        "nn": "Brukarnamnet kan ha bokstavar, siffer, bindestrek og punktum (høgst 64 teikn).",
    }


def use_password_hashing(profile: str) -> None:
    """Make new hashes with one of argon2-cffi's named parameter profiles (setting
    ``PASSWORD_HASHING``). ``CHEAPEST`` makes a hash cost microseconds and is for tests only;
    a hash made with other parameters still verifies, and is made anew at the next login."""
    global _hasher, _dummy_hash
    parameters = getattr(profiles, profile, None) if profile.isupper() else None
    if not isinstance(parameters, Parameters):
        known = ", ".join(n for n in dir(profiles) if isinstance(getattr(profiles, n), Parameters))
        raise ValueError(f"PASSWORD_HASHING must be one of {known}, not {profile!r}")
    _hasher = PasswordHasher.from_parameters(parameters)
    _dummy_hash = None  # made again with these parameters: it must cost what a real one costs


def hash_password(password: str) -> str:
    """An argon2id hash of the password."""
    return _hasher.hash(password)


def checked_password_hash(password: str, user: dict[str, Any] | None = None) -> str:
    """The hash of a new password the policy accepts, or PasswordRefused."""
    personal = [user.get("username", ""), *str(user.get("full_name", "")).split()] if user else []
    problem = password_problem(password, personal=personal)
    if problem:
        raise PasswordRefused(problem)
    return hash_password(password)


def authenticate(
    db: sqlite_utils.Database, username: str, password: str, ip: str, *, demo_mode: bool = False
) -> dict[str, Any]:
    """The user whose username and password these are, or LoginRefused.

    Demo users (``is_demo``) log in only when ``demo_mode`` is on (the DEMO_MODE setting).
    """
    username = username.strip().lower()
    since = dt.datetime.now(dt.UTC) - LOCKOUT
    if (
        users.failed_logins_since(db, username, since) >= MAX_FAILURES
        or users.failed_logins_from_address_since(db, ip, since) >= MAX_FAILURES_PER_ADDRESS
    ):
        raise LoginRefused("locked")
    user = users.user_by_username(db, username)
    usable = user is not None and not user["disabled"] and (demo_mode or not user["is_demo"])
    correct = verify_password(user["password_hash"] if usable else _dummy(), password)
    if not usable or not correct:
        users.record_failed_login(db, username, ip)
        raise LoginRefused("invalid")
    users.clear_failed_logins(db, username)
    if _hasher.check_needs_rehash(user["password_hash"]):
        users.set_password_hash(db, user["id"], hash_password(password))
    return user


def verify_password(password_hash: str, password: str) -> bool:
    """Whether ``password`` matches the argon2 hash (False for a malformed hash)."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _dummy() -> str:
    """A hash of a random password with the same parameters, to verify against for nobody."""
    global _dummy_hash
    if _dummy_hash is None:
        import secrets

        _dummy_hash = hash_password(secrets.token_urlsafe(16))
    return _dummy_hash
