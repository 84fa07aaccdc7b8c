"""Several documents of one template converted in one LibreOffice call, then split by page ranges.

A LibreOffice call has a cost of its own besides the pages it lays out (measured on grant
letters: some 75 ms a call against 15–20 ms a three-page letter), so a round's letters are
converted twenty or so at a time: their bodies one after the other in one DOCX, each in a section
of its own whose page numbers start at 1, each marked at its start by a bookmark that the PDF
keeps as a named destination; :class:`Pages` says where each letter's pages are, and
:mod:`formservice.documents.pages` cuts them out.

The one thing LibreOffice cannot number per section is "av N" (NUMPAGES counts the whole file
and it does not know Word's SECTIONPAGES), so the footer carries the number as text: first the
count the template's letters had last time (learnt from one letter first), and any letter whose
page count turns out different is converted again with its own count. Every letter thus comes
out page for page and word for word as it would alone, which the tests compare. Only the first
letter's section names the header and footer; the others inherit them, as OOXML has it. Documents whose
template could differ when combined (:mod:`shapes` says which) are converted one by one. Letters
whose last page is a confirmation form leave its fixed part (the table of fields and what follows)
out of the call: it is converted once and drawn onto each letter's page (:mod:`fixed_parts`).
"""

from __future__ import annotations

import io
import re
import threading
import uuid
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from formservice.documents import fixed_parts
from formservice.documents.fillable import label_heights
from formservice.documents.fixed_parts import FixedPart, Split
from formservice.documents.libreoffice import ConversionFailed, convert_to_pdf
from formservice.documents.pages import ConvertedPdf
from formservice.documents.pdf import InvalidPdf
from formservice.documents.shapes import (
    FIRST_PARAGRAPH,
    NUMPAGES,
    Shape,
    groups,
    last_paragraph,
    shape_of,
)
from formservice.files import discard

__all__ = ["Converted", "Pages", "convert_combined", "convert_together", "groups"]

_FIELD_TEXT = re.compile(r"(<w:t(?: [^>]*)?>)[^<]*(</w:t>)")
_REFERENCES = re.compile(r"<w:(?:header|footer)Reference [^>]*/>")
_pages: dict[str, int] = {}  # a template's page count last time: the first guess for the next
_learning = threading.Lock()


@dataclass(frozen=True)
class Pages:
    """Where a converted document's pages are: ``pdf``'s pages ``start`` up to ``stop`` (the
    whole file when ``stop`` is None)."""

    pdf: Path
    start: int = 0
    stop: int | None = None
    fixed: FixedPart | None = None  # the fixed part to draw onto its last page, moved up by:
    offset: float = 0.0

    def range(self, total: int) -> range:
        """The page numbers, for a PDF of ``total`` pages."""
        return range(self.start, total if self.stop is None else self.stop)


@dataclass
class Converted:
    """A combined conversion: each document's pages (None: to be converted alone) and the
    combined PDFs made, which the caller removes once it has taken the pages it needs; each
    still open as read for its marks (``opened``), which the caller closes."""

    pages: list[Pages | None]
    files: list[Path]
    opened: dict[Path, ConvertedPdf] = field(default_factory=dict)

    def close(self) -> None:
        for pdf in self.opened.values():
            pdf.close()


@dataclass
class _Call:
    """What the conversions of one group share: the template, each document's body as it goes
    into a call (whole, or without its fixed part) and the fixed part to draw onto it."""

    template: bytes
    shapes: list[Shape]
    bodies: list[str]
    parts: list[FixedPart | None]
    folder: Path
    pool: Any
    settings: dict[str, Any]
    result: Converted


