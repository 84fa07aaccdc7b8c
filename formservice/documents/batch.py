"""A round's letters at once: the one way a document is made (:mod:`formservice.documents.make`)
run across the LibreOffice pool, and one merged PDF of every letter, written once per batch.

The batch (``storage.letters.start_batch``) names the current letter of every decided submission.
Its letters are made in chunks of one template. One thread renders the chunks in order, ahead
of LibreOffice and never waiting for it; threads of this process (twice as many as instances)
take each chunk rendered to whichever LibreOffice instance is free, then cut and record its
PDFs. (When each thread rendered its own next chunk, those renders shared the cores with
LibreOffice's calls and often finished after an instance came free: it waited, 1.69 of the 2
cores busy against 1.8 now.) No worker processes: since a letter's Python work
(rendering, qpdf) is smaller than LibreOffice's, one process keeps both cores busy, and worker
processes cost more CPU (start, passing work) and memory (some 250 MB) than they saved. The merged PDF grows in the batch's order as chunks finish, taking each letter's pages from
the call's PDF they were cut from (kept open until the merge is written, so each call's fonts are
copied once, and no letter is read again from disk), is written under a partial name and renamed
in, and is recorded on the batch; downloading it changes nothing.
"""

from __future__ import annotations

import queue
import shutil
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from formservice.documents import make
from formservice.documents.contexts import office_sender
from formservice.documents.kinds import LETTER_KINDS
from formservice.documents.libreoffice import ConverterPool, default_pool, pool_size
from formservice.documents.pages import ConvertedPdf, MergedPdf
from formservice.documents.prepare import claim_and_prepare, database
from formservice.files import discard, replace_when_complete
from formservice.storage import documents, letters, rounds

Progress = Callable[[int, int], None]
CHUNK = 20  # documents per LibreOffice call: 20 cost some 18 % less LibreOffice CPU than 10
THREADS = 2  # per LibreOffice instance: while one waits for it, the other renders and cuts PDFs


@dataclass
class BatchResult:
    """Every document of the batch (in its order) and the merged PDF of those made."""

    batch_id: int
    outcomes: list[make.Outcome]
    merged_pdf: Path | None
    merge_cpu: float = 0.0  # CPU seconds spent on the merged PDF

    @property
    def made(self) -> list[make.Outcome]:
        return [o for o in self.outcomes if o.status == documents.DONE]

    @property
    def failed(self) -> list[make.Outcome]:
        return [o for o in self.outcomes if o.status != documents.DONE]


def run_batch(
    settings: dict[str, Any],
    batch_id: int,
    *,
    pool: ConverterPool | None = None,
    progress: Progress | None = None,
    chunk: int = CHUNK,
) -> BatchResult:
    """Make the batch's letters not yet made (``chunk`` to a LibreOffice call at most), then
    write and record its merged PDF."""
    db = database(settings)
    batch = letters.batch_by_id(db, batch_id)
    if batch is None:
        raise LookupError(f"no batch {batch_id}")
    rows = letters.batch_documents(db, batch)
    instance = Path(settings["INSTANCE_PATH"]).resolve()
    outcomes: list[make.Outcome | None] = [None] * len(rows)
    todo = []
    for index, row in enumerate(rows):
        if row["status"] == documents.DONE:
            outcomes[index] = make.Outcome(row["id"], row["status"], pdf=instance / row["pdf_path"])
        else:
            todo.append(index)
    chunks = _chunks(rows, todo, chunk)
    merged = _MergeInOrder()
    for index, outcome in enumerate(outcomes):
        if outcome is not None:
            merged.ready(index, outcome.pdf)
    done, lock = len(rows) - len(todo), threading.Lock()

    ahead: queue.Queue[tuple[list[int], list | BaseException]] = queue.Queue()

    def render_ahead() -> None:
        for chunk in chunks:
            try:
                ahead.put((chunk, claim_and_prepare(settings, [rows[i]["id"] for i in chunk])))
            except BaseException as error:  # its converter must not wait for it
                ahead.put((chunk, error))

    def one(_: int) -> None:
        nonlocal done
        chunk, prepared = ahead.get()  # the next chunk rendered, whichever thread is free
        if isinstance(prepared, BaseException):
            raise prepared
        made = make.convert_and_finish(settings, prepared, pool=pool, keep_pages=True)
        for index, outcome in zip(chunk, made, strict=True):
            outcomes[index] = outcome
            merged.ready(index, outcome.pages or (outcome.pdf if outcome.status == documents.DONE
                                                  else None))  # fmt: skip
            outcome.pages = None  # the merge owns them now
        with lock:
            done += len(chunk)
            if progress:
                progress(done, len(rows))

    renderer = threading.Thread(target=render_ahead, name="batch-render", daemon=True)
    renderer.start()
    with ThreadPoolExecutor(max_workers=(THREADS * pool.size) if pool else 1) as threads:
        list(threads.map(one, range(len(chunks))))
    renderer.join()
    round_row = rounds.round_by_id(db, batch["round_id"])
    out = instance / "letters" / round_row["slug"] / f"{round_row['slug']}-alle-brev-{batch_id}.pdf"
    written = merged.write(out)
    letters.finish_batch(db, batch_id, str(written.relative_to(instance)) if written else None)
    return BatchResult(batch_id, [o for o in outcomes if o is not None], written, merged.cpu)


