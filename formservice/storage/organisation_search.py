"""Finding organisations in the register: by a key a person types (organisation number,
kommunenummer or ``#id``) and by a search of the office's register page."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from formservice.storage.db import containing
from formservice.storage.organisations import (
    organisation_by_id,
    organisation_by_kommunenummer,
    organisation_by_orgnr,
)


def find_organisation(db: sqlite_utils.Database, key: str) -> dict[str, Any] | None:
    """By organisation number (spaces allowed), kommunenummer, or id written ``#12``."""
    key = key.strip()
    if key.startswith("#") and key[1:].isdigit():
        return organisation_by_id(db, int(key[1:]))
    digits = key.replace(" ", "").replace(".", "")
    if len(digits) == 4 and digits.isdigit():
        return organisation_by_kommunenummer(db, digits)
    return organisation_by_orgnr(db, digits) if digits.isdigit() else None


def search_organisations(
    db: sqlite_utils.Database,
    *,
    query: str = "",
    kind: str = "",
    county_number: str = "",
    incomplete: bool = False,
    office_id: int | None,
) -> list[dict[str, Any]]:
    """Organisations whose name, organisation number or kommunenummer matches, by county and
    name; ``incomplete`` keeps those missing an organisation number, account or address. Only
    one office's with ``office_id``; every office's with None (the administrator)."""
    where, params = ["1 = 1"], []
    if office_id is not None:
        where.append("office_id = ?")
        params.append(office_id)
    if query.strip():
        text = query.strip()
        pattern = containing(text)
        digits = text.replace(" ", "").replace(".", "")
        where.append("(lower(name) like lower(?) escape '\\' or orgnr = ? or kommunenummer = ?)")
        params += [pattern, digits, digits]
    if kind:
        where.append("kind = ?")
        params.append(kind)
    if county_number:
        where.append("county_number = ?")
        params.append(county_number)
    if incomplete:
        where.append("(orgnr is null or account_number = '' or postal_address = '')")
    return list(db["organisations"].rows_where(" and ".join(where), params,
                                               order_by="county_number, kind, name"))  # fmt: skip
