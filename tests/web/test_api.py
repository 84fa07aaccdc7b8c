"""API v1: the same access rules as the web for each role, tokens that stop working when revoked
or expired, every call logged, and every status the OpenAPI document lists really answered."""

from __future__ import annotations

import pytest

from formservice.storage import api_access
from formservice.storage.db import connect
from formservice.storage.users import user_by_username
from tests.helpers.api import api_world, bearer


@pytest.fixture
def world(tmp_path, templates):
    return api_world(tmp_path, templates)


def _get(world, path: str, user: str | None = None):
    client = world.app.test_client()
    return client.get(f"/api/v1{path}", headers=bearer(world.tokens[user]) if user else {})


def test_a_municipality_sees_only_its_own_and_guessed_ids_are_not_found(world):
    own = _get(world, f"/submissions/{world.granted_id}", "lillehammer")
    assert own.status_code == 200 and own.json["organisation"]["name"] == "Lillehammer kommune"
    assert own.json["state"] == "ready_for_payment" and own.json["answers"]["stillinger"]
    for other in (world.submitted_id, world.draft_id, 999_999, 2**62):
        for path in (f"/submissions/{other}", f"/submissions/{other}/decision"):
            response = _get(world, path, "lillehammer")
            assert response.status_code == 404 and response.json == {"error": "not found"}
    listed = _get(world, f"/rounds/{world.round_id}/submissions", "lillehammer").json
    assert [s["id"] for s in listed["submissions"]] == [world.granted_id]
    decision = _get(world, f"/submissions/{world.granted_id}/decision", "lillehammer").json
    assert decision["total"] == "880000" and decision["internal_note"] is None
    for path in (f"/rounds/{world.round_id}/payments", f"/rounds/{world.round_id}/export"):
        assert _get(world, path, "lillehammer").status_code == 403
    assert _get(world, f"/submissions/{world.submitted_id}", "gjovik").status_code == 200
    assert _get(world, f"/submissions/{world.granted_id}", "gjovik").status_code == 404


def test_the_office_sees_every_submitted_form_decisions_payments_and_the_export(world):
    listed = _get(world, f"/rounds/{world.round_id}/submissions", "saksbehandler").json[
        "submissions"
    ]
    assert {s["id"] for s in listed} == {world.granted_id, world.submitted_id}  # not Lom's draft
    assert _get(world, f"/submissions/{world.draft_id}", "saksbehandler").status_code == 404
    ready = _get(
        world, f"/rounds/{world.round_id}/submissions?state=ready_for_payment", "saksbehandler"
    )
    assert [s["id"] for s in ready.json["submissions"]] == [world.granted_id]
    decision = _get(world, f"/submissions/{world.granted_id}/decision", "admin").json
    assert decision["internal_note"] == "Intern <vurdering>" and decision["instalments"] == 2
    assert (
        _get(world, f"/submissions/{world.submitted_id}/decision", "saksbehandler").status_code
        == 404
    )
    payments = _get(world, f"/rounds/{world.round_id}/payments", "saksbehandler").json
    assert payments["total"] == decision["total"] == "880000"  # the ladder's amounts
    assert [(p["name"], p["amount"], p["instalments"]) for p in payments["payments"]] == [
        ("Lillehammer kommune", "880000", 2)
    ]
    export = _get(world, f"/rounds/{world.round_id}/export", "saksbehandler").json["submissions"]
    assert {(r["organisation"]["name"], r["outcome"]) for r in export} == {
        ("Lillehammer kommune", "granted"), ("Gjøvik kommune", None)}  # fmt: skip
    helpdesk = _get(world, f"/submissions/{world.submitted_id}", "hjelp")
    assert helpdesk.status_code == 200
    assert _get(world, f"/rounds/{world.round_id}/payments", "hjelp").status_code == 403


