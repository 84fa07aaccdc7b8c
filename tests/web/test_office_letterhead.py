"""A caseworker of an office without a letterhead is told so beside the letter and report buttons,
in the page's written standard, and making a letter, the round's letters or its annual report is
refused with nothing made; once the office has its letterhead the same buttons work."""

from __future__ import annotations

from formservice.storage import documents, letters
from formservice.storage.db import connect
from tests import factories
from tests.helpers.app import csrf_token
from tests.helpers.pages import check_page


def _granted_in_vestland(db):
    round_row = factories.create_round(db, office="vestland")
    organisation = factories.create_organisation(db, office="vestland", language="nn")
    return factories.create_submission(db, state="granted", round=round_row,
                                       organisation=organisation)  # fmt: skip


def test_no_letter_or_report_is_made_for_an_office_without_a_letterhead(shipped_app, shipped_login):
    db = connect(shipped_app.config["DATABASE"])
    submission = _granted_in_vestland(db)
    client = shipped_login("saksbehandler-vestland")  # writes nynorsk
    url = f"/saksbehandler/skjema/{submission['id']}"
    page = client.get(url)
    notice = check_page(page.text).css_first("#letterhead-missing").text()
    assert notice.startswith("Statsforvaltaren i Vestland manglar brevhovud")
    assert "«Embete» (/admin/embeter)" in notice
    refused = client.post(url + "/brev", data={"csrf_token": csrf_token(page.text)})
    assert refused.status_code == 409
    doc = check_page(refused.text)
    assert "manglar brevhovud" in doc.css_first("#error-summary").text()
    assert [d["kind"] for d in documents.documents_of_submission(db, submission["id"])] == [
        "kvittering"
    ]

    round_url = f"/saksbehandler/runde/{submission['round_id']}"
    page = client.get(round_url)
    assert "manglar brevhovud" in check_page(page.text).css_first("#letterhead-missing").text()
    token = csrf_token(page.text)
    for action in ("/brev", "/arsrapport"):
        answer = client.post(round_url + action, data={"csrf_token": token})
        assert answer.status_code == 302 and answer.headers["Location"].endswith(
            "#letterhead-missing"
        )
    assert letters.newest_batch(db, submission["round_id"]) is None
    assert documents.newest_round_document(db, submission["round_id"], "arsrapport") is None


def test_the_refusal_reads_in_bokmal_for_a_bokmal_caseworker(shipped_app, shipped_login):
    db = connect(shipped_app.config["DATABASE"])
    submission = _granted_in_vestland(db)
    factories.create_user(db, username="vestland-bokmal", role="caseworker", office="vestland")
    page = shipped_login("vestland-bokmal").get(f"/saksbehandler/skjema/{submission['id']}")
    notice = check_page(page.text).css_first("#letterhead-missing").text()
    assert notice.startswith("Statsforvalteren i Vestland mangler brevhode")
    assert (
        "postadresse, postnummer, poststed, e-postadresse for post og organisasjonsnummer" in notice
    )


def test_with_its_letterhead_the_office_makes_its_letters(shipped_app, shipped_login):
    db = connect(shipped_app.config["DATABASE"])
    submission = _granted_in_vestland(db)
    factories.set_letterhead(db, office="vestland")
    client = shipped_login("saksbehandler-vestland")
    url = f"/saksbehandler/skjema/{submission['id']}"
    page = client.get(url)
    assert check_page(page.text).css_first("#letterhead-missing") is None
    made = client.post(url + "/brev", data={"csrf_token": csrf_token(page.text)})
    assert made.status_code == 302
    assert "tilskuddsbrev" in [
        d["kind"] for d in documents.documents_of_submission(db, submission["id"])
    ]
    innlandet = factories.create_submission(db, state="granted", organisation="3405")
    page = shipped_login("saksbehandler").get(f"/saksbehandler/skjema/{innlandet['id']}")
    assert check_page(page.text).css_first("#letterhead-missing") is None
