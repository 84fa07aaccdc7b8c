"""The one way a document is made: the web's background jobs, ``formservice letters``, the help
desk and the benchmark all come here. :func:`make_documents` is its two halves one after the other:
:func:`formservice.documents.prepare.claim_and_prepare` and :func:`convert_and_finish`; a batch
of letters runs the first in one thread ahead of the second in others, across the pool.

For each document (a row of the ``documents`` table): claim it, build its context (the kind's
builder), render its DOCX and its companions' (a grant letter's confirmation form), convert to
PDF/A, several of one template to a LibreOffice call (:mod:`combine`), cut each one's PDF, its
confirmation page and fillable form from the call's PDF, read once (:mod:`pages`), record the
outcome and, for kinds mailed once made, mail it (once every document of the call is recorded,
so none waits for the others' mails). File names come from the kind, so the files are
the same whichever way a document is made. Files are written under a partial name
(:func:`partial_path`), synced, and renamed in only when complete. A failure is recorded with a
code (:data:`formservice.storage.documents.FAILURES`); a full disk (ENOSPC, EDQUOT, or EFBIG past
a file size limit) is ``disk_full``, which :mod:`jobs` tries again later; an office without a
complete letterhead is ``letterhead``, made again once the office has set it.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from pikepdf import PdfError

from formservice.documents import combine, mails
from formservice.documents.combine import Pages
from formservice.documents.contexts import confirmation_prefill
from formservice.documents.kinds import MADE
from formservice.documents.libreoffice import ConversionFailed, ConverterPool, convert_to_pdf
from formservice.documents.outcome import SKIPPED, STAGES, Outcome, Prepared, partial_path, stage
from formservice.documents.pages import ConvertedPdf, Forms
from formservice.documents.pdf import InvalidPdf
from formservice.documents.prepare import claim_and_prepare, database, failed, resolved
from formservice.files import discard, replace_when_complete
from formservice.storage import documents

log = logging.getLogger(__name__)
__all__ = ["SKIPPED", "STAGES", "Outcome", "Prepared", "make_document", "make_documents",
           "partial_path"]  # fmt: skip


def convert(
    prepared: list[Prepared], settings: dict[str, Any], pool: ConverterPool | None
) -> tuple[list[Pages | str], list[Path], dict[Path, ConvertedPdf]]:
    """Every prepared document converted: one LibreOffice call per group that can share one,
    else one each. Per document where its pages are (in a PDF shared with the others of its call,
    or in its own at its partial name), or why its conversion failed; the shared PDFs, which
    the caller removes once the documents are finished; and those already open, which it closes."""
    results: list[Pages | str] = ["PDF: not converted"] * len(prepared)
    shared: list[Path] = []
    opened: dict[Path, ConvertedPdf] = {}
    together = combine.groups([p.data for p in prepared]) if len(prepared) > 1 else []
    for group in together or [[index] for index in range(len(prepared))]:
        alone = group
        if len(group) > 1:
            began = time.thread_time()  # this thread's work only: not LibreOffice's
            first = prepared[group[0]]
            converted = combine.convert_combined([prepared[i].data for i in group], first.folder,
                                                 pool, settings,
                                                 fixed=first.kind.confirmation_form)  # fmt: skip
            for index in group:
                prepared[index].cpu["combine"] = (time.thread_time() - began) / len(group)
            shared += converted.files
            opened.update(converted.opened)
            alone = []
            for index, pages in zip(group, converted.pages, strict=True):
                if pages is None:
                    alone.append(index)
                else:
                    results[index] = pages
        for index in alone:
            try:
                convert_to_pdf(prepared[index].docx, prepared[index].pdf_partial, pool=pool,
                               pdf_version=settings["PDF_VERSION"])  # fmt: skip
                results[index] = Pages(prepared[index].pdf_partial)
            except (ConversionFailed, OSError) as error:
                results[index] = f"PDF: {error}"
    return results, shared, opened


def finish(
    settings: dict[str, Any],
    converted: list[tuple[Prepared, Pages | str]],
    opened: dict[Path, ConvertedPdf],
) -> list[Outcome]:
    """Finish documents converted together (or one converted alone): each shared PDF is read
    once (kept in ``opened``, which the caller closes), and each document's PDF, confirmation
    page and fillable form are taken from it; those made are recorded in one write."""
    finished = [_finish_one(settings, prepared, pages, opened) for prepared, pages in converted]
    made = [record for _, record in finished if record is not None]
    cpu: dict[str, float] = {}
    with stage(cpu, "record"):
        documents.mark_many_done(database(settings), made)
    for outcome, record in finished:
        if record is not None:
            outcome.cpu["record"] = cpu["record"] / len(made)
    return [outcome for outcome, _ in finished]


def _finish_one(
    settings: dict[str, Any],
    prepared: Prepared,
    pages: Pages | str,
    opened: dict[Path, ConvertedPdf],
) -> tuple[Outcome, documents.Made | None]:
    """Make the document's PDF and extra outputs and rename everything in; the outcome, and
    what to record of a document made."""
    db = database(settings)
    document_id = prepared.document_id
    instance = resolved(settings["INSTANCE_PATH"])
    kept = str(prepared.docx.relative_to(instance))
    pdf = prepared.folder / prepared.files.pdf
    partials, cpu = [prepared.pdf_partial], prepared.cpu
    began = time.thread_time()
    try:
        if isinstance(pages, str):
            return failed(db, document_id, "conversion", pages, docx_path=kept), None
        try:
            source = opened.get(pages.pdf)
            if source is None:  # a PDF LibreOffice just made, read once for all its documents
                source = opened[pages.pdf] = ConvertedPdf(pages.pdf)
            numbers = pages.range(source.page_count)
            if pages.fixed is not None:
                source.draw_fixed_part(numbers[-1], pages.fixed, pages.offset)
            forms, renames = None, [(prepared.pdf_partial, pdf)]
            if prepared.kind.confirmation_form:
                page = prepared.folder / prepared.files.confirmation_pdf  # type: ignore[operator]
                fillable = prepared.folder / prepared.files.fillable_pdf  # type: ignore[operator]
                page_part = partial_path(page, prepared.attempt)
                fillable_part = partial_path(fillable, prepared.attempt)
                partials += [page_part, fillable_part]
                renames[:0] = [(page_part, page), (fillable_part, fillable)]
                labels = pages.fixed.labels_at(pages.offset) if pages.fixed else None
                forms = Forms(page_part, fillable_part, confirmation_prefill(prepared.context),
                              prepared.document["language"], labels)  # fmt: skip
            source.cut_letter(numbers, None if pages.pdf == prepared.pdf_partial
                              else prepared.pdf_partial, forms)  # fmt: skip
            for partial, final in renames:  # the letter's own PDF last; what we saved is synced
                replace_when_complete(partial, final, synced=partial != pages.pdf)
        except (InvalidPdf, PdfError, IndexError, OSError) as failure:
            return failed(db, document_id, "conversion", f"PDF: {failure}", docx_path=kept,
                           error=failure), None  # fmt: skip
    finally:
        discard(*partials)
        cpu["pdf"] = time.thread_time() - began
    found = prepared.kind
    mail_due = found.mail_when == MADE and found.mail is not None
    made = documents.Made(document_id, kept, str(pdf.relative_to(instance)),
                          shown=found.shown_when == MADE, mail_due=mail_due)  # fmt: skip
    return Outcome(document_id, documents.DONE, pdf=pdf, mail_due=mail_due, cpu=cpu,
                   pages=(source, numbers)), made  # fmt: skip


def _mail(settings: dict[str, Any], outcome: Outcome) -> None:
    """Send a document's mail if its kind is mailed once made (recorded as due with it, so a
    process that dies first leaves it to be sent at the next start)."""
    if outcome.status == documents.DONE and outcome.mail_due:
        with stage(outcome.cpu, "record"):  # a failed one is recorded; start-up sends it again
            mails.deliver(database(settings), settings, outcome.document_id)


def make_documents(
    settings: dict[str, Any],
    document_ids: list[int],
    *,
    pool: ConverterPool | None = None,
    mail: bool = True,
    keep_pages: bool = False,
) -> list[Outcome]:
    """Make the documents, converting those that can share a LibreOffice call together; all are
    claimed in one write, and those made recorded in one. With ``mail``, send the mails due once
    recorded; without, the caller sends them (``mail_due``). With ``keep_pages``, each outcome
    made keeps its pages open (``Outcome.pages``) for the caller to close."""
    prepared = claim_and_prepare(settings, document_ids)
    return convert_and_finish(settings, prepared, pool=pool, mail=mail, keep_pages=keep_pages)


def convert_and_finish(
    settings: dict[str, Any],
    prepared: list[Prepared | Outcome],
    *,
    pool: ConverterPool | None = None,
    mail: bool = True,
    keep_pages: bool = False,
) -> list[Outcome]:
    """The second half of :func:`make_documents`: the prepared documents converted, cut, checked
    and recorded (the others' outcomes passed through), in their order."""
    waiting = [p for p in prepared if isinstance(p, Prepared)]
    converted, shared, opened = convert(waiting, settings, pool)
    by_pdf: dict[Path | int, list[int]] = {}
    for index, pages in enumerate(converted):
        by_pdf.setdefault(pages.pdf if isinstance(pages, Pages) else index, []).append(index)
    finished: dict[int, Outcome] = {}
    kept: set[int] = set()
    try:
        for indexes in by_pdf.values():
            outcomes = finish(settings, [(waiting[i], converted[i]) for i in indexes], opened)
            finished.update(zip(indexes, outcomes, strict=True))
        kept = {id(o.pages[0]) for o in finished.values() if keep_pages and o.pages is not None}
    finally:
        for pdf in (pdf for pdf in opened.values() if id(pdf) not in kept):
            pdf.close()
        discard(*shared)  # those kept open stay readable
    for outcome in () if keep_pages else finished.values():
        outcome.pages = None
    for _, outcome in sorted(finished.items()) if mail else ():  # every PDF is ready first
        _mail(settings, outcome)
    made = iter(finished[index] for index in range(len(waiting)))
    return [next(made) if isinstance(p, Prepared) else p for p in prepared]


def make_document(
    settings: dict[str, Any], document_id: int, *, pool: ConverterPool | None = None
) -> Outcome:
    """One document: :func:`make_documents` of one."""
    return make_documents(settings, [document_id], pool=pool)[0]