def test_tokens_that_are_missing_wrong_revoked_or_expired_are_refused(world, monkeypatch):
    assert _get(world, "/rounds").status_code == 401
    client = world.app.test_client()
    for header in ("Bearer fs_nonsense", "Basic " + world.tokens["hjelp"], world.tokens["hjelp"],
                   "Bearer " + "x" * 5000):  # fmt: skip
        response = client.get("/api/v1/rounds", headers={"Authorization": header})
        assert response.status_code == 401 and response.headers["WWW-Authenticate"].startswith(
            "Bearer"
        )
    db = connect(world.app.config["DATABASE"])
    user = user_by_username(db, "hjelp")
    token, token_id = api_access.create_token(db, user, name="kort", days=1)
    assert client.get("/api/v1/rounds", headers=bearer(token)).status_code == 200
    assert api_access.revoke_token(db, user["id"], token_id)
    assert client.get("/api/v1/rounds", headers=bearer(token)).status_code == 401
    assert not api_access.revoke_token(db, user_by_username(db, "gjovik")["id"], 1)  # not theirs
    later = api_access.tokens_of_user(db, user["id"])[-1]["expires_at"].replace("2026", "2099")
    monkeypatch.setattr(api_access, "now_iso", lambda: later)
    assert client.get("/api/v1/rounds", headers=bearer(world.tokens["hjelp"])).status_code == 401
    with pytest.raises(ValueError):
        api_access.create_token(db, user, name="x", days=366)


def test_every_call_is_logged_with_who_and_what_it_answered(world):
    db = connect(world.app.config["DATABASE"])
    before = len(api_access.api_calls(db))
    _get(world, "/rounds", "gjovik")
    _get(world, f"/submissions/{world.granted_id}", "gjovik")
    _get(world, "/rounds")
    calls = api_access.api_calls(db)[before:]
    gjovik = user_by_username(db, "gjovik")["id"]
    assert [(c["method"], c["path"], c["status"], c["user_id"]) for c in calls] == [
        ("GET", "/api/v1/rounds", 200, gjovik),
        ("GET", f"/api/v1/submissions/{world.granted_id}", 404, gjovik),
        ("GET", "/api/v1/rounds", 401, None),
    ]
    assert calls[0]["token_id"] is not None and calls[2]["token_id"] is None


def _probe(world, path: str, status: str) -> tuple[str, dict]:
    """A request that should give ``status`` on the operation at ``path``."""
    ids = {"{round_id}": str(world.round_id), "{submission_id}": str(world.granted_id)}
    real = path
    for name, value in ids.items():
        real = real.replace(name, value)
    user = {"200": "saksbehandler", "403": "lillehammer", "404": "saksbehandler", "422": "hjelp"}
    if status == "404":
        real = real.replace(str(world.round_id), "999999").replace(str(world.granted_id), "999999")
    if status == "422":
        real += "?state=nonsense"
    return real, (bearer(world.tokens[user[status]]) if status in user else {})


def test_every_documented_status_is_really_answered(world):
    client = world.app.test_client()
    document = client.get("/api/v1/openapi.json").json
    assert document["openapi"] == "3.1.0"
    seen = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            assert method == "get"
            for status in operation["responses"]:
                url, headers = _probe(world, path, status)
                response = client.get(url, headers=headers)
                assert response.status_code == int(status), (path, status, response.json)
                assert response.mimetype == "application/json"
                seen.append(status)
    assert set(seen) == {"200", "401", "403", "404", "422"} and len(seen) >= 7 * 3


def test_the_documentation_page_is_served_from_the_document_without_scripts(world):
    from tests.helpers.pages import check_page

    client = world.app.test_client()
    page = client.get("/api/v1/")
    assert page.status_code == 200 and page.mimetype == "text/html"
    check_page(page.text)
    assert "<script" not in page.text and "http" not in page.headers["Content-Security-Policy"]
    document = client.get("/api/v1/openapi.json").json
    for path in document["paths"]:
        assert f"GET {path}" in page.text
    for name in document["components"]["schemas"]:
        assert f'id="shape-{name}"' in page.text
    assert 'curl -H "Authorization: Bearer $FORMSERVICE_TOKEN"' in page.text
    from tests.helpers.app import csrf_token

    client.post(
        "/sprak", data={"csrf_token": csrf_token(page.text), "lang": "nn", "next": "/api/v1/"}
    )
    nynorsk = client.get("/api/v1/").text
    assert "Operasjonar" in nynorsk and "Datatypar" in nynorsk
