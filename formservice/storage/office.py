"""The caseworker's view of a round: every municipality of the county with its state and amounts."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any

import sqlite_utils

from formservice.storage.organisations import organisations_in_county

NOT_STARTED = "not_started"


def _amount(value: Any) -> Decimal:
    try:
        return Decimal(str(value).replace(" ", "").replace("\u00a0", "").replace(",", "."))
    except (InvalidOperation, ValueError):
        return Decimal(0)


def round_overview(db: sqlite_utils.Database, round_row: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per organisation in the round's county: state, applied, proposed and granted."""
    rows = db.execute(
        "select s.id, s.organisation_id, s.state, s.reference, s.submitted_at, v.answers, "
        "(select total from decisions d where d.submission_id = s.id and d.superseded_by is null "
        " order by d.id desc limit 1) as granted "
        "from submissions s left join submission_versions v "
        "on v.submission_id = s.id and v.version = s.current_version where s.round_id = ?",
        [round_row["id"]],
    ).fetchall()
    by_organisation = {row[1]: row for row in rows}
    overview = []
    for organisation in organisations_in_county(db, round_row["county_number"]):
        row = by_organisation.get(organisation["id"])
        answers = json.loads(row[5]) if row and row[5] else {}
        overview.append(
            {
                "organisation": organisation,
                "submission_id": row[0] if row else None,
                "state": row[2] if row else NOT_STARTED,
                "reference": row[3] if row else None,
                "submitted_at": row[4] if row else None,
                "applied": _amount(answers.get("soknadsbelop", 0)),
                "proposed": _amount(answers.get("sum_stiger", 0)),
                "granted": _amount(row[6]) if row and row[6] else Decimal(0),
            }
        )
    return overview


def totals(overview: list[dict[str, Any]]) -> dict[str, Decimal]:
    """Applied, proposed and granted over the round (drafts not counted as applied)."""
    sent = [r for r in overview if r["state"] not in (NOT_STARTED, "draft")]
    return {
        "applied": sum((r["applied"] for r in sent), Decimal(0)),
        "proposed": sum((r["proposed"] for r in sent), Decimal(0)),
        "granted": sum((r["granted"] for r in overview), Decimal(0)),
    }
