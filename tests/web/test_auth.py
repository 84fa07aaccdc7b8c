"""Logging in and out: roles, lockout, sessions that logging out really ends, CSRF, headers."""

from __future__ import annotations

from formservice.web.security import COOKIE_NAME
from tests.helpers.app import csrf_token

SESSION_COOKIE = f"__Host-{COOKIE_NAME}"


def test_login_page_is_accessible_html(demo_app):
    response = demo_app.test_client().get("/logg-inn")  # checked, as every page is
    assert response.status_code == 200
    assert response.doc.css_first('label[for="username"]') is not None
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"


def test_wrong_password_is_refused_with_a_message(demo_app):
    client = demo_app.test_client()
    token = csrf_token(client.get("/logg-inn").text)
    response = client.post(
        "/logg-inn", data={"csrf_token": token, "username": "lillehammer", "password": "feil"}
    )
    assert response.status_code == 400
    assert "Feil brukernavn eller passord." in response.text
    assert client.get("/kommune/").status_code == 302


def test_five_failures_lock_the_account_even_with_the_right_password(demo_app):
    client = demo_app.test_client()
    for _ in range(5):
        token = csrf_token(client.get("/logg-inn").text)
        client.post("/logg-inn", data={"csrf_token": token, "username": "gjovik", "password": "x"})
    token = csrf_token(client.get("/logg-inn").text)
    response = client.post(
        "/logg-inn", data={"csrf_token": token, "username": "gjovik", "password": "demo"}
    )
    assert response.status_code == 400
    assert "For mange mislykkede forsøk" in response.text


def test_login_without_csrf_token_is_refused(demo_app):
    response = demo_app.test_client().post(
        "/logg-inn", data={"username": "lillehammer", "password": "demo"}
    )
    assert response.status_code == 400
    assert "/kommune/" not in response.headers.get("Location", "")


def test_municipality_user_lands_on_mine_skjema(login):
    client = login("lillehammer")
    response = client.get("/kommune/")
    assert response.status_code == 200
    assert response.doc.css_first("h1").text() == "Mine skjema"
    assert "Lillehammer kommune" in response.text


def test_session_cookie_is_httponly_and_samesite(demo_app):
    client = demo_app.test_client()
    token = csrf_token(client.get("/logg-inn").text)
    response = client.post(
        "/logg-inn", data={"csrf_token": token, "username": "lillehammer", "password": "demo"}
    )
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_a_copied_cookie_is_dead_after_logout(login):
    client = login("lillehammer")
    stolen = client.get_cookie(SESSION_COOKIE).value
    token = csrf_token(client.get("/kommune/").text)
    assert client.post("/logg-ut", data={"csrf_token": token}).status_code == 302
    other = client.application.test_client()
    other.set_cookie(SESSION_COOKIE, stolen)
    assert other.get("/kommune/").status_code == 302


def test_offices_and_municipalities_do_not_cross(login):
    caseworker = login("saksbehandler")
    assert caseworker.get("/kommune/").status_code == 403


def test_open_redirect_after_login_is_ignored(demo_app):
    client = demo_app.test_client()
    token = csrf_token(client.get("/logg-inn").text)
    response = client.post(
        "/logg-inn?next=https://evil.example/",
        data={"csrf_token": token, "username": "lillehammer", "password": "demo"},
    )
    assert response.headers["Location"] == "/kommune/"


def test_language_switch_to_nynorsk(login):
    client = login("lillehammer")
    token = csrf_token(client.get("/kommune/").text)
    client.post("/sprak", data={"csrf_token": token, "lang": "nn", "next": "/kommune/"})
    page = client.get("/kommune/").text
    assert '<html lang="nn">' in page
    assert "Opne søknadsrundar" in page


def test_session_fixation_a_session_id_planted_before_login_is_not_logged_in(demo_app):
    victim = demo_app.test_client()
    token = csrf_token(victim.get("/logg-inn").text)
    planted = victim.get_cookie(SESSION_COOKIE)
    assert planted is not None  # the login page's CSRF token lives in an anonymous session
    victim.post(
        "/logg-inn", data={"csrf_token": token, "username": "lillehammer", "password": "demo"}
    )
    assert victim.get("/kommune/").status_code == 200
    assert victim.get_cookie(SESSION_COOKIE).value != planted.value  # a new id at login
    attacker = demo_app.test_client()
    attacker.set_cookie(SESSION_COOKIE, planted.value)
    assert attacker.get("/kommune/").status_code == 302  # the planted id did not become a login
    # and an id the server never issued is not taken up either
    invented = demo_app.test_client()
    invented.set_cookie(SESSION_COOKIE, "a" * 43)
    invented.get("/logg-inn")
    assert invented.get_cookie(SESSION_COOKIE).value != "a" * 43
