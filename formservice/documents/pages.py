"""Taking documents out of a converted PDF with pikepdf (qpdf): a letter's own PDF/A, its
confirmation page, the fillable confirmation form, and a batch's merged PDF.

A round's letters come from LibreOffice ten or twenty to a PDF (:mod:`combine`); each letter's
files are cut from that PDF, opened once. This is the part of a letter's making done most often,
so it is done by qpdf in C++ rather than object by object in Python: qpdf copies the pages with
their fonts and streams as they are, some three times less work than pypdf's copy. The PDF/A
identification (XMP metadata, output intent) goes with every letter and confirmation page.

The fillable confirmation form is the confirmation page with AcroForm fields laid over its answer
column, each beside its printed label, found in the page's text (by pypdf; the positions are
remembered per page layout, so a batch pays for it once per layout). Prefilled values get their
appearance from qpdf, so they show in every reader; the form is not PDF/A (its fields are drawn in
Helvetica, which is not embedded) and does not claim it.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import threading
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType

import pikepdf
from pikepdf import Array, Dictionary, Name, String
from pypdf import PdfReader

from formservice.documents.fixed_parts import Drawer, FixedPart
from formservice.documents.pdf import ACCEPT_LABEL, CONFIRMATION_FIELDS, InvalidPdf, open_pdf

FIELD_LEFT, FIELD_RIGHT = 300.0, 545.0
_HELV = "/Helv 10 Tf 0 g"  # default appearance of the text fields
# where each piece of text starts, by height: the labels stand where they stood on a page whose
# lines all stand as they did (letters whose recipient's name is longer on the same line share one)
_TEXT_START = re.compile(rb"(?m)^BT\s+-?[\d.]+\s+(-?[\d.]+)\s+Td")
_TEXT_OBJECT = re.compile(rb"(?m)^BT$")
_MOVES = re.compile(rb"(?:-?[\d.]+\s+){6}cm\b")  # a fixed part's drawing is moved (fixed_parts)
_layouts: dict[bytes, dict[str, float]] = {}
_layouts_lock = threading.Lock()
log = logging.getLogger(__name__)


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
        self.pdf.close()

    def _save(self, document: pikepdf.Pdf, out: Path | io.BytesIO) -> None:
        # the XMP metadata stays as LibreOffice wrote it (pikepdf would parse and rewrite it)
        document.save(out, min_version=self.pdf.pdf_version, fix_metadata_version=False)

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
        with self._extract([page]) as document:
            self._save(document, page_out)
            names = _make_fillable(document, prefill, language, str(page_out), labels)
            self._save(document, fillable_out)
        return names


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


class MergedPdf:
    """One PDF of whole documents appended in order, written once (not PDF/A, claiming nothing)."""

    def __init__(self) -> None:
        self._pdf = pikepdf.new()
        self._sources: list[pikepdf.Pdf] = []  # qpdf reads their streams when the merge is saved

    def append(self, path: Path) -> None:
        source = pikepdf.open(io.BytesIO(Path(path).read_bytes()))
        self._sources.append(source)
        self._pdf.pages.extend(source.pages)

    def __len__(self) -> int:
        return len(self._sources)

    def save(self, out: Path) -> None:
        self._pdf.save(out, fix_metadata_version=False)

    def close(self) -> None:
        for source in self._sources:
            source.close()
        self._pdf.close()


def label_heights(pdf: bytes) -> dict[str, float]:
    """The height of each confirmation field's label on the one page of ``pdf``."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return _read_labels(document)


def _label_positions(document: pikepdf.Pdf, language: str) -> dict[str, float]:
    """The y position of each field's label on the page; remembered per layout (the height of
    every line of text and every move, in order), read with pypdf's text extraction the first
    time."""
    page = document.pages[0]
    contents = page.obj.get("/Contents")
    parts = contents if isinstance(contents, Array) else [contents] if contents is not None else []
    data = b"".join(part.read_bytes() for part in parts)
    starts = _TEXT_START.findall(data)
    fingerprint = len(starts) == len(_TEXT_OBJECT.findall(data)) > 0
    layout = language.encode() + hashlib.sha256(b"|".join(starts + _MOVES.findall(data))).digest()
    with _layouts_lock:
        known = _layouts.get(layout) if fingerprint else None
    if known is not None:
        return known
    wanted = _read_labels(document)
    with _layouts_lock:
        if len(_layouts) > 500:
            _layouts.clear()
        if fingerprint:
            _layouts[layout] = wanted
    return wanted


