"""Publishing a new form version, and moving drafts to it when they are next opened.

:func:`publish_definition` records a published version and moves every round that is not closed
from the versions it takes drafts from (it declares a migration step from them) to it; new drafts
then start on the new version. Submitted forms are never moved: they keep their version.

:func:`bring_up_to_date` moves one draft whose round is on a newer version, in one transaction:
a new version of the answers (kind ``migrate``) on the new form, the submission pinned to it, and
an audit entry saying what happened to every answer. Answers the new version has no field for are
left out of the new version but stay in the one before, so nothing typed is lost; the help desk
sees them (:func:`answers_left_behind`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlite_utils

from formservice.engine.loader import Catalog
from formservice.engine.migrate import Migrated, migrate_draft, migration_path
from formservice.engine.model import Definition
from formservice.engine.prefill import Values, apply_prefill, differences
from formservice.storage.audit import events_for_submission, record_event
from formservice.storage.db import write_transaction
from formservice.storage.definitions import (
    published_definitions,
    record_definition,
    sync_definitions,
)
from formservice.storage.submissions import DRAFT, _add_version, submission_by_id, version

MIGRATE = "migrate"


def published_keys(db: sqlite_utils.Database, form_id: str) -> list[str]:
    """The keys of every published version of a form this database recorded."""
    rows = db["form_definitions"].rows_where(
        "form_id = ? and status = 'published'", [form_id], select="key", order_by="version"
    )
    return [row["key"] for row in rows]


def versions_of(db: sqlite_utils.Database, form_id: str) -> dict[int, Definition]:
    """Every published version of a form this database recorded, by version number."""
    return {d.version: d for d in published_definitions(db).values() if d.id == form_id}


def publish_definition(db: sqlite_utils.Database, definition: Definition) -> list[dict[str, Any]]:
    """Record a published version; return the rounds moved to it (a message if it is refused)."""
    problem = record_definition(db, definition)
    if problem:
        raise ValueError(problem)
    return move_rounds(db, definition)


def sync_published(db: sqlite_utils.Database, catalog: Catalog) -> list[dict[str, Any]]:
    """Record the catalog's definitions; a published version new to this database is published
    as :func:`publish_definition` does it (its rounds moved). Returns the rounds moved."""
    moved = []
    for definition in sync_definitions(db, catalog):
        moved += move_rounds(db, definition)
    return moved


def move_rounds(db: sqlite_utils.Database, definition: Definition) -> list[dict[str, Any]]:
    """Move the rounds (not closed) on older versions this one takes drafts from; audited."""
    versions = {**versions_of(db, definition.id), definition.version: definition}
    moved = []
    with write_transaction(db):
        rows = db["rounds"].rows_where(
            "form_key like ? and closed_at is null", [f"{definition.id}@%"]
        )
        for row in list(rows):
            current = int(row["form_key"].partition("@")[2])
            if current >= definition.version:
                continue
            if migration_path(versions, current, definition.version) is None:
                continue
            db["rounds"].update(row["id"], {"form_key": definition.key})
            record_event(db, actor=None, action="round:new_version", round_id=row["id"],
                         detail={"from": row["form_key"], "to": definition.key})  # fmt: skip
            moved.append({**row, "form_key": definition.key})
    return moved


def bring_up_to_date(
    db: sqlite_utils.Database,
    submission: dict[str, Any],
    *,
    target: Definition,
    versions: dict[int, Definition],
    prefill: Values,
    actor: dict[str, Any] | None,
) -> Migrated | None:
    """Move a draft on an older version to ``target`` (its round's version); None if there was
    nothing to move (not a draft, already there, no declared path, or moved meanwhile)."""
    form_id, _, number = submission["form_key"].partition("@")
    old = versions.get(int(number))
    if submission["state"] != DRAFT or form_id != target.id or old is None:
        return None
    path = (
        migration_path(versions, old.version, target.version)
        if old.version < target.version
        else None
    )
    if not path:
        return None
    with write_transaction(db):
        fresh = submission_by_id(db, submission["id"])
        if fresh is None or fresh["form_key"] != submission["form_key"] or fresh["state"] != DRAFT:
            return None
        row = version(db, fresh["id"], fresh["current_version"])
        moved = migrate_draft(old, path, row["answers"] if row else {})
        changed = differences(target, moved.answers, prefill)
        moved.answers = apply_prefill(target, moved.answers, prefill)  # the register's, as shown
        pinned = {**fresh, "form_key": target.key}
        new_version = _add_version(db, pinned, base_version=fresh["current_version"],
                                   answers=moved.answers, actor=actor, kind=MIGRATE)  # fmt: skip
        db["submissions"].update(fresh["id"], {"form_key": target.key})
        record_event(db, actor=actor, action=MIGRATE, submission_id=fresh["id"], detail={
            "from": old.key, "to": target.key, "version": new_version,
            "previous_version": fresh["current_version"], "renamed": moved.renamed,
            "removed": moved.removed, "defaults": moved.defaults, "unplaced": moved.unplaced,
            "new_fields": moved.new_fields, "notices": moved.notices,
            "prefilled": [[field_id, answer] for field_id, answer, _ in changed],
        })  # fmt: skip
    return moved


def migrations_of(db: sqlite_utils.Database, submission_id: int) -> list[dict[str, Any]]:
    """The audit entries of every move of a draft to a new version, oldest first."""
    return [e for e in events_for_submission(db, submission_id) if e["action"] == MIGRATE]


def answers_left_behind(
    db: sqlite_utils.Database,
    submission_id: int,
    definition_for: Callable[[str], Definition | None],
) -> list[dict[str, Any]]:
    """For each move: the answers the new version has no field for (or that a step removed),
    with the old version's label and the value as stored in the version before the move."""
    found = []
    for event in migrations_of(db, submission_id):
        detail = event["detail"]
        before = version(db, submission_id, detail["previous_version"])
        answers = before["answers"] if before else {}
        old = definition_for(detail["from"])
        for field_id in [*detail.get("removed", []), *detail.get("unplaced", [])]:
            field = old.field(field_id) if old else None
            found.append({
                "event": event, "field_id": field_id, "field": field,
                "label": field.label if field and field.label else {"nb": field_id, "nn": field_id},
                "value": answers.get(field_id), "version": detail["previous_version"],
            })  # fmt: skip
    return found
