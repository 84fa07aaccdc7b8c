"""Letters for many submissions at once, in parallel across the LibreOffice pool.

Per letter: the DOCX of the letter (a grant letter ends with its confirmation form on the last
page) and its PDF; for grants also the confirmation form's own DOCX, its PDF (the letter's last
page, so it costs no second conversion) and a fillable PDF. At the end, one merged PDF of every
letter for printing or archiving. A letter that fails is reported with its reason; the others go on.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pypdf import PdfWriter

from formservice.documents.letter_types import template_path
from formservice.documents.libreoffice import ConversionFailed, ConverterPool, convert_to_pdf
from formservice.documents.pdf import InvalidPdf, confirmation_forms, open_pdf
from formservice.documents.render import RenderError, render_docx

Progress = Callable[[int, int], None]
SMALL_BATCH = 8  # below this, worker processes cost more to start than they save


@dataclass(frozen=True)
class Letter:
    """One letter to make: file stem, type, language, template context, confirmation prefill."""

    key: str
    kind: str
    language: str
    context: dict[str, Any]
    prefill: dict[str, str] = field(default_factory=dict)


@dataclass
class LetterFiles:
    """What was made for one letter (paths), or why it failed."""

    key: str
    letter_docx: Path | None = None
    letter_pdf: Path | None = None
    confirmation_docx: Path | None = None
    confirmation_pdf: Path | None = None
    fillable_pdf: Path | None = None
    error: str | None = None


@dataclass
class BatchResult:
    """Every letter's files, and the merged PDF of those that succeeded."""

    files: list[LetterFiles]
    merged_pdf: Path | None

    @property
    def failed(self) -> list[LetterFiles]:
        return [f for f in self.files if f.error]


def render_letter(letter: Letter, out_dir: Path, templates: Path) -> LetterFiles:
    """Render the letter's DOCX (and for grants the confirmation form's) from the templates."""
    files = LetterFiles(letter.key)
    try:
        files.letter_docx = out_dir / f"{letter.key}-{letter.kind}.docx"
        render_docx(template_path(letter.kind, letter.language, templates), letter.context,
                    files.letter_docx, language=letter.language)  # fmt: skip
        if letter.kind == "tilskuddsbrev":
            files.confirmation_docx = out_dir / f"{letter.key}-bekreftelse.docx"
            render_docx(template_path("bekreftelse", letter.language, templates), letter.context,
                        files.confirmation_docx, language=letter.language)  # fmt: skip
    except (RenderError, OSError) as error:
        files.error = str(error)
    return files


def finish_letter(letter: Letter, files: LetterFiles, out_dir: Path) -> LetterFiles:
    """For grants: the confirmation form's PDF (the letter's last page) and its fillable form."""
    if files.error or letter.kind != "tilskuddsbrev" or files.letter_pdf is None:
        return files
    try:
        page = out_dir / f"{letter.key}-bekreftelse.pdf"
        fillable = out_dir / f"{letter.key}-bekreftelse-utfyllbar.pdf"
        confirmation_forms(files.letter_pdf, page, fillable, letter.prefill, letter.language)
        files.confirmation_pdf, files.fillable_pdf = page, fillable
    except (InvalidPdf, OSError) as error:
        files.error = str(error)
    return files


def make_letter(
    letter: Letter, out_dir: Path, templates: Path, pool: ConverterPool | None = None
) -> LetterFiles:
    """Render, convert and finish one letter (and its confirmation form), in this process."""
    files = render_letter(letter, out_dir, templates)
    _convert(files, pool)
    return finish_letter(letter, files, out_dir)


def _convert(files: LetterFiles, pool: ConverterPool | None) -> None:
    if files.error or files.letter_docx is None:
        return
    try:
        files.letter_pdf = convert_to_pdf(files.letter_docx, files.letter_docx.with_suffix(".pdf"),
                                          pool=pool)  # fmt: skip
    except (ConversionFailed, OSError) as error:
        files.error = str(error)


def make_letters(
    letters: Sequence[Letter],
    out_dir: Path,
    templates: Path,
    *,
    pool: ConverterPool | None = None,
    workers: int | None = None,
    processes: int | None = None,
    progress: Progress | None = None,
    merged_name: str = "alle-brev.pdf",
) -> BatchResult:
    """Make every letter, ``workers`` at a time (twice the pool's size plus one by default).

    Rendering and pypdf's work run in ``processes`` worker processes (one per core by default, none
    for small batches), so that this process's threads only wait on the pool: with everything in
    one process, the GIL makes the threads queue behind each other and the cores sit idle. The
    merged PDF is built in order as the letters come in, not all at the end.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    workers = workers or ((2 * pool.size + 1) if pool else 1)
    if processes is None:
        processes = (os.cpu_count() or 1) if len(letters) >= SMALL_BATCH else 0
    merged = _MergeInOrder()
    done = 0
    lock = threading.Lock()
    helpers = _process_pool(processes) if processes else None

    def one(index: int) -> LetterFiles:
        nonlocal done
        letter = letters[index]
        files = _in(helpers, render_letter, letter, out_dir, templates)
        _convert(files, pool)
        files = _in(helpers, finish_letter, letter, files, out_dir)
        merged.ready(index, None if files.error else files.letter_pdf)
        with lock:
            done += 1
            if progress:
                progress(done, len(letters))
        return files

    try:
        with ThreadPoolExecutor(max_workers=workers) as executor:
            results = list(executor.map(one, range(len(letters))))
    finally:
        if helpers is not None:
            helpers.shutdown(cancel_futures=True)
    return BatchResult(results, merged.write(out_dir / merged_name))


def _process_pool(processes: int) -> ProcessPoolExecutor:
    # forkserver: the caller may be a threaded server, which must not be forked as it is
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    return ProcessPoolExecutor(max_workers=processes, mp_context=context)


def _in(
    helpers: ProcessPoolExecutor | None, function: Callable[..., LetterFiles], *args: Any
) -> LetterFiles:
    if helpers is None:
        return function(*args)
    return helpers.submit(function, *args).result()


class _MergeInOrder:
    """The merged PDF of a batch, appended to in the batch's order as letters are finished."""

    def __init__(self) -> None:
        self._writer = PdfWriter()
        self._waiting: dict[int, Path | None] = {}
        self._next = 0
        self._letters = 0
        self._lock = threading.Lock()

    def ready(self, index: int, pdf: Path | None) -> None:
        """Letter ``index`` is finished (``None``: it failed and is left out)."""
        with self._lock:
            self._waiting[index] = pdf
            while self._next in self._waiting:
                path = self._waiting.pop(self._next)
                if path is not None:
                    self._writer.append(open_pdf(path, check=False))
                    self._letters += 1
                self._next += 1

    def write(self, out: Path) -> Path | None:
        """Write the merged PDF; None when no letter succeeded."""
        if not self._letters:
            return None
        with out.open("wb") as output:
            self._writer.write(output)
        return out
