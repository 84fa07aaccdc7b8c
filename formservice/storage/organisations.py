"""The register of organisations that apply: numbers, postal address, post room, written standard.

Values reach these functions already checked (:mod:`formservice.register.validation`). Every
change is one transaction with its audit entry (who, when, each fact's old and new value), so the
register's history is the audit log of the organisation (:func:`history`). Organisation numbers
are unique when known; a municipality is known by its kommunenummer even before its numbers are.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from formservice.storage.audit import events_for_organisation, record_event
from formservice.storage.db import now_iso, write_transaction
from formservice.storage.offices import office_by_id, office_for_county

EDITABLE = ("kind", "name", "orgnr", "account_number", "postal_address", "postcode", "post_town",
            "email", "language", "county_number", "kommunenummer")  # fmt: skip


class RegisterConflict(Exception):
    """The change would make two organisations one: ``message`` (en), ``nb`` and ``nn`` say which."""

    def __init__(self, fact: str, en: str, nb: str, nn: str) -> None:
        super().__init__(en)
        self.fact = fact
        self.message = {"en": en, "nb": nb, "nn": nn}


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
    """Create or update the organisation with this organisation number (tests, benchmarks)."""
    row = {"orgnr": orgnr, "name": name, "kommunenummer": kommunenummer,
           "county_number": county_number, "language": language, "email": email,
           "account_number": account_number, "is_demo": int(is_demo)}  # fmt: skip
    existing = organisation_by_orgnr(db, orgnr)
    if existing:
        db["organisations"].update(existing["id"], row)
        return existing["id"]
    return (
        db["organisations"].insert({**row, "office_id": _county_office(db, county_number)}).last_pk
    )


def _county_office(db: sqlite_utils.Database, county_number: str | None) -> int | None:
    """A new organisation belongs to the office of its county (a move changes that later)."""
    office = office_for_county(db, county_number or "")
    return office["id"] if office else None


def _conflict(db: sqlite_utils.Database, values: dict[str, Any], own_id: int | None) -> None:
    if values.get("orgnr"):
        other = organisation_by_orgnr(db, values["orgnr"])
        if other and other["id"] != own_id:
            raise RegisterConflict(
                "orgnr", f"organisation number {values['orgnr']} belongs to {other['name']}",
                f"Organisasjonsnummeret er allerede registrert på {other['name']}.",
                f"Organisasjonsnummeret er allereie registrert på {other['name']}.",
            )  # fmt: skip
    if values.get("kind") == "kommune" and values.get("kommunenummer"):
        other = organisation_by_kommunenummer(db, values["kommunenummer"])
        if other and other["id"] != own_id:
            raise RegisterConflict(
                "kommunenummer", f"kommunenummer {values['kommunenummer']} is {other['name']}",
                f"Kommunen er allerede registrert: {other['name']}.",
                f"Kommunen er allereie registrert: {other['name']}.",
            )  # fmt: skip


def _stored(values: dict[str, Any]) -> dict[str, Any]:
    row = {fact: values.get(fact) for fact in EDITABLE if fact in values}
    for fact in ("account_number", "email", "postal_address", "postcode", "post_town"):
        if fact in row and row[fact] is None:
            row[fact] = ""
    return row


def add_organisation(
    db: sqlite_utils.Database,
    values: dict[str, Any],
    *,
    actor: dict[str, Any] | None,
    is_demo: bool = False,
    office_id: int | None = None,
) -> int:
    """Register an organisation; audited. RegisterConflict if its numbers are taken. It belongs
    to ``office_id`` (the office of the caseworker who registers it), else to its county's."""
    with write_transaction(db):
        return _add(db, values, actor=actor, is_demo=is_demo, office_id=office_id)


def _add(
    db: sqlite_utils.Database, values: dict[str, Any], *, actor: dict[str, Any] | None,
    is_demo: bool, office_id: int | None = None,
) -> int:  # fmt: skip
    _conflict(db, values, None)
    office_id = office_id or _county_office(db, values.get("county_number"))
    row = {**_stored(values), "is_demo": int(is_demo), "updated_at": now_iso(),
           "office_id": office_id}  # fmt: skip
    organisation_id = db["organisations"].insert(row).last_pk
    record_event(db, actor=actor, action="register:add", organisation_id=organisation_id,
                 detail={fact: row.get(fact) for fact in EDITABLE if row.get(fact)})  # fmt: skip
    return organisation_id


def update_organisation(
    db: sqlite_utils.Database,
    organisation_id: int,
    values: dict[str, Any],
    *,
    actor: dict[str, Any] | None,
    action: str = "register:edit",
    keep_blank: bool = False,
    extra: dict[str, Any] | None = None,
) -> dict[str, list[Any]]:
    """Change the given facts; return (and audit) fact → [old, new] for those that changed.
    With ``keep_blank`` an empty value leaves the stored one as it is (an import's empty cell)."""
    with write_transaction(db):
        return _update(db, organisation_id, values, actor=actor, action=action,
                       keep_blank=keep_blank, extra=extra)  # fmt: skip


