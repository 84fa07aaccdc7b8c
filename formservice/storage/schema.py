"""The database schema, as numbered migrations. Never edit a migration once it has shipped: add one."""

from __future__ import annotations

import sqlite_utils

from formservice.storage.db import migration


@migration(1, "form definitions, organisations and grant rounds")
def _initial(db: sqlite_utils.Database) -> None:
    db["form_definitions"].create(
        {
            "key": str,
            "form_id": str,
            "version": int,
            "status": str,
            "content_hash": str,
            "content": str,
            "recorded_at": str,
        },
        pk="key",
    )
    db["organisations"].create(
        {
            "id": int,
            "orgnr": str,
            "name": str,
            "kommunenummer": str,
            "county_number": str,
            "language": str,
            "email": str,
            "account_number": str,
            "is_demo": int,
        },
        pk="id",
    )
    db["organisations"].create_index(["orgnr"], unique=True)
    db["organisations"].create_index(["kommunenummer"])
    db["rounds"].create(
        {
            "id": int,
            "slug": str,
            "form_key": str,
            "title": str,
            "year": int,
            "deadline": str,
            "county_number": str,
            "budget_frame": str,
            "created_at": str,
        },
        pk="id",
        foreign_keys=[("form_key", "form_definitions", "key")],
    )
    db["rounds"].create_index(["slug"], unique=True)
