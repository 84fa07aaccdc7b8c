"""Organisations (municipalities): who applies, with their numbers and written standard."""

from __future__ import annotations

from typing import Any

import sqlite_utils


def upsert_organisation(
    db: sqlite_utils.Database,
    *,
    orgnr: str,
    name: str,
    kommunenummer: str,
    county_number: str,
    language: str = "nb",
    email: str = "",
    account_number: str = "",
    is_demo: bool = False,
) -> int:
    """Create or update the organisation with this organisation number; return its id."""
    row = {
        "orgnr": orgnr,
        "name": name,
        "kommunenummer": kommunenummer,
        "county_number": county_number,
        "language": language,
        "email": email,
        "account_number": account_number,
        "is_demo": int(is_demo),
    }
    existing = organisation_by_orgnr(db, orgnr)
    if existing:
        db["organisations"].update(existing["id"], row)
        return existing["id"]
    return db["organisations"].insert(row).last_pk


def organisation_by_orgnr(db: sqlite_utils.Database, orgnr: str) -> dict[str, Any] | None:
    """The organisation with this organisation number, or None."""
    return next(db["organisations"].rows_where("orgnr = ?", [orgnr]), None)


def organisation_by_kommunenummer(db: sqlite_utils.Database, number: str) -> dict[str, Any] | None:
    """The organisation of this municipality, or None."""
    return next(db["organisations"].rows_where("kommunenummer = ?", [number]), None)


def organisations_in_county(db: sqlite_utils.Database, county_number: str) -> list[dict[str, Any]]:
    """Every organisation of a county, by kommunenummer."""
    return list(
        db["organisations"].rows_where(
            "county_number = ?", [county_number], order_by="kommunenummer"
        )
    )


def organisation_by_id(db: sqlite_utils.Database, organisation_id: int) -> dict[str, Any] | None:
    """The organisation with this id, or None."""
    return next(db["organisations"].rows_where("id = ?", [organisation_id]), None)
