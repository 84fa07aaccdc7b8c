"""The first half of making a document (:mod:`formservice.documents.make`): claim it, build its
context with its kind's builder, render its DOCX and its companions' and write them; and the
database connection each thread of the worker keeps, and how a failure is recorded.

A batch of letters runs this half in one thread ahead of LibreOffice (:mod:`batch`), and
:func:`formservice.documents.make.convert_and_finish` the second half in others.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

from formservice.documents.kinds import kind
from formservice.documents.outcome import SKIPPED, Outcome, Prepared, partial_path, stage
from formservice.documents.render import RenderError, render_docx
from formservice.files import is_disk_full, write_atomically
from formservice.office.letterhead import LetterheadMissing
from formservice.storage import documents
from formservice.storage.db import connect

log = logging.getLogger(__name__)

_local = threading.local()


@lru_cache(maxsize=64)
def resolved(path: str) -> Path:
    """A setting's path, absolute and resolved, worked out once (asked several times a document)."""
    return Path(path).resolve()


def database(settings: dict[str, Any]) -> Any:
    """This thread's connection to the instance's database (kept: a batch asks often; a
    connection is never shared between threads, whose transactions would mix)."""
    path = str(resolved(settings["DATABASE"]))
    kept: dict[str, Any] = _local.__dict__.setdefault("connections", {})
    db = kept.get(path)
    if db is None:
        while len(kept) >= 4:  # tests use a new database each; keep only the newest few
            kept.pop(next(iter(kept))).close()
        db = kept[path] = connect(path, timeout=float(settings.get("DATABASE_TIMEOUT") or 10))
    return db


def prepare(settings: dict[str, Any], document_id: int, attempt: int) -> Prepared | Outcome:
    """Build the context of a document the caller claimed (``attempt``: the claim's number, 0
    when it was not claimed) and write its DOCX files; or say why not."""
    db, cpu = database(settings), {}
    with stage(cpu, "context"):
        document = documents.document_by_id(db, document_id)
    if not attempt or document is None:
        return Outcome(document_id, SKIPPED)
    found = kind(document["kind"])
    instance = resolved(settings["INSTANCE_PATH"])
    folder = instance / "documents" / documents.folder_of(document)
    files = found.files(document_id)
    templates = Path(settings["TEMPLATES_DIR"])
    try:
        with stage(cpu, "context"):
            context = found.context(db, settings, document)  # type: ignore[misc]
        with stage(cpu, "render"):
            data = render_docx(found.template_path(document["language"], templates), context,
                               language=document["language"])  # fmt: skip
            companions = {name: render_docx(kind(name).template_path(document["language"], templates),
                                            context, language=document["language"])
                          for name in found.companions}  # fmt: skip
    except LetterheadMissing as missing:  # the office must set its letterhead first
        return failed(db, document_id, documents.LETTERHEAD, str(missing))
    except Exception as error:  # a broken template or context must not lose the job
        log.exception("document %s could not be rendered", document_id)
        return failed(db, document_id, "render", str(error) if isinstance(error, RenderError)
                       else f"{error.__class__.__name__}: {error}")  # fmt: skip
    docx = folder / files.docx
    try:
        with stage(cpu, "write"):
            folder.mkdir(parents=True, exist_ok=True)
            write_atomically(docx, data, partial_path(docx, attempt))
            for name, companion in companions.items():
                path = folder / files.companions[name]
                write_atomically(path, companion, partial_path(path, attempt))
    except OSError as error:
        return failed(db, document_id, "write", f"DOCX: {error}", error=error)
    pdf = folder / files.pdf
    return Prepared(document, found, attempt, folder, files, context, docx,
                    partial_path(pdf, attempt), data, cpu)  # fmt: skip


def failed(
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


def claim_and_prepare(
    settings: dict[str, Any], document_ids: list[int]
) -> list[Prepared | Outcome]:
    """The first half of :func:`make_documents`: the documents claimed in one write, each one's
    context built and DOCX files written (or why not)."""
    cpu: dict[str, float] = {}
    with stage(cpu, "context"):
        claimed = documents.claim_many(database(settings), document_ids)
    prepared = [prepare(settings, document_id, claimed.get(document_id, 0))
                for document_id in document_ids]  # fmt: skip
    for ready in prepared:
        if isinstance(ready, Prepared):
            ready.cpu["context"] += cpu["context"] / len(claimed)
    return prepared
