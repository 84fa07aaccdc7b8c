"""Several documents of one template converted in one LibreOffice call, then split by page ranges.

A LibreOffice call has a cost of its own besides the pages it lays out (measured on grant
letters: some 75 ms a call against 15–20 ms a three-page letter), so a round's letters are
converted twenty or so at a time: their bodies one after the other in one DOCX, each in a section
of its own whose page numbers start at 1, each marked at its start by a bookmark that the PDF
keeps as a named destination; :class:`Pages` says where each letter's pages are, and
:mod:`formservice.documents.pages` cuts them out.

The one thing LibreOffice cannot number per section is "av N" (NUMPAGES counts the whole file and
it does not know Word's SECTIONPAGES), so the footer carries the number as text: first the count
the template's letters had last time (learnt from one letter first), and any letter whose page count turns out different is
converted again with its own count. Every letter thus comes out page for page and word for word as
it would alone, which the tests compare. Documents whose template could differ when combined
(numbered lists that would count on across letters, foot- and endnotes, sections of their own,
page counts in the body or as complex fields, headers that differ) are converted one by one.
"""

from __future__ import annotations

import hashlib
import io
import re
import threading
import uuid
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from formservice.documents.libreoffice import ConversionFailed, convert_to_pdf
from formservice.documents.pages import ConvertedPdf
from formservice.documents.pdf import InvalidPdf
from formservice.files import discard

_NUMPAGES = re.compile(r'<w:fldSimple w:instr="\s*NUMPAGES[^"]*"\s*>(.*?)</w:fldSimple>', re.S)
_FIELD_TEXT = re.compile(r"(<w:t(?: [^>]*)?>)[^<]*(</w:t>)")
_LAST_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>(?:(?!<w:p[ >]).)*</w:p>\s*$", re.S)
_FIRST_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>(?:<w:pPr>.*?</w:pPr>)?", re.S)
_BODY = re.compile(r"<w:body(?: [^>]*)?>")
_NUM_ID = re.compile(r'<w:numId w:val="(\d+)"')
_NOT_IN_BODY = ("<w:sectPr", "NUMPAGES", "SECTIONPAGES", "footnoteReference", "endnoteReference")
_pages: dict[str, int] = {}  # a template's page count last time: the first guess for the next
_learning = threading.Lock()


@dataclass(frozen=True)
class _Shape:
    """What a rendered document is apart from its body: the same for letters that can combine."""

    key: str
    head: str
    section: str
    body: str


def _shape(data: bytes) -> _Shape | None:
    """The document's shape, or None if it must be converted alone."""
    try:
        docx = zipfile.ZipFile(io.BytesIO(data))
        xml = docx.read("word/document.xml").decode("utf-8")
        opening = _BODY.search(xml)
        start, end = opening.end(), xml.rindex("<w:sectPr")  # type: ignore[union-attr]
        section = xml[end : xml.rindex("</w:body>")]
        body = xml[start:end]
        others = {n: docx.read(n) for n in sorted(docx.namelist()) if n != "word/document.xml"}
    except (zipfile.BadZipFile, KeyError, ValueError, UnicodeDecodeError, AttributeError):
        return None
    if any(mark in body for mark in _NOT_IN_BODY) or not _LAST_PARAGRAPH.search(body):
        return None
    if not _FIRST_PARAGRAPH.search(body) or not _lists_are_bullets(body, others):
        return None
    for name, part in others.items():
        text = part.decode("utf-8", "replace")
        if ("header" in name or "footer" in name) and (
            "SECTIONPAGES" in text or _NUMPAGES.sub("", text).count("NUMPAGES")
        ):
            return None  # a page count LibreOffice would count over every letter
    digest = hashlib.sha256(xml[:start].encode() + section.encode())
    for name, part in others.items():
        digest.update(name.encode() + b"\0" + part)
    return _Shape(digest.hexdigest(), xml[:start], section, body)


