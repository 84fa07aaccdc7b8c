"""Migrations 110–129: the ten county governors' offices, the office each organisation, round
and office account belongs to, and the directorate's budget frames. Never edit a migration once it
has shipped: add one."""

from __future__ import annotations

import sqlite_utils

from formservice.storage.db import migration


@migration(110, "offices and their counties; the office of every organisation, round and user")
def _offices(db: sqlite_utils.Database) -> None:
    from formservice.storage.offices import office_for_county, store_shipped_offices

    db["offices"].create(
        {"id": int, "slug": str, "name_nb": str, "name_nn": str},
        pk="id",
        not_null={"slug", "name_nb", "name_nn"},
    )
    db["offices"].create_index(["slug"], unique=True)
    db["office_counties"].create(
        {"county_number": str, "office_id": int},
        pk="county_number",
        foreign_keys=[("office_id", "offices", "id")],
        not_null={"office_id"},
    )
    store_shipped_offices(db)
    for table in ("organisations", "rounds", "users"):
        db[table].add_column("office_id", int, fk="offices", fk_col="id")
        db[table].create_index(["office_id"])
    # Until now formservice was one office: what it holds belongs to the office of its county.
    for county_number, office_id in db.execute(
        "select county_number, office_id from office_counties"
    ).fetchall():
        for sql in ("update organisations set office_id = ? where county_number = ?",
                    "update rounds set office_id = ? where county_number = ?"):  # fmt: skip
            db.execute(sql, [office_id, county_number])
    counties = db.execute(
        "select county_number from rounds group by county_number order by count(*) desc limit 1"
    ).fetchone()
    office = office_for_county(db, counties[0] if counties else "34")
    if office is not None:
        db.execute("update users set office_id = ? where role in ('caseworker', 'helpdesk')",
                   [office["id"]])  # fmt: skip


@migration(111, "the directorate's national budget per scheme and year, and each office's frame")
def _frames(db: sqlite_utils.Database) -> None:
    db["national_budgets"].create(
        {"form_id": str, "year": int, "amount": str, "set_by": int, "set_at": str},
        pk=("form_id", "year"),
        not_null={"amount", "set_at"},
    )
    db["office_frames"].create(
        {"form_id": str, "year": int, "office_id": int, "amount": str},
        pk=("form_id", "year", "office_id"),
        foreign_keys=[("office_id", "offices", "id")],
        not_null={"amount"},
    )


@migration(112, "API tokens: scoped to the office the user had when it was made, too")
def _token_office(db: sqlite_utils.Database) -> None:
    db["api_tokens"].add_column("office_id", int)
    db.execute("update api_tokens set office_id = "
               "(select u.office_id from users u where u.id = api_tokens.user_id)")  # fmt: skip
