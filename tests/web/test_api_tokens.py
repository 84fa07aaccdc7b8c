"""API tokens made and revoked on the web page and with the command line; shown once, stored
hashed, another user's token cannot be revoked, and garbage is refused with a message."""

from __future__ import annotations

import re

from formservice.cli import main
from formservice.storage import api_access
from formservice.storage.db import connect
from formservice.storage.users import user_by_username
from tests.helpers.app import csrf_token
from tests.helpers.pages import check_page


def test_a_user_makes_a_token_sees_it_once_uses_it_and_revokes_it(demo_app, login):
    client = login("gjovik")
    page = client.get("/api-nokler/")
    check_page(page.text)
    assert "Du har ingen API-nøkler." in page.text
    made = client.post(
        "/api-nokler/",
        data={"csrf_token": csrf_token(page.text), "name": "Økonomisystem <b>", "days": "30"},
    )
    check_page(made.text)
    token = re.search(r'<code class="token">(fs_[\w-]+)</code>', made.text).group(1)
    assert "Økonomisystem &lt;b&gt;" in made.text and token[:8] in made.text
    db = connect(demo_app.config["DATABASE"])
    [stored] = list(db["api_tokens"].rows)
    assert token not in str(stored) and len(stored["token_hash"]) == 64
    api = demo_app.test_client()
    assert (
        api.get("/api/v1/rounds", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    )
    again = client.get("/api-nokler/").text
    assert token not in again and "Sist brukt" in again
    [row] = api_access.tokens_of_user(db, user_by_username(db, "gjovik")["id"])
    other = login("lillehammer")
    other_page = other.get("/api-nokler/").text
    refused = other.post(
        f"/api-nokler/{row['id']}/trekk-tilbake", data={"csrf_token": csrf_token(other_page)}
    )
    assert refused.status_code == 404
    revoked = client.post(
        f"/api-nokler/{row['id']}/trekk-tilbake", data={"csrf_token": csrf_token(again)}
    )
    assert revoked.status_code == 302
    assert "Trukket tilbake" in client.get("/api-nokler/").text
    assert (
        api.get("/api/v1/rounds", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    )


def test_bad_input_gets_a_message_in_both_languages_and_no_token(demo_app, login):
    client = login("saksbehandler")
    page = client.get("/api-nokler/").text
    for data in ({"name": "", "days": "30"}, {"name": "x" * 101, "days": "30"},
                 {"name": "ok", "days": "9999"}, {"name": "ok"}):  # fmt: skip
        response = client.post("/api-nokler/", data={"csrf_token": csrf_token(page), **data})
        assert response.status_code == 400 and 'role="alert"' in response.text
        check_page(response.text)
    assert (
        client.post("/api-nokler/", data={"name": "ok", "days": "30"}).status_code == 400
    )  # no CSRF
    assert client.post("/api-nokler/999999999999999999999/trekk-tilbake",
                       data={"csrf_token": csrf_token(page)}).status_code == 404  # fmt: skip
    client.post(
        "/sprak", data={"csrf_token": csrf_token(page), "lang": "nn", "next": "/api-nokler/"}
    )
    nynorsk = client.post(
        "/api-nokler/", data={"csrf_token": csrf_token(page), "name": "", "days": "30"}
    )
    assert "Gje nøkkelen eit namn" in nynorsk.text and "API-nøklar" in nynorsk.text
    db = connect(demo_app.config["DATABASE"])
    assert api_access.tokens_of_user(db, user_by_username(db, "saksbehandler")["id"]) == []
    assert demo_app.test_client().get("/api-nokler/").status_code == 302  # logged out: to login


def test_the_command_line_creates_lists_and_revokes(demo_app, monkeypatch, capsys):
    monkeypatch.setenv("FORMSERVICE_INSTANCE_PATH", demo_app.instance_path)
    assert main(["token", "create", "hjelp", "--name", "Rapport", "--days", "7"]) == 0
    token = capsys.readouterr().out.strip()
    assert token.startswith("fs_")
    api = demo_app.test_client()
    assert (
        api.get("/api/v1/rounds", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    )
    assert main(["token", "list", "hjelp"]) == 0
    listed = capsys.readouterr().out
    assert "active" in listed and token[:8] in listed and token not in listed
    token_id = listed.split()[0]
    assert main(["token", "revoke", "hjelp", token_id]) == 0
    assert (
        api.get("/api/v1/rounds", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    )
    for argv, message in ((["token", "revoke", "hjelp", token_id], "no live token"),
                          (["token", "create", "ingen", "--name", "x"], "no active user"),
                          (["token", "create", "hjelp", "--name", "x", "--days", "0"], "--days"),
                          (["token", "create", "hjelp", "--name", " "], "--name")):  # fmt: skip
        assert main(argv) == 1
        error = capsys.readouterr().err
        assert message in error and error.count("\n") == 1