def _lists_are_bullets(body: str, parts: dict[str, bytes]) -> bool:
    """Whether every list the body or its styles use is a bullet list (a numbered one would count
    on from one letter to the next)."""
    numbering = parts.get("word/numbering.xml", b"").decode("utf-8", "replace")
    used = set(_NUM_ID.findall(body)) | set(
        _NUM_ID.findall(parts.get("word/styles.xml", b"").decode("utf-8", "replace"))
    )
    for num_id in used:
        found = re.search(
            rf'<w:num w:numId="{num_id}"[^>]*>.*?<w:abstractNumId w:val="(\d+)"', numbering, re.S
        )
        if found is None:
            return False
        abstract = re.search(
            rf'<w:abstractNum [^>]*w:abstractNumId="{found.group(1)}".*?</w:abstractNum>',
            numbering,
            re.S,
        )
        formats = re.findall(r'<w:numFmt w:val="(\w+)"', abstract.group(0)) if abstract else []
        if not formats or any(f not in ("bullet", "none") for f in formats):
            return False
    return True


def groups(docx: list[bytes]) -> list[list[int]]:
    """Indexes of the documents that can share one conversion (in order; alone: a group of one)."""
    by_key: dict[str, list[int]] = {}
    found: list[list[int]] = []
    for index, data in enumerate(docx):
        shape = _shape(data)
        if shape is None:
            found.append([index])
        elif shape.key in by_key:
            by_key[shape.key].append(index)
        else:
            by_key[shape.key] = [index]
            found.append(by_key[shape.key])
    return found


@dataclass(frozen=True)
class Pages:
    """Where a converted document's pages are: ``pdf``'s pages ``start`` up to ``stop`` (the
    whole file when ``stop`` is None)."""

    pdf: Path
    start: int = 0
    stop: int | None = None

    def range(self, total: int) -> range:
        """The page numbers, for a PDF of ``total`` pages."""
        return range(self.start, total if self.stop is None else self.stop)


@dataclass
class Converted:
    """A combined conversion: each document's pages (None: to be converted alone) and the
    combined PDFs made, which the caller removes once it has taken the pages it needs."""

    pages: list[Pages | None]
    files: list[Path]


def convert_combined(
    docx: list[bytes], folder: Path, pool: Any, settings: dict[str, Any]
) -> Converted:
    """Convert documents of one shape together; say where each one's pages are. A template's
    page count is learnt from one letter first, so a wrong guess never costs a whole call again."""
    shapes = [_shape(data) for data in docx]
    result = Converted([None] * len(docx), [])
    if any(s is None or s.key != shapes[0].key for s in shapes):
        return result
    key = shapes[0].key  # type: ignore[union-attr]
    if key not in _pages and len(docx) > 1:
        with _learning:  # one thread learns the count; the others wait for it
            if key not in _pages:
                _convert_guessing(docx[:1], shapes[:1], key, folder, pool, settings, result)
    _convert_guessing(docx, shapes, key, folder, pool, settings, result)
    return result


def _convert_guessing(
    docx: list[bytes],
    shapes: list[_Shape | None],
    key: str,
    folder: Path,
    pool: Any,
    settings: dict[str, Any],
    result: Converted,
) -> None:
    """Convert those of ``docx`` not yet converted with the count guessed, then again those whose
    count was wrong, with their own."""
    guess = {i: _pages.get(key, 1) for i in range(len(docx)) if result.pages[i] is None}
    for _ in range(2):
        by_count: dict[int, list[int]] = defaultdict(list)
        for index, count in guess.items():
            by_count[count].append(index)
        guess = {}
        for count, indexes in by_count.items():
            pdf = folder / f".together-{uuid.uuid4().hex}.pdf"
            try:
                starts = _convert(docx[0], [shapes[i] for i in indexes], count, pdf, folder, pool,
                                  settings)  # type: ignore[misc]  # fmt: skip
            except (ConversionFailed, InvalidPdf, OSError, ValueError, KeyError):
                discard(pdf)
                return
            result.files.append(pdf)
            for number, index in enumerate(indexes):
                pages = starts[number + 1] - starts[number]
                if pages == count:
                    _pages[key] = count
                    result.pages[index] = Pages(pdf, starts[number], starts[number + 1])
                else:
                    guess[index] = pages
        if not guess:
            return


