"""Making documents in the background: huey with its SQLite storage in the instance folder.

A document row is created as ``pending`` by whatever asks for it (a submit, a decision, a batch);
:func:`queue_documents` puts its id on the queue, and :func:`make_document` (run by the consumer
that ``formservice serve`` starts, or directly by the CLI) renders the DOCX, converts it to PDF,
records the result and sends the acknowledgement by e-mail. ``make_document`` is idempotent, so a
job that runs twice after a crash does no harm, and documents left pending by a killed process are
queued again at start-up. For more than one machine, swap :class:`~huey.SqliteHuey` for
``RedisHuey``: nothing else changes.
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path
from typing import Any

from huey import SqliteHuey
from huey.api import Huey

from formservice.documents.contexts import build_context, mail_for
from formservice.documents.letter_types import template_path
from formservice.documents.libreoffice import ConversionFailed, convert_to_pdf
from formservice.documents.render import render_docx
from formservice.mail import MailError, send
from formservice.storage import documents
from formservice.storage.db import connect

log = logging.getLogger(__name__)


@cache
def job_queue(instance_path: str) -> Huey:
    """The queue of one instance folder, with its tasks registered."""
    queue = SqliteHuey("formservice", filename=str(Path(instance_path) / "jobs.db"))

    @queue.task(retries=1, retry_delay=2, name="make_document")
    def _make_document_task(settings: dict[str, Any], document_id: int) -> str:
        return make_document(settings, document_id)

    queue.make_document_task = _make_document_task  # type: ignore[attr-defined]
    return queue


def queue_documents(settings: dict[str, Any], document_ids: list[int]) -> None:
    """Put documents on the queue; the consumer in ``formservice serve`` makes them."""
    queue = job_queue(str(Path(settings["INSTANCE_PATH"]).resolve()))
    plain = {key: value for key, value in settings.items() if _is_plain(value)}
    for document_id in document_ids:
        queue.make_document_task(plain, document_id)  # type: ignore[attr-defined]


def queue_pending_documents(settings: dict[str, Any], submission_id: int | None = None) -> int:
    """Queue every document still to be made (of one submission, or all); return how many."""
    db = connect(settings["DATABASE"])
    try:
        pending = [row["id"] for row in documents.pending_documents(db, submission_id)]
    finally:
        db.close()
    queue_documents(settings, pending)
    return len(pending)


def make_document(settings: dict[str, Any], document_id: int) -> str:
    """Render and convert one document and record the outcome; return its new status."""
    db = connect(settings["DATABASE"])
    try:
        document = documents.document_by_id(db, document_id)
        if document is None or document["status"] == documents.DONE:
            return "skipped"
        documents.mark_running(db, document_id)
        instance = Path(settings["INSTANCE_PATH"]).resolve()
        folder = instance / "documents" / str(document["submission_id"])
        folder.mkdir(parents=True, exist_ok=True)
        docx = folder / f"{document['kind']}-{document_id}.docx"
        pdf = docx.with_suffix(".pdf")
        try:
            context = build_context(db, settings, document)
            template = template_path(
                document["kind"], document["language"], Path(settings["TEMPLATES_DIR"])
            )
            render_docx(template, context, docx, language=document["language"])
        except Exception as error:  # a broken template or context must not lose the job
            log.exception("document %s could not be rendered", document_id)
            documents.mark_failed(db, document_id, f"render: {error}")
            return documents.FAILED
        try:
            convert_to_pdf(docx, pdf)
        except (ConversionFailed, OSError) as error:
            documents.mark_failed(
                db, document_id, f"PDF: {error}", docx_path=str(docx.relative_to(instance))
            )
            return documents.FAILED
        if document["kind"] == "tilskuddsbrev":
            fillable_confirmation(pdf, document["language"], context)
        documents.mark_done(
            db,
            document_id,
            docx_path=str(docx.relative_to(instance)),
            pdf_path=str(pdf.relative_to(instance)),
        )
        _send_mail(db, settings, document, pdf)
        return documents.DONE
    finally:
        db.close()


def fillable_path(letter_pdf: Path) -> Path:
    """Where a grant letter's fillable confirmation form lies, beside the letter."""
    return letter_pdf.with_name(letter_pdf.stem + "-bekreftelse-utfyllbar.pdf")


def fillable_confirmation(letter_pdf: Path, language: str, context: dict[str, Any]) -> Path:
    """The letter's last page (the confirmation form) with fillable fields."""
    from formservice.documents.batch import _last_page
    from formservice.documents.pdf import make_fillable_confirmation

    page = _last_page(letter_pdf, letter_pdf.with_name(letter_pdf.stem + "-bekreftelse.pdf"))
    prefill = {"orgnr": context["recipient"]["orgnr"], "kontonr": context["recipient"]["account"]}
    out = fillable_path(letter_pdf)
    make_fillable_confirmation(page, out, prefill, language)
    return out


def _send_mail(db: Any, settings: dict[str, Any], document: dict[str, Any], pdf: Path) -> None:
    message = mail_for(db, settings, document, pdf)
    if message is None:
        return
    try:
        send(settings, message)
    except MailError as error:
        log.error("document %s: mail not sent: %s", document["id"], error)
        documents.note_mail_failure(db, document["id"], str(error))


def _is_plain(value: Any) -> bool:
    return isinstance(value, str | int | float | bool) or value is None
