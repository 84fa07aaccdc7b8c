"""Decisions kept with their history, the state rules they follow, and the office's round overview
and payment list, on the demo data (46 municipalities of Innlandet) in a real SQLite file."""

from __future__ import annotations

from decimal import Decimal

import pytest

from formservice.office.overview import totals, with_amounts
from formservice.storage import decisions, office, organisations, rounds, submissions, users
from formservice.storage.audit import events_for_submission
from formservice.storage.states import IllegalTransition
from tests import factories

ANSWERS = {"navn": "Rusteam", "soknad": "400 000",
           "rader": [{"tittel": "Rådgiver", "pst": "50", "aar": "3"},
                     {"tittel": "Konsulent", "pst": "20", "aar": "2"}]}  # fmt: skip
POSITIONS = [
    {"title": "Rådgiver", "percent": "50", "year": 3, "suggested": Decimal(220000),
     "granted": Decimal(220000), "justification": ""},
    {"title": "Konsulent", "percent": "20", "year": 2, "suggested": Decimal(110000),
     "granted": Decimal(100000), "justification": "Fjorårets nivå"},
]  # fmt: skip


@pytest.fixture
def db(demo_db):
    return demo_db


def _submission(db, username: str = "lillehammer", *, submit: bool = True) -> int:
    organisation_id = users.user_by_username(db, username)["organisation_id"]
    organisation = organisations.organisation_by_id(db, organisation_id)
    state = "submitted" if submit else "draft"
    return factories.create_submission(db, state=state, organisation=organisation, answers=ANSWERS)[
        "id"
    ]


def _caseworker(db) -> dict:
    return users.user_by_username(db, "saksbehandler")


def test_a_changed_decision_keeps_the_earlier_one(db):
    submission_id = _submission(db)
    first = decisions.record_decision(db, submission_id, outcome="granted", actor=_caseworker(db),
                                      positions=POSITIONS, instalments=2, conditions=["Rapport"])  # fmt: skip
    assert submissions.submission_by_id(db, submission_id)["state"] == "granted"
    assert decisions.current_decision(db, submission_id)["total"] == "320000"
    second = decisions.record_decision(db, submission_id, outcome="rejected",
                                       actor=_caseworker(db), reason="Gjelder drift")  # fmt: skip
    history = decisions.decision_history(db, submission_id)
    assert [d["id"] for d in history] == [first, second]
    assert history[0]["superseded_by"] == second and history[1]["superseded_by"] is None
    assert history[0]["positions"][1]["granted"] == "100000"  # the earlier one is intact
    assert history[0]["conditions"] == ["Rapport"] and history[0]["instalments"] == 2
    current = decisions.current_decision(db, submission_id)
    assert current["id"] == second and current["outcome"] == "rejected"
    assert current["total"] == "0" and current["reason"] == "Gjelder drift"
    assert submissions.submission_by_id(db, submission_id)["state"] == "rejected"
    audit = [e for e in events_for_submission(db, submission_id) if e["action"] == "decision"]
    assert [(e["from_state"], e["to_state"]) for e in audit] == [
        ("submitted", "granted"),
        ("granted", "rejected"),
    ]


def test_a_decision_is_refused_where_the_state_rules_do_not_allow_it(db):
    draft = _submission(db, "gjovik", submit=False)
    with pytest.raises(IllegalTransition, match="state 'draft' cannot move to 'granted'"):
        decisions.record_decision(db, draft, outcome="granted", actor=_caseworker(db),
                                  positions=POSITIONS)  # fmt: skip
    submission_id = _submission(db)
    decisions.record_decision(db, submission_id, outcome="granted", actor=_caseworker(db),
                              positions=POSITIONS)  # fmt: skip
    submissions.change_state(db, submission_id, "letter_sent", actor=_caseworker(db))
    with pytest.raises(IllegalTransition, match="'letter_sent' cannot move to 'rejected'"):
        decisions.record_decision(db, submission_id, outcome="rejected", actor=_caseworker(db),
                                  reason="For sent")  # fmt: skip
    assert len(decisions.decision_history(db, draft)) == 0
    assert len(decisions.decision_history(db, submission_id)) == 1  # nothing half-written
    assert submissions.submission_by_id(db, submission_id)["state"] == "letter_sent"


