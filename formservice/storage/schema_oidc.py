"""Migrations 130–149: login with ID-porten (OpenID Connect) and the roles persons hold for an
organisation. Never edit a migration once it has shipped: add one."""

from __future__ import annotations

import sqlite_utils

from formservice.storage.db import migration


@migration(130, "persons' roles for organisations, ID-porten users and sessions, pending logins")
def _person_roles(db: sqlite_utils.Database) -> None:
    # a person (national identity number, ID-porten's pid) acting for one organisation works on a
    # user row of their own, like a municipal user with a password
    db["users"].add_column("pid", str)
    db.execute(
        "CREATE UNIQUE INDEX users_pid_organisation ON users (pid, organisation_id) "
        "WHERE pid IS NOT NULL"
    )
    db["person_roles"].create(
        {
            "id": int,
            "pid": str,
            "organisation_id": int,
            "role": str,
            "full_name": str,
            "user_id": int,
            "granted_at": str,
            "granted_by": str,
            "revoked_at": str,
            "revoked_by": str,
        },
        pk="id",
        foreign_keys=[("organisation_id", "organisations", "id"), ("user_id", "users", "id")],
        not_null={"pid", "organisation_id", "role", "user_id", "granted_at", "granted_by"},
    )
    db.execute(
        "CREATE UNIQUE INDEX person_roles_active ON person_roles (pid, organisation_id) "
        "WHERE revoked_at IS NULL"
    )
    db["person_roles"].create_index(["organisation_id", "id"])
    # which provider session (iss + sid) a formservice session came from, for front- and
    # back-channel logout, and the ID token to send as id_token_hint at logout
    sessions = db["user_sessions"]
    sessions.add_column("oidc_issuer", str)
    sessions.add_column("oidc_sid", str)
    sessions.add_column("oidc_sub", str)
    sessions.add_column("id_token", str)
    sessions.create_index(["oidc_issuer", "oidc_sid"])
    sessions.create_index(["oidc_issuer", "oidc_sub"])
    # a person with roles for several organisations picks one; until then the login waits here
    db["oidc_logins"].create(
        {
            "token_hash": str,
            "pid": str,
            "full_name": str,
            "issuer": str,
            "sid": str,
            "sub": str,
            "id_token": str,
            "created_at": str,
        },
        pk="token_hash",
    )
