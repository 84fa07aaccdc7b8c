"""Which rendered documents can share one LibreOffice call (:mod:`combine`): those of one
*shape*, the same in everything but their body (head of ``document.xml``, section, every other
part of the package), whose body LibreOffice lays out the same way in a longer file. Not such:
numbered lists (they would count on from one letter to the next), foot- and endnotes, sections of
their own, page counts in the body or as complex fields in headers and footers.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from functools import lru_cache

NUMPAGES = re.compile(r'<w:fldSimple w:instr="\s*NUMPAGES[^"]*"\s*>(.*?)</w:fldSimple>', re.S)
LAST_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>(?:(?!<w:p[ >]).)*</w:p>\s*$", re.S)
FIRST_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>(?:<w:pPr>.*?</w:pPr>)?", re.S)
_BODY = re.compile(r"<w:body(?: [^>]*)?>")
_NUM_ID = re.compile(r'<w:numId w:val="(\d+)"')
_NOT_IN_BODY = ("<w:sectPr", "NUMPAGES", "SECTIONPAGES", "footnoteReference", "endnoteReference")


@dataclass(frozen=True)
class Shape:
    """What a rendered document is apart from its body: the same for letters that can combine."""

    key: str
    head: str
    section: str
    body: str


@lru_cache(maxsize=256)  # asked twice a letter: to group a chunk, then to combine its group
def shape_of(data: bytes) -> Shape | None:
    """The document's shape, or None if it must be converted alone."""
    try:
        docx = zipfile.ZipFile(io.BytesIO(data))
        xml = docx.read("word/document.xml").decode("utf-8")
        opening = _BODY.search(xml)
        start, end = opening.end(), xml.rindex("<w:sectPr")  # type: ignore[union-attr]
        section = xml[end : xml.rindex("</w:body>")]
        body = xml[start:end]
        stored = tuple(_stored(data, info) for info in sorted(docx.infolist(), key=_name)
                       if info.filename != "word/document.xml")  # fmt: skip
        others = _others(stored)
    except (
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        UnicodeDecodeError,
        AttributeError,
        zlib.error,
    ):
        return None
    if others is None or any(mark in body for mark in _NOT_IN_BODY):
        return None
    if not last_paragraph(body) or not FIRST_PARAGRAPH.search(body):
        return None
    if not _lists_are_bullets(body, others.lists):
        return None
    digest = hashlib.sha256(xml[:start].encode() + section.encode())
    digest.update(others.digest)
    return Shape(digest.hexdigest(), xml[:start], section, body)


def last_paragraph(body: str) -> re.Match[str] | None:
    """The body's last paragraph (``LAST_PARAGRAPH``), searched for from the last paragraph's
    opening tag: a match holds no other, so it can start nowhere else (searched from the body's
    start, every paragraph was tried)."""
    start = max(body.rfind("<w:p>"), body.rfind("<w:p "), 0)
    return LAST_PARAGRAPH.search(body, start)


def _name(info: zipfile.ZipInfo) -> str:
    return info.filename


def _stored(data: bytes, info: zipfile.ZipInfo) -> tuple[str, int, bytes]:
    """A part as the package stores it (compressed): its name, method and bytes. The same bytes
    are the same part, so the letters of one template are told apart by the parts' bytes alone."""
    if info.flag_bits & 1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise ValueError(f"{info.filename}: encrypted or compressed in an unknown way")
    header = data[info.header_offset : info.header_offset + 30]
    if header[:4] != b"PK\x03\x04":
        raise ValueError(f"{info.filename}: no local header")
    start = info.header_offset + 30 + int.from_bytes(header[26:28], "little")
    start += int.from_bytes(header[28:30], "little")
    return info.filename, info.compress_type, data[start : start + info.compress_size]


@dataclass(frozen=True)
class _Others:
    """What the parts other than the body give a shape: their digest and the list definitions."""

    digest: bytes
    lists: dict[str, bytes]


@lru_cache(maxsize=64)  # the letters of one template share every part but the body
def _others(stored: tuple[tuple[str, int, bytes], ...]) -> _Others | None:
    """The parts other than ``word/document.xml`` read once per distinct set; None when a header
    or footer counts pages over the whole file."""
    digest = hashlib.sha256()
    lists = {}
    for name, method, raw in stored:
        part = zlib.decompress(raw, -15) if method == zipfile.ZIP_DEFLATED else raw
        text = part.decode("utf-8", "replace")
        if ("header" in name or "footer" in name) and (
            "SECTIONPAGES" in text or NUMPAGES.sub("", text).count("NUMPAGES")
        ):
            return None  # a page count LibreOffice would count over every letter
        if name in ("word/numbering.xml", "word/styles.xml"):
            lists[name] = part
        digest.update(name.encode() + b"\0" + part)
    return _Others(digest.digest(), lists)


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
        shape = shape_of(data)
        if shape is None:
            found.append([index])
        elif shape.key in by_key:
            by_key[shape.key].append(index)
        else:
            by_key[shape.key] = [index]
            found.append(by_key[shape.key])
    return found
