"""Letters for many submissions at once, in parallel across the LibreOffice pool.

Per letter: the DOCX of the letter (a grant letter ends with its confirmation form on the last
page) and its PDF; for grants also the confirmation form's own DOCX, its PDF (the letter's last
page, so it costs no second conversion) and a fillable PDF. At the end, one merged PDF of every
letter for printing or archiving. A letter that fails is reported with its reason; the others go on.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pypdf import PdfReader, PdfWriter

from formservice.documents.letter_types import template_path
from formservice.documents.libreoffice import ConversionFailed, ConverterPool, convert_to_pdf
from formservice.documents.pdf import make_fillable_confirmation, merge_pdfs
from formservice.documents.render import RenderError, render_docx

Progress = Callable[[int, int], None]


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


def make_letter(
    letter: Letter, out_dir: Path, templates: Path, pool: ConverterPool | None = None
) -> LetterFiles:
    """Render and convert one letter (and its confirmation form)."""
    files = LetterFiles(letter.key)
    try:
        files.letter_docx = out_dir / f"{letter.key}-{letter.kind}.docx"
        render_docx(
            template_path(letter.kind, letter.language, templates),
            letter.context,
            files.letter_docx,
            language=letter.language,
        )
        if letter.kind == "tilskuddsbrev":
            files.confirmation_docx = out_dir / f"{letter.key}-bekreftelse.docx"
            render_docx(
                template_path("bekreftelse", letter.language, templates),
                letter.context,
                files.confirmation_docx,
                language=letter.language,
            )
        files.letter_pdf = convert_to_pdf(
            files.letter_docx, files.letter_docx.with_suffix(".pdf"), pool=pool
        )
        if letter.kind == "tilskuddsbrev":
            files.confirmation_pdf = _last_page(
                files.letter_pdf, out_dir / f"{letter.key}-bekreftelse.pdf"
            )
            files.fillable_pdf = out_dir / f"{letter.key}-bekreftelse-utfyllbar.pdf"
            make_fillable_confirmation(
                files.confirmation_pdf, files.fillable_pdf, letter.prefill, letter.language
            )
    except (RenderError, ConversionFailed, OSError) as error:
        files.error = str(error)
    return files


def _last_page(pdf: Path, out: Path) -> Path:
    writer = PdfWriter()
    writer.add_page(PdfReader(str(pdf)).pages[-1])
    with out.open("wb") as output:
        writer.write(output)
    return out


def make_letters(
    letters: Sequence[Letter],
    out_dir: Path,
    templates: Path,
    *,
    pool: ConverterPool | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
    merged_name: str = "alle-brev.pdf",
) -> BatchResult:
    """Make every letter, ``workers`` at a time (the pool's size plus one by default)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    workers = workers or ((2 * pool.size + 1) if pool else 1)
    done = 0
    lock = threading.Lock()

    def one(letter: Letter) -> LetterFiles:
        nonlocal done
        files = make_letter(letter, out_dir, templates, pool)
        with lock:
            done += 1
            if progress:
                progress(done, len(letters))
        return files

    with ThreadPoolExecutor(max_workers=workers) as executor:
        results = list(executor.map(one, letters))
    made = [f.letter_pdf for f in results if not f.error and f.letter_pdf]
    merged = out_dir / merged_name if made else None
    if merged:
        merge_pdfs(made, merged)
    return BatchResult(results, merged)
