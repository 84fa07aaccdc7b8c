"""The caseworker: overview of the county, a decision on the ladder, a letter in the right language."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from formservice.documents.jobs import make_document
from formservice.storage import decisions, documents, submissions
from formservice.storage.db import connect
from tests.helpers.app import csrf_token
from tests.helpers.pages import check_page
from tests.web.test_submit import _fill_and_submit


def _submitted(shipped_login) -> int:
    tasks, _ = _fill_and_submit(shipped_login("lillehammer"))
    return int(re.search(r"/skjema/(\d+)/", tasks).group(1))


def test_overview_lists_every_municipality_of_the_county_with_state_and_totals(shipped_login):
    _submitted(shipped_login)
    office = shipped_login("saksbehandler")
    home = office.get("/saksbehandler/").text
    check_page(home)
    overview = re.search(r'href="(/saksbehandler/runde/\d+)">Kommunalt rusarbeid', home).group(1)
    page = office.get(overview)
    check_page(page.text)
    assert page.text.count('<th scope="row">') == 46
    assert "Sendt inn" in page.text and "880\u00a0000\u00a0kr" in page.text
    assert "32\u00a0000\u00a0000\u00a0kr" in page.text  # the budget frame
    filtered = office.get(overview + "?status=submitted").text
    assert filtered.count('<th scope="row">') == 1
    assert office.get(overview + "?q=gj%C3%B8vik").text.count('<th scope="row">') == 1


@pytest.mark.libreoffice
@pytest.mark.xdist_group("libreoffice")
def test_decide_on_the_ladder_and_make_the_grant_letter(shipped_app, shipped_login):
    submission_id = _submitted(shipped_login)
    office = shipped_login("saksbehandler")
    url = f"/saksbehandler/skjema/{submission_id}"
    page = office.get(url)
    check_page(page.text)
    assert 'value="660\u00a0000"' in page.text and 'value="220\u00a0000"' in page.text  # the ladder
    assert (
        "Fjorårets tilskudd: <strong>880\u00a0000\u00a0kr</strong>" in page.text
    )  # the transitional rule
    token = csrf_token(page.text)
    differing = {"csrf_token": token, "outcome": "granted", "granted-0": "660 000", "granted-1": "200000",
                 "instalments": "2"}  # fmt: skip
    refused = office.post(url + "/vedtak", data=differing)
    assert refused.status_code == 400 and "Begrunn hvorfor Erfaringskonsulent" in refused.text
    assert 'value="200000"' in refused.text  # nothing typed is lost
    db = connect(shipped_app.config["DATABASE"])
    assert decisions.current_decision(db, submission_id) is None
    accepted = office.post(
        url + "/vedtak", data={**differing, "justification-1": "Overgangsregelen: fjorårets beløp"}
    )
    assert accepted.status_code == 302
    decision = decisions.current_decision(db, submission_id)
    assert decision["outcome"] == "granted" and decision["total"] == "860000"
    assert submissions.submission_by_id(db, submission_id)["state"] == "granted"

    office.post(url + "/brev", data={"csrf_token": token})
    letter = next(
        d
        for d in documents.documents_of_submission(db, submission_id)
        if d["kind"] == "tilskuddsbrev"
    )
    assert make_document(dict(shipped_app.config), letter["id"]) == "done"
    page = office.get(url).text
    pdf_url = re.search(rf'href="([^"]+dokument/{letter["id"]}\.pdf)"', page).group(1)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(office.get(pdf_url).data)).pages)
    text = text.replace("\u00a0", " ")
    assert "860 000 kr" in text and "200 000 kr" in text and "ikke et enkeltvedtak" in text

    rejected = office.post(
        url + "/vedtak", data={"csrf_token": token, "outcome": "rejected", "reason": ""}
    )
    assert rejected.status_code == 400 and "Skriv begrunnelsen for avslaget." in rejected.text
    office.post(
        url + "/vedtak", data={"csrf_token": token, "outcome": "rejected", "reason": "Ikke lønn"}
    )
    assert [d["outcome"] for d in decisions.decision_history(db, submission_id)] == [
        "granted",
        "rejected",
    ]


def test_roles_are_kept_apart(shipped_login):
    submission_id = _submitted(shipped_login)
    municipality = shipped_login("lillehammer")
    assert municipality.get("/saksbehandler/").status_code == 403
    assert municipality.get(f"/saksbehandler/skjema/{submission_id}").status_code == 403
    desk = shipped_login("hjelp")
    page = desk.get(f"/hjelp/skjema/{submission_id}")
    response = desk.post(f"/saksbehandler/skjema/{submission_id}/vedtak",
                         data={"csrf_token": csrf_token(page.text), "outcome": "rejected", "reason": "x"})  # fmt: skip
    assert response.status_code == 403


@pytest.mark.libreoffice
@pytest.mark.xdist_group("libreoffice")
def test_letters_for_the_whole_round_with_progress_and_one_merged_pdf(shipped_app, shipped_login):
    submission_id = _submitted(shipped_login)
    office = shipped_login("saksbehandler")
    page = office.get(f"/saksbehandler/skjema/{submission_id}")
    office.post(f"/saksbehandler/skjema/{submission_id}/vedtak",
                data={"csrf_token": csrf_token(page.text), "outcome": "rejected", "reason": "Søknaden gjelder drift."})  # fmt: skip
    home = office.get("/saksbehandler/").text
    overview = re.search(r'href="(/saksbehandler/runde/\d+)">Kommunalt rusarbeid', home).group(1)
    before = office.get(overview).text
    check_page(before)
    office.post(overview + "/brev", data={"csrf_token": csrf_token(before)})
    assert "0 av 1 brev er ferdige" in office.get(overview).text
    db = connect(shipped_app.config["DATABASE"])
    for document in documents.pending_documents(db):
        make_document(dict(shipped_app.config), document["id"])
    assert "1 av 1 brev er ferdige" in office.get(overview).text
    merged = office.get(overview + "/alle-brev.pdf")
    assert merged.status_code == 200
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(merged.data)).pages)
    assert "Søknaden gjelder drift." in text and "ikke et enkeltvedtak" in text


def test_reminders_mail_every_municipality_that_has_not_submitted(
    shipped_app, shipped_login, smtp_server
):
    _submitted(shipped_login)
    office = shipped_login("saksbehandler")
    overview = re.search(
        r'href="(/saksbehandler/runde/\d+)">Kommunalt', office.get("/saksbehandler/").text
    ).group(1)
    page = office.get(overview + "/paminnelser")
    check_page(page.text)
    assert "45 kommuner har ikke sendt inn" in page.text and "Lillehammer kommune" not in page.text
    assert (
        office.post(
            overview + "/paminnelser", data={"csrf_token": csrf_token(page.text)}
        ).status_code
        == 302
    )
    inbox = smtp_server[2]
    inbox.wait_for(lambda m: "gjovik" in m["To"])
    reminders = [m for m in inbox.messages if m["Subject"].startswith("Påminnelse")]
    assert len(reminders) == 45
    deadline = connect(shipped_app.config["DATABASE"])["rounds"].get(2)["deadline"]
    day = ".".join(reversed(deadline.split("-")))
    assert all(day in m.get_content() for m in reminders)
