"""Min konto: password change, logging out other sessions, and the security event log they feed."""

from __future__ import annotations

import re

import pytest

from formservice.storage.db import connect
from formservice.storage.security_log import security_events
from tests.helpers.app import csrf_token
from tests.helpers.pages import check_page

NEW_PASSWORD = "fire tilfeldige ord i rad"


def _change(client, current: str, new: str, again: str | None = None):
    token = csrf_token(client.get("/konto/").text)
    return client.post("/konto/passord", data={"csrf_token": token, "current": current, "new": new,
                                               "again": new if again is None else again})  # fmt: skip


def test_the_account_page_is_accessible_in_both_languages(login):
    client = login("lillehammer")
    page = client.get("/konto/")
    assert page.status_code == 200
    check_page(page.text)
    assert "Endre passord" in page.text and "Logg ut på alle andre enheter" in page.text
    client.post(
        "/sprak", data={"csrf_token": csrf_token(page.text), "lang": "nn", "next": "/konto/"}
    )
    assert "Logg ut på alle andre einingar" in client.get("/konto/").text


@pytest.mark.parametrize(
    ("current", "new", "again", "message"),
    [
        ("feil", NEW_PASSWORD, None, "Det nåværende passordet er feil."),
        ("demo", "kort", None, "Passordet må ha minst 12 tegn."),
        ("demo", "password1234", None, "Passordet er for lett å gjette"),
        ("demo", "lillehammer2024", None, "Passordet er for lett å gjette"),
        ("demo", NEW_PASSWORD, NEW_PASSWORD + "x", "Passordene er ikke like."),
    ],
)
def test_a_refused_password_change_says_why_and_changes_nothing(
    login, current, new, again, message
):
    client = login("lillehammer")
    response = _change(client, current, new, again)
    assert response.status_code == 400
    assert message in response.text
    check_page(response.text)
    assert client.get("/kommune/").status_code == 200
    login("lillehammer", "demo")  # the old password still works


def test_a_password_change_ends_the_other_sessions_and_keeps_this_one(demo_app, login):
    phone = login("lillehammer")
    laptop = login("lillehammer")
    old_cookie = laptop.get_cookie("__Host-formservice_session").value
    response = _change(laptop, "demo", NEW_PASSWORD)
    assert response.status_code == 302
    assert "Passordet er endret" in laptop.get(response.headers["Location"]).text
    assert laptop.get("/kommune/").status_code == 200
    assert laptop.get_cookie("__Host-formservice_session").value != old_cookie  # a new session
    assert phone.get("/kommune/").status_code == 302
    login("lillehammer", NEW_PASSWORD)
    with pytest.raises(AssertionError):
        login("lillehammer", "demo")
    db = connect(demo_app.config["DATABASE"])
    assert security_events(db, username="lillehammer", event="password_changed")


def test_log_out_my_other_sessions(demo_app, login):
    phone, laptop = login("gjovik"), login("gjovik")
    page = laptop.get("/konto/").text
    assert "Du er logget inn i én annen nettleser eller enhet." in page
    tablet = login("gjovik")
    assert "Du er logget inn i 2 andre nettlesere eller enheter." in tablet.get("/konto/").text
    response = laptop.post("/konto/logg-ut-andre", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 302
    assert phone.get("/kommune/").status_code == 302
    assert tablet.get("/kommune/").status_code == 302
    assert laptop.get("/kommune/").status_code == 200
    assert "Du er ikke logget inn noe annet sted." in laptop.get("/konto/").text
    events = security_events(connect(demo_app.config["DATABASE"]), event="sessions_ended")
    assert events[0]["username"] == "gjovik" and events[0]["detail"] == {"ended": 2}


def test_the_security_log_records_logins_refusals_exports_and_is_read_by_admins(demo_app, login):
    client = demo_app.test_client()
    token = csrf_token(client.get("/logg-inn").text)
    client.post("/logg-inn", data={"csrf_token": token, "username": "hjelp", "password": "feil"})
    caseworker = login("saksbehandler")
    assert caseworker.get("/admin/utboks").status_code == 403
    round_page = caseworker.get("/saksbehandler/").text
    round_id = re.search(r"/saksbehandler/runde/(\d+)", round_page).group(1)
    assert caseworker.get(f"/saksbehandler/runde/{round_id}/utbetaling.csv").status_code == 200
    caseworker.post("/logg-ut", data={"csrf_token": csrf_token(round_page)})
    db = connect(demo_app.config["DATABASE"])
    seen = [(e["event"], e["username"]) for e in security_events(db, limit=20)]
    for expected in [("login_failed", "hjelp"), ("login", "saksbehandler"),
                     ("forbidden", "saksbehandler"), ("export", "saksbehandler"),
                     ("logout", "saksbehandler"), ("account_created", "admin")]:  # fmt: skip
        assert expected in seen, expected
    export = next(e for e in security_events(db, event="export"))
    assert export["detail"]["file"].startswith("utbetaling-") and export["ip"] == "127.0.0.1"

    admin = login("admin")
    page = admin.get("/admin/sikkerhetslogg?hendelse=export")
    assert page.status_code == 200
    check_page(page.text)
    assert "utbetaling-" in page.text and "login_failed" not in page.text.split("<tbody>")[1]
    assert login("hjelp").get("/admin/sikkerhetslogg").status_code == 403
