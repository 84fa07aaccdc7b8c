"""Attachments of a submission: PDF files stored in the instance folder under names we choose.

An attachment is kept while any version of the submission's answers, or its confirmation, refers
to it (versions are never deleted, so neither are the files they name). One that nothing refers to
(its save failed, or it was replaced before any save) is removed once it is older than
:data:`GRACE`, which leaves a request that is still saving it alone. Each submission may hold at
most a quota of bytes.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from pathlib import Path
from typing import Any

import sqlite_utils

from formservice.files import discard, write_atomically
from formservice.storage.db import now_iso

GRACE = dt.timedelta(hours=1)


def store_attachment(
    db: sqlite_utils.Database,
    instance: Path,
    *,
    submission_id: int,
    field_path: str,
    display_name: str,
    content: bytes,
    sha256: str,
    uploaded_by: int | None,
) -> dict[str, Any]:
    """Write the file under ``instance/attachments/<submission>/<random id>.pdf`` and record it;
    return the answer value the engine's file field reads."""
    attachment_id = secrets.token_urlsafe(16)
    folder = instance.resolve() / "attachments" / str(int(submission_id))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{attachment_id}.pdf"
    write_atomically(path, content)  # a full disk, say: nothing half-written stays or is recorded
    db["attachments"].insert(
        {
            "id": attachment_id,
            "submission_id": submission_id,
            "field_path": field_path,
            "filename": display_name,
            "size": len(content),
            "sha256": sha256,
            "stored_path": str(path.relative_to(instance.resolve())),
            "uploaded_by": uploaded_by,
            "uploaded_at": now_iso(),
        }
    )
    return {
        "id": attachment_id,
        "filename": display_name,
        "size": len(content),
        "content_type": "application/pdf",
        "sha256": sha256,
    }


def attachment_by_id(db: sqlite_utils.Database, attachment_id: str) -> dict[str, Any] | None:
    """One attachment row, or None."""
    return next(db["attachments"].rows_where("id = ?", [attachment_id]), None)


def attachments_of_submission(
    db: sqlite_utils.Database, submission_id: int
) -> list[dict[str, Any]]:
    """Every file uploaded to a submission, oldest first (replaced ones too: nothing is lost)."""
    return list(
        db["attachments"].rows_where("submission_id = ?", [submission_id], order_by="uploaded_at")
    )


def stored_bytes(db: sqlite_utils.Database, submission_id: int) -> int:
    """How many bytes of attachments the submission holds (for its quota)."""
    row = db.execute(
        "select coalesce(sum(size), 0) from attachments where submission_id = ?", [submission_id]
    ).fetchone()
    return int(row[0])


def referenced_attachment_ids(db: sqlite_utils.Database, submission_id: int) -> set[str]:
    """The ids of attachments any version of the answers, or the audit log, refers to."""
    found: set[str] = set()
    for row in db["submission_versions"].rows_where("submission_id = ?", [submission_id],
                                                    select="answers"):  # fmt: skip
        _collect_ids(json.loads(row["answers"] or "{}"), found)
    for row in db["audit_log"].rows_where("submission_id = ?", [submission_id], select="detail"):
        attachment = json.loads(row["detail"] or "{}").get("attachment")
        if isinstance(attachment, str):
            found.add(attachment)
    return found


def _collect_ids(value: object, found: set[str]) -> None:
    if isinstance(value, dict):
        if isinstance(value.get("id"), str) and "sha256" in value:
            found.add(value["id"])
        for item in value.values():
            _collect_ids(item, found)
    elif isinstance(value, list):
        for item in value:
            _collect_ids(item, found)


def remove_attachments(db: sqlite_utils.Database, instance: Path, ids: list[str]) -> None:
    """Remove these attachments' rows and files (ones a failed save had stored)."""
    for attachment_id in ids:
        row = attachment_by_id(db, attachment_id)
        if row is None:
            continue
        db["attachments"].delete(attachment_id)
        path = (instance.resolve() / row["stored_path"]).resolve()
        if path.is_relative_to(instance.resolve()):
            discard(path)


def remove_unreferenced_attachments(
    db: sqlite_utils.Database, instance: Path, *, submission_id: int | None = None
) -> int:
    """Remove attachments older than GRACE that nothing refers to; return how many."""
    cutoff = (dt.datetime.now(dt.UTC) - GRACE).replace(microsecond=0).isoformat()
    where, params = "uploaded_at < ?", [cutoff]
    if submission_id is not None:
        where, params = where + " and submission_id = ?", [cutoff, submission_id]
    old = list(db["attachments"].rows_where(where, params))
    referenced: dict[int, set[str]] = {}
    unused = []
    for row in old:
        ids = referenced.setdefault(row["submission_id"],
                                    referenced_attachment_ids(db, row["submission_id"]))  # fmt: skip
        if row["id"] not in ids:
            unused.append(row["id"])
    remove_attachments(db, instance, unused)
    return len(unused)
