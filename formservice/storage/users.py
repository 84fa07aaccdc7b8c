"""User accounts and login attempts.

A user has one role (municipality, caseworker, helpdesk, admin, directorate); municipality users
belong to one organisation, and some of them are signatories who may submit; caseworkers and the
help desk belong to one office (:data:`OFFICE_ROLES`), the directorate and administrators to none. Passwords are stored only as hashes
made by :mod:`formservice.accounts`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlite_utils

from formservice.storage.db import now_iso
from formservice.storage.security_log import record_security_event

ROLES = ("municipality", "caseworker", "helpdesk", "admin", "directorate")
OFFICE_ROLES = ("caseworker", "helpdesk")


def _check_role(role: str, organisation_id: int | None, office_id: int | None) -> None:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; roles are {', '.join(ROLES)}")
    if (role == "municipality") != (organisation_id is not None):
        raise ValueError("municipality users, and only they, belong to an organisation")
    if (role in OFFICE_ROLES) != (office_id is not None):
        raise ValueError("caseworkers and the help desk, and only they, belong to an office")


def create_user(
    db: sqlite_utils.Database,
    *,
    username: str,
    password_hash: str,
    role: str,
    full_name: str = "",
    email: str = "",
    organisation_id: int | None = None,
    is_signatory: bool = False,
    language: str = "nb",
    is_demo: bool = False,
    created_by: str = "system",
    office_id: int | None = None,
    pid: str | None = None,
) -> int:
    """Create a user (the caller has checked the username is free); recorded in the security log
    with who made it (``created_by``: a username, ``cli`` or ``system``)."""
    _check_role(role, organisation_id, office_id)
    user_id = (
        db["users"]
        .insert(
            {
                "username": username,
                "password_hash": password_hash,
                "role": role,
                "full_name": full_name,
                "email": email,
                "organisation_id": organisation_id,
                "office_id": office_id,
                "is_signatory": int(is_signatory),
                "language": language,
                "is_demo": int(is_demo),
                "disabled": 0,
                "created_at": now_iso(),
                **({"pid": pid} if pid else {}),
            }
        )
        .last_pk
    )
    record_security_event(
        db,
        "account_created",
        username=username,
        detail={"user_id": user_id, "role": role, "organisation_id": organisation_id,
                "office_id": office_id, "signatory": bool(is_signatory), "by": created_by},
    )  # fmt: skip
    return user_id


def user_by_username(db: sqlite_utils.Database, username: str) -> dict[str, Any] | None:
    """The user with this username, or None."""
    return next(db["users"].rows_where("username = ?", [username]), None)


def user_by_id(db: sqlite_utils.Database, user_id: int) -> dict[str, Any] | None:
    """The user with this id, or None."""
    return next(db["users"].rows_where("id = ?", [user_id]), None)


def set_password_hash(db: sqlite_utils.Database, user_id: int, password_hash: str) -> None:
    """Replace a user's password hash."""
    db["users"].update(user_id, {"password_hash": password_hash})


def change_role(
    db: sqlite_utils.Database,
    user: dict[str, Any],
    *,
    role: str,
    organisation_id: int | None,
    is_signatory: bool,
    changed_by: str,
    office_id: int | None = None,
) -> None:
    """Give a user another role, organisation, office or signatory right; logged in the security
    log. The caller ends the user's sessions, so the new rights apply from the next login."""
    _check_role(role, organisation_id, office_id)
    changes = {"role": role, "organisation_id": organisation_id, "office_id": office_id,
               "is_signatory": int(is_signatory)}  # fmt: skip
    db["users"].update(user["id"], changes)
    before = {key: user[key] for key in changes}
    record_security_event(db, "role_changed", user=user,
                          detail={"before": before, "after": changes, "by": changed_by})  # fmt: skip


def record_failed_login(db: sqlite_utils.Database, username: str, ip: str) -> None:
    """Remember one failed login attempt."""
    db["login_attempts"].insert({"username": username[:200], "ip": ip[:64], "at": now_iso()})


def failed_logins_since(db: sqlite_utils.Database, username: str, since: dt.datetime) -> int:
    """How many failed attempts a username has had since a moment."""
    return db["login_attempts"].count_where(
        "username = ? and at >= ?", [username[:200], since.replace(microsecond=0).isoformat()]
    )


def failed_logins_from_address_since(db: sqlite_utils.Database, ip: str, since: dt.datetime) -> int:
    """How many failed attempts came from one client address since a moment (any username)."""
    if not ip:
        return 0
    return db["login_attempts"].count_where(
        "ip = ? and at >= ?", [ip[:64], since.replace(microsecond=0).isoformat()]
    )


def clear_failed_logins(db: sqlite_utils.Database, username: str) -> None:
    """Forget a username's failed attempts after a successful login."""
    db["login_attempts"].delete_where("username = ?", [username[:200]])


def users_of_organisation(db: sqlite_utils.Database, organisation_id: int) -> list[dict[str, Any]]:
    """The enabled users of an organisation."""
    return list(db["users"].rows_where("organisation_id = ? and disabled = 0", [organisation_id]))


def office_users(db: sqlite_utils.Database, office_id: int | None = None) -> list[dict[str, Any]]:
    """The caseworkers and help-desk users (of one office, or of every office), by username."""
    where, params = "role in ('caseworker', 'helpdesk')", []
    if office_id is not None:
        where, params = where + " and office_id = ?", [office_id]
    return list(db["users"].rows_where(where, params, order_by="username"))
