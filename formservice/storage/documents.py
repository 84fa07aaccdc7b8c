"""Generated documents of a submission (acknowledgement, letters), or of a round (the office's
annual report, with ``round_id`` and no submission): their state, files and mail.

A document row is created as ``pending`` in the same transaction as what asks for it (a submit, a
decision, a batch), so it is never forgotten; the pipeline claims it (``running``), then moves it
to ``done`` with the paths of the DOCX and PDF, or to ``failed`` with a failure code (one of
:data:`FAILURES`, whose message people read in bokmål or nynorsk) and the technical detail (the DOCX
is kept when only the PDF failed). Retries go by the code, never by the wording: a document that
failed for a full disk (``disk_full``) is made again later, see :func:`waiting_for_space`.

What the recipient sees: a document is the municipality's from ``sent_at`` on (an acknowledgement
when it is made, a letter when the caseworker sends it), and only the newest one of each kind.
Its mail moves ``due`` → ``sending`` → ``sent`` or ``failed`` (tried again later): see
:mod:`formservice.storage.document_mails`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from formservice.storage.db import now_iso, write_transaction

PENDING, RUNNING, DONE, FAILED = "pending", "running", "done", "failed"
CLAIMABLE = (PENDING, FAILED)  # a run may start on these (claim_many)
DISK_FULL = "disk_full"
LETTERHEAD = "letterhead"  # the office has no complete letterhead yet
MAIL_DUE, MAIL_SENDING, MAIL_SENT, MAIL_FAILED = "due", "sending", "sent", "failed"

# Why a document could not be made (or mailed), as people read it. The code is what is stored and
# what retries go by; the detail beside it is for whoever follows up.
FAILURES: dict[str, dict[str, str]] = {
    DISK_FULL: {
        "nb": "Disken er full: dokumentet kunne ikke lagres. "
        "Svarene er lagret; dokumentet lages på nytt når det er plass.",
        "nn": "Disken er full: dokumentet kunne ikkje lagrast. "
        "Svara er lagra; dokumentet blir laga på nytt når det er plass.",
    },
    LETTERHEAD: {
        "nb": "Embetet mangler brevhode (postadresse, e-post for post og organisasjonsnummer): "
        "en administrator fyller det inn under «Embeter». Dokumentet blir laget når det er gjort.",
        "nn": "Embetet manglar brevhovud (postadresse, e-post for post og organisasjonsnummer): "
        "ein administrator fyller det inn under «Embete». Dokumentet blir laga når det er gjort.",
    },
    "render": {
        "nb": "Malen kunne ikke fylles ut.",
        "nn": "Malen kunne ikkje fyllast ut.",
    },
    "write": {
        "nb": "Dokumentet kunne ikke lagres.",
        "nn": "Dokumentet kunne ikkje lagrast.",
    },
    "conversion": {
        "nb": "PDF-en kunne ikke lages.",
        "nn": "PDF-en kunne ikkje lagast.",
    },
    "mail": {
        "nb": "E-posten kunne ikke sendes ennå; den prøves på nytt.",
        "nn": "E-posten kunne ikkje sendast enno; han blir prøvd på nytt.",
    },
}


def failure_message(code: str | None, language: str = "nb") -> str:
    """What people read for a failure code (an unknown code reads as a conversion failure)."""
    texts = FAILURES.get(code or "", FAILURES["conversion"])
    return texts.get(language, texts["nb"])


def create_document(
    db: sqlite_utils.Database,
    submission_id: int,
    kind: str,
    language: str,
    *,
    decision_id: int | None = None,
) -> int:
    """A new pending document of ``kind`` for the submission (a letter names its decision)."""
    now = now_iso()
    row = {"submission_id": submission_id, "kind": kind, "language": language,
           "status": PENDING, "attempts": 0, "decision_id": decision_id,
           "created_at": now, "updated_at": now}  # fmt: skip
    return db["documents"].insert(row).last_pk


def create_round_document(
    db: sqlite_utils.Database, round_id: int, kind: str, language: str
) -> int:
    """A new pending document of the round itself (the office's annual report)."""
    now = now_iso()
    row = {"submission_id": None, "round_id": round_id, "kind": kind, "language": language,
           "status": PENDING, "attempts": 0, "created_at": now, "updated_at": now}  # fmt: skip
    return db["documents"].insert(row).last_pk


def newest_round_document(
    db: sqlite_utils.Database, round_id: int, kind: str
) -> dict[str, Any] | None:
    """The round's newest document of ``kind`` (made, being made or failed), or None."""
    rows = db["documents"].rows_where(
        "round_id = ? and kind = ? and submission_id is null", [round_id, kind],
        order_by="id desc", limit=1,
    )  # fmt: skip
    return next(rows, None)


def folder_of(document: dict[str, Any]) -> str:
    """The folder under ``instance/documents`` a document's files go in: its submission's, or
    ``runde-N`` for a round's own."""
    if document.get("submission_id") is None and document.get("round_id") is not None:
        return f"runde-{document['round_id']}"
    return str(document["submission_id"])


def document_by_id(db: sqlite_utils.Database, document_id: int) -> dict[str, Any] | None:
    """One document row, or None."""
    return next(db["documents"].rows_where("id = ?", [document_id]), None)


def documents_of_submission(db: sqlite_utils.Database, submission_id: int) -> list[dict[str, Any]]:
    """Every document of a submission, oldest first (what the office sees)."""
    return list(db["documents"].rows_where("submission_id = ?", [submission_id], order_by="id"))


def documents_for_recipient(db: sqlite_utils.Database, submission_id: int) -> list[dict[str, Any]]:
    """What the municipality sees: of each kind, the newest document it was sent, oldest first."""
    where = (
        "submission_id = ? and status = 'done' and sent_at is not null and id = ("
        "select max(n.id) from documents n where n.submission_id = documents.submission_id "
        "and n.kind = documents.kind and n.status = 'done' and n.sent_at is not null)"
    )
    return list(db["documents"].rows_where(where, [submission_id], order_by="id"))


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


def being_made(db: sqlite_utils.Database) -> int:
    """How many documents are waiting to be made or being made now."""
    return db.execute(
        "select count(*) from documents where status in (?, ?)", [PENDING, RUNNING]
    ).fetchone()[0]


def pending_beside(db: sqlite_utils.Database, document_id: int, limit: int) -> list[int]:
    """Up to ``limit`` other documents of the same kind and language waiting to be made (pending,
    not claimed), oldest first: those one conversion can make with it."""
    rows = db.execute(
        "select d.id from documents d join documents this on this.id = ? where d.status = ? "
        "and d.kind = this.kind and d.language = this.language and d.id != this.id "
        "order by d.id limit ?",
        [document_id, PENDING, limit],
    ).fetchall()
    return [row[0] for row in rows]


def waiting_for_space(
    db: sqlite_utils.Database, submission_id: int | None = None
) -> list[dict[str, Any]]:
    """Documents that failed for a full disk, to make again: only the newest of its kind per
    submission (a caseworker may have asked for a new letter since), oldest first."""
    where = (
        "status = 'failed' and error_code = ? and not exists (select 1 from documents n "
        "where n.submission_id = documents.submission_id and n.kind = documents.kind "
        "and n.id > documents.id)"
    )
    args: list[Any] = [DISK_FULL]
    if submission_id is not None:
        where += " and submission_id = ?"
        args.append(submission_id)
    return list(db["documents"].rows_where(where, args, order_by="id"))


def waiting_for_letterhead(db: sqlite_utils.Database, office_id: int) -> list[dict[str, Any]]:
    """The office's documents that failed for want of its letterhead, to make now that it has
    one: only the newest of its kind per submission (or round), oldest first."""
    where = (
        "status = 'failed' and error_code = ? and coalesce(round_id, (select s.round_id from "
        "submissions s where s.id = documents.submission_id)) in (select r.id from rounds r "
        "where r.office_id = ?) and not exists (select 1 from documents n where n.kind = "
        "documents.kind and n.id > documents.id and (n.submission_id = documents.submission_id "
        "or (documents.submission_id is null and n.submission_id is null "
        "and n.round_id = documents.round_id)))"
    )
    return list(db["documents"].rows_where(where, [LETTERHEAD, office_id], order_by="id"))


def reset_interrupted(db: sqlite_utils.Database) -> int:
    """At start-up: documents and mails left half-done by a process that died are due again."""
    with write_transaction(db):
        made = db.execute("update documents set status = 'pending' where status = 'running'")
        mailed = db.execute(
            "update documents set mail_status = 'due' where mail_status = 'sending'"
        )
    return made.rowcount + mailed.rowcount


def claim(db: sqlite_utils.Database, document_id: int) -> int:
    """Start on a document not already being made or made; return the number of this attempt
    (1 for the first), or 0 when it is done or another run has it."""
    return claim_many(db, [document_id]).get(document_id, 0)


def claim_many(db: sqlite_utils.Database, document_ids: list[int]) -> dict[int, int]:
    """Start on those of the documents not already being made or made, in one write: the number
    of this attempt of each one claimed (a document done or another run's is left out)."""
    if not document_ids:
        return {}
    with write_transaction(db):
        rows = db.execute(
            "update documents set status = ?, attempts = attempts + 1, updated_at = ? "
            "where id in (select value from json_each(?)) and status in (?, ?) "
            "returning id, attempts",
            [RUNNING, now_iso(), json.dumps([int(i) for i in document_ids]), *CLAIMABLE],
        ).fetchall()
    return {int(row[0]): int(row[1]) for row in rows}


def mark_done(
    db: sqlite_utils.Database,
    document_id: int,
    *,
    docx_path: str,
    pdf_path: str | None,
    shown: bool = False,
    mail_due: bool = False,
) -> None:
    """The document exists; ``shown``: it is the recipient's now; ``mail_due``: mail it."""
    mark_many_done(db, [Made(document_id, docx_path, pdf_path, shown, mail_due)])


@dataclass(frozen=True)
class Made:
    """A document made, as :func:`mark_many_done` records it (see :func:`mark_done`)."""

    document_id: int
    docx_path: str
    pdf_path: str | None
    shown: bool = False
    mail_due: bool = False


def mark_many_done(db: sqlite_utils.Database, made: list[Made]) -> None:
    """Several documents exist: recorded in one write (each as :func:`mark_done` says)."""
    if not made:
        return
    now = now_iso()
    with write_transaction(db):
        db.conn.executemany(
            "update documents set status = ?, docx_path = ?, pdf_path = ?, error = null, "
            "error_code = null, updated_at = ?, sent_at = case when ? then ? else sent_at end, "
            "mail_status = case when ? then ? else mail_status end where id = ?",
            [(DONE, m.docx_path, m.pdf_path, now, m.shown, now, m.mail_due, MAIL_DUE,
              m.document_id) for m in made],
        )  # fmt: skip


def mark_failed(
    db: sqlite_utils.Database,
    document_id: int,
    code: str,
    detail: str,
    *,
    docx_path: str | None = None,
) -> None:
    """The document could not be made: the failure code, and the detail for who follows up."""
    if code not in FAILURES:
        raise ValueError(f"unknown failure code {code!r}")
    db["documents"].update(
        document_id,
        {"status": FAILED, "error_code": code, "error": detail[:2000], "docx_path": docx_path,
         "updated_at": now_iso()},
    )  # fmt: skip


def mark_sent(db: sqlite_utils.Database, document_id: int) -> None:
    """The letter is the recipient's now (inside the caller's transaction), its mail due."""
    db["documents"].update(
        document_id, {"sent_at": now_iso(), "mail_status": MAIL_DUE, "updated_at": now_iso()}
    )
