"""pypdf work: the fillable confirmation (fields beside their labels, filled as a municipality
would, read back), merging, and refusing what is not a plain PDF."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.actions import JavaScript

from formservice.documents.batch import run_batch
from formservice.documents.kinds import LETTER_KINDS, kind
from formservice.documents.libreoffice import ConverterPool
from formservice.documents.pages import confirmation_forms
from formservice.documents.pdf import (
    ACCEPT_LABEL,
    CONFIRMATION_FIELDS,
    InvalidPdf,
    fill_fields,
    is_pdf_a,
    merge_pdfs,
    read_confirmation,
    read_confirmation_fields,
)
from formservice.storage import documents, rounds
from formservice.storage.db import connect
from formservice.storage.letters import start_batch
from tests.helpers.letters import decided, demo_instance, orgnr_of
from tests.helpers.pdf_pages import drawn

ROOT = Path(__file__).resolve().parents[2]
LONG_NAME = "Kommunen med det svært lange navnet som går over flere linjer i bekreftelsen " * 2


@dataclass
class Made:
    """One letter's files, by the names its kind gives them."""

    key: str
    letter_docx: Path
    letter_pdf: Path
    confirmation_docx: Path | None
    confirmation_pdf: Path | None
    fillable_pdf: Path | None


def made_files(settings, outcome) -> Made:
    db = connect(settings["DATABASE"])
    document = documents.document_by_id(db, outcome.document_id)
    db.close()
    instance = Path(settings["INSTANCE_PATH"]).resolve()
    folder = instance / "documents" / str(document["submission_id"])
    names = kind(document["kind"]).files(document["id"])
    optional = lambda name: folder / name if name else None  # noqa: E731
    return Made(str(document["submission_id"]), folder / names.docx, folder / names.pdf,
                optional(names.companions.get("bekreftelse")), optional(names.confirmation_pdf),
                optional(names.fillable_pdf))  # fmt: skip


@dataclass
class Batch:
    files: list[Made]
    merged_pdf: Path
    failed: list


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    settings = demo_instance(tmp_path_factory.mktemp("instance"))
    decided(settings, name="Lillehammer prøve kommune", number=1)
    decided(settings, name="Lom prøve kommune", language="nn", number=2)
    decided(settings, name="Gjøvik prøve kommune", outcome="rejected", number=3)
    decided(settings, name=LONG_NAME, number=4)
    db = connect(settings["DATABASE"])
    started = start_batch(db, rounds.round_by_slug(db, "rus-2021")["id"], LETTER_KINDS)
    db.close()
    with ConverterPool(1, tmp_path_factory.mktemp("pool")) as pool:
        result = run_batch(settings, started["id"], pool=pool)
    return Batch([made_files(settings, o) for o in result.outcomes], result.merged_pdf,
                 result.failed)  # fmt: skip


def _label_heights(page) -> dict[str, float]:
    """Each line of text's height on the page, found afresh by pypdf's text extraction (the text
    matrix in the current transformation: a confirmation form's fixed part is drawn moved)."""
    found: dict[str, float] = {}
    page.extract_text(visitor_text=lambda text, cm, tm, *_: found.setdefault(
        text.strip(), tm[4] * cm[1] + tm[5] * cm[3] + cm[5]))  # fmt: skip
    return found


@pytest.mark.libreoffice
@pytest.mark.xdist_group("libreoffice")
def test_a_batch_makes_every_file_and_one_merged_pdf(batch):
    assert batch.failed == []
    grant, nynorsk, rejection, _ = batch.files
    for path in (grant.letter_docx, grant.letter_pdf, grant.confirmation_docx, grant.confirmation_pdf,
                 grant.fillable_pdf, rejection.letter_docx, rejection.letter_pdf):  # fmt: skip
        assert path.is_file() and path.stat().st_size > 0
    assert rejection.confirmation_pdf is None and rejection.fillable_pdf is None
    for path in (grant.letter_pdf, grant.confirmation_pdf, grant.fillable_pdf, batch.merged_pdf,
                 grant.letter_docx):  # fmt: skip
        assert path.stat().st_mode & 0o777 == 0o600, path  # the files cut from a call: private
    pages = sum(len(PdfReader(str(f.letter_pdf)).pages) for f in batch.files)
    merged = PdfReader(str(batch.merged_pdf)).pages
    assert len(merged) == pages
    assert "lange navnet" in merged[-1].extract_text()  # in the batch's order
    assert "lange navnet" not in merged[0].extract_text()
    assert is_pdf_a(grant.letter_pdf)
    assert (
        "Bekreftelse av tilskudd" in PdfReader(str(grant.confirmation_pdf)).pages[0].extract_text()
    )
    assert (
        "Stadfesting av tilskot" in PdfReader(str(nynorsk.confirmation_pdf)).pages[0].extract_text()
    )


