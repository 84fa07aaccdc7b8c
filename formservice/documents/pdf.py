"""PDF work with pypdf: merging PDFs, reading text, PDF/A markers, and the confirmation form's
fields: their names and labels, filling them as a reader would, and reading them back.

The fillable form itself is made in :mod:`formservice.documents.pages` (pikepdf), beside each
letter's own files. A municipality can fill it in any PDF reader; :func:`read_confirmation_fields`
reads it back. Every function that takes a PDF from outside refuses what is not a plain PDF with
:class:`InvalidPdf`.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError

from formservice.uploads import UploadRefused, check_pdf, has_active_content

log = logging.getLogger(__name__)

# Field name → the label printed beside it, per language, in the order they appear.
CONFIRMATION_FIELDS = {
    "orgnr": {"nb": "Organisasjonsnummer", "nn": "Organisasjonsnummer"},
    "kontonr": {"nb": "Kontonummer", "nn": "Kontonummer"},
    "navn": {"nb": "Navn på den som signerer", "nn": "Namn på den som signerer"},
    "tittel": {"nb": "Stilling", "nn": "Stilling"},
    "dato": {"nb": "Dato", "nn": "Dato"},
}
ACCEPT_LABEL = {"nb": "Vi godtar vilkårene", "nn": "Vi godtek vilkåra"}


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


def is_pdf_a(path: Path) -> bool:
    """Whether the PDF declares PDF/A conformance (``pdfaid:part``) in its XMP metadata."""
    metadata = open_pdf(path, check=False).xmp_metadata
    return metadata is not None and b"pdfaid:part" in metadata.stream.get_data()


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
