"""Grant rounds: a scheme, a year, opening day and deadline, the definition it uses, its budget
frame and instalments; opened, changed and closed by the office it belongs to, every step
audited. A round's ``county_number`` is the first county of its office (kept for the API)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlite_utils

from formservice.engine.model import Definition
from formservice.formatting import norwegian_day
from formservice.formatting import norwegian_today as norwegian_today  # what deadlines mean
from formservice.storage.audit import record_event
from formservice.storage.db import now_iso, write_transaction
from formservice.storage.offices import office_for_county


class RoundRefused(Exception):
    """The round cannot be opened or changed; ``fact`` names what, ``message`` says why."""

    def __init__(self, fact: str, en: str, nb: str, nn: str) -> None:
        super().__init__(en)
        self.fact = fact
        self.message = {"en": en, "nb": nb, "nn": nn}


def create_round(
    db: sqlite_utils.Database,
    *,
    slug: str,
    definition: Definition,
    county_number: str,
    budget_frame: str,
    deadline: str | None = None,
    opens_on: str | None = None,
    instalments: int = 1,
    actor: dict[str, Any] | None = None,
    year: int | None = None,
    title: str | None = None,
    one_per_year: bool = False,
    office_id: int | None = None,
) -> int:
    """Open a round for a definition in one transaction, audited; the deadline, year and title
    default to the scheme's (another year: an earlier round recorded with the form of a later
    one, as the demo's 2020 round is). With ``one_per_year`` (the office's pages and command)
    RoundRefused if the office already has a round of this form for the year; tests and the demo
    may make more. The round belongs to ``office_id``, by default the office of the county."""
    year = year or definition.scheme["year"]
    if office_id is None:
        office = office_for_county(db, county_number)
        if office is None:
            raise ValueError(f"no office serves county {county_number!r}")
        office_id = office["id"]
    with write_transaction(db):
        if round_by_slug(db, slug) is not None:
            raise RoundRefused("slug", f"a round {slug!r} exists already",
                               f"Det finnes allerede en runde med kortnavnet {slug}.",
                               f"Det finst allereie ein runde med kortnamnet {slug}.")  # fmt: skip
        for other in rounds_for_office(db, office_id) if one_per_year else []:
            same_form = other["form_key"].partition("@")[0] == definition.id
            if same_form and other["year"] == year:
                raise RoundRefused(
                    "form_key", f"office {office_id} has a round of {definition.id} for "
                    f"{other['year']} already: {other['slug']}",
                    f"Embetet har allerede en runde for dette skjemaet i {other['year']}: {other['title']}.",
                    f"Embetet har allereie ein runde for dette skjemaet i {other['year']}: {other['title']}.",
                )  # fmt: skip
        row = {
            "slug": slug, "form_key": definition.key, "title": title or definition.title["nb"],
            "year": year, "deadline": deadline or definition.scheme["deadline"],
            "county_number": county_number, "budget_frame": budget_frame, "created_at": now_iso(),
            "opens_on": opens_on, "instalments": instalments, "office_id": office_id,
        }  # fmt: skip
        round_id = db["rounds"].insert(row).last_pk
        record_event(db, actor=actor, action="round:create", round_id=round_id,
                     detail={k: v for k, v in row.items() if k != "created_at"})  # fmt: skip
    return round_id


def letters_sent(db: sqlite_utils.Database, round_id: int) -> bool:
    """Whether any letter of the round has been sent (its deadline and frame are then fixed)."""
    return bool(
        db.execute(
            "select 1 from audit_log a join submissions s on s.id = a.submission_id "
            "where s.round_id = ? and a.action = 'state:letter_sent' limit 1",
            [round_id],
        ).fetchone()
    )


def update_round(
    db: sqlite_utils.Database,
    round_id: int,
    values: dict[str, Any],
    *,
    actor: dict[str, Any] | None,
) -> dict[str, list[Any]]:
    """Change the deadline and budget frame until the first letter is sent; audited."""
    with write_transaction(db):
        current = round_by_id(db, round_id)
        if current is None:
            raise LookupError(f"no round {round_id}")
        if current["closed_at"]:
            raise RoundRefused("round", "the round is closed", "Runden er avsluttet.",
                               "Runden er avslutta.")  # fmt: skip
        if letters_sent(db, round_id):
            raise RoundRefused(
                "round", "the first letter of the round has been sent: the deadline and frame are fixed",
                "Det første brevet i runden er sendt, så frist og ramme kan ikke endres lenger.",
                "Det første brevet i runden er sendt, så frist og ramme kan ikkje endrast lenger.",
            )  # fmt: skip
        changes = {fact: [current[fact], values[fact]] for fact in ("deadline", "budget_frame")
                   if fact in values and values[fact] != current[fact]}  # fmt: skip
        if changes:
            db["rounds"].update(round_id, {fact: new for fact, (_, new) in changes.items()})
            record_event(db, actor=actor, action="round:edit", round_id=round_id,
                         detail={"changes": changes})  # fmt: skip
    return changes


def close_round(db: sqlite_utils.Database, round_id: int, *, actor: dict[str, Any] | None) -> int:
    """Close the round: nothing more is started or submitted in it. Returns the drafts left."""
    with write_transaction(db):
        current = round_by_id(db, round_id)
        if current is None:
            raise LookupError(f"no round {round_id}")
        if current["closed_at"]:
            raise RoundRefused("round", f"round {current['slug']} is closed already",
                               "Runden er allerede avsluttet.", "Runden er allereie avslutta.")  # fmt: skip
        drafts = db["submissions"].count_where("round_id = ? and state = 'draft'", [round_id])
        db["rounds"].update(
            round_id, {"closed_at": now_iso(), "closed_by": actor and actor.get("id")}
        )
        record_event(db, actor=actor, action="round:close", round_id=round_id,
                     detail={"drafts_left": drafts})  # fmt: skip
    return drafts


def round_by_slug(db: sqlite_utils.Database, slug: str) -> dict[str, Any] | None:
    """The round with this slug (e.g. ``rus-2021``), or None."""
    return next(db["rounds"].rows_where("slug = ?", [slug]), None)


def all_rounds(db: sqlite_utils.Database, *, office_id: int | None = None) -> list[dict[str, Any]]:
    """Every round (with ``office_id`` only that office's), newest deadline first."""
    if office_id is None:
        return list(db["rounds"].rows_where(order_by="deadline desc, slug"))
    return list(
        db["rounds"].rows_where("office_id = ?", [office_id], order_by="deadline desc, slug")
    )


def round_by_id(db: sqlite_utils.Database, round_id: int) -> dict[str, Any] | None:
    """The round with this id, or None."""
    return next(db["rounds"].rows_where("id = ?", [round_id]), None)


def rounds_for_office(db: sqlite_utils.Database, office_id: int | None) -> list[dict[str, Any]]:
    """The rounds of one county governor's office, soonest deadline first."""
    return list(db["rounds"].rows_where("office_id = ?", [office_id], order_by="deadline"))


def rounds_of_scheme(db: sqlite_utils.Database, form_id: str, year: int) -> list[dict[str, Any]]:
    """Every office's rounds of one scheme (form id) and year."""
    rows = db["rounds"].rows_where("form_key like ? and year = ?", [f"{form_id}@%", year],
                                   order_by="office_id, slug")  # fmt: skip
    return [row for row in rows if row["form_key"].partition("@")[0] == form_id]


def default_slug(db: sqlite_utils.Database, definition: Definition, suffix: str) -> str:
    """``rus-2022``, or ``rus-2022-vestland`` when another office's round has the short one."""
    slug = f"{definition.scheme['reference_prefix'].lower()}-{definition.scheme['year']}"
    return slug if round_by_slug(db, slug) is None else f"{slug}-{suffix}"


def opening_day(round_row: dict[str, Any]) -> dt.date:
    """The day the round opened (or opens): its opening date, else the day it was created."""
    return norwegian_day(round_row.get("opens_on") or round_row["created_at"])


def round_state(round_row: dict[str, Any], today: dt.date) -> str:
    """``closed``, ``upcoming``, ``open`` or ``past_deadline``."""
    if round_row.get("closed_at"):
        return "closed"
    if not has_opened(round_row, today):
        return "upcoming"
    return "open" if is_open(round_row, today) else "past_deadline"


def has_opened(round_row: dict[str, Any], today: dt.date) -> bool:
    """Whether the round's opening day has come (a round without one opened when created)."""
    opens_on = round_row.get("opens_on")
    return not opens_on or dt.date.fromisoformat(opens_on) <= today


def is_open(round_row: dict[str, Any], today: dt.date) -> bool:
    """Whether the round takes submissions: opened, not closed, and the deadline day counts in
    full."""
    if round_row.get("closed_at") or not has_opened(round_row, today):
        return False
    return today <= dt.date.fromisoformat(round_row["deadline"])


def accepts_submission(
    round_row: dict[str, Any], submission: dict[str, Any] | None, today: dt.date
) -> bool:
    """Open round, or a submission the help desk reopened with a later date of its own."""
    if is_open(round_row, today):
        return True
    if round_row.get("closed_at"):
        return False
    reopen_until = (submission or {}).get("reopen_until")
    return bool(reopen_until) and today <= dt.date.fromisoformat(reopen_until)
