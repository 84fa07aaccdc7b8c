"""Letters cut from one LibreOffice call's PDF by page ranges: each letter gets exactly its own
pages (its recipient, reference and amount, "Side k av n" of its own, the confirmation form last)
and nothing of another's; its confirmation page stays PDF/A, its fillable form reads back; the
merged PDF holds every page in order and claims no PDF/A."""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from formservice.archive.pdfa import archival_problems
from formservice.documents import combine
from formservice.documents.libreoffice import ConverterPool
from formservice.documents.pages import ConvertedPdf, Forms, MergedPdf
from formservice.documents.pdf import is_pdf_a, read_confirmation_fields
from formservice.documents.render import render_docx
from formservice.documents.samples import SAMPLES
from formservice.documents.templates import template_path
from tests.helpers.pdf_pages import drawn

pytestmark = [pytest.mark.libreoffice, pytest.mark.xdist_group("libreoffice")]
SETTINGS = {"PDF_VERSION": "PDF/A-2b"}
FOOTER = re.compile(r"Side (\d+) av (\d+)")


def _letter(number: int, *, long: bool = False) -> bytes:
    recipient = dict(SAMPLES["tilskuddsbrev"]["recipient"], name=f"Mottakar {number} kommune",
                     orgnr=f"97100000{number}", account=f"1234.56.7890{number}")  # fmt: skip
    context = dict(SAMPLES["tilskuddsbrev"], reference=f"RUS-2021-77{number:02d}",
                   recipient=recipient, total=str(111_000 * (number + 1)))  # fmt: skip
    if long:  # four pages, not three
        context["conditions"] = ["Eit langt vilkår om rapportering og rekneskap. " * 14] * 8
    return render_docx(template_path("tilskuddsbrev", "nn"), context, language="nn")


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> tuple[list[combine.Pages], Path]:
    """Five letters (the second and fourth of four pages) converted together from scratch."""
    folder = tmp_path_factory.mktemp("together")
    letters = [_letter(n, long=n in (1, 3)) for n in range(5)]
    combine._pages.clear()  # nothing learnt yet: the first letter teaches the page count
    with ConverterPool(1, tmp_path_factory.mktemp("pool")) as pool:
        result = combine.convert_combined(letters, folder, pool, SETTINGS)
    # one letter alone to learn the count (its guess of one page is wrong: twice), then the
    # other four together, then the two of four pages again with their own count
    assert len(result.files) == 4
    assert all(pages is not None for pages in result.pages)
    return result.pages, folder  # type: ignore[return-value]


def test_each_letter_gets_exactly_its_own_pages(converted, tmp_path):
    pages, _ = converted
    texts = []
    for number, where in enumerate(pages):
        with ConvertedPdf(where.pdf) as source:
            assert where.stop is not None and where.stop <= source.page_count
            source.write_pages(where.range(source.page_count), tmp_path / f"brev-{number}.pdf")
        texts.append([p.extract_text() for p in PdfReader(tmp_path / f"brev-{number}.pdf").pages])
    for number, letter in enumerate(texts):
        assert len(letter) == (4 if number in (1, 3) else 3)
        assert [FOOTER.search(page).groups() for page in letter] == [
            (str(k), str(len(letter))) for k in range(1, len(letter) + 1)]  # fmt: skip
        whole = " ".join(letter).replace("\u00a0", " ")
        assert f"Mottakar {number} kommune" in letter[0] and f"RUS-2021-77{number:02d}" in whole
        assert f"{111 * (number + 1)} 000 kr" in whole
        assert "Stadfesting av tilskot" in letter[-1] and "Stadfesting av tilskot" not in letter[0]
        others = [n for n in range(5) if n != number]
        assert not any(f"RUS-2021-77{n:02d}" in whole for n in others)
        assert is_pdf_a(tmp_path / f"brev-{number}.pdf")


