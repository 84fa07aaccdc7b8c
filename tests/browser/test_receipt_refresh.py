"""The receipt refreshes itself in Chromium while its acknowledgement is being made: the list
changes in place, the polite live region says so, and the polling stops (when the documents are
ready, or after its bound), without ever counting as the person's activity."""

from __future__ import annotations

import os

import pytest

from formservice.storage import documents, organisations, rounds, submissions
from tests import factories
from tests.helpers.axe import assert_accessible
from tests.helpers.browser import SIGNATORY_PASSWORD, live_database, login

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
EVERY_MS, MAX_TRIES = 3000, 60  # as static/receipt.js polls


def _submitted_with_receipt_pending(live_server) -> tuple[str, int, int]:
    """A municipality the demo left without a 2021 form submits one whose acknowledgement nobody
    has made yet (the live server makes only what is queued): its number, the form's id and the
    acknowledgement's."""
    db = live_database(live_server)
    try:
        round_id = rounds.round_by_slug(db, "rus-2021")["id"]
        free = [o for o in organisations.organisations_in_county(db, "34")
                if submissions.submission_for(db, round_id, o["id"]) is None]  # fmt: skip
        organisation = max(free, key=lambda o: o["kommunenummer"])
        submission = factories.create_submission(
            db, state="submitted", round="rus-2021", organisation=organisation
        )
        [receipt] = documents.documents_of_submission(db, submission["id"])
        return organisation["kommunenummer"], submission["id"], receipt["id"]
    finally:
        db.close()


def _mark_done(live_server, document_id: int) -> None:
    db = live_database(live_server)
    documents.mark_done(db, document_id, docx_path="x.docx", pdf_path="x.pdf", shown=True)
    db.close()


def _polls(page) -> list[str]:
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if "dokumenter.json" in r.url else None)
    return asked


def test_the_receipt_says_in_nynorsk_when_the_acknowledgement_is_ready(
    page, live_server, signatory, tmp_path
):
    kommune, submission_id, receipt_id = _submitted_with_receipt_pending(live_server)
    login(page, signatory(kommune, f"kvittering-{kommune}"), SIGNATORY_PASSWORD)
    page.get_by_role("button", name="Nynorsk").click()
    page.wait_for_load_state()
    page.clock.install()
    asked = _polls(page)
    page.goto(f"/kommune/skjema/{submission_id}/kvittering")
    item = page.locator("#documents li").first
    assert "blir laga no" in item.inner_text()
    assert page.locator("#documents-status").get_attribute("role") == "status"
    assert_accessible(page)
    page.screenshot(path=f"{os.environ.get('SCREENSHOTS', tmp_path)}/receipt-being-made-nn.png")

    with page.expect_response(lambda r: "dokumenter.json" in r.url):
        page.clock.run_for(EVERY_MS)
    assert "blir laga no" in item.inner_text()  # still being made: asks again later
    _mark_done(live_server, receipt_id)
    with page.expect_response(lambda r: "dokumenter.json" in r.url):
        page.clock.run_for(EVERY_MS)
    page.locator("#documents-status").filter(has_text="Dokumenta er klare.").wait_for()
    assert item.get_by_role("link", name="PDF").is_visible()
    assert "blir laga no" not in item.inner_text()
    page.screenshot(path=f"{os.environ.get('SCREENSHOTS', tmp_path)}/receipt-ready-nn.png")

    polled = len(asked)
    page.clock.run_for(EVERY_MS * 5)
    page.wait_for_timeout(300)
    assert len(asked) == polled, asked  # ready: no more asking


def test_the_polling_stops_after_its_bound_and_says_to_refresh_later(page, live_server, signatory):
    kommune, submission_id, _ = _submitted_with_receipt_pending(live_server)
    login(page, signatory(kommune, f"kvittering-{kommune}"), SIGNATORY_PASSWORD)
    page.clock.install()
    asked = _polls(page)
    page.goto(f"/kommune/skjema/{submission_id}/kvittering")
    status = page.locator("#documents-status")
    for _ in range(MAX_TRIES * 2):  # the page's clock also runs on its own
        if "lengre tid" in status.inner_text():
            break
        page.clock.run_for(EVERY_MS)
        page.wait_for_timeout(30)
    status.filter(has_text="Det tar lengre tid enn vanlig").wait_for()
    page.clock.run_for(EVERY_MS * 5)
    page.wait_for_timeout(300)
    assert len(asked) == MAX_TRIES
    assert page.locator("#documents").get_by_role("link", name="oppdater").is_visible()