def _update(
    db: sqlite_utils.Database, organisation_id: int, values: dict[str, Any], *,
    actor: dict[str, Any] | None, action: str, keep_blank: bool, extra: dict[str, Any] | None,
) -> dict[str, list[Any]]:  # fmt: skip
    current = organisation_by_id(db, organisation_id)
    if current is None:
        raise LookupError(f"no organisation {organisation_id}")
    row = _stored(values)
    if keep_blank:
        row = {fact: value for fact, value in row.items() if value not in (None, "")}
    changes = {fact: [current.get(fact), value] for fact, value in row.items()
               if (current.get(fact) or "") != (value or "")}  # fmt: skip
    if not changes:
        return {}
    _conflict(db, {**current, **row}, organisation_id)
    db["organisations"].update(
        organisation_id, {fact: new for fact, (_, new) in changes.items()} | {"updated_at": now_iso()}
    )  # fmt: skip
    record_event(db, actor=actor, action=action, organisation_id=organisation_id,
                 detail={"changes": changes, **(extra or {})})  # fmt: skip
    return changes


def import_municipalities(
    db: sqlite_utils.Database,
    rows: list[dict[str, Any]],
    *,
    actor: dict[str, Any] | None,
    is_demo: bool = False,
) -> tuple[int, int, int]:
    """Add or update municipalities by kommunenummer, all in one transaction (a conflict stores
    none of them); an empty value never erases a known one. Returns (added, changed, unchanged)."""
    added = changed = unchanged = 0
    with write_transaction(db):
        for values in rows:
            existing = organisation_by_kommunenummer(db, values["kommunenummer"])
            if existing is None:
                _add(db, {**values, "language": values.get("language") or "nb"}, actor=actor,
                     is_demo=is_demo)  # fmt: skip
                added += 1
            elif _update(db, existing["id"], values, actor=actor, action="register:import",
                         keep_blank=True, extra=None):  # fmt: skip
                changed += 1
            else:
                unchanged += 1
    return added, changed, unchanged


def organisation_by_orgnr(db: sqlite_utils.Database, orgnr: str) -> dict[str, Any] | None:
    """The organisation with this organisation number, or None."""
    return next(db["organisations"].rows_where("orgnr = ?", [orgnr]), None)


def organisation_by_kommunenummer(db: sqlite_utils.Database, number: str) -> dict[str, Any] | None:
    """The municipality with this kommunenummer, or None."""
    rows = db["organisations"].rows_where("kommunenummer = ? and kind = 'kommune'", [number])
    return next(rows, None)


def organisations_in_county(db: sqlite_utils.Database, county_number: str) -> list[dict[str, Any]]:
    """Every municipality of a county, by kommunenummer."""
    return list(
        db["organisations"].rows_where(
            "county_number = ? and kind = 'kommune'", [county_number], order_by="kommunenummer"
        )
    )


def organisations_of_office(db: sqlite_utils.Database, office_id: int) -> list[dict[str, Any]]:
    """Every municipality an office serves, by kommunenummer (those its rounds expect to apply)."""
    return list(
        db["organisations"].rows_where(
            "office_id = ? and kind = 'kommune'", [office_id], order_by="kommunenummer"
        )
    )


def move_organisation(
    db: sqlite_utils.Database, organisation_id: int, office_id: int, *, actor: dict[str, Any] | None
) -> dict[str, Any] | None:
    """Move an organisation to another office (when counties change); audited. Returns the old
    office's id and the new one's, or None when it is there already. Its submissions stay with
    the office whose round they are in; the new office's rounds are the ones it applies to next."""
    with write_transaction(db):
        current = organisation_by_id(db, organisation_id)
        if current is None:
            raise LookupError(f"no organisation {organisation_id}")
        if office_by_id(db, office_id) is None:
            raise LookupError(f"no office {office_id}")
        if current["office_id"] == office_id:
            return None
        db["organisations"].update(
            organisation_id, {"office_id": office_id, "updated_at": now_iso()}
        )
        change = {"office_id": [current["office_id"], office_id]}
        record_event(db, actor=actor, action="register:move", organisation_id=organisation_id,
                     detail={"changes": change})  # fmt: skip
    return change


def organisation_by_id(db: sqlite_utils.Database, organisation_id: int) -> dict[str, Any] | None:
    """The organisation with this id, or None."""
    return next(db["organisations"].rows_where("id = ?", [organisation_id]), None)


def history(db: sqlite_utils.Database, organisation_id: int) -> list[dict[str, Any]]:
    """Every change of the organisation's facts, oldest first."""
    return events_for_organisation(db, organisation_id)


def postal_address(organisation: dict[str, Any]) -> str:
    """The address as it is written on an envelope: the address lines, then postcode and town."""
    town = " ".join(p for p in (organisation.get("postcode"), organisation.get("post_town")) if p)
    return "\n".join(p for p in ((organisation.get("postal_address") or "").strip(), town) if p)


def register_facts(organisation: dict[str, Any]) -> dict[str, Any]:
    """What the register knows about an organisation, by the keys forms prefill from."""
    return {
        "name": organisation["name"],
        "orgnr": organisation.get("orgnr"),
        "account_number": organisation.get("account_number") or None,
        "postal_address": postal_address(organisation) or None,
        "email": organisation.get("email") or None,
        "kommunenummer": organisation.get("kommunenummer"),
        "organisation_kind": organisation.get("kind"),
    }
