"""The tables in answer lists (repeating groups and Likert questions) have column headers on
every page that shows answers: check your answers, the receipt, the caseworker's and the help
desk's view of a submission; in both written standards (WCAG 1.3.1)."""

from __future__ import annotations

import pytest

from formservice.engine.display import LIKERT_COLUMNS
from tests import factories
from tests.helpers.language import choose_language


def _tables(page) -> dict[str, list[list[str]]]:
    """Each answer table's column headers (``th scope="col"``), by the answer's label."""
    found = {}
    for item in page.doc.css("dl.answers > div"):
        table = item.css_first("dd table")
        if table is not None:
            found[item.css_first("dt").text(strip=True)] = [
                [th.text(strip=True), th.attributes.get("scope")] for th in table.css("thead th")
            ]
    return found


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_every_answer_table_has_column_headers_on_every_page_that_shows_answers(
    shipped_login, shipped_db, language
):
    draft = factories.create_submission(shipped_db, organisation="3405", form="kommunalt_rusarbeid")
    sent = factories.create_submission(
        shipped_db, organisation="3407", state="submitted", form="kommunalt_rusarbeid"
    )
    pages = {
        "check": ("lillehammer", f"/kommune/skjema/{draft['id']}/oppsummering"),
        "receipt": ("gjovik", f"/kommune/skjema/{sent['id']}/kvittering"),
        "caseworker": ("saksbehandler", f"/saksbehandler/skjema/{sent['id']}"),
        "helpdesk": ("hjelp", f"/hjelp/skjema/{sent['id']}"),
    }
    likert = [heading[language] for heading in LIKERT_COLUMNS]
    for name, (username, url) in pages.items():
        client = shipped_login(username)
        choose_language(client, language, url)
        page = client.get(url)
        assert page.status_code == 200, (name, page.headers.get("Location"))
        assert page.doc.css_first("html").attributes["lang"] == language
        tables = _tables(page)
        assert tables, f"{name}: no answer table"
        for label, headers in tables.items():
            assert headers and all(scope == "col" and text for text, scope in headers), (
                name, label, headers
            )  # fmt: skip
        likert_tables = [h for h in tables.values() if [t for t, _ in h] == likert]
        assert likert_tables, f"{name}: no Likert table headed {likert}: {tables}"
