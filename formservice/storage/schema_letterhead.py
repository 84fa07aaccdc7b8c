"""Migrations 200–209: each office's letterhead (what its letters, mails and archive packages
say about the sender). Never edit a migration once it has shipped: add one."""

from __future__ import annotations

import sqlite_utils

from formservice.storage.db import migration, now_iso

# The only office whose letterhead facts formservice knows; the other nine set theirs.
INNLANDET = {"postal_address": "Postboks 987", "postcode": "2604", "post_town": "Lillehammer",
             "email": "sfinpost@statsforvalteren.no", "orgnr": "974762501"}  # fmt: skip


@migration(200, "offices' letterheads: every version kept, Innlandet's known facts seeded")
def _letterheads(db: sqlite_utils.Database) -> None:
    db["office_letterheads"].create(
        {"id": int, "office_id": int, "postal_address": str, "postcode": str, "post_town": str,
         "email": str, "orgnr": str, "visiting_address": str, "phone": str, "website": str,
         "set_at": str, "set_by": str},
        pk="id",
        foreign_keys=[("office_id", "offices", "id")],
        not_null={"office_id", "set_at"},
    )  # fmt: skip
    db["office_letterheads"].create_index(["office_id"])
    found = db.execute("select id from offices where slug = 'innlandet'").fetchone()
    if found is not None:
        optional = {"visiting_address": "", "phone": "", "website": ""}
        row = {"office_id": found[0], **INNLANDET, **optional}
        db["office_letterheads"].insert({**row, "set_at": now_iso(), "set_by": "system"})