def test_the_confirmation_page_is_pdf_a_and_its_form_reads_back(converted, tmp_path):
    pages, _ = converted
    where = pages[2]
    page, fillable = tmp_path / "side.pdf", tmp_path / "utfyllbar.pdf"
    with ConvertedPdf(where.pdf) as source:
        names = source.confirmation_forms(where.stop - 1, page, fillable,
                                          {"orgnr": "971000002", "kontonr": "1234.56.78902"}, "nn")  # fmt: skip
    assert names == ["orgnr", "kontonr", "navn", "tittel", "dato", "godtar"]
    assert archival_problems(page, expect="PDF/A-2b") == []
    assert "RUS-2021-7702" in PdfReader(page).pages[0].extract_text()
    assert read_confirmation_fields(fillable) == {
        "orgnr": "971000002", "kontonr": "1234.56.78902", "navn": "", "tittel": "", "dato": "",
        "godtar": "/Off"}  # fmt: skip
    assert not is_pdf_a(fillable)
    field = next(a.get_object() for a in PdfReader(fillable).pages[0]["/Annots"]
                 if a.get_object()["/T"] == "orgnr")  # fmt: skip
    assert "/AP" in field  # the prefilled value is drawn, whatever the reader


def test_the_merged_pdf_has_every_page_in_order_and_claims_no_pdf_a(converted, tmp_path):
    pages, _ = converted
    merged = MergedPdf()
    for number, where in enumerate(pages):
        with ConvertedPdf(where.pdf) as source:
            source.write_pages(where.range(source.page_count), tmp_path / f"{number}.pdf")
        merged.append(tmp_path / f"{number}.pdf")
    merged.save(tmp_path / "alle.pdf")
    merged.close()
    texts = [page.extract_text() for page in PdfReader(tmp_path / "alle.pdf").pages]
    assert len(texts) == 3 + 4 + 3 + 4 + 3
    firsts = [n for n, text in enumerate(texts) if FOOTER.search(text).group(1) == "1"]
    assert firsts == [0, 3, 7, 10, 14]
    assert [f"RUS-2021-77{n:02d}" in texts[first] for n, first in enumerate(firsts)] == [True] * 5
    problems = archival_problems(tmp_path / "alle.pdf")
    assert "no pdfaid claim in the XMP metadata" in problems and "no output intent" in problems


@pytest.mark.parametrize("number", [1, 2])  # a letter of four pages, one of three
def test_a_letter_cut_with_its_forms_is_what_cutting_each_file_alone_made(
    converted, tmp_path, number
):
    """The confirmation page is what is left of the letter's copy: the same page, PDF/A, text,
    drawing and fonts as a copy of that page alone, and the same fillable form."""
    pages, _ = converted
    where, prefill = pages[number], {"orgnr": f"97100000{number}", "kontonr": "1234.56.78901"}
    with ConvertedPdf(where.pdf) as source:
        numbers = where.range(source.page_count)
        source.write_pages(numbers, tmp_path / "a.pdf")
        alone = source.confirmation_forms(numbers[-1], tmp_path / "a-side.pdf",
                                          tmp_path / "a-utfyllbar.pdf", prefill, "nn")  # fmt: skip
        names = source.cut_letter(numbers, tmp_path / "b.pdf", Forms(
            tmp_path / "b-side.pdf", tmp_path / "b-utfyllbar.pdf", prefill, "nn"))  # fmt: skip
        assert source.cut_letter(numbers, None, None) == []
    assert names == alone == ["orgnr", "kontonr", "navn", "tittel", "dato", "godtar"]
    for name in ("", "-side"):
        made = [[(drawn(page), text) for page, text in zip(pikepdf.open(path).pages, (
                    p.extract_text() for p in PdfReader(path).pages), strict=True)]
                for path in (tmp_path / f"a{name}.pdf", tmp_path / f"b{name}.pdf")]  # fmt: skip
        assert made[0] == made[1] and len(made[1]) == (1 if name else len(numbers))
        assert archival_problems(tmp_path / f"b{name}.pdf", expect="PDF/A-2b") == []
    fields = [read_confirmation_fields(tmp_path / f"{w}-utfyllbar.pdf") for w in "ab"]
    assert fields[0] == fields[1] and fields[1]["orgnr"] == f"97100000{number}"
    assert not is_pdf_a(tmp_path / "b-utfyllbar.pdf")
