"""What the office granted in earlier rounds of a scheme: the decisions in force, per organisation.

A scheme's rounds are those whose form has the same id (``kommunalt_rusarbeid@1`` in 2021,
``kommunalt_rusarbeid@2`` in 2022). Only grants count; a superseded decision never does.
:mod:`formservice.office.history` reads these rows as per-position history.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import sqlite_utils

_GRANTS = (
    "select s.organisation_id, r.year, d.total, d.positions "
    "from decisions d "
    "join submissions s on s.id = d.submission_id "
    "join rounds r on r.id = s.round_id "
    "where d.superseded_by is null and d.outcome = 'granted' "
    "and substr(r.form_key, 1, length(?)) = ? and r.year < ?"
)


def earlier_grants(
    db: sqlite_utils.Database, form_id: str, before_year: int, organisation_id: int | None = None
) -> dict[int, list[dict[str, Any]]]:
    """Per organisation id, its grants in the scheme's rounds before ``before_year``, oldest
    first: ``{"year", "total", "positions"}`` (positions as the decision recorded them)."""
    prefix = f"{form_id}@"
    sql, parameters = _GRANTS, [prefix, prefix, before_year]
    if organisation_id is not None:
        sql, parameters = sql + " and s.organisation_id = ?", [*parameters, organisation_id]
    found: dict[int, list[dict[str, Any]]] = {}
    for organisation, year, total, positions in db.execute(
        sql + " order by r.year, d.id", parameters
    ).fetchall():
        found.setdefault(organisation, []).append(
            {"year": year, "total": Decimal(total or 0), "positions": json.loads(positions or "[]")}
        )
    return found


def office_has_grants(
    db: sqlite_utils.Database, form_id: str, before_year: int, office_id: int | None
) -> bool:
    """Whether the office granted anything in the scheme's rounds before ``before_year`` (an
    office whose history is not in this database cannot tell its new applicants apart)."""
    prefix = f"{form_id}@"
    found = db.execute(_GRANTS + " and r.office_id = ? limit 1",
                       [prefix, prefix, before_year, office_id]).fetchone()  # fmt: skip
    return found is not None


def submitted_answers(
    db: sqlite_utils.Database, organisation_id: int, form_id: str, year: int
) -> tuple[str, dict[str, Any]] | None:
    """The form key and newest answers of the organisation's submitted form in the scheme's round
    of ``year``, or None (no round, or never submitted)."""
    prefix = f"{form_id}@"
    row = db.execute(
        "select s.form_key, v.answers from submissions s "
        "join rounds r on r.id = s.round_id "
        "join submission_versions v on v.submission_id = s.id and v.version = s.current_version "
        "where s.organisation_id = ? and r.year = ? and substr(r.form_key, 1, length(?)) = ? "
        "and s.submitted_at is not null order by s.id desc limit 1",
        [organisation_id, year, prefix, prefix],
    ).fetchone()
    return (row[0], json.loads(row[1])) if row else None
