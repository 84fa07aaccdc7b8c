"""Offices' letterheads as stored: Innlandet's known facts come with the schema, the other nine
offices have none; every version is kept and each change audited with what it was before."""

from __future__ import annotations

import json

from formservice.storage import letterheads, offices
from tests import factories


def test_only_innlandet_has_a_letterhead_from_the_start(db):
    innlandet = offices.office_by_slug(db, "innlandet")
    stored = letterheads.letterhead_of(db, innlandet["id"])
    assert (stored["postal_address"], stored["postcode"], stored["post_town"]) == (
        "Postboks 987", "2604", "Lillehammer")  # fmt: skip
    assert (stored["email"], stored["orgnr"]) == ("sfinpost@statsforvalteren.no", "974762501")
    assert set(letterheads.letterheads(db)) == {innlandet["id"]}


def test_every_version_is_kept_and_each_change_audited(db):
    vestland = offices.office_by_slug(db, "vestland")
    admin = factories.create_user(db, role="admin")
    first = factories.set_letterhead(db, office="vestland", phone="12345678")
    changes = letterheads.set_letterhead(
        db, vestland["id"], {**first, "post_town": "Demostad"}, actor=admin
    )
    assert changes == {"post_town": ["Teststad", "Demostad"]}
    assert letterheads.letterhead_of(db, vestland["id"])["post_town"] == "Demostad"
    assert [v["post_town"] for v in letterheads.letterhead_history(db, vestland["id"])] == [
        "Demostad", "Teststad"]  # fmt: skip
    assert letterheads.set_letterhead(db, vestland["id"], {**first, "post_town": "Demostad"},
                                      actor=admin) == {}  # fmt: skip
    assert len(letterheads.letterhead_history(db, vestland["id"])) == 2
    entry = next(db["audit_log"].rows_where("action = 'office:letterhead' and actor = ?",
                                            [admin["username"]]))  # fmt: skip
    detail = json.loads(entry["detail"])
    assert detail == {"office_id": vestland["id"], "changes": changes}