def _read_labels(document: pikepdf.Pdf) -> dict[str, float]:
    """The height of each field's label on the first page, read by pypdf's text extraction."""
    buffer = io.BytesIO()
    document.save(buffer, fix_metadata_version=False)
    found: dict[str, float] = {}

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        label = text.strip()
        if label and label not in found:
            found[label] = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]

    PdfReader(buffer).pages[0].extract_text(visitor_text=visit)
    labels = {
        label for names in (*CONFIRMATION_FIELDS.values(), ACCEPT_LABEL) for label in names.values()
    }
    return {label: y for label, y in found.items() if label in labels}


def _make_fillable(
    document: pikepdf.Pdf,
    prefill: dict[str, str],
    language: str,
    source: str,
    labels: dict[str, float] | None = None,
) -> list[str]:
    """Lay the fields over the one page of ``document``; it stops claiming PDF/A."""
    positions = labels if labels is not None else _label_positions(document, language)
    page = document.pages[0].obj
    helvetica = document.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1,
                                                  BaseFont=Name.Helvetica,
                                                  Encoding=Name.WinAnsiEncoding))  # fmt: skip
    fields, names = Array(), []
    for name, labels in CONFIRMATION_FIELDS.items():
        y = positions.get(labels.get(language, labels["nb"]))
        if y is not None:
            fields.append(_attach(document, page, Dictionary(
                FT=Name.Tx, T=String(name), V=String(prefill.get(name, "")), DA=String(_HELV),
                Rect=Array([FIELD_LEFT, y - 4, FIELD_RIGHT, y + 13]))))  # fmt: skip
            names.append(name)
    accept_y = positions.get(ACCEPT_LABEL.get(language, ACCEPT_LABEL["nb"]))
    if accept_y is not None:
        fields.append(_attach(document, page, _checkbox(document, accept_y)))
        names.append("godtar")
    missing = [n for n in [*CONFIRMATION_FIELDS, "godtar"] if n not in names]
    if missing:
        log.warning("%s: no label found for the fields %s", source, ", ".join(missing))
    document.Root.AcroForm = Dictionary(Fields=fields, NeedAppearances=True, DA=String(_HELV),
                                        DR=Dictionary(Font=Dictionary(Helv=helvetica)))  # fmt: skip
    for key in ("/Metadata", "/OutputIntents"):  # a form to fill in is not PDF/A
        if key in document.Root:
            del document.Root[key]
    document.generate_appearance_streams()  # so prefilled values always show
    document.Root.AcroForm.NeedAppearances = True  # and readers draw what people type
    return names


def _checkbox(document: pikepdf.Pdf, y: float) -> Dictionary:
    """The ``godtar`` checkbox: a framed 14×17 pt box, ticked with a ZapfDingbats check mark."""
    zapf = document.make_indirect(
        Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.ZapfDingbats)
    )
    looks = Dictionary()
    for state, mark in (("/Yes", b"q 0 g BT /ZaDb 10 Tf 2 3 Td (4) Tj ET Q"), ("/Off", b"")):
        looks[state] = document.make_stream(
            b"0 G 0.8 w 0.5 0.5 13 16 re S " + mark,
            Type=Name.XObject, Subtype=Name.Form, BBox=Array([0, 0, 14, 17]),
            Resources=Dictionary(Font=Dictionary(ZaDb=zapf)),
        )  # fmt: skip
    return Dictionary(FT=Name.Btn, T=String("godtar"), V=Name.Off, AS=Name.Off,
                      DA=String("/ZaDb 10 Tf 0 g"), MK=Dictionary(CA=String("4")),
                      Rect=Array([FIELD_LEFT, y - 4, FIELD_LEFT + 14, y + 13]),
                      AP=Dictionary(N=looks))  # fmt: skip


def _attach(document: pikepdf.Pdf, page: Dictionary, widget: Dictionary) -> pikepdf.Object:
    """Add a widget annotation (printable) to the page; return its reference."""
    widget.Type, widget.Subtype, widget.F, widget.P = Name.Annot, Name.Widget, 4, page
    reference = document.make_indirect(widget)
    if "/Annots" not in page:
        page.Annots = Array()
    page.Annots.append(reference)
    return reference
