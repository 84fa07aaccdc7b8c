"""Letters converted together carry to each recipient what they would alone: the same text line
for line (recipient, amounts, terms), each page numbered "Side k av n" of its own letter, the
confirmation form alone on the last page, and a fillable confirmation whose fields read back the
same. (LibreOffice may break a page a line earlier or later in a longer file: it does not always
keep a heading with its paragraph there, so the page a line falls on is not compared.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from formservice.documents import combine
from formservice.documents.libreoffice import ConverterPool
from formservice.documents.pages import confirmation_forms
from formservice.documents.pdf import is_pdf_a, read_confirmation_fields
from formservice.documents.render import render_docx
from formservice.documents.samples import SAMPLES
from formservice.documents.templates import template_path

pytestmark = [pytest.mark.libreoffice, pytest.mark.xdist_group("libreoffice")]
SETTINGS = {"PDF_VERSION": "PDF/A-2b"}
FOOTER = re.compile(r"Side \d+ av \d+")
CONFIRMATION = {"nb": "Bekreftelse av tilskudd", "nn": "Stadfesting av tilskot"}


def _letters(language: str) -> list[bytes]:
    made = []
    for number in range(5):
        recipient = dict(SAMPLES["tilskuddsbrev"]["recipient"], name=f"Kommune {number} " * (1 + 6 * (number == 3)),
                         orgnr=f"97000000{number}", account=f"9999.00.0000{number}")  # fmt: skip
        context = dict(SAMPLES["tilskuddsbrev"], reference=f"RUS-2021-{number:04d}",
                       recipient=recipient, total=str(100_000 * (number + 1)))  # fmt: skip
        if number % 2:  # a longer letter: four pages, not three
            context["conditions"] = ["Et langt vilkår om rapportering og regnskap. " * 14] * 8
        made.append(
            render_docx(template_path("tilskuddsbrev", language), context, language=language)
        )
    return made


def _pages(pdf: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(pdf).pages]


def _lines(pages: list[str]) -> list[str]:
    """The letter's text line by line, without the header and footer every page repeats."""
    header = set(pages[0].splitlines()[:2])
    lines = [line.strip() for page in pages for line in page.splitlines()]
    return [line for line in lines if line and line not in header and not FOOTER.fullmatch(line)]


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_letters_converted_together_are_page_for_page_what_they_are_alone(tmp_path, language):
    letters = _letters(language)
    assert combine.groups(letters) == [[0, 1, 2, 3, 4]]  # one shape: they may share a call
    together = [tmp_path / f"sammen-{n}.pdf" for n in range(len(letters))]
    with ConverterPool(1, tmp_path / "pool") as pool:
        assert combine.convert_together(letters, together, tmp_path, pool, SETTINGS) == []
        alone = []
        for number, data in enumerate(letters):
            docx = tmp_path / f"alene-{number}.docx"
            docx.write_bytes(data)
            alone.append(pool.convert(docx, docx.with_suffix(".pdf")))
    counts = set()
    for number, (one, other) in enumerate(zip(together, alone, strict=True)):
        pages = _pages(one)
        assert _lines(pages) == _lines(_pages(other)), number
        letterhead = _pages(other)[0].splitlines()[:3]  # each page's header, as alone
        assert [page.splitlines()[:3] for page in pages] == [letterhead] * len(pages), number
        assert [FOOTER.search(page).group(0) for page in pages] == [
            f"Side {k} av {len(pages)}" for k in range(1, len(pages) + 1)]  # fmt: skip
        assert CONFIRMATION[language] in pages[-1]
        assert CONFIRMATION[language] not in "".join(pages[:-1])
        counts.add(len(pages))
        assert is_pdf_a(one)
        text = " ".join(pages).replace("\u00a0", " ")
        assert f"RUS-2021-{number:04d}" in text and f"{100 * (number + 1)} 000 kr" in text
        forms = []
        for source in (one, other):
            fillable = tmp_path / f"{source.stem}-utfyllbar.pdf"
            prefill = {"orgnr": f"97000000{number}", "kontonr": f"9999.00.0000{number}"}
            confirmation_forms(source, tmp_path / f"{source.stem}-side.pdf", fillable, prefill,
                               language)  # fmt: skip
            forms.append(read_confirmation_fields(fillable))
        assert forms[0] == forms[1] and forms[0]["orgnr"] == f"97000000{number}"
    assert len(counts) == 2  # letters of three and of four pages: each numbered as its own
    assert not list(tmp_path.glob(".together-*"))  # the combined files are gone


def test_a_template_with_a_numbered_list_is_converted_letter_by_letter(tmp_path):
    from docx import Document

    document = Document()
    document.add_paragraph("{{ reference }}", style="List Number")
    document.save(tmp_path / "nummerert.docx")
    letters = [render_docx(tmp_path / "nummerert.docx", {"reference": f"R-{n}"}) for n in range(3)]
    assert combine.groups(letters) == [[0], [1], [2]]  # a numbered list would count on: alone
