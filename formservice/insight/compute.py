"""A round's figures, computed in one place for the round's charts, tables and the office's report.

- the frame against what is applied for, what the rules suggest and what is granted (the
  overview's amounts: :mod:`formservice.office.overview`, which reads the ladder);
- submissions by stage day by day from the opening up to the deadline (or today, if sooner),
  from the audit log's state changes;
- the six goal-attainment areas of regelverket §3 (the form's Likert field) as how many
  municipalities gave each answer;
- positions by the §7 priorities the form lets each position name, lived-experience consultants
  (erfaringskonsulenter), and new against continuing municipalities;
- one row per municipality that has applied: granted, positions, unused funds it reported, and
  its goal-attainment answers.

Which fields hold the report's answers is said once, in :data:`REPORT_FIELDS`; a form without
them (post 60) simply has no such figures.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import sqlite_utils

from formservice.engine import evaluate
from formservice.engine.model import Definition
from formservice.formatting import norwegian_day
from formservice.insight.figures import (
    STAGES,
    Amounts,
    Area,
    Attainment,
    Group,
    Municipality,
    Positions,
    RoundFigures,
    Text,
    Timeline,
)
from formservice.numbers import to_decimal
from formservice.office.figures import declaration, position_specs
from formservice.office.overview import histories, round_rows, totals
from formservice.storage import decisions, office, rounds
from formservice.storage.audit import state_changes_in_round

DefinitionFor = Callable[[str], Definition | None]
# Where the combined form keeps what the report needs (the same ids in every rusarbeid version).
REPORT_FIELDS = {"attainment": "kapasitet", "priorities": "prioriteringer",
                 "lived_experience": "erfaringskonsulent", "unused": "fjor_ubrukt"}  # fmt: skip
_STAGE_OF = {"draft": "draft", "submitted": "submitted", "under_assessment": "submitted"}


def _fte(percent: Any) -> Decimal:
    value = to_decimal(percent)
    return value / 100 if value is not None else Decimal(0)


def timeline_of(
    changes: list[dict[str, Any]], *, opens: dt.date, deadline: dt.date | None, today: dt.date
) -> Timeline:
    """Each day's count per stage, from the opening (or the first change, if earlier) to the
    deadline, or today while the deadline is ahead. ``changes``: the audit log's moves of each
    submission into a state (``submission_id``, ``at``, ``to_state``), oldest first."""
    dated = [(norwegian_day(c["at"]), c) for c in changes]  # each change's day in Norway
    first = [day for day, _ in dated[:1]]
    start = min([opens, *first])
    end = max(start, min(deadline, today) if deadline else today)
    days = tuple(start + dt.timedelta(days=n) for n in range((end - start).days + 1))
    stage_now: dict[int, str] = {}
    counts: dict[str, list[int]] = {stage: [] for stage in STAGES}
    pending = iter(dated)
    changed_on, change = next(pending, (None, None))
    for day in days:
        while change is not None and changed_on <= day:
            stage_now[change["submission_id"]] = _STAGE_OF.get(change["to_state"], "decided")
            changed_on, change = next(pending, (None, None))
        tally = Counter(stage_now.values())
        for stage in STAGES:
            counts[stage].append(tally[stage])
    return Timeline(days, {stage: tuple(c) for stage, c in counts.items()}, deadline)


def _attainment_field(definition: Definition | None) -> Any:
    found = definition.field(REPORT_FIELDS["attainment"]) if definition else None
    return found if found is not None and found.type == "likert" else None


def _position_facts(definition: Definition, values: dict[str, Any]) -> list[dict[str, Any]]:
    """Each position applied for: where it stands, its share of a full-time post, the priorities
    it names and whether it is for a lived-experience consultant."""
    found = []
    for spec in position_specs(declaration(definition)):
        for row, answer in enumerate(values.get(spec["group"]) or []):
            if isinstance(answer, dict):
                found.append({"key": (spec["group"], row), "fte": _fte(answer.get(spec["percent"])),
                              "priorities": answer.get(REPORT_FIELDS["priorities"]) or [],
                              "lived": answer.get(REPORT_FIELDS["lived_experience"]) is True})  # fmt: skip
    return found


def round_figures(
    db: sqlite_utils.Database,
    round_id: int,
    definition_for: DefinitionFor,
    *,
    today: dt.date | None = None,
) -> RoundFigures:
    """The figures of one round (see the module's description)."""
    today = today or rounds.norwegian_today()
    round_row = rounds.round_by_id(db, round_id)
    if round_row is None:
        raise LookupError(f"no round {round_id}")
    rows = round_rows(db, round_id, definition_for)
    in_force = decisions.decisions_in_force_in_round(db, round_id)
    sums = totals(rows)
    amounts = Amounts(to_decimal(round_row["budget_frame"]) or Decimal(0), sums["applied"],
                      sums["proposed"], sums["granted"])  # fmt: skip
    likert = _attainment_field(definition_for(round_row["form_key"]))
    areas = {s.value: Counter() for s in likert.statements} if likert else {}
    options = _priority_options(definition_for(round_row["form_key"]))
    tallies: dict[str, dict[str, Any]] = {k: Counter() for k in [*options, "lived"]}
    has_history = histories(db, round_row) is not None
    municipalities = []
    for row in rows:
        if row["state"] in office.NOT_SUBMITTED:
            continue
        definition = definition_for(row["form_key"])
        values = evaluate(definition, row["answers"], today=today).values if definition else {}
        answers = values.get(REPORT_FIELDS["attainment"]) or {}
        for key, counter in areas.items():
            if answers.get(key) not in (None, ""):
                counter[answers[key]] += 1
        decision = in_force.get(row["submission_id"])
        lines = decision["positions"] if decision and decision["outcome"] == "granted" else []
        granted_at = {(p.get("group"), p.get("row")): p for p in lines
                      if (to_decimal(str(p.get("granted"))) or 0) > 0}  # fmt: skip
        positions = _position_facts(definition, values) if definition else []
        for position in positions:
            granted = position["key"] in granted_at
            for key in [*position["priorities"], *(["lived"] if position["lived"] else [])]:
                if key in tallies:
                    _tally(tallies[key], position["fte"], granted=granted)
        granted_positions = [p for p in positions if p["key"] in granted_at]
        municipalities.append(Municipality(
            name=row["organisation"]["name"], kommunenummer=row["organisation"]["kommunenummer"] or "",
            state=row["state"], new=row["priority"] if has_history else None,
            applied=row["applied"], granted=row["granted"], positions=len(granted_positions),
            fte=sum((p["fte"] for p in granted_positions), Decimal(0)),
            unused=_money(values.get(REPORT_FIELDS["unused"])),
            answers={k: str(v) for k, v in answers.items() if v not in (None, "")},
        ))  # fmt: skip
    return RoundFigures(
        round=round_row,
        amounts=amounts,
        states=dict(Counter(row["state"] for row in rows)),
        timeline=timeline_of(
            state_changes_in_round(db, round_id),
            opens=rounds.opening_day(round_row),
            deadline=_date(round_row["deadline"]),
            today=today,
        ),
        attainment=Attainment(
            scale=tuple((o.value, o.label) for o in likert.scale),
            areas=tuple(Area(s.value, s.label, dict(areas[s.value])) for s in likert.statements),
        )
        if likert
        else None,
        priorities=tuple(_positions(label, tallies[key]) for key, label in options.items()),
        lived_experience=_positions(
            {"nb": "Erfaringskonsulenter", "nn": "Erfaringskonsulentar"}, tallies["lived"]
        ),
        new_and_continuing=_groups(municipalities) if has_history else None,
        municipalities=tuple(municipalities),
    )


def _priority_options(definition: Definition | None) -> dict[str, Text]:
    """The §7 priorities a position can name, from the form (value → label), first group first."""
    for spec in position_specs(declaration(definition)) if definition else []:
        group = definition.field(spec["group"])
        sub = group.subfield(REPORT_FIELDS["priorities"]) if group else None
        if sub is not None and sub.options:
            return {o.value: o.label for o in sub.options}
    return {}


def _tally(counter: dict[str, Any], fte: Decimal, *, granted: bool) -> None:
    counter["applied"] += 1
    counter["applied_fte"] += fte
    if granted:
        counter["granted"] += 1
        counter["granted_fte"] += fte


def _positions(label: Text, counter: dict[str, Any]) -> Positions:
    return Positions(label, counter["applied"], Decimal(counter["applied_fte"]),
                     counter["granted"], Decimal(counter["granted_fte"]))  # fmt: skip


def _groups(municipalities: list[Municipality]) -> tuple[Group, Group]:
    made = []
    for new, label in ((True, {"nb": "Nye kommuner", "nn": "Nye kommunar"}),
                       (False, {"nb": "Videreførte kommuner", "nn": "Vidareførte kommunar"})):  # fmt: skip
        chosen = [m for m in municipalities if m.new is new]
        granted = [m for m in chosen if m.granted > 0]
        made.append(
            Group(label, len(chosen), len(granted), sum((m.granted for m in granted), Decimal(0)))
        )
    return made[0], made[1]


def _money(value: Any) -> Decimal | None:
    return value if isinstance(value, Decimal) and value.is_finite() else None


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