@pytest.mark.libreoffice
@pytest.mark.xdist_group("libreoffice")
def test_the_merged_pdf_shows_every_page_as_the_letters_own_pdfs_do(batch):
    """The merged PDF takes the pages from the PDFs the letters were cut from, still open: each
    page is the letter's own, drawing, fonts and text alike."""
    own = []
    for made in batch.files:
        with pikepdf.open(made.letter_pdf) as letter:
            own += [(drawn(page), text) for page, text in zip(letter.pages, (
                p.extract_text() for p in PdfReader(made.letter_pdf).pages), strict=True)]  # fmt: skip
    with pikepdf.open(batch.merged_pdf) as merged:
        texts = [p.extract_text() for p in PdfReader(batch.merged_pdf).pages]
        assert [(drawn(page), text) for page, text in zip(merged.pages, texts, strict=True)] == own


@pytest.mark.libreoffice
@pytest.mark.xdist_group("libreoffice")
def test_every_field_sits_beside_its_label_whatever_the_layout(batch):
    grant, nynorsk, _, long_name = batch.files
    tops = {}
    for files, language in ((grant, "nb"), (nynorsk, "nn"), (long_name, "nb")):
        heights = _label_heights(PdfReader(str(files.confirmation_pdf)).pages[0])
        labels = {name: label[language] for name, label in CONFIRMATION_FIELDS.items()}
        labels["godtar"] = ACCEPT_LABEL[language]
        widgets = PdfReader(str(files.fillable_pdf)).pages[0]["/Annots"]
        rects = {w.get_object()["/T"]: w.get_object()["/Rect"] for w in widgets}
        assert set(rects) == set(labels)
        for name, label in labels.items():
            bottom, top = float(rects[name][1]), float(rects[name][3])
            assert bottom < heights[label] < top, (files.key, name)
        tops[files.key] = float(rects["orgnr"][3])
    assert tops[long_name.key] < tops[grant.key]  # the long name pushed the answers down the page


@pytest.mark.libreoffice
@pytest.mark.xdist_group("libreoffice")
def test_the_fillable_confirmation_is_filled_and_read_back(batch, tmp_path):
    fillable = batch.files[0].fillable_pdf
    assert read_confirmation_fields(fillable)["orgnr"] == orgnr_of(1)
    filled = tmp_path / "utfylt.pdf"
    fill_fields(fillable, filled, {"navn": "Kari Demo", "tittel": "Kommunedirektør",
                                   "dato": "05.03.2021", "godtar": "/Yes"})  # fmt: skip
    expected = {"orgnr": orgnr_of(1), "kontonr": "99990000001", "navn": "Kari Demo",
                "tittel": "Kommunedirektør", "dato": "05.03.2021", "godtar": "/Yes"}  # fmt: skip
    assert read_confirmation_fields(filled) == expected
    assert read_confirmation(filled.read_bytes()) == expected
    assert read_confirmation_fields(fillable)["godtar"] == "/Off"


def _pdf(tmp_path: Path, name: str, *, script: bool = False, password: str = "") -> Path:
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    if script:
        writer.add_open_action(JavaScript("app.alert('hei');"))
    if password:
        writer.encrypt(password)
    path = tmp_path / name
    writer.write(path)
    return path