def convert_combined(
    docx: list[bytes], folder: Path, pool: Any, settings: dict[str, Any], *, fixed: bool = False
) -> Converted:
    """Convert documents of one shape together; say where each one's pages are. A template's
    page count is learnt from one letter first, so a wrong guess never costs a whole call again;
    with ``fixed`` (letters whose last page is a confirmation form), so is the form's fixed part
    (:mod:`fixed_parts`), which the other letters then leave out of their conversion."""
    shapes = [shape_of(data) for data in docx]
    result = Converted([None] * len(docx), [])
    if any(s is None or s.key != shapes[0].key for s in shapes):
        return result
    known = [s for s in shapes if s is not None]
    call = _Call(docx[0], known, [s.body for s in known], [None] * len(docx), folder, pool,
                 settings, result)  # fmt: skip
    key = known[0].key
    splits = [fixed_parts.split(s.body, s.key) if fixed else None for s in known]
    for part in {p.key: p for p in splits if p is not None}.values():
        if fixed_parts.learnt(part.key) is None:
            with _learning:  # one thread learns the part; the others wait for it
                if fixed_parts.learnt(part.key) is None:
                    _learn(call, part)
    for index, part in enumerate(splits):
        learnt = fixed_parts.learnt(part.key) if part is not None else None
        if part is not None and learnt is not None and learnt.usable:
            call.bodies[index], call.parts[index] = fixed_parts.cut(part, index), learnt
    if key not in _pages and len(docx) > 1:
        with _learning:  # one thread learns the count; the others wait for it
            if key not in _pages:
                _convert_guessing(call, key, [0])
    _convert_guessing(call, key, [i for i in range(len(docx)) if result.pages[i] is None])
    return result


def _convert_guessing(call: _Call, key: str, todo: list[int]) -> None:
    """Convert the documents ``todo`` with the count guessed, then again those whose count was
    wrong, with their own; a document whose fixed part would not fit is left to go alone."""
    guess = dict.fromkeys(todo, _pages.get(key, 1))
    for _ in range(2):
        by_count: dict[int, list[int]] = defaultdict(list)
        for index, count in guess.items():
            by_count[count].append(index)
        guess = {}
        for count, indexes in by_count.items():
            pdf = call.folder / f".together-{uuid.uuid4().hex}.pdf"
            try:
                starts, marks = _convert(call, indexes, count, pdf)
            except (ConversionFailed, InvalidPdf, OSError, ValueError, KeyError):
                discard(pdf)
                return
            call.result.files.append(pdf)
            for number, index in enumerate(indexes):
                start, stop = starts[number], starts[number + 1]
                if stop - start != count:
                    guess[index] = stop - start
                    continue
                _pages[key] = count
                part, offset = call.parts[index], 0.0
                if part is not None:  # its fixed part goes where its own start mark stands
                    page, top = marks.get(f"{fixed_parts.START}{index}", (-1, 0.0))
                    moved = part.offset(top) if page == stop - 1 else None
                    if moved is None:
                        continue
                    offset = moved
                call.result.pages[index] = Pages(pdf, start, stop, part, offset)
        if not guess:
            return


def convert_together(
    docx: list[bytes], pdfs: list[Path], folder: Path, pool: Any, settings: dict[str, Any]
) -> list[int]:
    """Convert documents of one shape together and write each one's PDF; return the indexes of
    those that could not be made this way (to be converted one by one)."""
    converted = convert_combined(docx, folder, pool, settings)
    try:
        for pages, out in zip(converted.pages, pdfs, strict=True):
            if pages is not None:
                source = converted.opened[pages.pdf]
                source.write_pages(pages.range(source.page_count), out)
    finally:
        converted.close()
        discard(*converted.files)
    return [index for index, pages in enumerate(converted.pages) if pages is None]


def _convert(
    call: _Call, indexes: list[int], count: int, pdf: Path
) -> tuple[list[int], dict[str, tuple[int, float]]]:
    """One conversion of the documents ``indexes`` with "av ``count``" in their footers into
    ``pdf``, kept open in the call's result; return the page each document starts at (and the
    number of pages after the last) and where each named destination is."""
    docx = pdf.with_suffix(".docx")
    try:
        docx.write_bytes(_combined(call, indexes, count))
        convert_to_pdf(docx, pdf, pool=call.pool, pdf_version=call.settings["PDF_VERSION"])
        converted = ConvertedPdf(pdf)  # kept open: the documents' pages are taken from it
        try:
            marks = converted.marks()
            starts = [marks[f"fsdoc{i}"][0] for i in range(len(indexes))]
        except Exception:
            converted.close()
            raise
        call.result.opened[pdf] = converted
        return [*starts, converted.page_count], marks
    finally:
        discard(docx)


