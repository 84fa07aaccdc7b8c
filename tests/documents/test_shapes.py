"""Which rendered documents may share a LibreOffice call: a shape is read from the stored parts'
bytes once per distinct set, and groups documents exactly as reading every part of every letter
did; the last paragraph is found where a search from the body's start finds it."""

from __future__ import annotations

import hashlib
import io
import zipfile
import zlib

import pytest
from docx import Document

from formservice.documents import shapes
from formservice.documents.render import render_docx
from formservice.documents.samples import SAMPLES
from formservice.documents.templates import template_path


def _key_reading_every_part(data: bytes) -> str | None:
    """The shape's key the way it was worked out before: every part read and compared whole."""
    docx = zipfile.ZipFile(io.BytesIO(data))
    xml = docx.read("word/document.xml").decode("utf-8")
    start = shapes._BODY.search(xml).end()  # type: ignore[union-attr]
    end = xml.rindex("<w:sectPr")
    section, body = xml[end : xml.rindex("</w:body>")], xml[start:end]
    others = {n: docx.read(n) for n in sorted(docx.namelist()) if n != "word/document.xml"}
    if any(mark in body for mark in shapes._NOT_IN_BODY) or not shapes.LAST_PARAGRAPH.search(body):
        return None
    if not shapes.FIRST_PARAGRAPH.search(body) or not shapes._lists_are_bullets(body, others):
        return None
    for name, part in others.items():
        text = part.decode("utf-8", "replace")
        if ("header" in name or "footer" in name) and (
            "SECTIONPAGES" in text or shapes.NUMPAGES.sub("", text).count("NUMPAGES")
        ):
            return None
    digest = hashlib.sha256(xml[:start].encode() + section.encode())
    for name, part in others.items():
        digest.update(name.encode() + b"\0" + part)
    return digest.hexdigest()


def _documents(tmp_path) -> list[bytes]:
    made = []
    for number in range(3):
        for language in ("nb", "nn"):
            context = dict(SAMPLES["tilskuddsbrev"], reference=f"RUS-2021-{number:04d}",
                           total=str(100_000 * (number + 1)))  # fmt: skip
            made.append(render_docx(template_path("tilskuddsbrev", language), context,
                                    language=language))  # fmt: skip
    other_office = dict(SAMPLES["tilskuddsbrev"]["office"], name="Statsforvalteren i Vestland")
    made.append(render_docx(template_path("tilskuddsbrev", "nb"),
                            dict(SAMPLES["tilskuddsbrev"], office=other_office)))  # fmt: skip
    for kind in ("avslag", "bekreftelse", "kvittering"):
        made.append(render_docx(template_path(kind, "nb"), SAMPLES[kind]))
    document = Document()
    document.add_paragraph("{{ reference }}", style="List Number")
    document.save(tmp_path / "nummerert.docx")
    made.append(render_docx(tmp_path / "nummerert.docx", {"reference": "R-1"}))
    return made


def _partition(keys: list[str | None]) -> list[list[int]]:
    classes: dict[str, list[int]] = {}
    alone = []
    for index, key in enumerate(keys):
        if key is None:
            alone.append([index])
        else:
            classes.setdefault(key, []).append(index)
    return sorted([*classes.values(), *alone])


def test_documents_are_grouped_as_when_every_part_was_read(tmp_path):
    documents = _documents(tmp_path)
    shaped = [shapes.shape_of.__wrapped__(data) for data in documents]
    keys = [shape.key if shape else None for shape in shaped]
    assert _partition(keys) == _partition([_key_reading_every_part(d) for d in documents])
    assert keys[0] == keys[2] == keys[4] and keys[1] == keys[3] == keys[5] != keys[0]
    assert None not in keys[:6] and keys[-1] is None  # the numbered list goes alone


def test_a_part_s_stored_bytes_are_its_own(tmp_path):
    data = _documents(tmp_path)[0]  # its filled parts stored, the template's others compressed
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert {i.compress_type for i in package.infolist()} == {zipfile.ZIP_STORED,
                                                                 zipfile.ZIP_DEFLATED}  # fmt: skip
        for info in package.infolist():
            name, method, raw = shapes._stored(data, info)
            assert name == info.filename and method == info.compress_type
            assert len(raw) == info.compress_size
            part = raw if method == zipfile.ZIP_STORED else zlib.decompress(raw, -15)
            assert part == package.read(name)


@pytest.mark.parametrize(
    "body",
    [
        "<w:p><w:r><w:t>a</w:t></w:r></w:p>",
        '<w:p w:rsidR="1"><w:r><w:t>a</w:t></w:r></w:p><w:p w:rsidR="2"><w:pPr/></w:p>  ',
        "<w:p><w:r><w:t>a</w:t></w:r></w:p><w:p/>",
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
        "<w:p><w:r><w:t>a</w:t></w:r></w:p><w:p></w:p>",
        '<w:p><w:pPr><w:pStyle w:val="x"/></w:pPr><w:r><w:t>&lt;w:p&gt;</w:t></w:r></w:p>',
        "no paragraph at all",
    ],
)
def test_the_last_paragraph_is_found_where_a_whole_search_finds_it(body):
    whole = shapes.LAST_PARAGRAPH.search(body)
    found = shapes.last_paragraph(body)
    assert (found.span() if found else None) == (whole.span() if whole else None)
