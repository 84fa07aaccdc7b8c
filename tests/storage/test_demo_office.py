"""The demo office that ``init --demo`` makes: 2020 decided and paid for 30 municipalities with
positions on ladder years 1 to 3 (some under the transitional rule), 2021 with 25 submissions in
every state, every answer valid for its form, the walkthrough's municipalities left untouched;
the letters sent in 2021 asked for in one batch that the pipeline makes into real files."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfReader

from formservice import formatting
from formservice.config import load_settings
from formservice.documents.batch import run_batch
from formservice.documents.libreoffice import ConverterPool
from formservice.engine import evaluate, load_directory
from formservice.storage import (
    decisions,
    documents,
    letters,
    organisations,
    person_roles,
    rounds,
    submissions,
    users,
)
from formservice.storage.db import connect
from formservice.storage.demo import DEMO_USERS
from formservice.storage.demo_persons import DEMO_PERSONS
from formservice.storage.states import STATES
from tests.factories import ROOT

CATALOG = load_directory(ROOT / "form_definitions")


def _init(instance: Path) -> None:
    command = [str(Path(sys.executable).parent / "formservice"), "init", "--demo"]
    env = {"FORMSERVICE_INSTANCE_PATH": str(instance), "PATH": "/usr/bin:/bin"}
    subprocess.run(command, check=True, capture_output=True, env=env, cwd=ROOT, timeout=120)


def test_init_demo_makes_a_believable_office(tmp_path):
    _init(tmp_path / "instance")
    db = connect(tmp_path / "instance/formservice.db")
    old, current = rounds.round_by_slug(db, "rus-2020"), rounds.round_by_slug(db, "rus-2021")
    assert old["year"] == 2020 and old["deadline"] == "2020-02-10"
    in_2020 = list(db["submissions"].rows_where("round_id = ?", [old["id"]]))
    in_2021 = list(db["submissions"].rows_where("round_id = ?", [current["id"]]))
    assert len(in_2020) == 30 and {s["state"] for s in in_2020} == {"paid"}
    states = Counter(s["state"] for s in in_2021)
    assert len(in_2021) == 25 and set(STATES) <= set(states)  # every state, from draft to paid
    assert sum(1 for s in in_2021 if s["reopen_until"] and s["state"] == "draft") == 1  # reopened

    granted = [p for row in db.execute(
        "select d.positions from decisions d join submissions s on s.id = d.submission_id "
        "where s.round_id = ?", [old["id"]]) for p in json.loads(row[0])]  # fmt: skip
    assert {p["year"] for p in granted} == {1, 2, 3}
    assert any(p.get("transitional") for p in granted)
    assert all(int(p["granted"]) < int(p["suggested"]) for p in granted if p.get("transitional"))

    for submission in in_2020 + in_2021:
        form_id, _, version = submission["form_key"].partition("@")
        evaluation = evaluate(CATALOG.get(form_id, int(version)),
                              submissions.current_answers(db, submission))  # fmt: skip
        assert evaluation.errors == {}, (submission["id"], evaluation.errors)
    walkthrough = {row[0] for row in db.execute(
        "select o.kommunenummer from submissions s join organisations o on o.id = s.organisation_id")}  # fmt: skip
    assert not walkthrough & {"3405", "3407", "3434"}  # Lillehammer, Gjøvik and Lom start empty
    # the demo's login with a history: Sør-Odal, granted in 2020 and 2021 (README, step 9)
    sor_odal = organisations.organisation_by_kommunenummer(db, "3415")
    history = {
        rounds.round_by_id(db, s["round_id"])["year"]: (
            s["state"],
            decisions.current_decision(db, s["id"])["outcome"],
        )
        for s in submissions.submissions_of_organisation(db, sor_odal["id"])
    }
    assert history == {2020: ("paid", "granted"), 2021: ("letter_sent", "granted")}
    login = users.user_by_username(db, "sor-odal")
    assert login["is_signatory"] and login["is_demo"]
    assert organisations.organisation_by_id(db, login["organisation_id"])["kommunenummer"] == "3415"
    assert person_roles.active_role(db, "14087910076", login["organisation_id"])["role"] == (
        "signatory"
    )
    # init waits for no LibreOffice: the sent letters are asked for, in one batch for the worker
    after_decision = {"letter_sent", "confirmation_received", "ready_for_payment", "paid"}
    sent = [s for s in in_2021 if s["state"] in after_decision]
    letters_asked = list(db["documents"].rows)
    assert len(sent) == 10 and sorted(d["submission_id"] for d in letters_asked) == sorted(
        s["id"] for s in sent
    )
    assert {(d["kind"], d["status"], d["mail_status"]) for d in letters_asked} == {
        ("tilskuddsbrev", "pending", None)  # no mail: they went out then
    }
    assert all(d["sent_at"] for d in letters_asked)
    [batch] = letters.open_batches(db)
    assert sorted(batch["document_ids"]) == sorted(d["id"] for d in letters_asked)

    _init(tmp_path / "instance")  # again: nothing doubled
    assert db["submissions"].count == 55


def test_the_readme_lists_every_demo_login():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for username, *_ in DEMO_USERS:
        assert f"| `{username}` |" in readme, username
    for _, pid, name, *_ in DEMO_PERSONS:
        assert f"| {name} | {pid} |" in readme, name


@pytest.mark.libreoffice
@pytest.mark.xdist_group("libreoffice")
def test_the_demo_letters_are_made_by_the_pipeline_and_read_as_sent(tmp_path):
    instance = tmp_path / "instance"
    _init(instance)
    settings = load_settings({"INSTANCE_PATH": str(instance)})
    db = connect(settings["DATABASE"])
    [batch] = letters.open_batches(db)
    with ConverterPool(1, tmp_path / "pool") as pool:  # what the worker does at start-up
        result = run_batch(settings, batch["id"], pool=pool)
    assert result.failed == [] and len(result.made) == 10 and result.merged_pdf.is_file()
    assert letters.open_batches(db) == []
    for document in db["documents"].rows:
        submission = submissions.submission_by_id(db, document["submission_id"])
        organisation = organisations.organisation_by_id(db, submission["organisation_id"])
        [shown] = documents.documents_for_recipient(db, submission["id"])  # the municipality's
        assert shown["id"] == document["id"] and document["mail_status"] is None
        assert (instance / document["pdf_path"]).is_file()
        text = "".join(p.extract_text() for p in PdfReader(instance / document["pdf_path"]).pages)
        text = text.replace("\u00a0", " ")
        granted = decisions.current_decision(db, submission["id"])["total"]
        assert formatting.kroner(granted).replace("\u00a0", " ") in text
        assert organisation["name"] in text and organisation["postal_address"] in text
        assert f"{organisation['postcode']} {organisation['post_town']}" in text
