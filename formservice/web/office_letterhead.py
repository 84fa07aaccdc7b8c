"""Whether the caseworker may have documents made for a round: not until the round's office has a
complete letterhead, which an administrator sets (:mod:`formservice.web.admin_letterhead`). The
office pages show the refusal beside the letter and report buttons and refuse those actions."""

from __future__ import annotations

from typing import Any

from formservice.office.letterhead import missing_facts, refusal
from formservice.storage import letterheads, offices
from formservice.web.db import get_db


def letterhead_refusal(round_row: dict[str, Any]) -> dict[str, str] | None:
    """Why no document may be made for the round (in English, bokmål and nynorsk), or None."""
    db = get_db()
    office = offices.office_by_id(db, round_row["office_id"])
    if office is None:
        return None
    missing = missing_facts(letterheads.letterhead_of(db, office["id"]))
    return refusal(office, missing) if missing else None