def test_what_is_not_a_plain_pdf_is_refused_everywhere(tmp_path):
    text = tmp_path / "tekst.pdf"
    text.write_bytes(b"%PDF-nope, this is text")
    word = tmp_path / "brev.pdf"
    word.write_bytes(b"PK\x03\x04 a word document in disguise")
    script = _pdf(tmp_path, "js.pdf", script=True)
    attachment = PdfWriter(clone_from=_pdf(tmp_path, "blank.pdf"))
    attachment.add_attachment("virus.exe", b"MZ")
    attachment.write(tmp_path / "vedlegg.pdf")
    locked = _pdf(tmp_path, "laast.pdf", password="hemmelig")
    for refused, reason in ((text, "ikke en PDF"), (word, "ikke en PDF"), (script, "skript"),
                            (tmp_path / "vedlegg.pdf", "innebygde filer"),
                            (locked, "passord")):  # fmt: skip
        with pytest.raises(InvalidPdf, match=reason):
            read_confirmation_fields(refused)
        with pytest.raises(InvalidPdf, match=reason):
            read_confirmation(refused.read_bytes())
        with pytest.raises(InvalidPdf, match=reason):
            fill_fields(refused, tmp_path / "ut.pdf", {"navn": "x"})
        with pytest.raises(InvalidPdf, match=reason):
            confirmation_forms(refused, tmp_path / "side.pdf", tmp_path / "ut.pdf", {}, "nb")
    with pytest.raises(InvalidPdf, match="skjemafelt"):
        fill_fields(_pdf(tmp_path, "tom.pdf"), tmp_path / "ut.pdf", {"navn": "x"})


@pytest.mark.libreoffice
@pytest.mark.xdist_group("libreoffice")
def test_the_last_page_stays_pdf_a_and_the_form_does_not_claim_it(batch):
    letter = batch.files[0]
    page = letter.confirmation_pdf
    assert len(PdfReader(str(page)).pages) == 1 and is_pdf_a(page)
    assert "/OutputIntents" in PdfReader(str(page)).root_object
    assert "Bekreftelse av tilskudd" in PdfReader(str(page)).pages[0].extract_text()
    assert not is_pdf_a(letter.fillable_pdf)


def test_merge_keeps_order_and_pages(tmp_path):
    paths = []
    for pages in (1, 3, 2):
        writer = PdfWriter()
        for _ in range(pages):
            writer.add_blank_page(100, 100 + pages)
        paths.append(tmp_path / f"{pages}.pdf")
        writer.write(paths[-1])
    assert merge_pdfs(paths, tmp_path / "alle.pdf") == 6
    heights = [page.mediabox.height for page in PdfReader(str(tmp_path / "alle.pdf")).pages]
    assert heights == [101, 103, 103, 103, 102, 102]
    assert not is_pdf_a(tmp_path / "alle.pdf")


@pytest.mark.libreoffice
@pytest.mark.xdist_group("libreoffice")
def test_a_letter_that_cannot_be_made_is_reported_and_the_rest_are_merged(tmp_path):
    settings = demo_instance(tmp_path / "instance", TEMPLATES_DIR=str(tmp_path / "maler"))
    shutil.copytree(ROOT / "letter_templates", tmp_path / "maler")
    decided(settings, name="Første kommune", outcome="rejected", number=1)
    decided(settings, name="Andre kommune", number=2)
    decided(settings, name="Tredje kommune", outcome="rejected", language="nn", number=3)
    (tmp_path / "maler" / "tilskuddsbrev.nb.docx").write_bytes(b"not a template")
    db = connect(settings["DATABASE"])
    started = start_batch(db, rounds.round_by_slug(db, "rus-2021")["id"], LETTER_KINDS)
    with ConverterPool(1, tmp_path / "pool") as pool:
        result = run_batch(settings, started["id"], pool=pool)
    [failed] = result.failed
    assert failed.code == "render" and "tilskuddsbrev.nb.docx" in failed.detail
    row = documents.document_by_id(db, failed.document_id)
    assert (row["status"], row["error_code"]) == ("failed", "render")
    made = [made_files(settings, o) for o in result.made]
    merged = PdfReader(str(result.merged_pdf)).pages
    assert len(merged) == sum(len(PdfReader(str(f.letter_pdf)).pages) for f in made)
    nynorsk = PdfReader(str(made[-1].letter_pdf)).pages[-1].extract_text()
    assert merged[-1].extract_text() == nynorsk  # the nynorsk letter still comes last
