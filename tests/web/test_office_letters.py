"""Sending letters: the state is checked and recorded before any mail leaves, a second click
mails nothing, a letter of a superseded decision is never sent, and the municipality sees only
the letter it was sent."""

from __future__ import annotations

import datetime as dt

import pytest

from formservice.documents import jobs
from formservice.documents.kinds import LETTER_KINDS
from formservice.storage import documents, office, submissions, users
from formservice.storage.db import connect
from formservice.storage.decisions import record_decision
from formservice.storage.helpdesk import reopen_submission
from formservice.storage.letters import request_letter
from tests.helpers.app import csrf_token
from tests.helpers.letters import POSITIONS, decided

pytestmark = [pytest.mark.libreoffice, pytest.mark.xdist_group("libreoffice")]


def _letter(settings, submission_id) -> int:
    db = connect(settings["DATABASE"])
    document_id = request_letter(db, submission_id, LETTER_KINDS)
    assert jobs.make_document(settings, document_id) == "done"
    return document_id


def _send(office, submission_id):
    url = f"/saksbehandler/skjema/{submission_id}"
    return office.post(url + "/send", data={"csrf_token": csrf_token(office.get(url).text)})


def test_a_second_click_mails_nothing(shipped_app, shipped_login, smtp_server):
    settings = dict(shipped_app.config)
    submission_id = decided(settings, name="Klikkekommune", number=11)
    _letter(settings, submission_id)
    office = shipped_login("saksbehandler")
    assert _send(office, submission_id).status_code == 302
    smtp_server.inbox.wait_for(lambda m: m["Subject"].startswith("Tilskuddsbrev"))
    again = _send(office, submission_id)
    assert again.status_code == 409 and "Brevet kan ikke sendes" in again.text
    assert len(smtp_server.inbox.messages) == 1


def test_a_letter_of_a_superseded_decision_or_a_reopened_form_is_never_mailed(
    shipped_app, shipped_login, smtp_server
):
    settings = dict(shipped_app.config)
    submission_id = decided(settings, name="Omgjøringskommune", number=12)
    _letter(settings, submission_id)  # made for the first decision
    db = connect(settings["DATABASE"])
    caseworker = users.user_by_username(db, "saksbehandler")
    office.mark_state(db, submission_id, "under_assessment", actor=caseworker)
    lower = [dict(POSITIONS[0], granted=100_000)]
    record_decision(db, submission_id, outcome="granted", actor=caseworker, positions=lower)
    client = shipped_login("saksbehandler")
    stale = _send(client, submission_id)
    assert stale.status_code == 400 and "Lag brevet for vedtaket som gjelder" in stale.text
    assert submissions.submission_by_id(db, submission_id)["state"] == "granted"

    office.mark_state(db, submission_id, "under_assessment", actor=caseworker)
    reopen_submission(db, submission_id, actor=users.user_by_username(db, "hjelp"),
                      reason="Feil i budsjettet", reopen_until=dt.date(2099, 12, 31))  # fmt: skip
    _letter(settings, submission_id)  # a letter for the decision in force, then reopened
    reopened = _send(client, submission_id)
    assert reopened.status_code == 409
    assert submissions.submission_by_id(db, submission_id)["state"] == "draft"
    assert smtp_server.inbox.messages == []  # nothing left, at any point


def test_the_municipality_sees_only_the_letter_it_was_sent(shipped_app, shipped_login):
    settings = dict(shipped_app.config)
    db = connect(settings["DATABASE"])
    lillehammer = db["organisations"].rows_where("kommunenummer = '3405'").__next__()
    submission_id = decided(settings, name="x", number=13)
    db["submissions"].update(submission_id, {"organisation_id": lillehammer["id"]})
    first = _letter(settings, submission_id)
    second = _letter(settings, submission_id)  # asked for again: the first is superseded
    municipality = shipped_login("lillehammer")
    receipt = municipality.get(f"/kommune/skjema/{submission_id}/kvittering").text
    base = f"/kommune/skjema/{submission_id}/dokument"
    for document_id in (first, second):
        assert f"dokument/{document_id}.pdf" not in receipt
        assert municipality.get(f"{base}/{document_id}.pdf").status_code == 404  # not yet sent
    assert _send(shipped_login("saksbehandler"), submission_id).status_code == 302
    receipt = municipality.get(f"/kommune/skjema/{submission_id}/kvittering").text
    assert f"dokument/{second}.pdf" in receipt and f"dokument/{first}.pdf" not in receipt
    assert municipality.get(f"{base}/{second}.pdf").status_code == 200
    assert municipality.get(f"{base}/{first}.pdf").status_code == 404  # never sent: hidden
    assert documents.document_by_id(db, first)["sent_at"] is None
