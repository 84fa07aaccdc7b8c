"""The caseworker: overview of the county, a decision on the ladder, a letter in the right language."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from formservice.documents import jobs
from formservice.documents.jobs import make_document
from formservice.storage import decisions, documents, submissions
from formservice.storage.audit import events_for_submission
from tests import factories
from tests.helpers.app import csrf_token


def _submitted(shipped_db) -> int:
    """Lillehammer's rusarbeid form, submitted with the complete answers."""
    return factories.create_submission(shipped_db, state="submitted", organisation="3405")["id"]


def _rows(response) -> int:
    """How many organisations the overview's table lists (the footer's sum row is not one)."""
    return len(response.doc.css('tbody th[scope="row"]'))


def test_overview_lists_every_municipality_of_the_county_with_state_and_totals(
    shipped_db, shipped_login
):
    _submitted(shipped_db)
    office = shipped_login("saksbehandler")
    home = office.get("/saksbehandler/")
    [link] = [a for a in home.doc.css("a") if a.text().startswith("Kommunalt rusarbeid")]
    overview = link.attributes["href"]
    assert re.fullmatch(r"/saksbehandler/runde/\d+", overview)
    page = office.get(overview)
    assert _rows(page) == 46
    assert "Sendt inn" in page.text and "880\u00a0000\u00a0kr" in page.text
    assert "32\u00a0000\u00a0000\u00a0kr" in page.text  # the budget frame
    assert _rows(office.get(overview + "?status=submitted")) == 1
    assert _rows(office.get(overview + "?q=gj%C3%B8vik")) == 1


@pytest.mark.libreoffice
@pytest.mark.xdist_group("libreoffice")
def test_decide_on_the_ladder_and_make_the_grant_letter(shipped_app, shipped_db, shipped_login):
    submission_id = _submitted(shipped_db)
    office = shipped_login("saksbehandler")
    url = f"/saksbehandler/skjema/{submission_id}"
    page = office.get(url)
    assert 'value="660\u00a0000"' in page.text and 'value="220\u00a0000"' in page.text  # the ladder
    token = csrf_token(page.text)
    differing = {"csrf_token": token, "outcome": "granted", "granted-0": "660 000", "granted-1": "200000",
                 "instalments": "2"}  # fmt: skip
    refused = office.post(url + "/vedtak", data=differing)
    assert refused.status_code == 400 and "Begrunn hvorfor Erfaringskonsulent" in refused.text
    assert 'value="200000"' in refused.text  # nothing typed is lost
    db = shipped_db
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


def test_roles_are_kept_apart(shipped_db, shipped_login):
    submission_id = _submitted(shipped_db)
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
def test_letters_for_the_whole_round_with_progress_and_one_merged_pdf(
    shipped_app, shipped_db, shipped_login
):
    rejected = factories.create_submission(
        shipped_db, state="rejected", organisation="3405",
        decision={"reason": "Søknaden gjelder drift."},
    )  # fmt: skip
    office = shipped_login("saksbehandler")
    overview = f"/saksbehandler/runde/{rejected['round_id']}"
    before = office.get(overview).text
    office.post(overview + "/brev", data={"csrf_token": csrf_token(before)})
    assert "0 av 1 brev er ferdige" in office.get(overview).text
    assert office.get(overview + "/alle-brev.pdf").status_code == 404  # a GET makes nothing
    instance = Path(shipped_app.config["INSTANCE_PATH"]).resolve()
    queue = jobs.job_queue(str(instance))
    tasks = [queue.dequeue() for _ in range(queue.pending_count())]
    [task] = [t for t in tasks if t.name == "make_letter_batch"]  # one job for the batch
    assert isinstance(task.args[0], int) and len(task.args) == 1  # carrying its id only
    assert queue.execute(task) == 1
    assert "1 av 1 brev er ferdige" in office.get(overview).text
    merged = office.get(overview + "/alle-brev.pdf")
    assert merged.status_code == 200
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(merged.data)).pages)
    assert "Søknaden gjelder drift." in text and "ikke et enkeltvedtak" in text
    [written] = (instance / "letters").rglob("*.pdf")
    stamp = written.stat().st_mtime_ns
    assert office.get(overview + "/alle-brev.pdf").data == merged.data
    assert written.stat().st_mtime_ns == stamp and queue.pending_count() == 0  # read, not made


