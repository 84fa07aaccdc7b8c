"""Hand-overs to the Noark 5 archive: which packages were made for a submission, when, by whom,
and which journal entries (by external key) each carried, so a later export sends only what is
new. A journal entry is handed over once: the unique (submission, key) refuses it a second time.
"""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from formservice.storage.db import now_iso, write_transaction


def handed_over_keys(db: sqlite_utils.Database, submission_id: int) -> set[str]:
    """The external keys of the journal entries already handed over for a submission."""
    rows = db["archive_entries"].rows_where(
        "submission_id = ?", [submission_id], select="entry_key"
    )
    return {row["entry_key"] for row in rows}


def record_package(
    db: sqlite_utils.Database,
    *,
    submission_id: int,
    message_id: str,
    folder: str,
    entries: list[dict[str, Any]],
    actor: str,
) -> int:
    """Record a package written with these entries (``key``, ``title``, ``files`` as a list of
    file names); return its id. Raises sqlite3.IntegrityError if an entry was handed over before."""
    with write_transaction(db):
        package_id = (
            db["archive_packages"]
            .insert(
                {
                    "message_id": message_id,
                    "submission_id": submission_id,
                    "folder": folder,
                    "file_count": sum(len(entry["files"]) for entry in entries),
                    "created_by": actor,
                    "created_at": now_iso(),
                }
            )
            .last_pk
        )
        db["archive_entries"].insert_all(
            {
                "package_id": package_id,
                "submission_id": submission_id,
                "entry_key": entry["key"],
                "title": entry["title"],
                "files": json.dumps(entry["files"], ensure_ascii=False),
            }
            for entry in entries
        )
    return package_id


def packages_of_submission(db: sqlite_utils.Database, submission_id: int) -> list[dict[str, Any]]:
    """Every package of a submission, oldest first, each with its ``entries`` (files decoded)."""
    packages = list(
        db["archive_packages"].rows_where("submission_id = ?", [submission_id], order_by="id")
    )
    entries: dict[int, list[dict[str, Any]]] = {}
    for row in db["archive_entries"].rows_where(
        "submission_id = ?", [submission_id], order_by="id"
    ):
        entries.setdefault(row["package_id"], []).append(
            {**row, "files": json.loads(row["files"] or "[]")}
        )
    return [{**package, "entries": entries.get(package["id"], [])} for package in packages]
