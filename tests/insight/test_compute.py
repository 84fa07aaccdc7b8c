"""A round's figures against a hand-made round: the amounts, the stages day by day, the six
goal-attainment areas, positions by §7 priority and lived-experience consultants, new against
continuing municipalities, and the municipality lines of the report."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from formservice.insight.compute import round_figures, timeline_of
from formservice.storage import organisations, rounds
from tests import factories
from tests.factories import complete_answers, create_round, create_submission, definition

AREAS = ("brukermedvirkning", "tidlig_innsats", "ambulant_team", "bolig", "arbeid_aktivitet",
         "lavterskel")  # fmt: skip


def _answers(scores: str, **changes):
    """The complete rusarbeid answers (Ruskonsulent 100 % year 1, 660 000, priorities
    oppsøkende team and bolig; Erfaringskonsulent 50 % year 3, 220 000, a lived-experience
    consultant; 40 000 unused of last year's grant) with the six areas scored as given."""
    answers = complete_answers("kommunalt_rusarbeid")
    answers["kapasitet"] = dict(zip(AREAS, scores, strict=True))
    return answers | changes


@pytest.fixture
def hand_made(db):
    """Four municipalities: one submitted, one granted (both positions), one granted the first
    position only, one rejected, one still drafting (which counts nowhere)."""
    round_ = create_round(db, budget_frame="3000000")
    submitted = create_submission(db, round=round_, state="submitted", answers=_answers("432420"))
    granted = create_submission(db, round=round_, state="granted", answers=_answers("555555"))
    partly = create_submission(db, round=round_, state="submitted", answers=_answers("111111"))
    lines = factories.ladder_positions(db, partly)
    lines[1]["granted"] = Decimal(0)
    factories.create_decision(db, submission=partly, positions=lines)
    create_submission(db, round=round_, state="rejected", answers=_answers("000003"))
    create_submission(db, round=round_, state="draft", answers=_answers("555555"))
    return round_, submitted, granted


def test_the_amounts_are_the_overviews_against_the_frame(db, hand_made):
    figures = round_figures(db, hand_made[0]["id"], definition)
    assert figures.amounts.frame == Decimal(3000000)
    assert figures.amounts.applied == 4 * Decimal(880000)  # the draft applies for nothing yet
    assert figures.amounts.suggested == 4 * Decimal(880000)  # the ladder's 660 000 + 220 000
    assert figures.amounts.granted == Decimal(880000) + Decimal(660000)
    assert figures.applicants == 4
    assert figures.states["draft"] == 1 and figures.states["granted"] == 2


def test_the_goal_attainment_areas_count_each_answer(db, hand_made):
    attainment = round_figures(db, hand_made[0]["id"], definition).attainment
    assert [value for value, _ in attainment.scale] == ["1", "2", "3", "4", "5", "0"]
    areas = {area.key: area for area in attainment.areas}
    assert list(areas) == list(AREAS)
    assert (
        areas["brukermedvirkning"].label["nb"] == "økt bruker- og pårørendemedvirkning i tjenestene"
    )
    assert areas["brukermedvirkning"].counts == {"4": 1, "5": 1, "1": 1, "0": 1}
    assert areas["lavterskel"].counts == {"0": 1, "5": 1, "1": 1, "3": 1}
    assert all(area.answered == 4 for area in attainment.areas)


def test_positions_by_priority_and_lived_experience_consultants(db, hand_made):
    figures = round_figures(db, hand_made[0]["id"], definition)
    by_key = {p.label["nb"]: p for p in figures.priorities}
    team = by_key["Oppsøkende tverrfaglige team"]  # the Ruskonsulent of each of the four
    assert (team.applied, team.applied_fte, team.granted, team.granted_fte) == (4, 4, 2, 2)
    lived = by_key["Ansettelse av erfaringskonsulent"]  # the 50 % Erfaringskonsulent, granted once
    assert (lived.applied, lived.applied_fte, lived.granted, lived.granted_fte) == (
        4, Decimal(2), 1, Decimal("0.5"))  # fmt: skip
    assert by_key["Lavterskeltjenester"].applied == 0
    consultants = figures.lived_experience
    assert (consultants.applied, consultants.applied_fte, consultants.granted) == (4, 2, 1)


def test_each_municipality_has_its_line(db, hand_made):
    figures = round_figures(db, hand_made[0]["id"], definition)
    lines = {m.state: m for m in figures.municipalities}
    assert set(lines) == {"submitted", "granted", "rejected"}  # the draft is not an applicant
    granted = lines["granted"]
    assert (granted.granted, granted.positions, granted.fte) == (880000, 2, Decimal("1.5"))
    assert granted.unused == Decimal(40000)  # 880 000 received, 840 000 spent on salaries
    assert granted.answers == dict.fromkeys(AREAS, "5")
    assert lines["rejected"].granted == 0 and lines["rejected"].positions == 0
    assert figures.new_and_continuing is None  # no earlier round: nobody is known to be new


def test_new_and_continuing_municipalities_from_the_schemes_history(db):
    before = create_round(db)
    old = create_submission(db, round=before, state="granted")
    later = create_round(db, form="kommunalt_rusarbeid@3")
    returning = organisations.organisation_by_id(db, old["organisation_id"])
    create_submission(db, round=later, state="submitted", organisation=returning)
    create_submission(db, round=later, state="submitted")
    new, continuing = round_figures(db, later["id"], definition).new_and_continuing
    assert (new.applicants, continuing.applicants) == (1, 1)
    assert new.label["nb"] == "Nye kommuner" and continuing.granted == 0
    lines = round_figures(db, later["id"], definition).municipalities
    assert sorted(m.new for m in lines) == [False, True]


def test_the_stages_day_by_day_up_to_the_deadline():
    changes = [
        {"submission_id": 1, "at": "2021-01-02T09:00:00+00:00", "to_state": "draft"},
        {"submission_id": 2, "at": "2021-01-02T10:00:00+00:00", "to_state": "draft"},
        {"submission_id": 1, "at": "2021-01-03T09:00:00+00:00", "to_state": "submitted"},
        {"submission_id": 1, "at": "2021-01-04T09:00:00+00:00", "to_state": "granted"},
        {"submission_id": 2, "at": "2021-01-04T12:00:00+00:00", "to_state": "submitted"},
        {"submission_id": 2, "at": "2021-01-05T12:00:00+00:00", "to_state": "draft"},  # reset
        {"submission_id": 2, "at": "2021-01-09T12:00:00+00:00", "to_state": "submitted"},
    ]
    timeline = timeline_of(changes, opens=dt.date(2021, 1, 1), deadline=dt.date(2021, 1, 6),
                           today=dt.date(2021, 3, 1))  # fmt: skip
    assert timeline.days[0] == dt.date(2021, 1, 1) and timeline.days[-1] == dt.date(2021, 1, 6)
    assert timeline.counts == {"draft": (0, 2, 1, 0, 1, 1), "submitted": (0, 0, 1, 1, 0, 0),
                               "decided": (0, 0, 0, 1, 1, 1)}  # fmt: skip
    assert timeline.changed == [1, 2, 3, 4, 5]  # the days the table lists: changes, and the last
    ahead = timeline_of(changes[:2], opens=dt.date(2021, 1, 1), deadline=dt.date(2021, 2, 1),
                        today=dt.date(2021, 1, 3))  # fmt: skip
    assert len(ahead.days) == 3 and ahead.counts["draft"] == (0, 2, 2)  # up to today


def test_a_change_counts_on_the_day_it_was_in_norway():
    changes = [  # 23:30 UTC on 1 December is 00:30 on 2 December in Norway
        {"submission_id": 1, "at": "2026-12-01T10:00:00+00:00", "to_state": "draft"},
        {"submission_id": 1, "at": "2026-12-01T23:30:00+00:00", "to_state": "submitted"},
    ]
    timeline = timeline_of(changes, opens=dt.date(2026, 12, 1), deadline=dt.date(2026, 12, 2),
                           today=dt.date(2026, 12, 2))  # fmt: skip
    assert timeline.counts["draft"] == (1, 0) and timeline.counts["submitted"] == (0, 1)


def test_the_round_timeline_counts_todays_changes(db, hand_made):
    timeline = round_figures(db, hand_made[0]["id"], definition).timeline
    assert timeline.days[-1] == rounds.norwegian_today()
    today = {stage: counts[-1] for stage, counts in timeline.counts.items()}
    assert today == {"draft": 1, "submitted": 1, "decided": 3}
