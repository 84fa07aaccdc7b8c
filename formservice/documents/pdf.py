"""PDF work with pypdf: merging a batch, reading text, PDF/A markers, and the fillable confirmation.

The fillable confirmation form is the converted ``bekreftelse`` page with AcroForm fields laid over
its answer column: each field is placed beside its printed label, found in the page's text. Finding
the labels means extracting text, the dear part; the positions are therefore remembered per page
layout (the positions of its lines of text), so a batch of letters pays for it once per layout.
A municipality can fill the form in any PDF reader; :func:`read_confirmation_fields` reads it back.
Every function that takes a PDF from outside refuses what is not a plain PDF with :class:`InvalidPdf`.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    PdfObject,
    TextStringObject,
)

from formservice.uploads import UploadRefused, check_pdf, has_active_content

# Field name → the label printed beside it, per language, in the order they appear.
CONFIRMATION_FIELDS = {
    "orgnr": {"nb": "Organisasjonsnummer", "nn": "Organisasjonsnummer"},
    "kontonr": {"nb": "Kontonummer", "nn": "Kontonummer"},
    "navn": {"nb": "Navn på den som signerer", "nn": "Namn på den som signerer"},
    "tittel": {"nb": "Stilling", "nn": "Stilling"},
    "dato": {"nb": "Dato", "nn": "Dato"},
}
ACCEPT_LABEL = {"nb": "Vi godtar vilkårene", "nn": "Vi godtek vilkåra"}
FIELD_LEFT, FIELD_RIGHT = 300.0, 545.0
_HELV = "/Helv 10 Tf 0 g"  # default appearance: a PDF string (not a name), made per use
_TEXT_START = re.compile(rb"(?m)^BT\s+(-?[\d.]+\s+-?[\d.]+)\s+Td")
_TEXT_OBJECT = re.compile(rb"(?m)^BT$")
_layouts: dict[bytes, dict[str, float]] = {}
_layouts_lock = threading.Lock()
log = logging.getLogger(__name__)


class InvalidPdf(Exception):
    """Not a PDF formservice can use; ``text`` says why in bokmål and nynorsk."""

    def __init__(self, nb: str, nn: str) -> None:
        super().__init__(nb)
        self.text = {"nb": nb, "nn": nn}


def open_pdf(source: Path | bytes, *, check: bool = True) -> PdfReader:
    """A reader for a file or bytes. InvalidPdf if it is not a PDF, and (``check``) if it is
    encrypted or carries scripts, launch actions or embedded files."""
    try:
        content = source if isinstance(source, bytes) else Path(source).read_bytes()
    except OSError as error:
        log.info("a PDF cannot be read: %s", error)
        raise InvalidPdf("Filen kan ikke leses.", "Fila kan ikkje lesast.") from None
    if content.lstrip()[:5] != b"%PDF-":
        raise InvalidPdf("Filen er ikke en PDF.", "Fila er ikkje ein PDF.")
    try:
        reader = PdfReader(io.BytesIO(content))
        if check and reader.is_encrypted:
            raise InvalidPdf("PDF-en er passordbeskyttet.", "PDF-en er passordverna.")
        if check and has_active_content(reader):
            raise InvalidPdf("PDF-en inneholder skript, handlinger eller innebygde filer.",
                             "PDF-en inneheld skript, handlingar eller innebygde filer.")  # fmt: skip
        len(reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError, RecursionError, OSError):
        raise InvalidPdf("Filen er ikke en PDF som kan leses.",
                         "Fila er ikkje ein PDF som kan lesast.") from None  # fmt: skip
    return reader


def merge_pdfs(paths: Iterable[Path], out: Path) -> int:
    """One PDF of all the given PDFs in order; return its number of pages."""
    writer = PdfWriter()
    for path in paths:
        writer.append(open_pdf(path, check=False))
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    with Path(out).open("wb") as output:
        writer.write(output)
    return len(writer.pages)


def pdf_text(path: Path) -> str:
    """The extractable text of every page."""
    return "\n".join(page.extract_text() or "" for page in open_pdf(path, check=False).pages)


def confirmation_forms(
    letter_pdf: Path, page_out: Path, fillable_out: Path, prefill: dict[str, str], language: str
) -> list[str]:
    """From one reading of a grant letter's PDF: its last page (the confirmation form) as a PDF
    of its own, keeping its PDF/A identification (the XMP metadata and output intent, which a plain
    copy of the page would lose), and the same page with fillable fields (orgnr, kontonr, navn,
    tittel, dato, checkbox godtar) beside their printed labels, prefilled; return the names of
    the fields added."""
    writer = _last_page_writer(open_pdf(letter_pdf))
    with Path(page_out).open("wb") as output:
        writer.write(output)
    return _make_fillable(writer, fillable_out, prefill, language, str(letter_pdf))


def _last_page_writer(reader: PdfReader) -> PdfWriter:
    writer = PdfWriter()
    writer.add_page(reader.pages[-1])
    if reader.xmp_metadata is not None:
        writer.xmp_metadata = reader.xmp_metadata.stream.get_data()
    if "/OutputIntents" in reader.root_object:
        intents = reader.root_object["/OutputIntents"].clone(writer)
        writer.root_object[NameObject("/OutputIntents")] = intents
    return writer


def is_pdf_a(path: Path) -> bool:
    """Whether the PDF declares PDF/A conformance (``pdfaid:part``) in its XMP metadata."""
    metadata = open_pdf(path, check=False).xmp_metadata
    return metadata is not None and b"pdfaid:part" in metadata.stream.get_data()


def _label_positions(page: Any, language: str) -> dict[str, float]:
    """The y position of each line of text on the page, by its text; remembered per layout."""
    content = page.get_contents()
    data = content.get_data() if content is not None else b""
    starts = _TEXT_START.findall(data)
    # The layout is known by where each piece of text starts, if every one could be read off.
    fingerprint = len(starts) == len(_TEXT_OBJECT.findall(data)) > 0
    layout = language.encode() + hashlib.sha256(b"|".join(starts)).digest()
    with _layouts_lock:
        known = _layouts.get(layout) if fingerprint else None
    if known is not None:
        return known
    found: dict[str, float] = {}

    def visit(text: str, cm: list[float], tm: list[float], *_: Any) -> None:
        label = text.strip()
        if label and label not in found:
            found[label] = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]

    page.extract_text(visitor_text=visit)
    labels = {
        label for names in (*CONFIRMATION_FIELDS.values(), ACCEPT_LABEL) for label in names.values()
    }
    wanted = {label: y for label, y in found.items() if label in labels}
    with _layouts_lock:
        if len(_layouts) > 500:
            _layouts.clear()
        if fingerprint:
            _layouts[layout] = wanted
    return wanted


def _make_fillable(
    writer: PdfWriter, pdf_out: Path, prefill: dict[str, str], language: str, source: str
) -> list[str]:
    page = writer.pages[0]
    positions = _label_positions(page, language)
    helvetica = _add(writer, {"Type": "/Font", "Subtype": "/Type1", "BaseFont": "/Helvetica",
                              "Encoding": "/WinAnsiEncoding"})  # fmt: skip
    fields, names = ArrayObject(), []
    for name, labels in CONFIRMATION_FIELDS.items():
        y = positions.get(labels.get(language, labels["nb"]))
        if y is not None:
            widget = {"FT": "/Tx", "T": name, "V": prefill.get(name, ""), "DA": TextStringObject(_HELV),
                      "Rect": [FIELD_LEFT, y - 4, FIELD_RIGHT, y + 13]}  # fmt: skip
            fields.append(_attach(writer, page, widget))
            names.append(name)
    accept_y = positions.get(ACCEPT_LABEL.get(language, ACCEPT_LABEL["nb"]))
    if accept_y is not None:
        fields.append(_attach(writer, page, _checkbox(writer, accept_y)))
        names.append("godtar")
    missing = [n for n in [*CONFIRMATION_FIELDS, "godtar"] if n not in names]
    if missing:
        log.warning("%s: no label found for the fields %s", source, ", ".join(missing))
    form = {"Fields": fields, "NeedAppearances": True, "DA": TextStringObject(_HELV),
            "DR": {"Font": {"Helv": helvetica}}}  # fmt: skip
    writer.root_object[NameObject("/AcroForm")] = _pdf(form)
    writer.xmp_metadata = None  # a form to fill in is not PDF/A (its fields need appearances made)
    if "/OutputIntents" in writer.root_object:
        del writer.root_object["/OutputIntents"]
    writer.update_page_form_field_values(  # appearance streams, so prefilled values always show
        page, {n: prefill[n] for n in names if prefill.get(n)}, auto_regenerate=False
    )
    with Path(pdf_out).open("wb") as output:
        writer.write(output)
    return names


def _pdf(value: Any) -> Any:
    """A PDF object from Python: dict keys become names, "/X" strings names, others text."""
    if isinstance(value, PdfObject):
        return value
    if isinstance(value, dict):
        return DictionaryObject({NameObject("/" + k): _pdf(v) for k, v in value.items()})
    if isinstance(value, list):
        return ArrayObject(_pdf(v) for v in value)
    if isinstance(value, bool):
        return BooleanObject(value)
    if isinstance(value, int):
        return NumberObject(value)
    if isinstance(value, float):
        return FloatObject(value)
    if isinstance(value, str):
        return NameObject(value) if value.startswith("/") else TextStringObject(value)
    return value


def _add(writer: PdfWriter, value: dict[str, Any]) -> Any:
    return writer._add_object(_pdf(value))


def _checkbox(writer: PdfWriter, y: float) -> dict[str, Any]:
    """The ``godtar`` checkbox: a framed 14×17 pt box, ticked with a ZapfDingbats check mark."""
    zapf = _add(writer, {"Type": "/Font", "Subtype": "/Type1", "BaseFont": "/ZapfDingbats"})
    looks = {}
    for state, mark in (("Yes", b"q 0 g BT /ZaDb 10 Tf 2 3 Td (4) Tj ET Q"), ("Off", b"")):
        stream = DecodedStreamObject()
        stream.set_data(b"0 G 0.8 w 0.5 0.5 13 16 re S " + mark)
        stream.update(_pdf({"Type": "/XObject", "Subtype": "/Form", "BBox": [0, 0, 14, 17],
                            "Resources": {"Font": {"ZaDb": zapf}}}))  # fmt: skip
        looks[state] = writer._add_object(stream)
    look = TextStringObject("/ZaDb 10 Tf 0 g")
    return {"FT": "/Btn", "T": "godtar", "V": "/Off", "AS": "/Off", "DA": look,
            "MK": {"CA": "4"}, "Rect": [FIELD_LEFT, y - 4, FIELD_LEFT + 14, y + 13],
            "AP": {"N": looks}}  # fmt: skip


def _attach(writer: PdfWriter, page: Any, widget: dict[str, Any]) -> Any:
    """Add a widget annotation (printable) to the page; return its reference."""
    widget = {"Type": "/Annot", "Subtype": "/Widget", "F": 4, "P": page.indirect_reference,
              **widget}  # fmt: skip
    reference = writer._add_object(_pdf(widget))
    if "/Annots" not in page:
        page[NameObject("/Annots")] = ArrayObject()
    page["/Annots"].append(reference)
    return reference


def fill_fields(pdf_in: Path, pdf_out: Path, values: dict[str, str]) -> None:
    """Fill form fields as a municipality's PDF reader would (``godtar``: ``/Yes`` to tick)."""
    writer = PdfWriter(clone_from=open_pdf(pdf_in))
    if "/AcroForm" not in writer.root_object:
        raise InvalidPdf("PDF-en har ingen skjemafelt.", "PDF-en har ingen skjemafelt.")
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    with Path(pdf_out).open("wb") as output:
        writer.write(output)


def read_confirmation_fields(pdf: Path | bytes) -> dict[str, str]:
    """The values of a returned confirmation form by field name (a ticked box is ``/Yes``);
    InvalidPdf if it is not a plain PDF or its form cannot be read."""
    content = pdf if isinstance(pdf, bytes) else Path(pdf).read_bytes()
    try:
        check_pdf(content, "bekreftelse.pdf")  # the same rules as any upload
    except UploadRefused as refused:
        raise InvalidPdf(refused.text["nb"], refused.text["nn"]) from None
    reader = open_pdf(content)
    try:
        fields = reader.get_fields() or {}
    except (PdfReadError, ValueError, KeyError, TypeError, RecursionError) as error:
        log.info("the form of an uploaded PDF cannot be read: %s", error)
        raise InvalidPdf("Skjemaet i PDF-en kan ikke leses.",
                         "Skjemaet i PDF-en kan ikkje lesast.") from None  # fmt: skip
    values = {}
    for name, field in fields.items():
        value = field.get("/V")
        values[name] = "" if value is None else str(value)
    return values


def read_confirmation(content: bytes) -> dict[str, str]:
    """The values of an uploaded confirmation form (see :func:`read_confirmation_fields`)."""
    return read_confirmation_fields(content)