def test_a_rejection_needs_a_reason_and_instalments_are_one_to_twelve(db):
    submission_id = _submission(db)
    with pytest.raises(ValueError, match="reason"):
        decisions.record_decision(db, submission_id, outcome="rejected", actor=_caseworker(db),
                                  reason="  ")  # fmt: skip
    with pytest.raises(ValueError, match="instalments"):
        decisions.record_decision(db, submission_id, outcome="granted", actor=_caseworker(db),
                                  positions=POSITIONS, instalments=13)  # fmt: skip
    assert decisions.current_decision(db, submission_id) is None
    assert submissions.submission_by_id(db, submission_id)["state"] == "submitted"


def test_a_form_without_positions_gets_a_total_of_its_own(db):
    submission_id = _submission(db)
    decisions.record_decision(db, submission_id, outcome="granted", actor=_caseworker(db),
                              total=Decimal(150000))  # fmt: skip
    assert decisions.current_decision(db, submission_id)["total"] == "150000"


def test_overview_has_every_municipality_and_the_payment_list_only_those_ready(db, demo_app):
    [round_row] = rounds.all_rounds(db)
    paid_out = _submission(db)
    _submission(db, "gjovik", submit=False)
    catalog = demo_app.extensions["formservice.catalog"]

    def definition_for(key):
        return catalog.get(key.split("@")[0], int(key.split("@")[1]))

    overview = with_amounts(office.round_overview(db, round_row["id"]), definition_for)
    assert len(overview) == 46
    states = {row["organisation"]["name"]: row["state"] for row in overview}
    assert states["Lillehammer kommune"] == "submitted" and states["Gjøvik kommune"] == "draft"
    assert list(states.values()).count(office.NOT_STARTED) == 44
    row = next(r for r in overview if r["submission_id"] == paid_out)
    assert (row["applied"], row["proposed"], row["granted"]) == (400000, 330000, 0)
    assert totals(overview) == {"applied": 400000, "proposed": 330000, "granted": 0}
    missing = [r["organisation"]["name"] for r in office.not_submitted(db, round_row["id"])]
    assert len(missing) == 45 and "Gjøvik kommune" in missing
    assert "Lillehammer kommune" not in missing and missing[0] == "Kongsvinger kommune"  # 3401

    actor = _caseworker(db)
    decisions.record_decision(db, paid_out, outcome="granted", actor=actor, positions=POSITIONS,
                              instalments=4)  # fmt: skip
    assert office.payment_rows(db, round_row["id"]) == []
    with pytest.raises(IllegalTransition, match="'granted' cannot move to 'ready_for_payment'"):
        office.mark_ready_for_payment(db, paid_out, actor=actor)
    with pytest.raises(ValueError, match="does not set 'granted'"):
        office.mark_state(db, paid_out, "granted", actor=actor)
    for state in ("letter_sent", "confirmation_received"):
        submissions.change_state(db, paid_out, state, actor=actor)
    office.mark_ready_for_payment(db, paid_out, actor=actor)
    [payment] = office.payment_rows(db, round_row["id"])
    assert payment["amount"] == 320000 and payment["instalments"] == 4
    assert (
        payment["orgnr"] and payment["account_number"] and payment["reference"] == "TST-2021-0001"
    )
    office.mark_paid(db, paid_out, actor=actor)
    assert office.payment_rows(db, round_row["id"]) == []
    paid_row = next(r for r in office.round_overview(db, round_row["id"]) if r["granted"])
    assert paid_row["granted"] == 320000 and paid_row["state"] == "paid"
