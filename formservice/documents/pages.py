"""Taking documents out of a converted PDF with pikepdf (qpdf): a letter's own PDF/A, its
confirmation page, the fillable confirmation form, and a batch's merged PDF.

A round's letters come from LibreOffice ten or twenty to a PDF (:mod:`combine`); each letter's
files are cut from that PDF, opened once. This is the part of a letter's making done most often,
so it is done by qpdf in C++ rather than object by object in Python: qpdf copies the pages with
their fonts and streams as they are, some three times less work than pypdf's copy. The PDF/A
identification (XMP metadata, output intent) goes with every letter and confirmation page.

The fillable confirmation form is the confirmation page with fields laid over it
(:mod:`formservice.documents.fillable`).
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import pikepdf
from pikepdf import Array, Dictionary, Name

from formservice.documents.fillable import make_fillable
from formservice.documents.fixed_parts import Drawer, FixedPart
from formservice.documents.pdf import InvalidPdf, open_pdf
from formservice.files import synced_file

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Forms:
    """Where a letter's confirmation page and fillable form go, and what the form is filled with."""

    page_out: Path
    fillable_out: Path
    prefill: dict[str, str]
    language: str
    labels: dict[str, float] | None = None  # the labels' heights, when known


class ConvertedPdf:
    """A PDF LibreOffice made, opened once to take documents' pages from (a context manager)."""

    def __init__(self, path: Path) -> None:
        try:
            self.pdf = pikepdf.open(path)
        except (pikepdf.PdfError, OSError) as error:
            log.info("%s cannot be read as a PDF: %s", path, error)
            raise InvalidPdf("Filen er ikke en PDF som kan leses.",
                             "Fila er ikkje ein PDF som kan lesast.") from None  # fmt: skip
        self.path = Path(path)
        self._drawer: Drawer | None = None
        root = self.pdf.Root
        if "/OutputIntents" in root and not root.OutputIntents.is_indirect:
            root.OutputIntents = self.pdf.make_indirect(root.OutputIntents)  # to copy it whole

    def __enter__(self) -> ConvertedPdf:
        return self

    def __exit__(self, *_: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        if self._drawer is not None:
            self._drawer.close()
            self._drawer = None
        self.pdf.close()

    def _save(self, document: pikepdf.Pdf, out: Path) -> None:
        # the XMP metadata stays as LibreOffice wrote it (pikepdf would parse and rewrite it)
        _save_private(document, out, min_version=self.pdf.pdf_version)

    @property
    def page_count(self) -> int:
        return len(self.pdf.pages)

    def destinations(self) -> dict[str, int]:
        """The page number of each named destination (its name without the slash)."""
        return {name: page for name, (page, _) in self.marks().items()}

    def marks(self) -> dict[str, tuple[int, float]]:
        """Each named destination's page number and height on the page (the top of its line)."""
        numbers = {page.obj.objgen: number for number, page in enumerate(self.pdf.pages)}
        root = self.pdf.Root
        named: dict[str, pikepdf.Object] = {}
        if "/Dests" in root:  # the PDF 1.1 way, LibreOffice's
            named.update({str(name)[1:]: target for name, target in root.Dests.items()})
        if "/Names" in root and "/Dests" in root.Names:
            named.update(pikepdf.NameTree(root.Names.Dests).items())
        found = {}
        for name, target in named.items():
            target = target.D if isinstance(target, Dictionary) else target
            if isinstance(target, Array) and len(target) and target[0].objgen in numbers:
                top = float(target[3]) if len(target) > 3 and target[1] == Name.XYZ else 0.0
                found[name] = (numbers[target[0].objgen], top)
        return found

    def draw_fixed_part(self, number: int, part: FixedPart, offset: float) -> None:
        """Draw a confirmation form's fixed part onto page ``number`` (see :mod:`fixed_parts`)."""
        if self._drawer is None:
            self._drawer = Drawer(self.pdf)
        self._drawer.draw(number, part, offset)

    def _extract(self, pages: Iterable[int]) -> pikepdf.Pdf:
        """A new PDF of those pages, with this PDF's PDF/A identification."""
        out = pikepdf.new()
        out.pages.extend(self.pdf.pages[number] for number in pages)
        for key in ("/Metadata", "/OutputIntents"):
            if key in self.pdf.Root:
                out.Root[key] = out.copy_foreign(self.pdf.Root[key])
        return out

    def write_pages(self, pages: Iterable[int], out: Path) -> None:
        """A PDF/A of some of the pages (a letter's own)."""
        with self._extract(pages) as document:
            self._save(document, out)

    def cut_letter(self, pages: range, letter_out: Path | None, forms: Forms | None) -> list[str]:
        """A letter's files from its pages: its PDF/A at ``letter_out`` (None: this PDF is the
        letter's own already) and, with ``forms``, its last page as a PDF/A of its own and as the
        fillable form (see :meth:`confirmation_forms`); the names of the fields added. The page is
        what is left of the letter's copy once its other pages are dropped (no second copy)."""
        if letter_out is None and forms is None:
            return []
        with self._extract(pages if letter_out is not None else pages[-1:]) as document:
            if letter_out is not None:
                self._save(document, letter_out)
            if forms is None:
                return []
            del document.pages[:-1]
            self._save(document, forms.page_out)
            names = make_fillable(document, forms.prefill, forms.language, str(forms.page_out),
                                  forms.labels)  # fmt: skip
            self._save(document, forms.fillable_out)
        return names

    def confirmation_forms(
        self,
        page: int,
        page_out: Path,
        fillable_out: Path,
        prefill: dict[str, str],
        language: str,
        labels: dict[str, float] | None = None,
    ) -> list[str]:
        """Page ``page`` (a letter's confirmation form) as a PDF/A of its own, and the same page
        with fillable fields (orgnr, kontonr, navn, tittel, dato, checkbox godtar) beside their
        printed labels (at ``labels``' heights if given, else found in the page's text),
        prefilled; return the names of the fields added."""
        forms = Forms(page_out, fillable_out, prefill, language, labels)
        return self.cut_letter(range(page, page + 1), None, forms)


def confirmation_forms(
    letter_pdf: Path, page_out: Path, fillable_out: Path, prefill: dict[str, str], language: str
) -> list[str]:
    """A grant letter's last page as its own PDF/A and as the fillable form (see
    :meth:`ConvertedPdf.confirmation_forms`); InvalidPdf if the file is not a plain PDF."""
    open_pdf(letter_pdf)  # the checks: encrypted, scripts, embedded files
    with ConvertedPdf(letter_pdf) as converted:
        return converted.confirmation_forms(
            converted.page_count - 1, page_out, fillable_out, prefill, language
        )


def _save_private(document: pikepdf.Pdf, out: Path, **options: str) -> None:
    """Save into a new file only this user reads, synced before it is closed (qpdf writes into it:
    pikepdf's own way with a path writes a temporary file and renames it, which the callers do
    themselves, without syncing it again)."""
    with synced_file(out) as file:
        document.save(file, fix_metadata_version=False, **options)


class MergedPdf:
    """One PDF of whole documents appended in order, written once (not PDF/A, claiming nothing).
    A document's pages come from its file, or from the converted PDF they were cut from, still
    open (its fonts are then copied once for all the letters of that PDF, not once a letter)."""

    def __init__(self) -> None:
        self._pdf = pikepdf.new()
        self._count = 0
        # qpdf reads their streams when the merge is saved; closed with it
        self._sources: dict[int, pikepdf.Pdf | ConvertedPdf] = {}

    def append(self, path: Path) -> None:
        source = pikepdf.open(io.BytesIO(Path(path).read_bytes()))
        self._sources[id(source)] = source
        self._pdf.pages.extend(source.pages)
        self._count += 1

    def append_pages(self, source: ConvertedPdf, numbers: Iterable[int]) -> None:
        """A document's pages of ``source``, which the merge now owns and closes."""
        self._sources[id(source)] = source
        self._pdf.pages.extend(source.pdf.pages[number] for number in numbers)
        self._count += 1

    def __len__(self) -> int:
        return self._count

    def save(self, out: Path) -> None:
        _save_private(self._pdf, out)

    def close(self) -> None:
        for source in self._sources.values():
            source.close()
        self._pdf.close()
