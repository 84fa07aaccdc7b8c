"""Every route of the URL map, GET and POST, as every role, with hostile values: never a 500.

Hypothesis picks a route, an actor, values for the route's arguments (ids of 2^63 and more,
negative ones, superscript and Arabic-Indic digits, CR/LF, very long text), a query string and
form fields (missing, duplicated, hostile; with or without a valid CSRF token, so the views
themselves run). The database is the demo one, changed by whatever the posts manage to do.
What it found is kept as plain cases in tests/web/test_security.py and the modules' own tests.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from formservice.storage.db import connect
from tests import factories
from tests.helpers.app import csrf_token

ACTORS = ["anonymous", "lillehammer", "lillehammer-medarbeider", "gjovik", "saksbehandler", "hjelp",
          "admin"]  # fmt: skip
COOKIE = "__Host-formservice_session"
HOSTILE = [
    "9223372036854775807", "9223372036854775808", "99999999999999999999", "-1", "-9223372036854775809",
    "0", "1", "²", "٣", "１", "1e30", "1e999999999", "NaN", "-0", "1,5", "abc", "", " ", "\r\nX: y",
    "/kommune/\r\nX: y", "//evil.example", "/\\evil.example", "\x00", "\ufffe", "\u202e", "{{ 7*7 }}",
    "<script>", "x" * 20_000, "Ø" * 5_000, "demo", "y", "granted", "rejected", "under_assessment",
    "nn", "nb", "add:rader", "remove:rader:99999", "next", "save", "31.02.2024", "01.01.2099",
]  # fmt: skip
NAMES = [
    "base_version", "action", "navn", "beskrivelse", "antall", "belop", "dato", "valg", "avkrysning",
    "accept", "name", "title", "outcome", "granted-0", "granted-1", "granted-total", "justification-0",
    "instalments", "conditions", "internal_note", "reason", "until", "lang", "next", "username",
    "password", "current", "new", "again", "q", "status", "bruker", "hendelse", "før", "lagret", "vis",
    "rader-0-tittel", "rader-²-pst", "rader-99999999999-aar", "likert-s1", "erklaering-confirmed",
]  # fmt: skip
_values = st.one_of(st.sampled_from(HOSTILE), st.integers(-(2**70), 2**70).map(str),
                    st.text(max_size=60))  # fmt: skip
_ids = st.one_of(st.sampled_from(["9223372036854775808", "99999999999999999999", "1" * 400, "-1", "²",
                                  "٣", "１", "0", "1.5", "1e3", "%0D%0A"]),
                 st.integers(2**63, 2**80).map(str), st.integers(-(2**70), -1).map(str))  # fmt: skip
_pairs = st.lists(st.tuples(st.sampled_from(NAMES), _values), max_size=12)


@pytest.fixture
def world(demo_app, login):
    db = connect(demo_app.config["DATABASE"])
    submission = factories.create_submission(
        db, state="letter_sent", organisation="3405", answers={}
    )
    factories.create_submission(db, organisation="3407", answers={})
    clients = {"anonymous": demo_app.test_client()}
    clients.update({actor: login(actor) for actor in ACTORS[1:]})
    cookies = {actor: clients[actor].get_cookie(COOKIE).value for actor in ACTORS[1:]}
    tokens = {actor: csrf_token(clients[actor].get("/logg-inn" if actor == "anonymous" else "/konto/").text)
              for actor in ACTORS}  # fmt: skip
    rules = sorted(demo_app.url_map.iter_rules(), key=lambda r: r.rule)
    return clients, cookies, tokens, rules, submission


@settings(max_examples=400, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])  # fmt: skip
@given(data=st.data())
def test_no_route_answers_500_to_anything(world, data):
    clients, cookies, tokens, rules, submission = world
    rule = data.draw(st.sampled_from(rules), label="route")
    area = {"/kommune/": ACTORS[1:4], "/saksbehandler/": ["saksbehandler", "admin"],
            "/hjelp/": ["hjelp", "admin"], "/admin/": ["admin"]}  # fmt: skip
    likely = next((a for prefix, a in area.items() if rule.rule.startswith(prefix)), ACTORS)
    actor = data.draw(st.one_of(st.sampled_from(likely), st.sampled_from(ACTORS)), label="actor")
    method = data.draw(
        st.sampled_from(sorted((rule.methods or set()) & {"GET", "POST"})), label="method"
    )
    real = {"submission_id": str(submission["id"]), "round_id": str(submission["round_id"]),
            "page_id": "side_to", "number": "1", "state": "under_assessment", "kind": "pdf",
            "name": "designsystemet.css", "filename": "app.css", "document_id": "1",
            "attachment_id": "x"}  # fmt: skip
    url = rule.rule
    for name in rule.arguments:
        converter = rule._converters[name].__class__.__name__
        hostile = _ids if converter == "IdConverter" else _values
        value = data.draw(st.one_of(st.just(real.get(name, "1")), hostile), label=name)
        url = re.sub(rf"<(?:\w+:)?{name}>", quote(value, safe="") or "0", url)
    query = data.draw(_pairs, label="query")
    url += "?" + "&".join(f"{quote(k)}={quote(v, safe='')}" for k, v in query) if query else ""
    client = clients[actor]
    if actor in cookies:
        client.set_cookie(COOKIE, cookies[actor])
    if method == "GET":
        response = client.get(url)
    else:
        fields = data.draw(_pairs, label="form")
        if data.draw(st.booleans(), label="with token"):
            fields.append(("csrf_token", tokens[actor]))
        headers = {"X-CSRFToken": tokens[actor]} if data.draw(st.booleans(), label="header") else {}
        response = client.post(url, data=MultiDict(fields), headers=headers)
    assert response.status_code < 500, (method, url, response.status_code)
