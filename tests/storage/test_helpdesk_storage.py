"""The help desk's storage: find, reopen (versions kept, audited), restore as a new version."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import sqlite_utils

from formservice.storage import helpdesk, organisations, rounds, submissions, users
from formservice.storage.audit import events_for_submission
from formservice.storage.db import connect
from formservice.storage.helpdesk import HelpdeskRefused
from tests import factories

ROOT = Path(__file__).resolve().parents[2]
COMPLETE = json.loads((ROOT / "tests/fixtures/answers/rusarbeid-complete.json").read_text("utf-8"))
UNTIL = dt.date(2099, 12, 31)


@pytest.fixture
def db(shipped_instance: Path) -> sqlite_utils.Database:
    """The shipped forms and the demo data."""
    return connect(shipped_instance / "formservice.db")


def _submitted(db: sqlite_utils.Database, kommunenummer: str, username: str) -> dict:
    """A draft saved once (``{"x": 1}``), then submitted with the complete answers, by ``username``."""
    actor = users.user_by_username(db, username)
    assert (
        actor["organisation_id"]
        == organisations.organisation_by_kommunenummer(db, kommunenummer)["id"]
    )
    draft = factories.create_submission(
        db, round="rus-2021", organisation=kommunenummer, answers={"x": 1}
    )
    submissions.submit(db, draft["id"], base_version=1, answers=COMPLETE, actor=actor,
                       reference_prefix="RUS", year=2021, language="nb")  # fmt: skip
    return submissions.submission_by_id(db, draft["id"])


def test_find_by_name_orgnr_and_reference(db):
    lillehammer = _submitted(db, "3405", "lillehammer")
    gjovik = _submitted(db, "3407", "gjovik")
    orgnr = organisations.organisation_by_id(db, lillehammer["organisation_id"])["orgnr"]

    def ids(query: str) -> set[int]:
        return {row["id"] for row in helpdesk.find_submissions(db, query, office_id=None)}

    assert ids("lilleHAMMER") == {lillehammer["id"]}
    assert ids("kommune") == {lillehammer["id"], gjovik["id"]}
    assert ids(f"{orgnr[:3]} {orgnr[3:6]} {orgnr[6:]}") == {lillehammer["id"]}
    assert ids(gjovik["reference"].lower()) == {gjovik["id"]}
    assert ids("Bergen") == set() and ids("   ") == set() and ids("%") == set()
    [row] = helpdesk.find_submissions(db, lillehammer["reference"], office_id=None)
    assert row["organisation_name"] == "Lillehammer kommune"
    assert row["round_title"] and row["state"] == "submitted"


def test_reopen_keeps_every_version_and_audits_who_why_and_states(db):
    submission = _submitted(db, "3405", "lillehammer")
    desk = users.user_by_username(db, "hjelp")
    before = submissions.versions(db, submission["id"])

    reopened = helpdesk.reopen_submission(
        db, submission["id"], actor=desk, reason="  Feil kontonummer ", reopen_until=UNTIL
    )
    assert reopened["state"] == "draft" and reopened["reopen_until"] == "2099-12-31"
    assert reopened["reference"] == submission["reference"]
    assert submissions.versions(db, submission["id"]) == before  # nothing deleted or added
    assert submissions.current_answers(db, reopened) == COMPLETE
    event = events_for_submission(db, submission["id"])[-1]
    assert (event["action"], event["actor"], event["from_state"], event["to_state"]) == (
        "reopen", "hjelp", "submitted", "draft",
    )  # fmt: skip
    assert event["detail"]["reason"] == "Feil kontonummer"
    assert event["detail"]["reopen_until"] == "2099-12-31"
    assert rounds.accepts_submission(
        {"deadline": "2021-02-10"}, reopened, dt.date(2099, 12, 31)
    ) and not rounds.accepts_submission({"deadline": "2021-02-10"}, reopened, dt.date(2100, 1, 1))


def test_reopen_refuses_a_draft_a_decision_and_a_missing_reason(db):
    submission = _submitted(db, "3405", "lillehammer")
    desk = users.user_by_username(db, "hjelp")
    for reason in ("", "   ", "x" * 2001):
        with pytest.raises(HelpdeskRefused, match="egrunnelse"):
            helpdesk.reopen_submission(
                db, submission["id"], actor=desk, reason=reason, reopen_until=UNTIL
            )
    assert submissions.submission_by_id(db, submission["id"])["state"] == "submitted"

    helpdesk.reopen_submission(db, submission["id"], actor=desk, reason="a", reopen_until=UNTIL)
    with pytest.raises(HelpdeskRefused, match="allerede åpent") as refused:
        helpdesk.reopen_submission(db, submission["id"], actor=desk, reason="b", reopen_until=UNTIL)
    assert "allereie ope" in refused.value.nynorsk
    assert [e["action"] for e in events_for_submission(db, submission["id"])].count("reopen") == 1

    decided = _submitted(db, "3407", "gjovik")
    caseworker = users.user_by_username(db, "saksbehandler")
    submissions.change_state(db, decided["id"], "granted", actor=caseworker)
    with pytest.raises(HelpdeskRefused, match="vedtak"):
        helpdesk.reopen_submission(db, decided["id"], actor=desk, reason="c", reopen_until=UNTIL)
    assert submissions.submission_by_id(db, decided["id"])["state"] == "granted"


def test_restore_adds_a_new_version_and_only_for_drafts(db):
    submission = _submitted(db, "3405", "lillehammer")
    desk = users.user_by_username(db, "hjelp")
    with pytest.raises(HelpdeskRefused, match="Bare utkast"):
        helpdesk.restore_version(db, submission["id"], 1, actor=desk, reason="r")

    helpdesk.reopen_submission(db, submission["id"], actor=desk, reason="r", reopen_until=UNTIL)
    with pytest.raises(HelpdeskRefused, match="Versjon 9 finnes ikke"):
        helpdesk.restore_version(db, submission["id"], 9, actor=desk, reason="r")
    with pytest.raises(HelpdeskRefused, match="begrunnelse"):
        helpdesk.restore_version(db, submission["id"], 1, actor=desk, reason=" ")

    assert helpdesk.restore_version(db, submission["id"], 1, actor=desk, reason="Feil lagret") == 3
    row = submissions.submission_by_id(db, submission["id"])
    assert row["current_version"] == 3
    assert submissions.current_answers(db, row) == {"x": 1}
    assert submissions.version(db, submission["id"], 2)["answers"] == COMPLETE  # kept as it was
    history = helpdesk.version_history(db, submission["id"])
    assert [(v["version"], v["kind"], v["saved_by_name"]) for v in history] == [
        (1, "save", "lillehammer"), (2, "submit", "lillehammer"), (3, "restore", "hjelp"),
    ]  # fmt: skip
    event = events_for_submission(db, submission["id"])[-1]
    assert event["action"] == "restore" and event["detail"] == {
        "reason": "Feil lagret", "restored": 1, "new_version": 3,
    }  # fmt: skip


def test_reopen_recipients_are_the_organisation_and_the_submitter(db):
    submission = _submitted(db, "3405", "lillehammer")
    assert helpdesk.reopen_recipients(db, submission) == [
        "lillehammer@demo.formservice.example",
        "postmottak@lillehammer.kommune.example",
    ]