def make_round_letters(
    settings: dict[str, Any],
    slug: str,
    *,
    kind: str | None = None,
    out: Path | None = None,
    progress: Progress | None = None,
) -> BatchResult:
    """The letters of every decided submission of the round, in this process, with a pool
    started for the batch unless one runs here; the merged PDF also copied into ``out``."""
    db = database(settings)
    round_row = rounds.round_by_slug(db, slug)
    if round_row is None:
        raise LookupError(f"no round {slug!r}")
    office_sender(db, round_row["office_id"], "nb")  # LetterheadMissing: no batch is started
    batch = letters.start_batch(db, round_row["id"], LETTER_KINDS, only_kind=kind)
    if batch is None:
        raise LookupError(f"round {slug!r} has no decided submissions to write to")
    pool, own_pool = default_pool(), None
    if pool is None and len(batch["document_ids"]) > 2:
        instance = Path(settings["INSTANCE_PATH"]).resolve()
        own_pool = pool = ConverterPool(
            min(pool_size(settings), len(batch["document_ids"])), instance / "libreoffice-batch",
            pdf_version=settings["PDF_VERSION"],
        ).start()  # fmt: skip
    try:
        result = run_batch(settings, batch["id"], pool=pool, progress=progress)
    finally:
        if own_pool is not None:
            own_pool.stop()
    if out is not None and result.merged_pdf is not None:
        Path(out).mkdir(parents=True, exist_ok=True)
        copy = Path(out) / f"{slug}-alle-brev.pdf"
        shutil.copyfile(result.merged_pdf, copy)
        result.merged_pdf = copy
    return result


def _chunks(rows: list[dict[str, Any]], todo: list[int], size: int) -> list[list[int]]:
    """The letters to make, at most ``size`` to a chunk, each chunk of one kind and language:
    letters of one template share a LibreOffice call, so a chunk of mixed ones would be split into
    calls of a few letters each. A template's letters are split evenly (285 letters at most 20 to
    a chunk: fifteen chunks of 19, not fourteen of 20 and one of 5), since a call costs some three
    letters' work of its own, whatever its size."""
    by_template: dict[tuple[str, str], list[int]] = {}
    for index in todo:
        by_template.setdefault((rows[index]["kind"], rows[index]["language"]), []).append(index)
    chunks = []
    for same in by_template.values():
        count = -(-len(same) // size)
        cuts = [len(same) * n // count for n in range(count + 1)]
        chunks += [same[cuts[n] : cuts[n + 1]] for n in range(count)]
    return chunks


class _MergeInOrder:
    """The merged PDF of a batch, appended to in the batch's order as letters are finished."""

    def __init__(self) -> None:
        self._merged = MergedPdf()
        self._waiting: dict[int, Path | tuple[ConvertedPdf, range] | None] = {}
        self._next = 0
        self.cpu = 0.0
        self._lock = threading.Lock()

    def ready(self, index: int, pdf: Path | tuple[ConvertedPdf, range] | None) -> None:
        """Letter ``index`` is finished: its file, or its pages still open in the PDF they were
        cut from (the merge closes that PDF once written); ``None``: it failed and is left out."""
        with self._lock:
            began = time.thread_time()
            self._waiting[index] = pdf
            while self._next in self._waiting:
                found = self._waiting.pop(self._next)
                if isinstance(found, tuple):
                    self._merged.append_pages(*found)
                elif found is not None:
                    self._merged.append(found)
                self._next += 1
            self.cpu += time.thread_time() - began

    def write(self, out: Path) -> Path | None:
        """Write the merged PDF whole (renamed in when complete); None when no letter was made."""
        if not len(self._merged):
            self._merged.close()
            return None
        began = time.thread_time()
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_name(out.name + ".part")
        try:
            self._merged.save(partial)
            replace_when_complete(partial, out, synced=True)
        finally:
            self._merged.close()
            discard(partial)
            self.cpu += time.thread_time() - began
        return out
