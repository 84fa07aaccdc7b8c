"""Making documents in the background: huey with its SQLite storage in the instance folder.

A document row is created as ``pending`` by whatever asks for it (a submit, a decision, a batch);
:func:`queue_documents` puts its id on the queue, and :func:`make_document` (run by the consumer
that ``formservice serve`` starts, or directly by the CLI) renders the DOCX, converts it to PDF,
records the result and sends the acknowledgement by e-mail. ``make_document`` is idempotent, so a
job that runs twice after a crash does no harm, and documents left pending by a killed process are
queued again at start-up. For more than one machine, swap :class:`~huey.SqliteHuey` for
``RedisHuey``: nothing else changes.

Files are written under a partial name (:func:`partial_path`), synced, and renamed into place only
when complete, so a file under a document's real name is never a half-written one. When the disk
is full (ENOSPC, EDQUOT, or EFBIG past a file size limit) the document is marked failed with
:data:`~formservice.storage.documents.DISK_FULL`, its partial files are removed, and it is tried
again later (:data:`RETRY_WHEN_FULL`, and whenever the pending documents are queued again); the
submission itself is never touched by a job.
"""

from __future__ import annotations

import logging
import sqlite3
from functools import cache
from pathlib import Path
from typing import Any

from huey import SqliteHuey
from huey.api import Huey

from formservice.documents.contexts import build_context, mail_for
from formservice.documents.letter_types import template_path
from formservice.documents.libreoffice import ConversionFailed, convert_to_pdf
from formservice.documents.render import render_docx
from formservice.files import discard, is_disk_full, replace_when_complete, write_atomically
from formservice.mail import MailError, send
from formservice.storage import documents
from formservice.storage.db import connect

log = logging.getLogger(__name__)

RETRY_WHEN_FULL = 600  # seconds until a document that met a full disk is tried again
MAX_FULL_RETRIES = 144  # a day of such retries; after that, start-up or a batch queues it again


@cache
def job_queue(instance_path: str) -> Huey:
    """The queue of one instance folder, with its tasks registered."""
    queue = SqliteHuey("formservice", filename=str(Path(instance_path) / "jobs.db"))

    @queue.task(retries=1, retry_delay=2, name="make_document")
    def _make_document_task(settings: dict[str, Any], document_id: int) -> str:
        return make_document(settings, document_id)

    queue.make_document_task = _make_document_task  # type: ignore[attr-defined]
    return queue


def queue_documents(
    settings: dict[str, Any], document_ids: list[int], *, delay: float | None = None
) -> None:
    """Put documents on the queue (after ``delay`` seconds); ``formservice serve`` makes them."""
    queue = job_queue(str(Path(settings["INSTANCE_PATH"]).resolve()))
    plain = {key: value for key, value in settings.items() if _is_plain(value)}
    for document_id in document_ids:
        if delay:
            queue.make_document_task.schedule((plain, document_id), delay=delay)  # type: ignore[attr-defined]
        else:
            queue.make_document_task(plain, document_id)  # type: ignore[attr-defined]


def queue_pending_documents(settings: dict[str, Any], submission_id: int | None = None) -> int:
    """Queue every document still to be made (of one submission, or all), including those that
    failed for a full disk; return how many."""
    db = connect(settings["DATABASE"])
    try:
        rows = documents.pending_documents(db, submission_id)
        rows += documents.waiting_for_space(db, submission_id)
    finally:
        db.close()
    queue_documents(settings, sorted(row["id"] for row in rows))
    return len(rows)


def partial_path(path: Path, attempt: int) -> Path:
    """Where one attempt writes ``path`` until it is complete: ``a-7.pdf`` → ``a-7.part-2.pdf``
    (the type stays last for LibreOffice; the attempt keeps two runs of a job apart)."""
    return path.with_name(f"{path.stem}.part-{attempt}{path.suffix}")


