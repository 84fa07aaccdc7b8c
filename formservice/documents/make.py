"""The one way a document is made: the web's background jobs, ``formservice letters``, the help
desk and the benchmark all come here, and a batch is :func:`make_documents` run across the pool.

For each document (a row of the ``documents`` table): claim it, build its context (the kind's
builder), render its DOCX and the DOCX of its companions (a grant letter's confirmation form),
convert to PDF/A, make the kind's extra outputs (the confirmation form's own PDF, the letter's
last page, and its fillable PDF), record the outcome and, for kinds mailed once made, mail it.
File names come from the kind, so the files are the same whichever way a document is made.

Several documents of one template are converted in one LibreOffice call where the template
allows it (:mod:`formservice.documents.combine`): a call costs about as much again as the pages
it lays out, so this halves LibreOffice's work for a round of letters.

Files are written under a partial name (:func:`partial_path`), synced, and renamed into place only
when complete, so a file under a document's real name is never a half-written one. A failure is
recorded with a code (:data:`formservice.storage.documents.FAILURES`); a full disk (ENOSPC,
EDQUOT, or EFBIG past a file size limit) is ``disk_full``, which :mod:`jobs` tries again later.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from formservice.documents import combine, mails
from formservice.documents.contexts import confirmation_prefill
from formservice.documents.kinds import MADE, Files, Kind, kind
from formservice.documents.libreoffice import ConversionFailed, ConverterPool, convert_to_pdf
from formservice.documents.pdf import InvalidPdf, confirmation_forms
from formservice.documents.render import RenderError, render_docx
from formservice.files import discard, is_disk_full, replace_when_complete, write_atomically
from formservice.storage import documents
from formservice.storage.db import connect

log = logging.getLogger(__name__)
SKIPPED = "skipped"


@dataclass
class Outcome:
    """What became of one document: its status, failure code, and whether to try again later."""

    document_id: int
    status: str
    code: str | None = None
    detail: str = ""
    pdf: Path | None = None
    retry_later: bool = False
    mail_failed: bool = False


@dataclass
class Prepared:
    """A document rendered and waiting for its PDF."""

    document: dict[str, Any]
    kind: Kind
    attempt: int
    folder: Path
    files: Files
    context: dict[str, Any]
    docx: Path
    pdf_partial: Path
    data: bytes = field(repr=False, default=b"")

    @property
    def document_id(self) -> int:
        return int(self.document["id"])


def partial_path(path: Path, attempt: int) -> Path:
    """Where one attempt writes ``path`` until it is complete: ``a-7.pdf`` → ``a-7.part-2.pdf``
    (the type stays last for LibreOffice; the attempt keeps two runs of a job apart)."""
    return path.with_name(f"{path.stem}.part-{attempt}{path.suffix}")


_local = threading.local()


def database(settings: dict[str, Any]) -> Any:
    """This thread's connection to the instance's database (kept: a batch asks often; a
    connection is never shared between threads, whose transactions would mix)."""
    path = str(Path(settings["DATABASE"]).resolve())
    kept: dict[str, Any] = _local.__dict__.setdefault("connections", {})
    db = kept.get(path)
    if db is None:
        while len(kept) >= 4:  # tests use a new database each; keep only the newest few
            kept.pop(next(iter(kept))).close()
        db = kept[path] = connect(path, timeout=float(settings.get("DATABASE_TIMEOUT") or 10))
    return db


def prepare(settings: dict[str, Any], document_id: int) -> Prepared | Outcome:
    """Claim the document, build its context and write its DOCX files; or say why not."""
    db = database(settings)
    document = documents.document_by_id(db, document_id)
    attempt = documents.claim(db, document_id) if document else 0
    if not attempt:
        return Outcome(document_id, SKIPPED)
    found = kind(document["kind"])
    instance = Path(settings["INSTANCE_PATH"]).resolve()
    folder = instance / "documents" / documents.folder_of(document)
    files = found.files(document_id)
    templates = Path(settings["TEMPLATES_DIR"])
    try:
        context = found.context(db, settings, document)  # type: ignore[misc]
        data = render_docx(found.template_path(document["language"], templates), context,
                           language=document["language"])  # fmt: skip
        companions = {
            name: render_docx(
                kind(name).template_path(document["language"], templates),
                context,
                language=document["language"],
            )
            for name in found.companions
        }
    except Exception as error:  # a broken template or context must not lose the job
        log.exception("document %s could not be rendered", document_id)
        return _failed(db, document_id, "render", str(error) if isinstance(error, RenderError)
                       else f"{error.__class__.__name__}: {error}")  # fmt: skip
    docx = folder / files.docx
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomically(docx, data, partial_path(docx, attempt))
        for name, companion in companions.items():
            path = folder / files.companions[name]
            write_atomically(path, companion, partial_path(path, attempt))
    except OSError as error:
        return _failed(db, document_id, "write", f"DOCX: {error}", error=error)
    pdf = folder / files.pdf
    return Prepared(document, found, attempt, folder, files, context, docx,
                    partial_path(pdf, attempt), data)  # fmt: skip


def convert(
    prepared: list[Prepared], settings: dict[str, Any], pool: ConverterPool | None
) -> list[str | None]:
    """Every prepared document's PDF (at its partial name): one LibreOffice call per group that
    can share one, else one each; per document None, or why its conversion failed."""
    errors: list[str | None] = [None] * len(prepared)
    groups = combine.groups([p.data for p in prepared]) if len(prepared) > 1 else [[0]]
    groups = groups if prepared else []
    for group in groups:
        alone = group
        if len(group) > 1:
            left = combine.convert_together([prepared[i].data for i in group],
                                            [prepared[i].pdf_partial for i in group],
                                            prepared[group[0]].folder, pool, settings)  # fmt: skip
            alone = [group[i] for i in left]
        for index in alone:
            try:
                convert_to_pdf(prepared[index].docx, prepared[index].pdf_partial, pool=pool,
                               pdf_version=settings["PDF_VERSION"])  # fmt: skip
            except (ConversionFailed, OSError) as error:
                errors[index] = f"PDF: {error}"
    return errors


def finish(settings: dict[str, Any], prepared: Prepared, error: str | None) -> Outcome:
    """Make the extra outputs from the PDF, rename everything in and record the document."""
    db = database(settings)
    document_id = prepared.document_id
    instance = Path(settings["INSTANCE_PATH"]).resolve()
    kept = str(prepared.docx.relative_to(instance))
    pdf = prepared.folder / prepared.files.pdf
    partials = [prepared.pdf_partial]
    try:
        if error is not None:
            return _failed(db, document_id, "conversion", error, docx_path=kept)
        try:
            if prepared.kind.confirmation_form:
                page = prepared.folder / prepared.files.confirmation_pdf  # type: ignore[operator]
                fillable = prepared.folder / prepared.files.fillable_pdf  # type: ignore[operator]
                page_part = partial_path(page, prepared.attempt)
                fillable_part = partial_path(fillable, prepared.attempt)
                partials += [page_part, fillable_part]
                confirmation_forms(prepared.pdf_partial, page_part, fillable_part,
                                   confirmation_prefill(prepared.context),
                                   prepared.document["language"])  # fmt: skip
                replace_when_complete(page_part, page)
                replace_when_complete(fillable_part, fillable)
            replace_when_complete(prepared.pdf_partial, pdf)
        except (InvalidPdf, OSError) as failure:
            return _failed(db, document_id, "conversion", f"PDF: {failure}", docx_path=kept,
                           error=failure)  # fmt: skip
    finally:
        discard(*partials)
    found = prepared.kind
    mail_due = found.mail_when == MADE and found.mail is not None
    documents.mark_done(db, document_id, docx_path=kept, pdf_path=str(pdf.relative_to(instance)),
                        shown=found.shown_when == MADE, mail_due=mail_due)  # fmt: skip
    mailed = mails.deliver(db, settings, document_id) if mail_due else True
    return Outcome(document_id, documents.DONE, pdf=pdf, mail_failed=not mailed)


def _failed(
    db: Any,
    document_id: int,
    code: str,
    detail: str,
    *,
    docx_path: str | None = None,
    error: BaseException | None = None,
) -> Outcome:
    """Record why the document failed; a full disk gets its own code and a later try."""
    full = error is not None and is_disk_full(error)
    code = documents.DISK_FULL if full else code
    log.error("document %s: %s: %s", document_id, code, detail)
    try:
        documents.mark_failed(db, document_id, code, detail, docx_path=docx_path)
    except sqlite3.Error as db_error:  # the database's disk may be full too: it stays "running"
        log.error("document %s: could not record the failure: %s", document_id, db_error)
    return Outcome(document_id, documents.FAILED, code, detail, retry_later=full)


def make_documents(
    settings: dict[str, Any],
    document_ids: list[int],
    *,
    pool: ConverterPool | None = None,
    helpers: Executor | None = None,
) -> list[Outcome]:
    """Make the documents, converting those that can share a LibreOffice call together;
    rendering and pypdf's work run in ``helpers`` (worker processes) when given."""
    prepared = _map(helpers, prepare, [(settings, document_id) for document_id in document_ids])
    waiting = [p for p in prepared if isinstance(p, Prepared)]
    errors = iter(convert(waiting, settings, pool))
    finished = iter(_map(helpers, finish, [(settings, p, next(errors)) for p in waiting]))
    return [next(finished) if isinstance(p, Prepared) else p for p in prepared]


def make_document(
    settings: dict[str, Any], document_id: int, *, pool: ConverterPool | None = None
) -> Outcome:
    """One document: :func:`make_documents` of one."""
    return make_documents(settings, [document_id], pool=pool)[0]


def _map(helpers: Executor | None, function: Any, calls: list[tuple[Any, ...]]) -> list[Any]:
    """Each call's result, in order: in this process, or spread over the helper processes."""
    if helpers is None:
        return [function(*args) for args in calls]
    return [future.result() for future in [helpers.submit(function, *args) for args in calls]]
