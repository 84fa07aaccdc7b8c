"""Form definitions as the database knows them: the content each submission is pinned to.

A published ``id@version`` is recorded with its content and hash the first time it is loaded; the
database then refuses a changed file under the same version (see :func:`sync_definitions`).
"""

from __future__ import annotations

import json

import sqlite_utils

from formservice.engine.checker import Problem
from formservice.engine.loader import Catalog, parse_definition
from formservice.engine.model import Definition
from formservice.storage.db import now_iso


def sync_definitions(db: sqlite_utils.Database, catalog: Catalog) -> list[Definition]:
    """Record every loaded definition; refuse (drop from the catalog) a changed published one.
    Returns the published versions this database had not recorded as published before."""
    known = {row["key"] for row in db["form_definitions"].rows_where("status = 'published'",
                                                                     select="key")}  # fmt: skip
    new = []
    for key, definition in list(catalog.definitions.items()):
        problem = record_definition(db, definition)
        if problem:
            del catalog.definitions[key]
            catalog.problems.append(Problem(definition.source, "/version", problem))
        elif definition.status == "published" and key not in known:
            new.append(definition)
    return new


def record_definition(db: sqlite_utils.Database, definition: Definition) -> str | None:
    """Store a definition's content under its key; a message if a published one has changed."""
    table = db["form_definitions"]
    existing = list(table.rows_where("key = ?", [definition.key], select="status, content_hash"))
    if existing and existing[0]["status"] == "published":
        if existing[0]["content_hash"] != definition.content_hash:
            return (
                f"{definition.key} is published and differs from the version this database "
                'recorded; published versions are frozen: give the changed form a new "version"'
            )
        return None
    table.upsert(
        {
            "key": definition.key,
            "form_id": definition.id,
            "version": definition.version,
            "status": definition.status,
            "content_hash": definition.content_hash,
            "content": json.dumps(definition.raw, ensure_ascii=False),
            "recorded_at": now_iso(),
        },
        pk="key",
    )
    return None


def stored_definition_keys(db: sqlite_utils.Database) -> list[str]:
    """Keys of every definition the database knows."""
    return [row["key"] for row in db["form_definitions"].rows_where(select="key", order_by="key")]


def stored_definition(db: sqlite_utils.Database, key: str) -> Definition | None:
    """The definition ``id@version`` as this database recorded it (also one published while the
    server runs, before its catalog knows it), or None."""
    row = next(db["form_definitions"].rows_where("key = ?", [key], select="content"), None)
    if row is None:
        return None
    definition, problems = parse_definition(json.loads(row["content"]), f"database:{key}")
    return definition if not problems else None


def published_definitions(db: sqlite_utils.Database) -> dict[str, Definition]:
    """Every published version this database recorded, by key."""
    rows = db["form_definitions"].rows_where("status = 'published'", select="key", order_by="key")
    found = {row["key"]: stored_definition(db, row["key"]) for row in rows}
    return {key: definition for key, definition in found.items() if definition is not None}
