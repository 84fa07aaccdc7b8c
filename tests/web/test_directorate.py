"""The directorate: splits a scheme's national budget into the offices' frames (they must add up,
and a split that does not is refused with what was typed kept), sees the national figures per
office from the offices' own round overviews, and downloads the national export."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from formservice.office.overview import round_rows, totals
from formservice.storage import frames, offices, rounds
from formservice.storage.db import connect
from formservice.storage.security_log import security_events
from formservice.web.catalog import definition_for_key
from tests import factories
from tests.helpers.app import csrf_token
from tests.helpers.language import choose_language, wrong_language_words
from tests.helpers.pages import check_page

BUDGET = "/direktoratet/kommunalt_rusarbeid/2021/rammer"
NATIONAL = "/direktoratet/kommunalt_rusarbeid/2021"


@pytest.fixture
def world(shipped_app):
    db = connect(shipped_app.config["DATABASE"])
    paid = factories.create_submission(db, state="paid", round="rus-2021", organisation="3405")
    submitted = factories.create_submission(db, state="submitted", round="rus-2021-vestland",
                                            organisation="4601")  # fmt: skip
    return db, paid, submitted


def test_the_home_page_lists_each_scheme_year_with_its_national_budget(shipped_login):
    page = shipped_login("direktoratet").get("/direktoratet/")
    doc = check_page(page.text)
    rows = {r.css("td")[0].text(): r.text().replace("\xa0", " ") for r in doc.css("#schemes tbody tr")
            if "Kommunalt rusarbeid" in r.text()}  # fmt: skip
    assert set(rows) == {"2021", "2022"}  # the published 2022 form's year too
    assert "455 000 000 kr" in rows["2021"] and "Ikke satt" in rows["2022"]
    assert shipped_login("direktoratet").get("/saksbehandler/").status_code == 403


def test_national_figures_are_the_offices_round_overviews_summed(shipped_app, shipped_login, world):
    db, paid, submitted = world
    page = shipped_login("direktoratet").get(NATIONAL)
    doc = check_page(page.text)
    lines = {r.css_first("th").text(): [td.text().replace("\xa0", " ") for td in r.css("td")]
             for r in doc.css("#national tbody tr")}  # fmt: skip
    with shipped_app.test_request_context():
        expected = {}
        for slug, submission in (("innlandet", paid), ("vestland", submitted)):
            rows = [r for r in round_rows(db, submission["round_id"], definition_for_key)
                    if r["submission_id"]]  # fmt: skip
            expected[slug] = totals(rows)
    innlandet = lines["Statsforvalteren i Innlandet"]
    assert innlandet[0] == "32 000 000 kr" and innlandet[5] == "1 av 46"
    assert expected["innlandet"]["granted"] > 0 and innlandet[4] == innlandet[3]  # paid = granted
    vestland = lines["Statsforvalteren i Vestland"]
    assert vestland[1] != "0 kr" and vestland[3] == "0 kr" and vestland[5] == "1 av 43"
    nation = [td.text().replace("\xa0", " ") for td in doc.css("#national tfoot td")]
    assert nation[0] == "455 000 000 kr" and nation[5] == "2 av 357"
    applied = expected["innlandet"]["applied"] + expected["vestland"]["applied"]
    assert nation[1] == f"{applied:,.0f} kr".replace(",", " ")
    assert lines["Statsforvalteren i Agder (ingen runde)"][1:5] == ["0 kr"] * 4  # no round there
    assert "Bergen" not in page.text and paid["reference"] not in page.text  # no single cases


def test_frames_that_do_not_add_up_are_refused_with_everything_typed_kept(shipped_login, world):
    db = world[0]
    client = shipped_login("direktoratet")
    form = client.get(BUDGET)
    check_page(form.text)
    token = csrf_token(form.text)
    every = offices.all_offices(db)
    typed = {"csrf_token": token, "national": "455 000 000",
             **{f"frame-{o['slug']}": "40 000 000" for o in every}}  # fmt: skip
    before = frames.budget_of(db, "kommunalt_rusarbeid", 2021)
    refused = client.post(BUDGET, data=typed)
    assert refused.status_code == 400
    check_page(refused.text)
    text = refused.text.replace("\xa0", " ")
    assert "Rammene er til sammen 400 000 000 kr" in text and "55 000 000 kr mangler" in text
    assert text.count('value="40 000 000"') == 10 and 'value="455 000 000"' in text
    assert frames.budget_of(db, "kommunalt_rusarbeid", 2021) == before
    too_much = client.post(BUDGET, data={**typed, "national": "300 000 000"})
    assert "100 000 000 kr for mye" in too_much.text.replace("\xa0", " ")
    garbage = client.post(BUDGET, data={**typed, "frame-agder": "mange", "national": "-1"})
    assert garbage.status_code == 400 and "Statsforvalteren i Agder: skriv rammen" in garbage.text
    assert "Skriv det nasjonale budsjettet i hele kroner" in garbage.text
    client.post("/sprak", data={"csrf_token": token, "lang": "nn", "next": "/"})
    nynorsk = client.post(BUDGET, data=typed)
    assert "Rammene er til saman 400 000 000 kr" in nynorsk.text.replace("\xa0", " ")
    assert frames.budget_of(db, "kommunalt_rusarbeid", 2021) == before


def test_frames_that_add_up_are_stored_audited_and_passed_on_to_nothing_else(shipped_login, world):
    db = world[0]
    client = shipped_login("direktoratet")
    token = csrf_token(client.get(BUDGET).text)
    every = offices.all_offices(db)
    typed = {"csrf_token": token, "national": "500000000",
             **{f"frame-{o['slug']}": "50 000 000" for o in every}}  # fmt: skip
    saved = client.post(BUDGET, data=typed)
    assert saved.status_code == 302 and saved.headers["Location"].endswith(f"{NATIONAL}?lagret=1")
    stored = frames.budget_of(db, "kommunalt_rusarbeid", 2021)
    assert stored["national"] == Decimal(500_000_000)
    assert set(stored["frames"].values()) == {Decimal(50_000_000)} and len(stored["frames"]) == 10
    history = frames.budget_history(db, "kommunalt_rusarbeid", 2021)
    assert history[0]["actor"] == "direktoratet" and history[0]["national"] == Decimal(500_000_000)
    assert rounds.round_by_slug(db, "rus-2021")["budget_frame"] == "32000000"  # the office's own
    page = client.get(saved.headers["Location"])
    check_page(page.text)
    assert "Rammene er lagret." in page.text


def test_the_national_export_has_a_line_per_office_and_every_submission(shipped_login, world):
    db, paid, submitted = world
    client = shipped_login("direktoratet")
    csv = client.get(f"{NATIONAL}/eksport.csv")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    lines = csv.data.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Embete;Ramme;Søkt beløp") and len(lines) == 12
    assert lines[-1].startswith("Hele landet;455000000;")
    xlsx = client.get(f"{NATIONAL}/eksport.xlsx")
    book = load_workbook(io.BytesIO(xlsx.data))
    submitted_rows = list(book["Innsendinger"].iter_rows(values_only=True))
    assert {row[0] for row in submitted_rows[1:]} == {"Statsforvalteren i Innlandet",
                                                      "Statsforvalteren i Vestland"}  # fmt: skip
    assert {row[1] for row in submitted_rows[1:]} == {paid["reference"], submitted["reference"]}
    events = security_events(db, username="direktoratet", event="export")
    assert {"file": "nasjonalt-kommunalt_rusarbeid-2021.csv"} in [e["detail"] for e in events]
    assert client.get(f"{NATIONAL}/eksport.pdf").status_code == 404
    assert client.get("/direktoratet/ukjent/2021").status_code == 404
    assert client.get("/direktoratet/kommunalt_rusarbeid/1999/rammer").status_code == 404


def test_the_national_export_is_in_nynorsk_for_a_nynorsk_user(shipped_login, world):
    _, paid, submitted = world
    client = shipped_login("direktoratet")
    choose_language(client, "nn", NATIONAL)
    lines = client.get(f"{NATIONAL}/eksport.csv").data.decode("utf-8-sig").splitlines()
    assert lines[0] == ("Embete;Ramme;Søkt beløp;Etter satsane;Innvilga beløp;Utbetalt;"
                        "Kommunar som har søkt;Kommunar i embetet")  # fmt: skip
    assert lines[-1].startswith("Heile landet;455000000;")
    assert any(line.startswith("Statsforvaltaren i Vestland;") for line in lines), lines
    book = load_workbook(io.BytesIO(client.get(f"{NATIONAL}/eksport.xlsx").data))
    assert book.sheetnames == ["Embeta", "Innsendingar"]
    [heading, *rows] = list(book["Innsendingar"].iter_rows(values_only=True))
    assert heading[:2] == ("Embete", "Referanse") and "Innvilga beløp" in heading
    assert {row[1] for row in rows} == {paid["reference"], submitted["reference"]}
    assert "Statsforvaltaren i Innlandet" in {row[0] for row in rows}
    assert wrong_language_words(" ".join(lines[:1] + [str(v) for r in rows for v in r]), "nn") == []


INSIGHT = "/direktoratet/kommunalt_rusarbeid/2021/innsikt"


def test_the_national_insight_draws_one_series_per_office_with_its_table(shipped_login, world):
    client = shipped_login("direktoratet")
    doc = check_page(client.get(INSIGHT).text)
    charts = doc.css('svg[role="img"]')
    assert charts and all(c.css_first("title") and c.css_first("desc") for c in charts)
    tables = doc.css("table")
    assert len(tables) >= len(charts)
    table_text = " ".join(table.text() for table in tables)
    for office in ("Statsforvalteren i Innlandet", "Statsforvalteren i Vestland"):
        assert office in table_text  # every office with a round of the scheme is a series
    # an office without one is named once, not drawn as zeros in every chart
    assert "Rogaland" in doc.css_first("#insight-without").text()
    assert "Rogaland" not in table_text + " ".join(chart.html for chart in charts)
    end_labels = [t.text() for t in charts[1].css("text") if t.text().startswith("Innlandet")]
    assert end_labels and all(len(label) < 40 for label in end_labels)  # short names, no clipping
    assert doc.css_first('a[aria-current="page"]').text() == "Innsikt"
    nynorsk = check_page(client.get(INSIGHT + "?lang=nn").text)
    assert nynorsk.css('svg[role="img"]')


@pytest.mark.parametrize("user", ["saksbehandler", "hjelp", "lillehammer"])
def test_only_the_directorate_sees_the_national_insight(shipped_login, user):
    assert shipped_login(user).get(INSIGHT).status_code == 403


def test_an_unknown_scheme_year_has_no_insight(shipped_login):
    assert (
        shipped_login("direktoratet")
        .get("/direktoratet/kommunalt_rusarbeid/1999/innsikt")
        .status_code
        == 404
    )
