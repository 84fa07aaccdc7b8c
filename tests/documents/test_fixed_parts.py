"""Letters converted without their confirmation form's fixed part (the table of fields and the
closing lines, converted once and drawn onto each letter's last page) carry to each recipient
what they would alone: the same text line for line, the table where their own paragraph ends,
PDF/A, and a fillable form whose fields sit beside their labels and read back the same."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from formservice.archive.pdfa import archival_problems
from formservice.documents import combine, fixed_parts
from formservice.documents.libreoffice import ConverterPool
from formservice.documents.pages import ConvertedPdf, confirmation_forms
from formservice.documents.pdf import ACCEPT_LABEL, CONFIRMATION_FIELDS, read_confirmation_fields
from formservice.documents.render import render_docx
from formservice.documents.samples import SAMPLES
from formservice.documents.templates import template_path

SETTINGS = {"PDF_VERSION": "PDF/A-2b"}
FOOTER = re.compile(r"Side \d+ av \d+")


def _letter(number: int, language: str) -> bytes:
    name = f"Kommune {number} " * (1 + 6 * (number == 2))  # the third: a long name, more lines
    recipient = dict(SAMPLES["tilskuddsbrev"]["recipient"], name=name, orgnr=f"97200000{number}",
                     account=f"9999.11.0000{number}")  # fmt: skip
    context = dict(SAMPLES["tilskuddsbrev"], reference=f"RUS-2021-55{number:02d}",
                   recipient=recipient, total=str(100_000 * (number + 1)))  # fmt: skip
    if number == 1:  # four pages, not three
        context["conditions"] = ["Et langt vilkår om rapportering og regnskap. " * 14] * 8
    return render_docx(template_path("tilskuddsbrev", language), context, language=language)


def _lines(pdf: Path) -> list[str]:
    pages = [page.extract_text() for page in PdfReader(pdf).pages]
    header = set(pages[0].splitlines()[:2])
    lines = [line.strip() for page in pages for line in page.splitlines()]
    return [line for line in lines if line and line not in header and not FOOTER.fullmatch(line)]


def _heights(pdf: Path) -> dict[str, float]:
    """Each line's height on the (one) page, in the page's space."""
    found: dict[str, float] = {}
    PdfReader(pdf).pages[0].extract_text(visitor_text=lambda text, cm, tm, *_: found.setdefault(
        text.strip(), tm[4] * cm[1] + tm[5] * cm[3] + cm[5]))  # fmt: skip
    return found


@pytest.mark.libreoffice
@pytest.mark.xdist_group("libreoffice")
@pytest.mark.parametrize("language", ["nb", "nn"])
def test_letters_without_their_fixed_part_carry_what_they_would_alone(tmp_path, language):
    letters = [_letter(n, language) for n in range(4)]
    fixed_parts._learnt.clear()
    with ConverterPool(1, tmp_path / "pool") as pool:
        result = combine.convert_combined(letters, tmp_path, pool, SETTINGS, fixed=True)
        alone = []
        for number, data in enumerate(letters):
            docx = tmp_path / f"alene-{number}.docx"
            docx.write_bytes(data)
            alone.append(pool.convert(docx, docx.with_suffix(".pdf")))
    assert all(pages is not None and pages.fixed is not None for pages in result.pages)
    labels = {name: label[language] for name, label in CONFIRMATION_FIELDS.items()}
    labels["godtar"] = ACCEPT_LABEL[language]
    tops = []
    for number, pages in enumerate(result.pages):
        letter, page = tmp_path / f"brev-{number}.pdf", tmp_path / f"side-{number}.pdf"
        fillable = tmp_path / f"utfyllbar-{number}.pdf"
        prefill = {"orgnr": f"97200000{number}", "kontonr": f"9999.11.0000{number}"}
        with ConvertedPdf(pages.pdf) as source:  # type: ignore[union-attr]
            numbers = pages.range(source.page_count)  # type: ignore[union-attr]
            source.draw_fixed_part(numbers[-1], pages.fixed, pages.offset)  # type: ignore[union-attr,arg-type]
            source.write_pages(numbers, letter)
            source.confirmation_forms(numbers[-1], page, fillable, prefill, language,
                                      pages.fixed.labels_at(pages.offset))  # type: ignore[union-attr]  # fmt: skip
        assert _lines(letter) == _lines(alone[number]), number
        assert archival_problems(letter, expect="PDF/A-2b") == []
        assert archival_problems(page, expect="PDF/A-2b") == []
        confirmation_forms(alone[number], tmp_path / "a.pdf", tmp_path / "a-ut.pdf", prefill,
                           language)  # fmt: skip
        assert read_confirmation_fields(fillable) == read_confirmation_fields(tmp_path / "a-ut.pdf")
        heights = _heights(page)
        widgets = PdfReader(fillable).pages[0]["/Annots"]
        rects = {w.get_object()["/T"]: w.get_object()["/Rect"] for w in widgets}
        assert set(rects) == set(labels)
        for name, label in labels.items():  # each field beside its label, wherever the table went
            assert float(rects[name][1]) < heights[label] < float(rects[name][3]), (number, name)
        tops.append(float(rects["orgnr"][3]))
        again = tmp_path / f"igjen-{number}.pdf"  # made afresh from the letter: the same fields
        confirmation_forms(letter, tmp_path / "b.pdf", again, prefill, language)
        annots = PdfReader(again).pages[0]["/Annots"]
        assert {w.get_object()["/T"]: w.get_object()["/Rect"] for w in annots} == rects
        others = [f"RUS-2021-55{n:02d}" for n in range(4) if n != number]
        assert not any(other in " ".join(_lines(letter)) for other in others)
    assert tops[2] < tops[0]  # the long name's paragraph pushed its table down the page


def test_a_part_pushed_into_the_bottom_margin_is_not_drawn():
    part = fixed_parts.FixedPart(
        "k", b"%PDF", top=700.0, end=400.0, floor=72.0, labels={"Dato": 500}
    )
    assert part.offset(600.0) == -100.0 and part.labels_at(-100.0) == {"Dato": 400.0}
    assert part.offset(371.0) is None  # its end would stand at 71, below the margin
    assert not fixed_parts.FixedPart("k", b"", 700.0, 400.0, 72.0, {}).usable


def test_only_a_table_at_the_body_level_after_the_last_page_break_starts_a_fixed_part():
    paragraph, table = "<w:p><w:r><w:t>x</w:t></w:r></w:p>", "<w:tbl><w:tr/></w:tbl>"
    page_break = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'
    found = fixed_parts.split(paragraph + page_break + paragraph + table + paragraph, "shape")
    assert found is not None and found.fixed == table + paragraph
    assert found.top == paragraph + page_break + paragraph
    assert fixed_parts.split(paragraph + table + paragraph, "shape") is None  # no page break
    assert fixed_parts.split(paragraph + page_break + paragraph, "shape") is None  # no table
    other = fixed_parts.split(paragraph + page_break + paragraph + table + paragraph, "other")
    assert other is not None and other.key != found.key  # another template: another part
