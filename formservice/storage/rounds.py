"""Grant rounds: a scheme, a year, a deadline, the definition it uses and its budget frame."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import sqlite_utils

from formservice.engine.model import Definition
from formservice.storage.db import now_iso


def create_round(
    db: sqlite_utils.Database,
    *,
    slug: str,
    definition: Definition,
    county_number: str,
    budget_frame: str,
    deadline: str | None = None,
    year: int | None = None,
    title: str | None = None,
) -> int:
    """Open a round for a definition; the deadline, year and title default to the scheme's
    (another year: an earlier round recorded with the form of a later one, as the demo does)."""
    return (
        db["rounds"]
        .insert(
            {
                "slug": slug,
                "form_key": definition.key,
                "title": title or definition.title["nb"],
                "year": year or definition.scheme["year"],
                "deadline": deadline or definition.scheme["deadline"],
                "county_number": county_number,
                "budget_frame": budget_frame,
                "created_at": now_iso(),
            }
        )
        .last_pk
    )


def round_by_slug(db: sqlite_utils.Database, slug: str) -> dict[str, Any] | None:
    """The round with this slug (e.g. ``rus-2021``), or None."""
    return next(db["rounds"].rows_where("slug = ?", [slug]), None)


def all_rounds(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Every round, newest deadline first."""
    return list(db["rounds"].rows_where(order_by="deadline desc, slug"))


def round_by_id(db: sqlite_utils.Database, round_id: int) -> dict[str, Any] | None:
    """The round with this id, or None."""
    return next(db["rounds"].rows_where("id = ?", [round_id]), None)


def rounds_for_county(db: sqlite_utils.Database, county_number: str) -> list[dict[str, Any]]:
    """The rounds of one county governor's office, soonest deadline first."""
    return list(db["rounds"].rows_where("county_number = ?", [county_number], order_by="deadline"))


def norwegian_today() -> dt.date:
    """Today's date in Norway, which is what deadlines mean."""
    return dt.datetime.now(ZoneInfo("Europe/Oslo")).date()


def is_open(round_row: dict[str, Any], today: dt.date) -> bool:
    """Whether the round still takes submissions: the deadline day counts in full."""
    return today <= dt.date.fromisoformat(round_row["deadline"])


def accepts_submission(
    round_row: dict[str, Any], submission: dict[str, Any] | None, today: dt.date
) -> bool:
    """Open round, or a submission the help desk reopened with a later date of its own."""
    if is_open(round_row, today):
        return True
    reopen_until = (submission or {}).get("reopen_until")
    return bool(reopen_until) and today <= dt.date.fromisoformat(reopen_until)
