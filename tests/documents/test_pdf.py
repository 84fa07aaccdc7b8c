"""pypdf work: the fillable confirmation filled as a municipality would, merging, refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.actions import JavaScript

from formservice.documents.batch import Letter, make_letters
from formservice.documents.letter_types import SAMPLES
from formservice.documents.pdf import InvalidPdf, fill_fields, merge_pdfs, read_confirmation

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.libreoffice, pytest.mark.xdist_group("libreoffice")]


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    out = tmp_path_factory.mktemp("brev")
    letters = [
        Letter("3405", "tilskuddsbrev", "nb", SAMPLES["tilskuddsbrev"],
               {"orgnr": "993405000", "kontonr": "99993405007"}),
        Letter("3434", "tilskuddsbrev", "nn", SAMPLES["tilskuddsbrev"], {"orgnr": "993434001"}),
        Letter("3407", "avslag", "nb", SAMPLES["avslag"]),
    ]  # fmt: skip
    return make_letters(letters, out, ROOT / "letter_templates")


def test_a_batch_makes_every_file_and_one_merged_pdf(batch):
    assert batch.failed == []
    grant, nynorsk, rejection = batch.files
    for path in (grant.letter_docx, grant.letter_pdf, grant.confirmation_docx, grant.confirmation_pdf,
                 grant.fillable_pdf, rejection.letter_docx, rejection.letter_pdf):  # fmt: skip
        assert path.is_file() and path.stat().st_size > 0
    assert rejection.confirmation_pdf is None
    pages = sum(len(PdfReader(str(f.letter_pdf)).pages) for f in batch.files)
    assert len(PdfReader(str(batch.merged_pdf)).pages) == pages
    assert (
        "Bekreftelse av tilskudd" in PdfReader(str(grant.confirmation_pdf)).pages[0].extract_text()
    )
    assert (
        "Stadfesting av tilskot" in PdfReader(str(nynorsk.confirmation_pdf)).pages[0].extract_text()
    )


def test_the_fillable_confirmation_is_filled_and_read_back(batch, tmp_path):
    fillable = batch.files[0].fillable_pdf
    assert read_confirmation(fillable.read_bytes())["orgnr"] == "993405000"
    filled = tmp_path / "utfylt.pdf"
    fill_fields(fillable, filled, {"navn": "Kari Demo", "tittel": "Kommunedirektør",
                                   "dato": "05.03.2021", "godtar": "/Yes"})  # fmt: skip
    assert read_confirmation(filled.read_bytes()) == {
        "orgnr": "993405000", "kontonr": "99993405007", "navn": "Kari Demo",
        "tittel": "Kommunedirektør", "dato": "05.03.2021", "godtar": "/Yes",
    }  # fmt: skip


def test_not_a_pdf_or_a_pdf_with_script_is_refused(tmp_path):
    with pytest.raises(InvalidPdf, match="ikke en PDF"):
        read_confirmation(b"%PDF-nope, this is text")
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.add_open_action(JavaScript("app.alert('hei');"))
    path = tmp_path / "js.pdf"
    writer.write(path)
    with pytest.raises(InvalidPdf, match="skript"):
        read_confirmation(path.read_bytes())


def test_merge_keeps_order_and_pages(tmp_path):
    paths = []
    for pages in (1, 3):
        writer = PdfWriter()
        for _ in range(pages):
            writer.add_blank_page(100, 100 + pages)
        paths.append(tmp_path / f"{pages}.pdf")
        writer.write(paths[-1])
    assert merge_pdfs(paths, tmp_path / "alle.pdf") == 4
    assert PdfReader(str(tmp_path / "alle.pdf")).pages[1].mediabox.height == 103
