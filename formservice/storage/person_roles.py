"""Roles persons (by national identity number) hold for an organisation, and their user rows.

Every grant is a row that is never deleted: revoking sets ``revoked_at``, a changed role ends the
old row and starts a new one, so the table is the history of who could act for whom. Each person
acting for one organisation has one user row (role ``municipality``, ``pid`` set, no usable
password) that logins through ID-porten use, exactly like a municipal user with a password; a
grant enables it and sets its signatory right, a revocation disables it and ends its sessions.
"""

from __future__ import annotations

import hashlib
from typing import Any

import sqlite_utils

from formservice.storage.audit import record_event
from formservice.storage.db import now_iso, write_transaction
from formservice.storage.security_log import record_security_event
from formservice.storage.sessions import end_all_sessions
from formservice.storage.users import create_user

ROLES = ("signatory", "contributor")


class RoleConflict(Exception):
    """The person already holds exactly this role for the organisation."""


def grant_role(
    db: sqlite_utils.Database,
    *,
    pid: str,
    organisation: dict[str, Any],
    role: str,
    full_name: str,
    actor: dict[str, Any] | None,
    ip: str = "",
    demo: bool = False,
) -> int:
    """Give the person (a validated identity number) ``role`` for the organisation; a different
    role they held there ends. Audited and in the security log; returns the grant's id. A
    ``demo`` grant's user row is a demo row (usable only in demo mode)."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; roles are {', '.join(ROLES)}")
    by, label = _actor(actor)
    with write_transaction(db):
        current = active_role(db, pid, organisation["id"])
        if current is not None and current["role"] == role:
            raise RoleConflict(role)
        now = now_iso()
        if current is not None:
            db["person_roles"].update(current["id"], {"revoked_at": now, "revoked_by": label})
        user_id = _person_user(
            db, pid, organisation, full_name or (current or {}).get("full_name", "")
        )
        db["users"].update(user_id, {"is_signatory": int(role == "signatory"), "disabled": 0,
                                     **({"is_demo": 1} if demo else {})})  # fmt: skip
        grant_id = db["person_roles"].insert(
            {"pid": pid, "organisation_id": organisation["id"], "role": role,
             "full_name": full_name, "user_id": user_id, "granted_at": now, "granted_by": label},
        ).last_pk  # fmt: skip
        end_all_sessions(db, user_id)  # the new rights apply from the next login
        detail = {"grant_id": grant_id, "role": role, "organisation_id": organisation["id"],
                  "replaced": current["role"] if current else None, "by": by}  # fmt: skip
        record_event(db, actor=actor, action="person_role:grant",
                     organisation_id=organisation["id"], detail=detail)  # fmt: skip
        record_security_event(db, "role_granted", user=db["users"].get(user_id), ip=ip,
                              detail=detail)  # fmt: skip
    return grant_id


def revoke_role(
    db: sqlite_utils.Database, grant: dict[str, Any], *, actor: dict[str, Any] | None, ip: str = ""
) -> None:
    """End an active grant: its user row is disabled and its sessions end at once."""
    by, label = _actor(actor)
    with write_transaction(db):
        db["person_roles"].update(grant["id"], {"revoked_at": now_iso(), "revoked_by": label})
        db["users"].update(grant["user_id"], {"disabled": 1})
        end_all_sessions(db, grant["user_id"])
        detail = {"grant_id": grant["id"], "role": grant["role"],
                  "organisation_id": grant["organisation_id"], "by": by}  # fmt: skip
        record_event(db, actor=actor, action="person_role:revoke",
                     organisation_id=grant["organisation_id"], detail=detail)  # fmt: skip
        record_security_event(db, "role_revoked", user=db["users"].get(grant["user_id"]), ip=ip,
                              detail=detail)  # fmt: skip


def active_role(db: sqlite_utils.Database, pid: str, organisation_id: int) -> dict[str, Any] | None:
    """The person's current grant for the organisation, or None."""
    where = "pid = ? and organisation_id = ? and revoked_at is null"
    return next(db["person_roles"].rows_where(where, [pid, organisation_id]), None)


def grant_by_id(db: sqlite_utils.Database, grant_id: int) -> dict[str, Any] | None:
    """One grant, active or revoked, or None."""
    return next(db["person_roles"].rows_where("id = ?", [grant_id]), None)


def roles_of_organisation(db: sqlite_utils.Database, organisation_id: int) -> list[dict[str, Any]]:
    """The organisation's grants, the active ones first, newest first within each; ``name`` is
    the person's name as the provider last gave it, else as the granter typed it."""
    rows = db.query(
        "select person_roles.*, coalesce(nullif(users.full_name, ''), person_roles.full_name) "
        "as name from person_roles join users on users.id = person_roles.user_id "
        "where person_roles.organisation_id = ? "
        "order by person_roles.revoked_at is not null, person_roles.id desc limit 500",
        [organisation_id],
    )
    return list(rows)


def active_roles(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Every active grant, with the person's ``name`` and the ``organisation_name``, by that
    name and then the person's number."""
    rows = db.query(
        "select person_roles.*, coalesce(nullif(users.full_name, ''), person_roles.full_name) "
        "as name, organisations.name as organisation_name from person_roles "
        "join users on users.id = person_roles.user_id "
        "join organisations on organisations.id = person_roles.organisation_id "
        "where person_roles.revoked_at is null order by organisations.name, person_roles.pid"
    )
    return list(rows)


def logins_of_person(db: sqlite_utils.Database, pid: str) -> list[dict[str, Any]]:
    """The enabled user rows the person may log in as, one per organisation with an active role,
    with the organisation's name (``organisation_name``), by that name."""
    rows = db.query(
        "select users.*, organisations.name as organisation_name from person_roles "
        "join users on users.id = person_roles.user_id "
        "join organisations on organisations.id = person_roles.organisation_id "
        "where person_roles.pid = ? and person_roles.revoked_at is null and users.disabled = 0 "
        "order by organisations.name",
        [pid],
    )
    return list(rows)


def record_login_name(db: sqlite_utils.Database, user_id: int, full_name: str) -> None:
    """Keep the name the provider gave at login on the user row (pages show it)."""
    if full_name:
        db["users"].update(user_id, {"full_name": full_name[:200]})


def _actor(actor: dict[str, Any] | None) -> tuple[str, str]:
    """Who acts: the username (for the logs) and the name the list of roles shows."""
    if actor is None:
        return "system", "system"
    return actor["username"], actor.get("full_name") or actor["username"]


def _person_user(
    db: sqlite_utils.Database, pid: str, organisation: dict[str, Any], full_name: str
) -> int:
    """The id of the person's user row for the organisation, made the first time."""
    found = next(
        db["users"].rows_where("pid = ? and organisation_id = ?", [pid, organisation["id"]]), None
    )
    if found is not None:
        if full_name and not found["full_name"]:
            db["users"].update(found["id"], {"full_name": full_name})
        return found["id"]
    # the username says nothing of the identity number: it appears in logs and the audit trail
    digest = hashlib.sha256(f"{pid}:{organisation['id']}".encode()).hexdigest()[:12]
    return create_user(
        db,
        username=f"idporten-{organisation['id']}-{digest}",
        password_hash="!",  # noqa: S106 (no password: this user logs in only through ID-porten)
        role="municipality",
        full_name=full_name,
        organisation_id=organisation["id"],
        language=organisation.get("language") or "nb",
        created_by="person_roles",
        pid=pid,
    )