# The demo round of the test form alle_felt (positions in the group "rader"): fast, no LibreOffice.


def submit_demo(demo_db) -> int:
    """Lillehammer's test form (alle_felt), submitted: navn Rusteam, two positions, 400 000."""
    return factories.create_submission(demo_db, state="submitted", organisation="3405")["id"]


def test_demo_overview_lists_46_municipalities_with_states_filters_and_totals(demo_db, login):
    round_row = factories.create_round(demo_db, form="alle_felt", budget_frame="32000000")
    factories.create_submission(demo_db, state="submitted", organisation="3405", round=round_row)
    url = f"/saksbehandler/runde/{round_row['id']}"
    office = login("saksbehandler")
    home = office.get("/saksbehandler/")
    assert home.doc.css_first(f'a[href="{url}"]') is not None
    response = office.get(url)
    page = response.text
    rows = [(row.css_first("th").text(), row.css_first("td").text())
            for row in response.doc.css("tbody tr")]  # fmt: skip
    assert len(rows) == 46
    states = {name.strip(): state.strip() for name, state in rows}
    assert states["Lillehammer kommune"] == "Sendt inn"
    assert list(states.values()).count("Ikke påbegynt") == 45
    assert "32\u00a0000\u00a0000\u00a0kr" in page  # the frame, as the kr filter writes it
    assert "400\u00a0000\u00a0kr" in page and "330\u00a0000\u00a0kr" in page  # applied, ladder
    assert '<meter min="0" max="32000000" value="400000"' in page  # the bar, with its text
    assert "dager igjen" in page
    for query, count in (("?status=submitted", 1), ("?status=not_started", 45), ("?q=LILLE", 1),
                         ("?q=kommune&status=draft", 0), ("?status=nonsense", 46)):  # fmt: skip
        assert _rows(office.get(url + query)) == count, query


def test_demo_decision_needs_a_justification_where_it_differs_and_a_reason_to_reject(
    demo_db, login
):
    db = demo_db
    submission_id = submit_demo(db)
    office = login("saksbehandler")
    url = f"/saksbehandler/skjema/{submission_id}"
    page = office.get(url).text
    assert 'value="220\u00a0000"' in page and 'value="110\u00a0000"' in page  # suggestions
    assert "Rusteam" in page  # the answers, read-only
    token = csrf_token(page)
    taken = office.post(url + "/status/under_assessment", data={"csrf_token": token})
    assert taken.status_code == 302
    assert submissions.submission_by_id(db, submission_id)["state"] == "under_assessment"

    differing = {"csrf_token": token, "outcome": "granted", "granted-0": "220 000",
                 "granted-1": "100 000", "instalments": "3", "internal_note": "Ring kommunen"}  # fmt: skip
    refused = office.post(url + "/vedtak", data=differing)
    assert refused.status_code == 400
    assert (
        'href="#justification-1"' in refused.text and 'id="justification-1-error"' in refused.text
    )
    assert "Begrunn hvorfor Konsulent får et annet beløp enn forslaget." in refused.text
    assert 'value="100 000"' in refused.text and "Ring kommunen" in refused.text  # nothing lost
    assert submissions.submission_by_id(db, submission_id)["state"] == "under_assessment"
    assert decisions.current_decision(db, submission_id) is None

    granted = office.post(url + "/vedtak", data={**differing, "justification-1": "Fjorårets nivå"})
    assert granted.status_code == 302
    assert submissions.submission_by_id(db, submission_id)["state"] == "granted"
    decision = decisions.current_decision(db, submission_id)
    assert decision["total"] == "320000" and decision["instalments"] == 3
    assert decision["positions"][1]["justification"] == "Fjorårets nivå"
    audit = [e for e in events_for_submission(db, submission_id) if e["action"] == "decision"]
    assert [(e["from_state"], e["to_state"], e["actor"]) for e in audit] == [
        ("under_assessment", "granted", "saksbehandler")]  # fmt: skip
    shown = office.get(url).text
    assert "320\u00a0000\u00a0kr" in shown and "Fjorårets nivå" in shown

    no_reason = office.post(url + "/vedtak", data={"csrf_token": token, "outcome": "rejected"})
    assert no_reason.status_code == 400 and 'href="#reason"' in no_reason.text
    assert "Skriv begrunnelsen for avslaget." in no_reason.text
    assert decisions.current_decision(db, submission_id)["outcome"] == "granted"
    bad_count = office.post(
        url + "/vedtak", data={**differing, "justification-1": "x", "instalments": "13"}
    )
    assert bad_count.status_code == 400 and "fra 1 til 12" in bad_count.text
    rejected = office.post(url + "/vedtak", data={"csrf_token": token, "outcome": "rejected",
                                                  "reason": "Gjelder drift"})  # fmt: skip
    assert rejected.status_code == 302
    assert submissions.submission_by_id(db, submission_id)["state"] == "rejected"
    assert [d["outcome"] for d in decisions.decision_history(db, submission_id)] == [
        "granted", "rejected"]  # fmt: skip


