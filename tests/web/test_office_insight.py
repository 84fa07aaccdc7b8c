"""The round's insight page: each chart an SVG image with a title and a description stating its
main figure, the same numbers in a table below it, in bokmål and nynorsk; caseworkers only."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from formservice.documents.jobs import make_document
from formservice.insight.report import KIND, request_report
from formservice.storage import documents, rounds
from tests import factories
from tests.helpers.app import csrf_token
from tests.helpers.language import choose_language

AREAS = ("brukermedvirkning", "tidlig_innsats", "ambulant_team", "bolig", "arbeid_aktivitet",
         "lavterskel")  # fmt: skip


def _round_with_two(db) -> int:
    round_row = rounds.round_by_slug(db, "rus-2021")
    for state, scores in (("submitted", "432420"), ("granted", "555555")):
        answers = factories.complete_answers("kommunalt_rusarbeid")
        answers["kapasitet"] = dict(zip(AREAS, scores, strict=True))
        factories.create_submission(db, round=round_row, state=state, answers=answers)
    return round_row["id"]


def _cells(page, table_id: str) -> list[list[str]]:
    return [[cell.text(strip=True) for cell in row.css("th, td")]
            for row in page.doc.css(f"#{table_id} tbody tr")]  # fmt: skip


def test_the_insight_page_draws_each_chart_with_its_table(shipped_db, shipped_login):
    round_id = _round_with_two(shipped_db)
    office = shipped_login("saksbehandler")
    overview = office.get(f"/saksbehandler/runde/{round_id}")
    assert (
        f"/saksbehandler/runde/{round_id}/innsikt"
        in overview.doc.css_first("#insight-link a").attributes["href"]
    )
    page = office.get(f"/saksbehandler/runde/{round_id}/innsikt")
    assert page.status_code == 200
    charts = page.doc.css("svg.chart")
    assert len(charts) == 4  # amounts, the days, the six areas, the priorities (no history: no new)
    for chart in charts:
        assert chart.attributes["role"] == "img"
        title, desc = chart.css_first("title"), chart.css_first("desc")
        assert (
            chart.attributes["aria-labelledby"]
            == f"{title.attributes['id']} {desc.attributes['id']}"
        )
        assert title.text() and desc.text()
    amounts = page.doc.css_first("#chart-amounts desc").text()
    assert amounts.startswith("Innvilget 880\xa0000\xa0kr (2,8\xa0% av rammen)")
    assert _cells(page, "table-amounts")[3] == ["Innvilget", "880\xa0000\xa0kr", "2,8\xa0%"]
    assert _cells(page, "table-attainment")[0] == [
        "økt bruker- og pårørendemedvirkning i tjenestene", "0", "0", "0", "1", "1", "0", "2"]  # fmt: skip
    lived = _cells(page, "table-priorities")[-1]
    assert lived == ["Erfaringskonsulenter", "2", "1", "1", "0,5"]
    assert (
        "Erfaringskonsulenter: 2 søkt, 1 innvilget."
        in page.doc.css_first("#chart-priorities desc").text()
    )


def test_the_insight_page_speaks_nynorsk(shipped_db, shipped_login):
    round_id = _round_with_two(shipped_db)
    office = shipped_login("saksbehandler")
    url = f"/saksbehandler/runde/{round_id}/innsikt"
    office.post(
        "/sprak", data={"csrf_token": csrf_token(office.get(url).text), "lang": "nn", "next": url}
    )
    page = office.get(url)
    assert page.doc.css_first("#chart-amounts title").text() == "Beløp mot ramma"
    assert "Erfaringskonsulentar: 2 søkte, 1 innvilga." in page.text
    assert "Måloppnåing på dei seks satsingsområda (§ 3)" in page.text


def test_only_the_office_sees_insight_and_an_unknown_round_is_not_found(shipped_login):
    assert (
        shipped_login("saksbehandler").get("/saksbehandler/runde/9999/innsikt").status_code == 404
    )
    assert shipped_login("lillehammer").get("/saksbehandler/runde/1/innsikt").status_code == 403


def test_a_round_without_submissions_still_has_its_page(shipped_db, shipped_login):
    round_id = rounds.round_by_slug(shipped_db, "vls-2021")["id"]
    page = shipped_login("saksbehandler").get(f"/saksbehandler/runde/{round_id}/innsikt")
    assert page.status_code == 200
    assert page.doc.css_first("#chart-amounts desc").text().startswith("Innvilget 0\xa0kr")


def test_the_round_page_queues_the_report_and_offers_its_spreadsheet(shipped_db, shipped_login):
    round_id = _round_with_two(shipped_db)
    office = shipped_login("saksbehandler")
    page = office.get(f"/saksbehandler/runde/{round_id}")
    assert page.doc.css_first("#report-status") is None  # none made yet
    made = office.post(
        f"/saksbehandler/runde/{round_id}/arsrapport", data={"csrf_token": csrf_token(page.text)}
    )
    assert made.status_code == 302 and made.headers["Location"].endswith("#arsrapport")
    report = documents.newest_round_document(shipped_db, round_id, KIND)
    assert (report["status"], report["language"], report["submission_id"]) == (
        "pending",
        "nb",
        None,
    )
    status = office.get(f"/saksbehandler/runde/{round_id}").doc.css_first("#report-status").text()
    assert status.startswith("Rapporten lages.")
    sheet = office.get(f"/saksbehandler/runde/{round_id}/arsrapport.xlsx")
    assert sheet.status_code == 200 and sheet.mimetype.endswith("spreadsheetml.sheet")
    assert load_workbook(io.BytesIO(sheet.data)).sheetnames[0] == "Beløp"
    choose_language(office, "nn", f"/saksbehandler/runde/{round_id}")
    nynorsk = load_workbook(
        io.BytesIO(office.get(f"/saksbehandler/runde/{round_id}/arsrapport.xlsx").data)
    )
    assert "Kommunar" in nynorsk.sheetnames and "Prioriteringar" in nynorsk.sheetnames
    assert office.get("/saksbehandler/runde/9999/arsrapport.xlsx").status_code == 404
    assert office.post("/saksbehandler/runde/9999/arsrapport",
                       data={"csrf_token": csrf_token(page.text)}).status_code == 404  # fmt: skip


@pytest.mark.libreoffice
@pytest.mark.xdist_group("libreoffice")
def test_a_made_report_is_downloaded_from_its_own_round_only(
    shipped_app, shipped_db, shipped_login
):
    round_id = _round_with_two(shipped_db)
    other = rounds.round_by_slug(shipped_db, "vls-2021")["id"]
    document_id = request_report(shipped_db, dict(shipped_app.config), round_id)
    assert make_document(dict(shipped_app.config), document_id) == documents.DONE
    office = shipped_login("saksbehandler")
    links = [
        a.attributes["href"]
        for a in office.get(f"/saksbehandler/runde/{round_id}").doc.css("#report-status a")
    ]
    assert links == [f"/saksbehandler/runde/{round_id}/arsrapport/{document_id}.pdf",
                     f"/saksbehandler/runde/{round_id}/arsrapport/{document_id}.docx"]  # fmt: skip
    pdf = office.get(links[0])
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert (
        office.get(f"/saksbehandler/runde/{other}/arsrapport/{document_id}.pdf").status_code == 404
    )
    assert (
        office.get(f"/saksbehandler/runde/{round_id}/arsrapport/{document_id}.txt").status_code
        == 404
    )
    assert shipped_login("lillehammer").get(links[0]).status_code == 403
