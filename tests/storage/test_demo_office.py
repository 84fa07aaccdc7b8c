"""The demo office that ``init --demo`` makes: 2020 decided and paid for 30 municipalities with
positions on ladder years 1 to 3 (some under the transitional rule), 2021 with 25 submissions in
every state, every answer valid for its form, the walkthrough's municipalities left untouched."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

from formservice.engine import evaluate, load_directory
from formservice.storage import rounds, submissions
from formservice.storage.db import connect
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
    assert db.execute("select count(*) from documents").fetchone()[0] == 0  # nothing for soffice

    _init(tmp_path / "instance")  # again: nothing doubled
    assert db["submissions"].count == 55