def test_demo_office_routes_are_closed_to_municipalities_and_decisions_to_the_help_desk(
    demo_app, demo_db, login
):
    municipality = login("lillehammer")
    submission_id = submit_demo(demo_db)
    token = csrf_token(municipality.get("/kommune/").text)
    checked = 0
    for rule in demo_app.url_map.iter_rules():
        if not rule.rule.startswith("/saksbehandler/"):
            continue
        url = re.sub(r"<int:\w+>", str(submission_id), rule.rule)
        url = re.sub(
            r"<(?:\w+:)?(\w+)>", lambda m: {"kind": "csv", "state": "paid"}.get(m[1], "1"), url
        )
        if "GET" in rule.methods:
            assert municipality.get(url).status_code == 403, url
        if "POST" in rule.methods:
            assert municipality.post(url, data={"csrf_token": token}).status_code == 403, url
        checked += 1
    assert checked >= 15
    desk = login("hjelp")
    token = csrf_token(desk.get(f"/hjelp/skjema/{submission_id}").text)
    url = f"/saksbehandler/skjema/{submission_id}"
    for action, data in (("/vedtak", {"outcome": "rejected", "reason": "x"}),
                         ("/vedtak", {"outcome": "granted", "granted-0": "1", "granted-1": "1"}),
                         ("/status/under_assessment", {})):  # fmt: skip
        assert desk.post(url + action, data={"csrf_token": token, **data}).status_code == 403
    assert submissions.submission_by_id(demo_db, submission_id)["state"] == "submitted"
    assert decisions.current_decision(demo_db, submission_id) is None


def test_demo_assessment_speaks_nynorsk_when_the_caseworker_chooses_it(demo_db, login):
    submission_id = submit_demo(demo_db)
    office = login("saksbehandler")
    url = f"/saksbehandler/skjema/{submission_id}"
    token = csrf_token(office.get(url).text)
    office.post("/sprak", data={"csrf_token": token, "lang": "nn", "next": url})
    page = office.get(url).text
    assert "Grunngiving for avslag" in page and "Sendt inn" in page
    refused = office.post(url + "/vedtak", data={"csrf_token": token, "outcome": "granted",
                                                 "granted-0": "tjue", "granted-1": "100000"})  # fmt: skip
    assert refused.status_code == 400
    assert "Skriv tildelt beløp for Rådgiver i heile kroner." in refused.text
    assert "Grunngi kvifor Konsulent får eit anna beløp enn forslaget." in refused.text
    overview = office.get("/saksbehandler/runde/1").text
    assert "Ikkje påbyrja" in overview and "dagar att" in overview
