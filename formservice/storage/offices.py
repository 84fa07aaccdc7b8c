"""The ten county governors' offices (Statsforvalteren) and the counties each serves, and which
office a round, a submission or an organisation belongs to.

The offices come from ``formservice/data/offices.csv`` (slug, names in bokmål and nynorsk, the
county numbers it serves); :func:`load_offices` adds or renames them, never removes one. Whoever
asks which office a record belongs to gets the office's id, or None for a record that does not
exist, so a caller scoping by office treats both alike (404).
"""

from __future__ import annotations

import csv
from importlib import resources
from typing import Any

import sqlite_utils

from formservice.storage.db import write_transaction


def shipped_offices() -> list[dict[str, Any]]:
    """The offices of the shipped list: ``slug``, ``name_nb``, ``name_nn``, ``counties``."""
    text = resources.files("formservice").joinpath("data/offices.csv").read_text("utf-8")
    return [
        {"slug": row["office"], "name_nb": row["name_nb"], "name_nn": row["name_nn"],
         "counties": row["fylkesnummer"].split()}
        for row in csv.DictReader(text.splitlines())
    ]  # fmt: skip


def load_offices(db: sqlite_utils.Database) -> int:
    """Add the shipped offices (and their counties) not yet known, and update names and counties
    of those known; returns how many offices there are."""
    with write_transaction(db):
        return store_shipped_offices(db)


def store_shipped_offices(db: sqlite_utils.Database) -> int:
    """:func:`load_offices` inside the caller's transaction (a migration's)."""
    for office in shipped_offices():
        row = {key: office[key] for key in ("slug", "name_nb", "name_nn")}
        known = office_by_slug(db, office["slug"])
        if known is None:
            office_id = db["offices"].insert(row).last_pk
        else:
            office_id = known["id"]
            db["offices"].update(office_id, row)
        for county in office["counties"]:
            db["office_counties"].upsert({"county_number": county, "office_id": office_id},
                                         pk="county_number")  # fmt: skip
    return db["offices"].count


def all_offices(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Every office by name, each with ``counties`` (its county numbers)."""
    counties: dict[int, list[str]] = {}
    for row in db["office_counties"].rows_where(order_by="county_number"):
        counties.setdefault(row["office_id"], []).append(row["county_number"])
    return [{**row, "counties": counties.get(row["id"], [])}
            for row in db["offices"].rows_where(order_by="name_nb")]  # fmt: skip


def office_by_id(db: sqlite_utils.Database, office_id: int | None) -> dict[str, Any] | None:
    """The office with this id, or None."""
    if office_id is None:
        return None
    return next(db["offices"].rows_where("id = ?", [office_id]), None)


def office_by_slug(db: sqlite_utils.Database, slug: str) -> dict[str, Any] | None:
    """The office with this short name (``innlandet``, ``vestland``), or None."""
    return next(db["offices"].rows_where("slug = ?", [slug.strip().lower()]), None)


def office_for_county(db: sqlite_utils.Database, county_number: str) -> dict[str, Any] | None:
    """The office serving a county (``"34"`` → Innlandet), or None."""
    found = db.execute(
        "select o.* from offices o join office_counties c on c.office_id = o.id "
        "where c.county_number = ?",
        [county_number],
    ).fetchone()
    return dict(zip(("id", "slug", "name_nb", "name_nn"), found, strict=True)) if found else None


def counties_of_office(db: sqlite_utils.Database, office_id: int) -> list[str]:
    """The county numbers an office serves, in the order of the shipped list's numbers."""
    rows = db["office_counties"].rows_where("office_id = ?", [office_id], order_by="county_number")
    return [row["county_number"] for row in rows]


def office_name(office: dict[str, Any] | None, language: str) -> str:
    """The office's name in bokmål or nynorsk (empty for none)."""
    if office is None:
        return ""
    return office["name_nn"] if language == "nn" else office["name_nb"]


_OWNER = {
    "round": "select office_id from rounds where id = ?",
    "submission": "select r.office_id from submissions s join rounds r on r.id = s.round_id "
    "where s.id = ?",
    "organisation": "select office_id from organisations where id = ?",
    "register_change": "select o.office_id from register_changes c "
    "join organisations o on o.id = c.organisation_id where c.id = ?",
}
OWNED = tuple(_OWNER)


def office_of(db: sqlite_utils.Database, kind: str, record_id: int) -> int | None:
    """The office a record belongs to (a submission: its round's office, which handles it even
    after the organisation moved), or None when there is no such record or it has no office."""
    if not 0 < record_id < 2**63:
        return None
    found = db.execute(_OWNER[kind], [record_id]).fetchone()
    return found[0] if found else None


def office_counts(db: sqlite_utils.Database) -> dict[int, dict[str, int]]:
    """Per office id: how many ``organisations``, ``users`` (caseworkers and help desk) and
    ``rounds`` belong to it."""
    counts: dict[int, dict[str, int]] = {
        row["id"]: {"organisations": 0, "users": 0, "rounds": 0} for row in db["offices"].rows
    }
    for name, sql in (
        ("organisations", "select office_id, count(*) from organisations group by office_id"),
        ("users", "select office_id, count(*) from users where role in ('caseworker', 'helpdesk') "
                  "group by office_id"),
        ("rounds", "select office_id, count(*) from rounds group by office_id"),
    ):  # fmt: skip
        for office_id, count in db.execute(sql).fetchall():
            if office_id in counts:
                counts[office_id][name] = count
    return counts
