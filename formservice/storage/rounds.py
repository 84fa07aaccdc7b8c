"""Grant rounds: a scheme, a year, a deadline, the definition it uses and its budget frame."""

from __future__ import annotations

from typing import Any

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
) -> int:
    """Open a round for a definition; the deadline defaults to the scheme's."""
    return (
        db["rounds"]
        .insert(
            {
                "slug": slug,
                "form_key": definition.key,
                "title": definition.title["nb"],
                "year": definition.scheme["year"],
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
