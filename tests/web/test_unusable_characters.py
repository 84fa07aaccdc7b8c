"""Characters no document can show (controls, non-characters, those no installed font draws) are
refused on the field with a message naming them, in the person's language, and what was typed is
kept; line and paragraph separators are kept as typed and read as line breaks by everything that
shows the answer (through the real app)."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from formservice.engine import evaluate
from formservice.storage import submissions
from formservice.web.filling import posted_pairs
from tests import factories
from tests.helpers.forms import hidden
from tests.helpers.language import choose_language


def _post_purpose(client, url: str, page, purpose: str):
    """The page as a browser posts it with the complete answers, «Formål» typed anew."""
    shown = client.get(url)
    answers = {**factories.complete_answers("kommunalt_rusarbeid"), "formaal": purpose}
    data = [*posted_pairs(page, answers), ("csrf_token", hidden(shown, "csrf_token")),
            ("base_version", hidden(shown, "base_version")), ("action", "next")]  # fmt: skip
    return client.post(url, data=MultiDict(data))


def _purpose_page(db) -> tuple[dict, str, object]:
    draft = factories.create_submission(db, organisation="3434", form="kommunalt_rusarbeid")
    definition = factories.definition("kommunalt_rusarbeid")
    [page] = [
        p for p in definition.pages if any(f.id == "formaal" for s in p.sections for f in s.fields)
    ]
    return draft, f"/kommune/skjema/{draft['id']}/side/{page.id}", page


def test_a_c1_control_non_character_or_character_no_font_draws_is_refused_on_the_field(
    shipped_login, shipped_db
):
    _, url, page = _purpose_page(shipped_db)
    client = shipped_login("lom")
    choose_language(client, "nn", url)
    for character, code in (("\u0085", "U+0085"), ("\ufdd0", "U+FDD0"), ("\U0001e290", "U+1E290")):
        answer = _post_purpose(client, url, page, f"Tiltak{character}her")
        assert answer.status_code == 200  # the page again, with the message
        [error] = [e.text(strip=True) for e in answer.doc.css(".field-error")
                   if "formaal" in e.attributes.get("id", "")]  # fmt: skip
        assert code in error and "inneheld teiknet" in error, error
        assert answer.doc.css_first("#formaal").text() == f"Tiltak{character}her"  # kept as typed


def test_line_and_paragraph_separators_are_saved_as_line_breaks(shipped_login, shipped_db):
    draft, url, page = _purpose_page(shipped_db)
    client = shipped_login("lom")
    answer = _post_purpose(client, url, page, "Linje ein\u2028linje to\u2029Nytt avsnitt")
    assert answer.status_code == 302
    stored = submissions.current_answers(
        shipped_db, submissions.submission_by_id(shipped_db, draft["id"])
    )
    assert stored["formaal"] == "Linje ein\u2028linje to\u2029Nytt avsnitt"  # kept as typed
    read = evaluate(factories.definition("kommunalt_rusarbeid"), stored)
    assert read.values["formaal"] == "Linje ein\nlinje to\nNytt avsnitt"  # what pages and PDFs show