def _learn(call: _Call, part: Split) -> None:
    """Convert the fixed part alone (no header, footer or anything else on its page) and keep
    it, or keep that it runs over a page; a failed conversion keeps nothing."""
    shape = call.shapes[0]
    section = _REFERENCES.sub("", shape.section)
    document = shape.head + fixed_parts.alone(part) + section + "</w:body></w:document>"
    name = f".fixed-{uuid.uuid4().hex}"
    docx, pdf = call.folder / f"{name}.docx", call.folder / f"{name}.pdf"
    try:
        docx.write_bytes(_package(call.template, {"word/document.xml": document.encode("utf-8")}))
        convert_to_pdf(docx, pdf, pool=call.pool, pdf_version=call.settings["PDF_VERSION"])
        with ConvertedPdf(pdf) as converted:
            marks = converted.marks()
            (page, top), (end_page, end) = (marks[f"{mark}0"] for mark in fixed_parts.ENDS)
            floor = fixed_parts.bottom_margin(shape.section)
            alone = (
                fixed_parts.one_page(converted.pdf, page, floor, top) if page == end_page else b""
            )
    except (ConversionFailed, InvalidPdf, OSError, ValueError, KeyError):
        return
    finally:
        discard(docx, pdf)
    labels = label_heights(alone) if alone else {}
    fixed_parts.learn(fixed_parts.FixedPart(part.key, alone, top, end, floor, labels))


def _package(template: bytes, replaced: dict[str, bytes]) -> bytes:
    """The template's package with some parts replaced, stored, not compressed: LibreOffice
    reads it once from the same disk a moment later."""
    source = zipfile.ZipFile(io.BytesIO(template))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as out:
        for info in source.infolist():
            out.writestr(info.filename, replaced.get(info.filename) or source.read(info.filename))
    return buffer.getvalue()


def _combined(call: _Call, indexes: list[int], count: int) -> bytes:
    """One DOCX of the bodies in order, each its own section numbered from 1, marked at its start."""
    section = call.shapes[0].section
    if "<w:pgNumType" in section:
        section = re.sub(r"<w:pgNumType[^>]*/>", '<w:pgNumType w:start="1"/>', section)
    else:
        section = re.sub(r"(<w:cols|<w:docGrid|</w:sectPr>)", r'<w:pgNumType w:start="1"/>\1',
                         section, count=1)  # fmt: skip
    # only the first section names the header and footer; the others inherit them (OOXML's rule
    # for a section without references), so LibreOffice reads their XML once a call, not once a
    # letter: some 7 % less work a call (measured with callgrind), the same pages
    inheriting = _REFERENCES.sub("", section)
    bodies = []
    for number, index in enumerate(indexes):
        body = call.bodies[index]
        first = FIRST_PARAGRAPH.search(body)
        mark = (f'<w:bookmarkStart w:id="{900000 + number}" w:name="fsdoc{number}"/>'
                f'<w:bookmarkEnd w:id="{900000 + number}"/>')  # fmt: skip
        body = body[: first.end()] + mark + body[first.end() :]  # type: ignore[union-attr]
        if number == len(indexes) - 1:  # the last: the file's own section ends it
            body = body.removesuffix(fixed_parts.SECTION_HOLDER)
        else:  # the section ends in the letter's own last paragraph
            last = last_paragraph(body)
            paragraph = last.group(0)  # type: ignore[union-attr]
            own = section if number == 0 else inheriting
            if "<w:pPr>" in paragraph:
                paragraph = paragraph.replace("</w:pPr>", own + "</w:pPr>", 1)
            else:
                paragraph = re.sub(r"^(<w:p(?: [^>]*)?>)", lambda m, own=own: f"{m.group(1)}"
                                   f"<w:pPr>{own}</w:pPr>", paragraph)  # fmt: skip
            body = body[: last.start()] + paragraph  # type: ignore[union-attr]
        bodies.append(body)
    last_section = section if len(indexes) == 1 else inheriting
    document = call.shapes[0].head + "".join(bodies) + last_section + "</w:body></w:document>"
    replaced = {"word/document.xml": document.encode("utf-8")}
    package = zipfile.ZipFile(io.BytesIO(call.template))
    for name in package.namelist():
        if "header" in name or "footer" in name:
            text = package.read(name).decode("utf-8")
            replaced[name] = NUMPAGES.sub(lambda m: _FIELD_TEXT.sub(rf"\g<1>{count}\g<2>",
                                           m.group(1)), text).encode("utf-8")  # fmt: skip
    return _package(call.template, replaced)
