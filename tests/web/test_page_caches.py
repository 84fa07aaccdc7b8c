"""What form pages keep between requests (each page's form class, evaluations of the same
answers) never carries one organisation's answers, or one language, to another's page."""

from __future__ import annotations

from formservice.storage import users
from tests import factories
from tests.helpers.app import log_in
from tests.helpers.forms import post_page


def _draft_of(db, username: str, *, language: str, answers: dict) -> str:
    user = factories.create_user(db, username=username, language=language)
    organisation = db["organisations"].get(user["organisation_id"])
    draft = factories.create_submission(db, organisation=organisation, answers=answers)
    return f"/kommune/skjema/{draft['id']}/side/side_en"


def test_two_organisations_and_two_languages_each_see_only_their_own_page(demo_app, demo_db):
    shared = {"beskrivelse": "Lik tekst", "antall": "3"}
    url_a = _draft_of(demo_db, "kommune-a", language="nb", answers={**shared, "navn": "Team Aust"})
    url_b = _draft_of(demo_db, "kommune-b", language="nn", answers={**shared, "navn": "Team Vest"})
    a, b = log_in(demo_app, "kommune-a"), log_in(demo_app, "kommune-b")
    for _ in range(2):  # the second round is served from what the first left behind
        page_a, page_b = a.get(url_a), b.get(url_b)
        assert page_a.doc.css_first("#navn").attributes["value"] == "Team Aust"
        assert page_b.doc.css_first("#navn").attributes["value"] == "Team Vest"
        assert "Team Vest" not in page_a.text and "Team Aust" not in page_b.text
        assert "Lagre og fortsett" in page_a.text and "hald fram" not in page_a.text
        assert "Lagre og hald fram" in page_b.text and "Lagre og fortsett" not in page_b.text
        assert b.get(url_a).status_code == 404 and a.get(url_b).status_code == 404


def test_identical_answers_saved_by_two_organisations_stay_each_their_own(demo_app, demo_db):
    url_a = _draft_of(demo_db, "kommune-c", language="nb", answers={})
    url_b = _draft_of(demo_db, "kommune-d", language="nb", answers={})
    a, b = log_in(demo_app, "kommune-c"), log_in(demo_app, "kommune-d")
    for client, url in ((a, url_a), (b, url_b)):  # a typing error: the page again, with it
        shown = post_page(client, url, {"navn": "Samme", "antall": "tolv"})
        assert shown.status_code == 200 and shown.doc.css_first('#antall[aria-invalid="true"]')
        assert shown.doc.css_first('#error-summary a[href="#antall"]') is not None
    assert post_page(b, url_b, {"navn": "Bare D", "antall": "12"}).status_code == 302
    assert a.get(url_a).doc.css_first("#navn").attributes["value"] == "Samme"
    assert a.get(url_a).doc.css_first("#antall").attributes["value"] == "tolv"
    page_b = b.get(url_b)
    assert page_b.doc.css_first("#navn").attributes["value"] == "Bare D"
    assert page_b.doc.css_first("#antall").attributes["value"] == "12"
    organisation_c = users.user_by_username(demo_db, "kommune-c")["organisation_id"]
    assert organisation_c != users.user_by_username(demo_db, "kommune-d")["organisation_id"]
