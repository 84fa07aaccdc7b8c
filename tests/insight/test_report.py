"""The office's annual report: its context holds the round's figures, charts as images and a table
per municipality; the DOCX and PDF/A are made through the one pipeline in the office's written
standard; hostile names come out literally; the spreadsheet has the same numbers as numbers."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from formservice.archive.pdfa import archival_problems
from formservice.documents.jobs import make_document
from formservice.documents.kinds import kind
from formservice.documents.pdf import pdf_text
from formservice.documents.render import Picture, render_docx
from formservice.insight.report import (
    KIND,
    figures_for,
    report_context,
    report_language,
    report_xlsx,
)
from formservice.storage import documents
from tests.factories import (
    complete_answers,
    create_organisation,
    create_round,
    create_submission,
    set_letterhead,
)

HOSTILE = "{{ 7*7 }} {% if 1 %}x{% endif %} <w:p>&amp; Ø"


@pytest.fixture
def reported(db):
    """A round with a granted municipality of a hostile name and a submitted one."""
    round_ = create_round(db, budget_frame="2000000")
    hostile = create_organisation(db, name=HOSTILE)
    create_submission(db, round=round_, state="granted", organisation=hostile)
    create_submission(
        db, round=round_, state="submitted", answers=complete_answers("kommunalt_rusarbeid")
    )
    return round_


def _document(db, round_, language="nb"):
    document_id = documents.create_round_document(db, round_["id"], KIND, language)
    return documents.document_by_id(db, document_id)


def _text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_context_has_every_chart_with_its_table_and_a_line_per_municipality(app, db, reported):
    context = report_context(db, dict(app.config), _document(db, reported))
    charts = context["charts"]
    assert [c["heading"] for c in charts.values() if c] == [
        "Beløp mot rammen", "Innsendinger dag for dag",
        "Måloppnåelse på de seks satsingsområdene (§ 3)", "Stillinger etter prioriteringene i § 7"]  # fmt: skip
    assert charts["new"] is None  # no earlier round: nobody is known to be new
    assert all(isinstance(c["chart"], Picture) and c["chart"].png.startswith(b"\x89PNG")
               for c in charts.values() if c)  # fmt: skip
    assert charts["amounts"]["text"].startswith("Innvilget 880\xa0000\xa0kr (44\xa0% av rammen)")
    tables = context["tables"]
    assert tables["amounts"]["rows"][3] == ["Innvilget", "880\xa0000\xa0kr", "44\xa0%"]
    rows = {row[0]: row for row in tables["municipalities"]["rows"]}
    assert rows[HOSTILE][1:6] == ["Innvilget", "880\xa0000\xa0kr", "2", "1,5", "40\xa0000\xa0kr"]
    assert rows[HOSTILE][6:] == ["4", "3", "5", "4", "2", "0"]  # the six areas, numbered
    assert context["areas"][0] == "Område 1: økt bruker- og pårørendemedvirkning i tjenestene"


def test_the_docx_has_the_charts_as_images_and_hostile_text_stays_text(app, db, reported):
    document = _document(db, reported, "nn")
    context = report_context(db, dict(app.config), document)
    data = render_docx(kind(KIND).template_path("nn", Path(app.config["TEMPLATES_DIR"])), context,
                       language="nn")  # fmt: skip
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert len([n for n in package.namelist() if n.startswith("word/media/")]) == 4
    text = _text(data)
    assert "Årsrapport til Helsedirektoratet: Kommunalt rusarbeid 2021" in text
    assert "Beløp mot ramma" in text and "Kommunane" in text
    assert HOSTILE in text and "49" not in text.split(HOSTILE)[0][-5:]


def test_the_office_writes_in_its_written_standard():
    assert report_language({"OFFICE_LANGUAGE": "nn"}) == "nn"
    assert report_language({"OFFICE_LANGUAGE": "NN "}) == "nn"
    assert report_language({"OFFICE_LANGUAGE": "se"}) == "nb"
    assert report_language({}) == "nb"


def test_the_spreadsheet_has_the_same_numbers_as_numbers(app, db, reported):
    workbook = load_workbook(
        io.BytesIO(report_xlsx(figures_for(db, dict(app.config), reported["id"]), "nb"))
    )
    assert workbook.sheetnames == [
        "Beløp",
        "Dag for dag",
        "Måloppnåelse",
        "Prioriteringer",
        "Kommuner",
    ]
    amounts = [[c.value for c in row] for row in workbook["Beløp"].iter_rows()]
    assert amounts[0] == ["Beløp", "Kroner", "Andel av rammen"]
    assert amounts[4] == ["Innvilget", 880000, 44]
    lines = {row[0].value: [c.value for c in row] for row in workbook["Kommuner"].iter_rows()}
    assert lines[HOSTILE][2:] == [880000, 2, 1.5, 40000, 4, 3, 5, 4, 2, 0]


@pytest.mark.libreoffice
@pytest.mark.xdist_group("libreoffice")
def test_the_report_is_made_through_the_pipeline_as_pdf_a(app, db, reported):
    settings = dict(app.config)
    document = _document(db, reported)
    assert make_document(settings, document["id"]) == documents.DONE
    made = documents.document_by_id(db, document["id"])
    assert made["docx_path"].startswith(f"documents/runde-{reported['id']}/")
    pdf = Path(settings["INSTANCE_PATH"]).resolve() / made["pdf_path"]
    text = pdf_text(pdf)
    assert "Årsrapport til Helsedirektoratet" in text and "Beløp mot rammen" in text
    assert HOSTILE.replace(" ", "") in text.replace(" ", "").replace("\n", "")
    assert archival_problems(pdf) == []
    assert documents.newest_round_document(db, reported["id"], KIND)["id"] == document["id"]


@pytest.mark.libreoffice
@pytest.mark.xdist_group("libreoffice")
def test_a_vestland_report_carries_vestlands_letterhead_and_none_of_innlandets(app, db):
    round_ = create_round(db, office="vestland", budget_frame="1000000")
    bergen = create_organisation(db, name="Bergen kommune", office="vestland", language="nn")
    create_submission(db, round=round_, state="granted", organisation=bergen)
    set_letterhead(db, office="vestland", postal_address="Njøsavegen 2", postcode="6863",
                   post_town="Leikanger", email="sfvlpost@statsforvaltaren.no",
                   orgnr="974760673")  # fmt: skip
    settings = {**app.config, "OFFICE_LANGUAGE": "nn"}
    document = documents.create_round_document(db, round_["id"], KIND, report_language(settings))
    assert make_document(settings, document) == documents.DONE
    made = documents.document_by_id(db, document)
    text = pdf_text(Path(settings["INSTANCE_PATH"]).resolve() / made["pdf_path"])
    flat = " ".join(text.replace("\u00a0", " ").split())
    for vestland in ("Statsforvaltaren i Vestland", "Njøsavegen 2", "6863 Leikanger",
                     "sfvlpost@statsforvaltaren.no", "974 760 673", "Årsrapport"):  # fmt: skip
        assert vestland in flat, vestland
    for innlandet in ("Innlandet", "Postboks 987", "Lillehammer", "974 762 501", "sfinpost"):
        assert innlandet not in flat, innlandet
