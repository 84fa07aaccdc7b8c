"""The definition the live page's engine reads carries the catalogue with the table of printable
characters, so the browser refuses what the server refuses."""

from __future__ import annotations

import hashlib

from formservice.engine.printable import printable_table
from tests import factories


def _lom_page(shipped_login, shipped_db):
    """Lom's client, its draft's page address and the definition URL that page names."""
    draft = factories.create_submission(shipped_db, organisation="3434", form="kommunalt_rusarbeid")
    client = shipped_login("lom")
    page_url = f"/kommune/skjema/{draft['id']}/side/planer"
    page = client.get(page_url)
    return (
        client,
        page_url,
        page.doc.css_first("form[data-definition]").attributes["data-definition"],
    )


def test_the_definition_json_carries_the_table_of_printable_characters(shipped_login, shipped_db):
    client, _, url = _lom_page(shipped_login, shipped_db)
    answer = client.get(url)
    assert answer.status_code == 200
    runs = printable_table()["runs"]
    assert answer.json["catalogue"]["printable"] == {
        "starts": [start for start, _ in runs],
        "kinds": "".join(kind for _, kind in runs),
    }


def test_the_browser_keeps_the_definition_by_the_hash_of_its_bytes(shipped_login, shipped_db):
    client, page_url, url = _lom_page(shipped_login, shipped_db)
    answer = client.get(url)
    digest = hashlib.sha256(answer.data).hexdigest()
    assert url.endswith(f"v={digest[:16]}")  # other bytes, another URL: never a stale copy
    assert answer.headers["Cache-Control"] == "private, max-age=31536000, immutable"
    assert answer.headers["ETag"] == f'"{digest}"'
    again = client.get(url, headers={"If-None-Match": answer.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    assert client.get(page_url).headers["Cache-Control"] == "no-store"