def make_document(settings: dict[str, Any], document_id: int) -> str:
    """Render and convert one document and record the outcome; return its new status."""
    db = connect(settings["DATABASE"])
    try:
        document = documents.document_by_id(db, document_id)
        if document is None or document["status"] == documents.DONE:
            return "skipped"
        attempt = documents.mark_running(db, document_id)
        instance = Path(settings["INSTANCE_PATH"]).resolve()
        folder = instance / "documents" / str(document["submission_id"])
        docx = folder / f"{document['kind']}-{document_id}.docx"
        pdf = docx.with_suffix(".pdf")
        try:
            context = build_context(db, settings, document)
            template = template_path(
                document["kind"], document["language"], Path(settings["TEMPLATES_DIR"])
            )
            data = render_docx(template, context, language=document["language"])
        except Exception as error:  # a broken template or context must not lose the job
            log.exception("document %s could not be rendered", document_id)
            documents.mark_failed(db, document_id, f"render: {error}")
            return documents.FAILED
        try:
            folder.mkdir(parents=True, exist_ok=True)
            write_atomically(docx, data, partial_path(docx, attempt))
        except OSError as error:
            return _failed(db, settings, document_id, attempt, "DOCX", error)
        kept = str(docx.relative_to(instance))
        try:
            _make_pdf(docx, pdf, document, context, attempt)
        except (ConversionFailed, OSError) as error:
            return _failed(db, settings, document_id, attempt, "PDF", error, docx_path=kept)
        documents.mark_done(
            db, document_id, docx_path=kept, pdf_path=str(pdf.relative_to(instance))
        )
        _send_mail(db, settings, document, pdf)
        return documents.DONE
    finally:
        db.close()


def fillable_path(letter_pdf: Path) -> Path:
    """Where a grant letter's fillable confirmation form lies, beside the letter."""
    return letter_pdf.with_name(letter_pdf.stem + "-bekreftelse-utfyllbar.pdf")


def fillable_confirmation(
    letter_pdf: Path,
    language: str,
    context: dict[str, Any],
    *,
    source: Path | None = None,
    attempt: int = 0,
) -> Path:
    """The letter's last page (the confirmation form) with fillable fields, beside the letter;
    read from ``source`` (the letter's partial PDF) if given; each file renamed in when complete."""
    from formservice.documents.pdf import confirmation_forms

    page = letter_pdf.with_name(letter_pdf.stem + "-bekreftelse.pdf")
    out = fillable_path(letter_pdf)
    page_part, out_part = partial_path(page, attempt), partial_path(out, attempt)
    try:
        prefill = {
            "orgnr": context["recipient"]["orgnr"],
            "kontonr": context["recipient"]["account"],
        }
        confirmation_forms(source or letter_pdf, page_part, out_part, prefill, language)
        replace_when_complete(page_part, page)
        replace_when_complete(out_part, out)
    finally:
        discard(page_part, out_part)
    return out


def _make_pdf(
    docx: Path, pdf: Path, document: dict[str, Any], context: dict[str, Any], attempt: int
) -> None:
    """The PDF (and a grant letter's confirmation forms), each renamed in only when complete."""
    partial = partial_path(pdf, attempt)
    try:
        convert_to_pdf(docx, partial)
        if document["kind"] == "tilskuddsbrev":
            fillable_confirmation(
                pdf, document["language"], context, source=partial, attempt=attempt
            )
        replace_when_complete(partial, pdf)
    finally:
        discard(partial)


def _failed(
    db: Any,
    settings: dict[str, Any],
    document_id: int,
    attempt: int,
    step: str,
    error: BaseException,
    *,
    docx_path: str | None = None,
) -> str:
    """Record why the document failed; a full disk gets the clear message and a later retry."""
    full = is_disk_full(error)
    log.error("document %s: %s %s: %s", document_id, step, "disk full" if full else "failed", error)
    reason = documents.DISK_FULL if full else f"{step}: {error}"
    try:
        documents.mark_failed(db, document_id, reason, docx_path=docx_path)
    except sqlite3.Error as db_error:  # the database's disk may be full too: it stays "running"
        log.error("document %s: could not record the failure: %s", document_id, db_error)
    if full and attempt < MAX_FULL_RETRIES:
        try:
            queue_documents(settings, [document_id], delay=RETRY_WHEN_FULL)
        except Exception as queue_error:  # jobs.db may lie on the full disk too
            log.error("document %s: retry not scheduled: %s", document_id, queue_error)
    return documents.FAILED


def _send_mail(db: Any, settings: dict[str, Any], document: dict[str, Any], pdf: Path) -> None:
    try:
        message = mail_for(db, settings, document, pdf)
        if message is None:
            return
        send(settings, message)
    except (MailError, OSError) as error:  # OSError: the outbox on a full disk, say
        log.error("document %s: mail not sent: %s", document["id"], error)
        documents.note_mail_failure(db, document["id"], str(error))


def _is_plain(value: Any) -> bool:
    return isinstance(value, str | int | float | bool) or value is None
