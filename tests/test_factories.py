"""The factories reach every state in one line, through storage, with the audit trail people leave."""

from __future__ import annotations

import pytest
from stdnum.no import kontonr, orgnr

from formservice.storage import decisions, documents, submissions
from formservice.storage.audit import events_for_submission
from formservice.storage.states import IllegalTransition
from tests import factories
from tests.helpers.app import log_in

STATES = [
    ("draft", "draft"),
    ("submitted", "submitted"),
    ("under_assessment", "under_assessment"),
    ("granted", "granted"),
    ("rejected", "rejected"),
    ("letter_sent", "letter_sent"),
    ("confirmation_received", "confirmation_received"),
    ("ready_for_payment", "ready_for_payment"),
    ("paid", "paid"),
    ("reopened", "draft"),
]


@pytest.mark.parametrize(("asked", "stored"), STATES)
def test_every_state_in_one_line_on_an_empty_database(db, asked, stored):
    submission = factories.create_submission(db, state=asked)
    assert submission["state"] == stored
    events = [e["action"] for e in events_for_submission(db, submission["id"])]
    assert events[0] == "start"
    if asked != "draft":
        assert submission["reference"].startswith("RUS-2021-") and "submit" in events
        assert submissions.current_answers(db, submission)["orgnr"] == "993405000"
    if asked in ("granted", "letter_sent", "paid"):
        decision = decisions.current_decision(db, submission["id"])
        assert decision["outcome"] == "granted" and decision["total"] == "880000"  # the ladder
    if asked == "rejected":
        assert decisions.current_decision(db, submission["id"])["reason"]
    if asked == "reopened":
        assert submission["reopen_until"] == "2099-12-31" and events[-1] == "reopen"
    if asked == "paid":
        kinds = [d["kind"] for d in documents.documents_of_submission(db, submission["id"])]
        assert kinds == ["kvittering", "tilskuddsbrev"]
        assert events[-4:] == [
            "state:letter_sent",
            "state:confirmation_received",
            "state:ready_for_payment",
            "state:paid",
        ]


def test_the_state_rules_still_hold(db):
    draft = factories.create_submission(db)
    with pytest.raises(IllegalTransition, match="'draft' cannot move to 'granted'"):
        factories.create_decision(db, submission=draft)
    with pytest.raises(ValueError, match=r"settings=app\.config"):
        factories.create_submission(db, state="letter_made")
    with pytest.raises(ValueError, match="is none of"):
        factories.create_submission(db, state="sent")


def test_organisations_get_valid_numbers_and_users_log_in(app, db):
    first = factories.create_organisation(db)
    second = factories.create_organisation(db, language="nn")
    assert first["kommunenummer"] != second["kommunenummer"]
    for organisation in (first, second):
        assert orgnr.is_valid(organisation["orgnr"])
        assert kontonr.is_valid(organisation["account_number"])
    user = factories.create_user(db, organisation=second)
    assert user["organisation_id"] == second["id"] and user["is_signatory"] == 1
    home = log_in(app, user["username"]).get("/kommune/")
    assert home.doc.css_first("h1").text() == "Mine skjema"
    assert second["name"] in home.doc.body.text()


def test_on_the_demo_data_the_demo_round_people_and_organisations_are_used(demo_db):
    submission = factories.create_submission(demo_db, state="granted", organisation="3405")
    assert submission["reference"] == "TST-2021-0001"  # the demo round of the test form
    [start] = [
        e for e in events_for_submission(demo_db, submission["id"]) if e["action"] == "start"
    ]
    assert start["actor"] == "lillehammer"
    decision = decisions.current_decision(demo_db, submission["id"])
    assert (
        decision["total"] == "330000"
        and decision["decided_by"] == factories.actor(demo_db, "caseworker")["id"]
    )
    assert factories.actor(demo_db, "caseworker")["username"] == "saksbehandler"


def test_office_keyword_puts_users_rounds_and_cases_at_another_office(db):
    vestland = factories.office_row(db, "vestland")
    round_row = factories.create_round(db, office="vestland")
    bergen = factories.create_organisation(db, office=vestland)
    paid = factories.create_submission(db, state="paid", round=round_row, organisation=bergen)
    assert round_row["office_id"] == bergen["office_id"] == vestland["id"]
    actors = {e["actor"] for e in events_for_submission(db, paid["id"]) if e["actor"] != "system"}
    assert "factory-caseworker-vestland" in actors and "factory-caseworker" not in actors
    helper = factories.create_user(db, role="helpdesk", office=vestland["id"])
    assert helper["office_id"] == vestland["id"]
    assert (
        factories.create_user(db, role="caseworker")["office_id"]
        == factories.office_row(db, "innlandet")["id"]
    )
    with pytest.raises(LookupError):
        factories.office_row(db, "narnia")
