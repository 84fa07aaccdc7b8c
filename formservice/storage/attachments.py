"""Attachments of a submission: PDF files stored in the instance folder under names we choose."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

import sqlite_utils

from formservice.files import write_atomically
from formservice.storage.db import now_iso


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
