"""The administrator's offices page: the offices with what belongs to each, a new caseworker or
help-desk account bound to an office, moving an organisation to another office; bad input is
shown on its field with what was typed kept, and nothing is stored."""

from __future__ import annotations

from formservice.storage import offices, organisations, users
from formservice.storage.audit import events_for_organisation
from formservice.storage.db import connect
from formservice.storage.security_log import security_events
from tests.helpers.app import csrf_token
from tests.helpers.pages import check_page


def test_the_administrator_makes_an_account_for_an_office(demo_app, login):
    client = login("admin")
    page = client.get("/admin/embeter")
    doc = check_page(page.text)
    assert len(doc.css("#offices tbody tr")) == 10 and "saksbehandler-vestland" in page.text
    token = csrf_token(page.text)
    db = connect(demo_app.config["DATABASE"])
    bad = {"csrf_token": token, "username": "kari nordmann", "full_name": "Kari", "email": "kari",
           "role": "admin", "office": "narnia", "language": "nb", "password": "kort"}  # fmt: skip
    refused = client.post("/admin/embeter/kontoer", data=bad)
    assert refused.status_code == 400
    check_page(refused.text)
    for message in ("Brukernavnet kan ha bokstaver", "Velg saksbehandler eller brukerstøtte",
                    "Velg embetet kontoen hører til", "Skriv e-postadressen"):  # fmt: skip
        assert message in refused.text, message
    assert 'value="kari nordmann"' in refused.text and 'value="kort"' not in refused.text
    good = {**bad, "username": "kari", "email": "kari@statsforvalteren.example", "role": "caseworker",
            "office": "vestland", "password": "fire tilfeldige ord i rad"}  # fmt: skip
    made = client.post("/admin/embeter/kontoer", data=good)
    assert made.status_code == 302
    kari = users.user_by_username(db, "kari")
    assert kari["role"] == "caseworker"
    assert kari["office_id"] == offices.office_by_slug(db, "vestland")["id"]
    created = security_events(db, username="kari", event="account_created")[0]
    assert created["detail"]["by"] == "admin"
    taken = client.post("/admin/embeter/kontoer", data=good)
    assert taken.status_code == 400 and "Brukernavnet er tatt" in taken.text


def test_the_administrator_moves_an_organisation_to_another_office(demo_app, login):
    client = login("admin")
    token = csrf_token(client.get("/admin/embeter").text)
    db = connect(demo_app.config["DATABASE"])
    gjovik = organisations.organisation_by_kommunenummer(db, "3407")
    for data, message in (({"organisation": "12", "target": "vestland"}, "Fant ingen organisasjon"),
                          ({"organisation": "3407", "target": ""}, "Velg embetet organisasjonen"),
                          ({"organisation": "3407", "target": "innlandet"}, "hører allerede til")):  # fmt: skip
        refused = client.post("/admin/embeter/flytt", data={"csrf_token": token, **data})
        assert refused.status_code == 400 and message in refused.text
        check_page(refused.text)
    assert organisations.organisation_by_id(db, gjovik["id"])["office_id"] == gjovik["office_id"]
    moved = client.post("/admin/embeter/flytt", data={"csrf_token": token, "organisation": gjovik["orgnr"],
                                                      "target": "vestland"})  # fmt: skip
    assert moved.status_code == 302
    vestland = offices.office_by_slug(db, "vestland")["id"]
    assert organisations.organisation_by_id(db, gjovik["id"])["office_id"] == vestland
    assert events_for_organisation(db, gjovik["id"])[-1]["action"] == "register:move"
    event = security_events(db, username="admin", event="organisation_moved")[0]
    assert event["detail"] == {
        "organisation_id": gjovik["id"],
        "office_id": [gjovik["office_id"], vestland],
    }
    done = client.get(moved.headers["Location"])
    check_page(done.text)
    assert "Organisasjonen er flyttet." in done.text
