"""CSRF: every POST route refuses a request without the token, and nothing changes.

Every URL posted to exists (real ids, a real page and state), so the answer must be the CSRF
refusal itself: a 404 would only show the URL was wrong, not that the token was checked.
"""

from __future__ import annotations

import re

from flask_wtf import FlaskForm

from formservice.storage.db import connect
from tests.helpers.pages import check_page


def _rows(app) -> dict[str, int]:
    db = connect(app.config["DATABASE"])
    return {
        t: db[t].count for t in ("submissions", "submission_versions", "audit_log", "user_sessions")
    }


def _started(login):
    """Lillehammer's client, its round's start URL and the task list of the draft it started."""
    client = login("lillehammer")
    home = client.get("/kommune/").text
    start = re.search(r'action="(/kommune/runde/\d+/start)"', home).group(1)
    token = re.search(r'name="csrf_token" value="([^"]+)"', home).group(1)
    return client, start, client.post(start, data={"csrf_token": token}).headers["Location"]


def test_every_post_route_needs_the_token(demo_app, login):
    client, start, tasks = _started(login)
    before = _rows(demo_app)
    values = {"round_id": int(start.split("/")[3]), "submission_id": int(tasks.split("/")[3]),
              "page_id": "side_en", "state": "under_assessment", "number": 1, "fact": "epost",
              "organisation_id": 1, "change_id": 1, "token_id": 1, "grant_id": 1, "name": "idporten",
              "form_id": "alle_felt", "year": 2021, "slug": "innlandet"}  # fmt: skip
    # the provider's back channel has no browser and no cookie: a signed logout token is its
    # proof (tests/web/test_oidc_login.py refuses forged ones)
    exempt = {"/logg-ut/<any(idporten, staff):name>/bakkanal"}
    posts = []
    for rule in demo_app.url_map.iter_rules():
        if "POST" not in (rule.methods or set()) or rule.rule in exempt:
            continue
        url = rule.rule
        for name in rule.arguments:
            url = re.sub(rf"<(?:[^:>]+:)?{name}>", str(values[name]), url)
        posts.append(url)
        response = client.post(url, data={"navn": "uten token", "lang": "nn", "base_version": "0"})
        assert response.status_code == 400, (url, response.status_code)
        assert "Skjemaet var utløpt" in response.text, url  # the CSRF refusal, not another 400
    assert {"/logg-inn", "/logg-ut", "/sprak", start} <= set(posts)
    assert _rows(demo_app) == before
    assert client.get("/kommune/").status_code == 200  # still logged in: logout refused too


def test_the_token_inputs_written_by_hand_are_the_ones_wtforms_renders(demo_app, login):
    client, _, tasks = _started(login)
    page = client.get(f"{tasks.rstrip('/')}/side/side_en")
    assert page.status_code == 200, tasks
    login_page = demo_app.test_client().get("/logg-inn")
    for html in (page.text, login_page.text):
        check_page(html)
        written = re.search(r'<input id="csrf_token"[^>]*>', html).group(0)
        value = re.search(r'value="([^"]+)"', written).group(1)
        with demo_app.test_request_context():
            form = FlaskForm(formdata=None)
            form.csrf_token.current_token = value
            assert written == str(form.csrf_token)
