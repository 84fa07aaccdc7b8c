"""PDF work with pypdf: merging a batch, reading text, PDF/A markers, and the fillable confirmation.

The fillable confirmation form is the converted ``bekreftelse`` letter with AcroForm fields laid
over its answer column: each field is placed beside its printed label, found in the page's text.
A municipality can fill it in any PDF reader; :func:`read_confirmation` reads the values back.
"""

from __future__ import annotations

import io
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
    TextStringObject,
)

from formservice.uploads import UploadRefused, check_pdf

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


class InvalidPdf(Exception):
    """Not a PDF formservice can use; the message says why."""


def merge_pdfs(paths: Iterable[Path], out: Path) -> int:
    """One PDF of all the given PDFs in order; return its number of pages."""
    writer = PdfWriter()
    for path in paths:
        writer.append(str(path))
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    with Path(out).open("wb") as output:
        writer.write(output)
    return len(writer.pages)


def pdf_text(path: Path) -> str:
    """The extractable text of every page."""
    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def is_pdf_a(path: Path) -> bool:
    """Whether the PDF declares PDF/A conformance in its XMP metadata."""
    metadata = PdfReader(str(path)).xmp_metadata
    return metadata is not None and b"pdfaid:part" in metadata.stream.get_data()


def _label_positions(reader: PdfReader) -> dict[str, float]:
    """The y position of each line of text on the first page, by its text."""
    found: dict[str, float] = {}

    def visit(text: str, cm: list[float], tm: list[float], *_: Any) -> None:
        label = text.strip()
        if label and label not in found:
            found[label] = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]

    reader.pages[0].extract_text(visitor_text=visit)
    return found


def make_fillable_confirmation(
    pdf_in: Path, pdf_out: Path, prefill: dict[str, str], language: str = "nb"
) -> list[str]:
    """Add the confirmation's fields (and a checkbox ``godtar``) to ``pdf_in``; return their names."""
    reader = PdfReader(str(pdf_in))
    positions = _label_positions(reader)
    writer = PdfWriter(clone_from=reader)
    page = writer.pages[0]
    fields = ArrayObject()
    names = []
    for name, labels in CONFIRMATION_FIELDS.items():
        y = positions.get(labels.get(language, labels["nb"]))
        if y is None:
            continue
        fields.append(_widget(writer, page, name, prefill.get(name, ""), y))
        names.append(name)
    accept_y = positions.get(ACCEPT_LABEL.get(language, ACCEPT_LABEL["nb"]))
    if accept_y is not None:
        fields.append(_checkbox(writer, page, "godtar", accept_y))
        names.append("godtar")
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {
            NameObject("/Fields"): fields,
            NameObject("/NeedAppearances"): BooleanObject(True),
            NameObject("/DA"): TextStringObject("/Helv 10 Tf 0 g"),
            NameObject("/DR"): DictionaryObject(
                {NameObject("/Font"): DictionaryObject({NameObject("/Helv"): _helvetica(writer)})}
            ),
        }
    )
    with Path(pdf_out).open("wb") as output:
        writer.write(output)
    return names


def _helvetica(writer: PdfWriter) -> Any:
    return writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
    )


def _rect(y: float, left: float = FIELD_LEFT, right: float = FIELD_RIGHT) -> ArrayObject:
    return ArrayObject(
        [FloatObject(left), FloatObject(y - 4), FloatObject(right), FloatObject(y + 13)]
    )


def _widget(writer: PdfWriter, page: Any, name: str, value: str, y: float) -> Any:
    widget = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Widget"),
            NameObject("/FT"): NameObject("/Tx"),
            NameObject("/T"): TextStringObject(name),
            NameObject("/V"): TextStringObject(value),
            NameObject("/DA"): TextStringObject("/Helv 10 Tf 0 g"),
            NameObject("/F"): NumberObject(4),
            NameObject("/Rect"): _rect(y),
            NameObject("/P"): page.indirect_reference,
        }
    )
    return _attach(writer, page, widget)


def _checkbox(writer: PdfWriter, page: Any, name: str, y: float) -> Any:
    widget = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Widget"),
            NameObject("/FT"): NameObject("/Btn"),
            NameObject("/T"): TextStringObject(name),
            NameObject("/V"): NameObject("/Off"),
            NameObject("/AS"): NameObject("/Off"),
            NameObject("/F"): NumberObject(4),
            NameObject("/Rect"): _rect(y, FIELD_LEFT, FIELD_LEFT + 14),
            NameObject("/MK"): DictionaryObject({NameObject("/CA"): TextStringObject("4")}),
            NameObject("/DA"): TextStringObject("/ZaDb 10 Tf 0 g"),
            NameObject("/P"): page.indirect_reference,
            NameObject("/AP"): DictionaryObject(
                {
                    NameObject("/N"): DictionaryObject(
                        {
                            NameObject("/Yes"): _appearance(
                                writer, b"q 0 g BT /ZaDb 10 Tf 2 3 Td (4) Tj ET Q"
                            ),
                            NameObject("/Off"): _appearance(writer, b""),
                        }
                    )
                }
            ),
        }
    )
    return _attach(writer, page, widget)


def _appearance(writer: PdfWriter, content: bytes) -> Any:
    """A 14×17 pt appearance stream (the tick, or nothing) with a frame around it."""
    stream = DecodedStreamObject()
    stream.set_data(b"0 G 0.8 w 0.5 0.5 13 16 re S " + content)
    stream.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(
                [FloatObject(0), FloatObject(0), FloatObject(14), FloatObject(17)]
            ),
            NameObject("/Resources"): DictionaryObject(
                {NameObject("/Font"): DictionaryObject({NameObject("/ZaDb"): _zapf(writer)})}
            ),
        }
    )
    return writer._add_object(stream)


def _zapf(writer: PdfWriter) -> Any:
    return writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/ZapfDingbats"),
            }
        )
    )


def _attach(writer: PdfWriter, page: Any, widget: DictionaryObject) -> Any:
    reference = writer._add_object(widget)
    if "/Annots" not in page:
        page[NameObject("/Annots")] = ArrayObject()
    page["/Annots"].append(reference)
    return reference


def fill_fields(pdf_in: Path, pdf_out: Path, values: dict[str, str]) -> None:
    """Fill form fields as a municipality's PDF reader would (``godtar``: ``/Yes`` to tick)."""
    writer = PdfWriter(clone_from=PdfReader(str(pdf_in)))
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    with Path(pdf_out).open("wb") as output:
        writer.write(output)


def read_confirmation(content: bytes) -> dict[str, str]:
    """The values of a returned confirmation form; InvalidPdf if it is not a usable PDF."""
    try:
        check_pdf(content, "bekreftelse.pdf")
    except UploadRefused as refused:
        raise InvalidPdf(refused.text["nb"]) from None
    try:
        fields = PdfReader(io.BytesIO(content)).get_fields() or {}
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise InvalidPdf(f"the PDF's form cannot be read: {error}") from None
    values = {}
    for name, field in fields.items():
        value = field.get("/V")
        values[name] = "" if value is None else str(value)
    return values
