"""Migrations 90–99: what leaves formservice for other systems: the archive's hand-over
packages and journal entries, and the API's tokens and call log."""

from __future__ import annotations

import sqlite_utils

from formservice.storage.db import migration


@migration(90, "archive hand-overs: each package sent and each journal entry in it")
def _archive_handovers(db: sqlite_utils.Database) -> None:
    db["archive_packages"].create(
        {
            "id": int,
            "message_id": str,
            "submission_id": int,
            "folder": str,
            "file_count": int,
            "created_by": str,
            "created_at": str,
        },
        pk="id",
        foreign_keys=[("submission_id", "submissions", "id")],
        not_null={"message_id", "submission_id", "created_at"},
    )
    db["archive_packages"].create_index(["message_id"], unique=True)
    db["archive_packages"].create_index(["submission_id"])
    db["archive_entries"].create(
        {
            "id": int,
            "package_id": int,
            "submission_id": int,
            "entry_key": str,
            "title": str,
            "files": str,
        },
        pk="id",
        foreign_keys=[
            ("package_id", "archive_packages", "id"),
            ("submission_id", "submissions", "id"),
        ],
        not_null={"package_id", "submission_id", "entry_key"},
    )
    db["archive_entries"].create_index(["submission_id", "entry_key"], unique=True)


@migration(91, "API tokens: hashed, with an expiry, scoped to the user's role and organisation")
def _api_tokens(db: sqlite_utils.Database) -> None:
    db["api_tokens"].create(
        {
            "id": int,
            "user_id": int,
            "name": str,
            "token_hash": str,
            "prefix": str,
            "role": str,
            "organisation_id": int,
            "created_at": str,
            "expires_at": str,
            "last_used_at": str,
            "revoked_at": str,
        },
        pk="id",
        foreign_keys=[("user_id", "users", "id")],
        not_null={"user_id", "name", "token_hash", "role", "created_at", "expires_at"},
    )
    db["api_tokens"].create_index(["token_hash"], unique=True)
    db["api_tokens"].create_index(["user_id"])


@migration(92, "API call log: every call, who made it and what it answered")
def _api_calls(db: sqlite_utils.Database) -> None:
    db["api_calls"].create(
        {
            "id": int,
            "at": str,
            "token_id": int,
            "user_id": int,
            "method": str,
            "path": str,
            "status": int,
            "ip": str,
        },
        pk="id",
    )
    db["api_calls"].create_index(["token_id", "id"])
