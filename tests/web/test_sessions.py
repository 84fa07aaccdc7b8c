"""Session limits (ASVS 3.3.2): 30 minutes idle, 12 hours at most, a warning and a way to stay."""

from __future__ import annotations

import datetime as dt
import re

from formservice.storage.db import connect
from formservice.storage.security_log import security_events
from formservice.storage.sessions import ABSOLUTE_LIMIT, IDLE_LIMIT
from tests.helpers.app import csrf_token
from tests.helpers.pages import check_page


def _age_sessions(app, *, idle: dt.timedelta, age: dt.timedelta | None = None) -> None:
    db = connect(app.config["DATABASE"])
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    for row in list(db["user_sessions"].rows):
        changes = {"last_seen": (now - idle).isoformat()}
        if age is not None:
            changes["created_at"] = (now - age).isoformat()
        db["user_sessions"].update(row["token_hash"], changes)


def _last_seen(app) -> dt.datetime:
    db = connect(app.config["DATABASE"])
    return max(dt.datetime.fromisoformat(r["last_seen"]) for r in db["user_sessions"].rows)


def test_a_session_idle_for_more_than_30_minutes_is_over(demo_app, login):
    client = login("lillehammer")
    _age_sessions(demo_app, idle=IDLE_LIMIT - dt.timedelta(minutes=1))
    assert client.get("/kommune/").status_code == 200
    _age_sessions(demo_app, idle=IDLE_LIMIT + dt.timedelta(seconds=5))
    assert client.get("/kommune/").status_code == 302
    expired = security_events(connect(demo_app.config["DATABASE"]), event="session_expired")
    assert expired[0]["username"] == "lillehammer" and expired[0]["detail"] == {"limit": "idle"}


def test_a_session_used_all_along_still_ends_after_12_hours(demo_app, login):
    client = login("lillehammer")
    _age_sessions(demo_app, idle=dt.timedelta(0), age=ABSOLUTE_LIMIT - dt.timedelta(minutes=1))
    assert client.get("/kommune/").status_code == 200
    _age_sessions(demo_app, idle=dt.timedelta(0), age=ABSOLUTE_LIMIT + dt.timedelta(seconds=1))
    assert client.get("/kommune/").status_code == 302


def test_every_page_says_when_the_session_ends_and_loads_the_warning_script(demo_app, login):
    client = login("lillehammer")
    page = client.get("/kommune/").text
    check_page(page)
    expires_in = int(re.search(r'data-expires-in="(\d+)"', page).group(1))
    assert IDLE_LIMIT.total_seconds() - 120 <= expires_in <= IDLE_LIMIT.total_seconds()
    assert 'data-extendable="true"' in page and "/static/session.js" in page
    assert "Fortsett å være logget inn" in page
    token = csrf_token(page)
    client.post("/sprak", data={"csrf_token": token, "lang": "nn", "next": "/kommune/"})
    assert "Hald fram med å vere innlogga" in client.get("/kommune/").text
    assert "session-timeout" not in demo_app.test_client().get("/").text  # logged out: no warning


def test_near_the_12_hours_the_warning_says_the_session_cannot_be_extended(demo_app, login):
    client = login("lillehammer")
    _age_sessions(demo_app, idle=dt.timedelta(0), age=ABSOLUTE_LIMIT - dt.timedelta(minutes=10))
    page = client.get("/kommune/").text
    assert 'data-extendable="false"' in page
    assert 540 <= int(re.search(r'data-expires-in="(\d+)"', page).group(1)) <= 600


def test_staying_logged_in_extends_the_session_from_now(demo_app, login):
    client = login("lillehammer")
    token = csrf_token(client.get("/kommune/").text)
    _age_sessions(demo_app, idle=dt.timedelta(minutes=27))
    before = _last_seen(demo_app)
    response = client.post("/okt/forleng", headers={"X-CSRFToken": token})
    assert response.status_code == 200
    assert response.json["logged_in"] is True and response.json["extendable"] is True
    assert response.json["expires_in"] >= IDLE_LIMIT.total_seconds() - 5
    assert _last_seen(demo_app) - before >= dt.timedelta(minutes=26)


def test_staying_logged_in_needs_the_csrf_token_and_a_live_session(demo_app, login):
    client = login("lillehammer")
    assert client.post("/okt/forleng").status_code == 400
    token = csrf_token(client.get("/kommune/").text)
    _age_sessions(demo_app, idle=IDLE_LIMIT + dt.timedelta(minutes=1))
    response = client.post("/okt/forleng", headers={"X-CSRFToken": token})
    assert response.status_code == 401 and response.json == {"logged_in": False}
