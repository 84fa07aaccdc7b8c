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
        others = {n: docx.read(n) for n in sorted(docx.namelist()) if n != "word/document.xml"}
    except (zipfile.BadZipFile, KeyError, ValueError, UnicodeDecodeError, AttributeError):
        return None
    if any(mark in body for mark in _NOT_IN_BODY) or not LAST_PARAGRAPH.search(body):
        return None
    if not FIRST_PARAGRAPH.search(body) or not _lists_are_bullets(body, others):
        return None
    for name, part in others.items():
        text = part.decode("utf-8", "replace")
        if ("header" in name or "footer" in name) and (
            "SECTIONPAGES" in text or NUMPAGES.sub("", text).count("NUMPAGES")
        ):
            return None  # a page count LibreOffice would count over every letter
    digest = hashlib.sha256(xml[:start].encode() + section.encode())
    for name, part in others.items():
        digest.update(name.encode() + b"\0" + part)
    return Shape(digest.hexdigest(), xml[:start], section, body)


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
