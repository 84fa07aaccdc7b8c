"""The fillable confirmation form: a grant letter's confirmation page with AcroForm fields laid
over its answer column (:mod:`formservice.documents.pages` cuts the page).

Each field stands beside its printed label, found in the page's text (by pypdf; the positions are
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

import pikepdf
from pikepdf import Array, Dictionary, Name, String
from pypdf import PdfReader

from formservice.documents.pdf import ACCEPT_LABEL, CONFIRMATION_FIELDS

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


def make_fillable(
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
