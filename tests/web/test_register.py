"""The register in the web: prefilled read-only fields, a reported account number approved by a
caseworker and used for payment, and the office's pages with bad input on every field."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from formservice.documents.contexts import letter
from formservice.storage import (
    office,
    organisations,
    register_changes,
    rounds,
    submissions,
    users,
)
from formservice.storage.db import connect
from tests import factories
from tests.helpers.app import csrf_token
from tests.helpers.pages import check_page

ROOT = Path(__file__).resolve().parents[2]
COMPLETE = json.loads((ROOT / "tests/fixtures/answers/rusarbeid-complete.json").read_text("utf-8"))
NEW_ACCOUNT = "99991234000"


def _start(client) -> str:
    home = client.get("/kommune/").text
    action = re.search(r'action="(/kommune/runde/\d+/start)"', home).group(1)
    return client.post(action, data={"csrf_token": csrf_token(home)}).headers["Location"]


def test_the_applicant_page_is_prefilled_read_only_and_ignores_posted_values(
    shipped_app, shipped_login
):
    client = shipped_login("lillehammer")
    tasks = _start(client)
    url = tasks + "side/om_soker"
    page = client.get(url)
    check_page(page.text)
    assert "Lillehammer (3405)" in page.text and "993405000" in page.text
    assert "Postboks 1\n3405 Lillehammer" in page.text
    assert 'name="kommune"' not in page.text and 'name="kontonr"' not in page.text
    assert "<select" not in page.text  # no longer a pick among 357 municipalities
    assert 'href="/kommune/opplysninger/endre/kontonummer"' in page.text
    base = re.search(r'name="base_version" value="(\d+)"', page.text).group(1)
    forged = {"csrf_token": csrf_token(page.text), "base_version": base, "action": "save",
              "kommune": "0301", "orgnr": "974762501", "kontonr": "12345678903",
              "adresse": "Et annet sted", "kontakt_navn": "Kari Demo"}  # fmt: skip
    assert client.post(url, data=forged).status_code == 200  # saved; the other answers missing
    db = connect(shipped_app.config["DATABASE"])
    submission_id = int(re.search(r"/skjema/(\d+)/", tasks).group(1))
    saved = submissions.current_answers(db, submissions.submission_by_id(db, submission_id))
    assert saved["kommune"] == "3405" and saved["orgnr"] == "993405000"
    assert saved["kontonr"] == "99993405007" and saved["adresse"] == "Postboks 1\n3405 Lillehammer"
    assert saved["kontakt_navn"] == "Kari Demo"
    nynorsk = shipped_login("lom")
    lom = nynorsk.get(_start(nynorsk) + "side/om_soker").text
    check_page(lom)
    assert "Henta frå registeret til Statsforvaltaren" in lom and "Lom (3434)" in lom


def test_a_reported_account_number_is_paid_to_only_once_approved(shipped_app, shipped_login):
    db = connect(shipped_app.config["DATABASE"])
    ready = factories.create_submission(db, state="ready_for_payment", organisation="3405",
                                        round="rus-2021")  # fmt: skip
    round_id = ready["round_id"]
    municipality = shipped_login("lillehammer")
    facts = municipality.get("/kommune/opplysninger")
    check_page(facts.text)
    url = "/kommune/opplysninger/endre/kontonummer"
    form = municipality.get(url).text
    check_page(form)
    for typed in ("1234", "12345678901", "kontonummer", "9999 12 3400"):
        refused = municipality.post(
            url, data={"csrf_token": csrf_token(form), "account_number": typed}
        )
        assert refused.status_code == 400 and "11 siffer med gyldig kontrollsiffer" in refused.text
        check_page(refused.text)
        assert f'value="{typed}"' in refused.text  # what was typed is kept
    same = municipality.post(
        url, data={"csrf_token": csrf_token(form), "account_number": "9999.34.05007"}
    )
    assert same.status_code == 400 and "registeret har fra før" in same.text
    reported = municipality.post(url, data={"csrf_token": csrf_token(form),
                                            "account_number": "9999 12 34000", "note": "Ny bank"})  # fmt: skip
    assert reported.status_code == 302
    assert "Endringen er meldt" in municipality.get(reported.headers["Location"]).text

    payment = shipped_login("saksbehandler")
    csv_url = f"/saksbehandler/runde/{round_id}/utbetaling.csv"
    rows = list(
        csv.reader(io.StringIO(payment.get(csv_url).data.decode("utf-8-sig")), delimiter=";")
    )
    assert rows[1][2] == "99993405007"  # pending: the approved number is still paid to
    register = payment.get("/saksbehandler/register")
    check_page(register.text)
    assert "Meldte endringer som venter på godkjenning (1)" in register.text
    lillehammer = organisations.organisation_by_kommunenummer(db, "3405")
    page_url = f"/saksbehandler/register/{lillehammer['id']}"
    page = payment.get(page_url)
    check_page(page.text)
    [change] = register_changes.pending_changes(db)
    decide = f"{page_url}/endring/{change['id']}"
    no_reason = payment.post(
        decide, data={"csrf_token": csrf_token(page.text), "decision": "reject"}
    )
    assert no_reason.status_code == 400 and "Skriv hvorfor endringen avvises" in no_reason.text
    check_page(no_reason.text)
    approved = payment.post(
        decide, data={"csrf_token": csrf_token(page.text), "decision": "approve"}
    )
    assert approved.status_code == 302
    twice = payment.post(decide, data={"csrf_token": csrf_token(page.text), "decision": "approve"})
    assert twice.status_code == 409 and "allerede behandlet" in twice.text
    rows = list(
        csv.reader(io.StringIO(payment.get(csv_url).data.decode("utf-8-sig")), delimiter=";")
    )
    assert rows[1][2] == NEW_ACCOUNT
    history = payment.get(page_url).text
    # numbers grouped as people read them (non-breaking spaces), here and in the list
    assert "«9999\u00a034\u00a005007» → «9999\u00a012\u00a034000»" in history
    assert "Endring godkjent" in history and "<dd>993\u00a0405\u00a0000</dd>" in history
    submission = submissions.submission_for(db, round_id, lillehammer["id"])
    document = {"submission_id": submission["id"], "language": "nb"}
    context = letter(db, dict(shipped_app.config), document)
    assert context["recipient"]["address"] == "Postboks 1\n3405 Lillehammer"
    assert context["recipient"]["account"] == NEW_ACCOUNT
    other = shipped_login("gjovik")
    assert other.get(page_url).status_code == 403


def test_the_office_adds_and_edits_an_applicant_with_every_field_checked(
    shipped_app, shipped_login
):
    client = shipped_login("saksbehandler")
    form = client.get("/saksbehandler/register/ny")
    check_page(form.text)
    token = csrf_token(form.text)
    bad = {"csrf_token": token, "kind": "helseforetak", "name": "", "orgnr": "123", "account_number": "1",
           "postal_address": "Postboks 104", "postcode": "23", "post_town": "Brumunddal",
           "email": "ikke-epost", "language": "en", "county_number": "99", "kommunenummer": "abcd"}  # fmt: skip
    refused = client.post("/saksbehandler/register/ny", data=bad)
    assert refused.status_code == 400
    check_page(refused.text)
    for text in ("Skriv navnet på organisasjonen", "9 siffer med gyldig kontrollsiffer",
                 "11 siffer med gyldig", "Postnummeret må ha 4 siffer", "Skriv en e-postadresse",
                 "Velg bokmål eller nynorsk", "Velg fylket", "finnes ikke i kommunelisten"):  # fmt: skip
        assert text in refused.text, text
    assert 'value="Postboks 104"' in refused.text
    db = connect(shipped_app.config["DATABASE"])
    count = db["organisations"].count
    good = {**bad, "name": "Sykehuset Demo HF", "orgnr": "983 971 709", "account_number": "",
            "postcode": "2381", "email": "post@sykehuset.example", "language": "nb",
            "county_number": "34", "kommunenummer": ""}  # fmt: skip
    added = client.post("/saksbehandler/register/ny", data=good)
    assert added.status_code == 302 and db["organisations"].count == count + 1
    again = client.post("/saksbehandler/register/ny", data=good)
    assert again.status_code == 400 and "allerede registrert på Sykehuset Demo HF" in again.text
    assert db["organisations"].count == count + 1
    edit_url = added.headers["Location"] + "/endre"
    check_page(client.get(edit_url).text)
    bad_edit = client.post(edit_url, data={**good, "account_number": "86011117940"})
    assert bad_edit.status_code == 400
    edited = client.post(edit_url, data={**good, "account_number": NEW_ACCOUNT})
    assert edited.status_code == 302
    found = organisations.organisation_by_orgnr(db, "983971709")
    assert found["account_number"] == NEW_ACCOUNT and found["kind"] == "helseforetak"
    listed = client.get("/saksbehandler/register?type=helseforetak&fylke=34&q=sykehuset")
    check_page(listed.text)
    assert "Sykehuset Demo HF" in listed.text and "Lillehammer kommune" not in listed.text
    assert "<td>983\u00a0971\u00a0709</td><td>9999\u00a012\u00a034000</td>" in listed.text
    assert client.get("/saksbehandler/register/999999").status_code == 404
    overview = office.round_overview(db, rounds.round_by_slug(db, "rus-2021")["id"])
    assert len(overview) == 46  # a health trust is not expected to apply (listed once it does)
    post_60 = rounds.round_by_slug(db, "vls-2021")
    submissions.start_submission(db, round_row=post_60, organisation_id=found["id"],
                                 actor=users.user_by_username(db, "saksbehandler"))  # fmt: skip
    names = [row["organisation"]["name"] for row in office.round_overview(db, post_60["id"])]
    assert len(names) == 47 and names[-1] == "Sykehuset Demo HF"
