"""Generated documents of a submission (acknowledgement, letters): their state and files.

A document row is created as ``pending`` in the same transaction as what asks for it (a submit, a
decision), so it is never forgotten; the job that renders it moves it to ``done`` with the paths of
the DOCX and PDF, or to ``failed`` with the reason (the DOCX is kept when only the PDF failed).
A document that failed because the disk was full (:data:`DISK_FULL`) is made again later: see
:func:`waiting_for_space`.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from formservice.storage.db import now_iso

PENDING, RUNNING, DONE, FAILED = "pending", "running", "done", "failed"
# The reason shown to caseworkers when a document's files could not be written for want of space.
DISK_FULL = (
    "Disken er full: dokumentet kunne ikke lagres. "
    "Svarene er lagret; dokumentet lages på nytt når det er plass."
)


def create_document(db: sqlite_utils.Database, submission_id: int, kind: str, language: str) -> int:
    """A new pending document of ``kind`` for the submission."""
    now = now_iso()
    return (
        db["documents"]
        .insert(
            {
                "submission_id": submission_id,
                "kind": kind,
                "language": language,
                "status": PENDING,
                "attempts": 0,
                "created_at": now,
                "updated_at": now,
            }
        )
        .last_pk
    )


def document_by_id(db: sqlite_utils.Database, document_id: int) -> dict[str, Any] | None:
    """One document row, or None."""
    return next(db["documents"].rows_where("id = ?", [document_id]), None)


def documents_of_submission(db: sqlite_utils.Database, submission_id: int) -> list[dict[str, Any]]:
    """Every document of a submission, oldest first."""
    return list(db["documents"].rows_where("submission_id = ?", [submission_id], order_by="id"))


def pending_documents(
    db: sqlite_utils.Database, submission_id: int | None = None
) -> list[dict[str, Any]]:
    """Documents not yet made (pending, or running when a process died), oldest first."""
    where = "status in ('pending', 'running')"
    args: list[Any] = []
    if submission_id is not None:
        where += " and submission_id = ?"
        args.append(submission_id)
    return list(db["documents"].rows_where(where, args, order_by="id"))


def waiting_for_space(
    db: sqlite_utils.Database, submission_id: int | None = None
) -> list[dict[str, Any]]:
    """Documents that failed for a full disk, to make again: only the newest of its kind per
    submission (a caseworker may have asked for a new letter since), oldest first."""
    where = (
        "status = 'failed' and substr(error, 1, ?) = ? and not exists (select 1 from documents n "
        "where n.submission_id = documents.submission_id and n.kind = documents.kind "
        "and n.id > documents.id)"
    )
    args: list[Any] = [len(DISK_FULL), DISK_FULL]
    if submission_id is not None:
        where += " and submission_id = ?"
        args.append(submission_id)
    return list(db["documents"].rows_where(where, args, order_by="id"))


def mark_running(db: sqlite_utils.Database, document_id: int) -> int:
    """The job has started on the document; return the number of this attempt (1 for the first)."""
    rows = db.execute(
        "update documents set status = ?, attempts = attempts + 1, updated_at = ? where id = ? "
        "returning attempts",
        [RUNNING, now_iso(), document_id],
    ).fetchall()
    return int(rows[0][0]) if rows else 0


def mark_done(
    db: sqlite_utils.Database, document_id: int, *, docx_path: str, pdf_path: str | None
) -> None:
    """The document exists; ``pdf_path`` may be None only for a DOCX-only document."""
    db["documents"].update(
        document_id,
        {
            "status": DONE,
            "docx_path": docx_path,
            "pdf_path": pdf_path,
            "error": None,
            "updated_at": now_iso(),
        },
    )


def mark_failed(
    db: sqlite_utils.Database, document_id: int, reason: str, *, docx_path: str | None = None
) -> None:
    """The document could not be made; the reason is kept for the people who follow up."""
    db["documents"].update(
        document_id,
        {"status": FAILED, "error": reason[:2000], "docx_path": docx_path, "updated_at": now_iso()},
    )


def note_mail_failure(db: sqlite_utils.Database, document_id: int, reason: str) -> None:
    """The document exists but could not be e-mailed; keep why, for a retry by hand."""
    db["documents"].update(
        document_id, {"error": f"mail: {reason}"[:2000], "updated_at": now_iso()}
    )


def letters_of_round(db: sqlite_utils.Database, round_id: int) -> list[dict[str, Any]]:
    """The newest grant or rejection letter document of each submission in a round."""
    rows = db.execute(
        "select d.* from documents d join submissions s on s.id = d.submission_id "
        "where s.round_id = ? and d.kind in ('tilskuddsbrev', 'avslag') and d.id = ("
        "select max(id) from documents x where x.submission_id = d.submission_id "
        "and x.kind in ('tilskuddsbrev', 'avslag')) order by d.id",
        [round_id],
    )
    columns = [c[0] for c in rows.description]
    return [dict(zip(columns, row, strict=True)) for row in rows.fetchall()]