def convert_together(
    docx: list[bytes], pdfs: list[Path], folder: Path, pool: Any, settings: dict[str, Any]
) -> list[int]:
    """Convert documents of one shape together and write each one's PDF; return the indexes of
    those that could not be made this way (to be converted one by one)."""
    converted = convert_combined(docx, folder, pool, settings)
    opened = {path: ConvertedPdf(path) for path in converted.files}
    try:
        for pages, out in zip(converted.pages, pdfs, strict=True):
            if pages is not None:
                source = opened[pages.pdf]
                source.write_pages(pages.range(source.page_count), out)
    finally:
        for source in opened.values():
            source.close()
        discard(*converted.files)
    return [index for index, pages in enumerate(converted.pages) if pages is None]


def _convert(
    template: bytes,
    shapes: list[_Shape],
    count: int,
    pdf: Path,
    folder: Path,
    pool: Any,
    settings: dict[str, Any],
) -> list[int]:
    """One conversion of the documents with "av ``count``" in their footers into ``pdf``; return
    the page each document starts at, and the number of pages after the last."""
    docx = pdf.with_suffix(".docx")
    try:
        docx.write_bytes(_combined(template, shapes, count))
        convert_to_pdf(docx, pdf, pool=pool, pdf_version=settings["PDF_VERSION"])
        with ConvertedPdf(pdf) as converted:
            starts = converted.destinations()
            return [starts[f"fsdoc{i}"] for i in range(len(shapes))] + [converted.page_count]
    finally:
        discard(docx)


def _combined(template: bytes, shapes: list[_Shape], count: int) -> bytes:
    """One DOCX of every body in order, each its own section numbered from 1, marked at its start."""
    section = shapes[0].section
    if "<w:pgNumType" in section:
        section = re.sub(r"<w:pgNumType[^>]*/>", '<w:pgNumType w:start="1"/>', section)
    else:
        section = re.sub(r"(<w:cols|<w:docGrid|</w:sectPr>)", r'<w:pgNumType w:start="1"/>\1',
                         section, count=1)  # fmt: skip
    bodies = []
    for number, shape in enumerate(shapes):
        first = _FIRST_PARAGRAPH.search(shape.body)
        mark = (f'<w:bookmarkStart w:id="{900000 + number}" w:name="fsdoc{number}"/>'
                f'<w:bookmarkEnd w:id="{900000 + number}"/>')  # fmt: skip
        body = shape.body[: first.end()] + mark + shape.body[first.end() :]  # type: ignore[union-attr]
        if number < len(shapes) - 1:  # the section ends in the letter's own last paragraph
            last = _LAST_PARAGRAPH.search(body)
            paragraph = last.group(0)  # type: ignore[union-attr]
            if "<w:pPr>" in paragraph:
                paragraph = paragraph.replace("</w:pPr>", section + "</w:pPr>", 1)
            else:
                paragraph = re.sub(r"^(<w:p(?: [^>]*)?>)", lambda m: f"{m.group(1)}<w:pPr>"
                                   f"{section}</w:pPr>", paragraph)  # fmt: skip
            body = body[: last.start()] + paragraph  # type: ignore[union-attr]
        bodies.append(body)
    document = shapes[0].head + "".join(bodies) + section + "</w:body></w:document>"
    source = zipfile.ZipFile(io.BytesIO(template))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                data = document.encode("utf-8")
            elif "header" in info.filename or "footer" in info.filename:
                data = _NUMPAGES.sub(lambda m: _FIELD_TEXT.sub(rf"\g<1>{count}\g<2>", m.group(1)),
                                     data.decode("utf-8")).encode("utf-8")  # fmt: skip
            out.writestr(info.filename, data)
    return buffer.getvalue()
