"""The definition the live page's engine reads carries the catalogue with the table of printable
characters, so the browser refuses what the server refuses."""

from __future__ import annotations

from formservice.engine.printable import printable_table
from tests import factories


def test_the_definition_json_carries_the_table_of_printable_characters(shipped_login, shipped_db):
    draft = factories.create_submission(shipped_db, organisation="3434", form="kommunalt_rusarbeid")
    client = shipped_login("lom")
    page = client.get(f"/kommune/skjema/{draft['id']}/side/planer")
    url = page.doc.css_first("form[data-definition]").attributes["data-definition"]
    answer = client.get(url)
    assert answer.status_code == 200
    runs = printable_table()["runs"]
    assert answer.json["catalogue"]["printable"] == {
        "starts": [start for start, _ in runs],
        "kinds": "".join(kind for _, kind in runs),
    }
