"""Publishing a new form version with open drafts: each draft moves when it is next opened, with a
notice of what changed; nothing typed is lost; submitted forms stay on their version."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest

from formservice.cli import main
from formservice.config import load_settings
from formservice.storage import drafts, rounds, submissions, users
from formservice.storage.db import connect
from formservice.storage.setup import initialise
from formservice.web import create_app
from tests import factories
from tests.helpers.app import csrf_token
from tests.helpers.pages import check_page

ROOT = Path(__file__).resolve().parents[2]
BASE = json.loads((ROOT / "tests/fixtures/definitions/alle-felt.json").read_text("utf-8"))
NOTICE = {"nb": "Spørsmålet om navn heter nå tittel.", "nn": "Spørsmålet om namn heiter no tittel."}


def _version_two() -> dict:
    raw = copy.deepcopy(BASE) | {"version": 2, "status": "published"}
    fields = raw["pages"][0]["sections"][0]["fields"]
    fields[1]["id"] = "tittel"
    fields[1]["label"] = {"nb": "Tittel på tiltaket", "nn": "Tittel på tiltaket"}
    fields[11]["prefill"] = {"source": "register", "key": "account_number"}
    del fields[9]  # telefon: no field for it in version 2
    raw["migrations"] = [{"from_version": 1, "rename": {"navn": "tittel"}, "notice": NOTICE}]
    return raw


@pytest.fixture
def world(tmp_path, monkeypatch):
    definitions = tmp_path / "definitions"
    definitions.mkdir()
    raw = BASE | {"status": "published"}
    (definitions / "alle-felt.json").write_text(json.dumps(raw, ensure_ascii=False), "utf-8")
    from formservice.storage import demo

    monkeypatch.setitem(demo.DEMO_OPEN_DAYS, "alle_felt", 30)
    settings = {"INSTANCE_PATH": str(tmp_path / "instance"), "DEFINITIONS_DIR": str(definitions),
                "TEMPLATES_DIR": str(ROOT / "letter_templates")}  # fmt: skip
    initialise(load_settings(settings), demo=True)
    for name, value in settings.items():
        monkeypatch.setenv(f"FORMSERVICE_{name}", value)
    monkeypatch.setenv("FORMSERVICE_DEMO_MODE", "true")  # the demo accounts log in
    return {**settings, "DEMO_MODE": True}


def _login(app, username: str):
    client = app.test_client()
    page = client.get("/logg-inn").text
    client.post("/logg-inn", data={"csrf_token": csrf_token(page), "username": username,
                                   "password": "demo"})  # fmt: skip
    return client


def _draft(db, kommune: str, answers: dict, *, submit: bool = False) -> dict:
    state = "submitted" if submit else "draft"
    return factories.create_submission(db, state=state, round="tst-2021", organisation=kommune,
                                       answers=answers)  # fmt: skip


def test_publishing_moves_each_open_draft_when_it_is_next_opened(world, tmp_path, capsys):
    app = create_app(world)  # the server runs while the new version is published
    db = connect(app.config["DATABASE"])
    typed = {"navn": "Rusteam Nord", "telefon": "12345678", "kontonr": "99991234000",
             "epost": "kari@lillehammer.example"}  # fmt: skip
    lillehammer = _draft(db, "3405", typed)
    gjovik = _draft(db, "3407", {"navn": "Gjøviks team"})
    lom = _draft(db, "3434", {"navn": "Innsendt før"}, submit=True)

    new_file = tmp_path / "alle-felt-v2.json"
    new_file.write_text(json.dumps(_version_two(), ensure_ascii=False), "utf-8")
    assert main(["publish", str(new_file)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-2:] == ["published alle_felt@2",
                        "round tst-2021 moved to alle_felt@2; 2 draft(s) move when next opened"]  # fmt: skip
    assert (Path(world["DEFINITIONS_DIR"]) / "alle-felt-v2.json").is_file()
    assert main(["publish", str(new_file)]) == 0  # again: nothing to do
    assert "published already" in capsys.readouterr().out
    assert submissions.submission_by_id(db, lillehammer["id"])["form_key"] == "alle_felt@1"

    client = _login(app, "lillehammer")
    opened = client.get(f"/kommune/skjema/{lillehammer['id']}/side/side_en")
    assert opened.status_code == 302 and opened.headers["Location"].endswith(
        f"/kommune/skjema/{lillehammer['id']}/"
    )
    tasks = client.get(opened.headers["Location"])
    check_page(tasks.text)
    notice = re.search(r'<div[^>]*id="version-notice".*?</div>', tasks.text, re.S).group(0)
    assert NOTICE["nb"] in notice
    assert "Svaret ditt på «Navn» er flyttet til «Tittel på tiltaket»" in notice
    assert "«Telefon» er ikke med i det nye skjemaet" in notice
    # the register's account is used instead (shown grouped, as account numbers are read)
    assert "du hadde skrevet «9999\u00a012\u00a034000»" in notice
    moved = submissions.submission_by_id(db, lillehammer["id"])
    assert moved["form_key"] == "alle_felt@2" and moved["current_version"] == 2
    [first, second] = submissions.versions(db, lillehammer["id"])
    assert (first["form_key"], second["form_key"], second["kind"]) == (
        "alle_felt@1", "alle_felt@2", "migrate")  # fmt: skip
    assert submissions.version(db, lillehammer["id"], 1)["answers"] == typed  # nothing lost
    answers = submissions.current_answers(db, moved)
    assert answers["tittel"] == "Rusteam Nord" and "telefon" not in answers
    page = client.get(f"/kommune/skjema/{lillehammer['id']}/side/side_en")
    check_page(page.text)
    assert 'value="Rusteam Nord"' in page.text and 'name="kontonr"' not in page.text
    assert client.get(f"/kommune/skjema/{lillehammer['id']}/").text.count("version-notice") == 1

    page_text = page.text
    base = re.search(r'name="base_version" value="(\d+)"', page_text).group(1)
    client.post(f"/kommune/skjema/{lillehammer['id']}/side/side_en",
                data={"csrf_token": csrf_token(page_text), "base_version": base, "tittel": "Ny"})  # fmt: skip
    assert "version-notice" not in client.get(f"/kommune/skjema/{lillehammer['id']}/").text

    assert submissions.submission_by_id(db, gjovik["id"])["form_key"] == "alle_felt@1"  # not opened
    assert submissions.submission_by_id(db, lom["id"])["form_key"] == "alle_felt@1"  # submitted
    lom_client = _login(app, "lom")
    receipt = lom_client.get(f"/kommune/skjema/{lom['id']}/kvittering")
    assert receipt.status_code == 200 and "Innsendt før" in receipt.text

    desk = _login(app, "hjelp")
    history = desk.get(f"/hjelp/skjema/{lillehammer['id']}")
    check_page(history.text)
    left = re.search(r'id="left-behind".*?</table>', history.text, re.S).group(0)
    assert "Telefon" in left and "12345678" in left and "alle_felt@1 → alle_felt@2" in left
    assert "Flyttet til ny skjemaversjon" in history.text
    assert [e["detail"]["to"] for e in drafts.migrations_of(db, lillehammer["id"])] == [
        "alle_felt@2"
    ]
    assert users.user_by_username(db, "lillehammer")  # the move was made as the person opening it


def test_a_version_that_cannot_be_published_is_refused_with_one_line(world, tmp_path, capsys):
    raw = _version_two()
    cases = [
        (raw | {"status": "draft"}, 'set "status": "published"'),
        (raw | {"version": "to"}, "'to' is not of type 'integer'"),
        ({**raw, "migrations": [{"from_version": 1, "rename": {"navn": "finnes_ikke"}}]},
         'renames to unknown field "finnes_ikke"'),
    ]  # fmt: skip
    for content, message in cases:
        path = tmp_path / "ny.json"
        path.write_text(json.dumps(content, ensure_ascii=False), "utf-8")
        assert main(["publish", str(path)]) == 1
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and message in err[0], err
    changed = copy.deepcopy(BASE) | {
        "status": "published",
        "title": {"nb": "Endret", "nn": "Endra"},
    }
    path = tmp_path / "endret.json"
    path.write_text(json.dumps(changed, ensure_ascii=False), "utf-8")
    assert main(["publish", str(path)]) == 1
    assert "published versions are frozen" in capsys.readouterr().err
    assert main(["publish", str(tmp_path / "finnes-ikke.json")]) == 1
    assert "no such file" in capsys.readouterr().err
    db = connect(load_settings(world)["DATABASE"])
    assert rounds.round_by_slug(db, "tst-2021")["form_key"] == "alle_felt@1"
