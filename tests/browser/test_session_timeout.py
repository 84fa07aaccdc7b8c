"""The session-timeout warning in Chromium: it comes before the 30 idle minutes are up, keeps
what was typed, and staying logged in really extends the session on the server (WCAG 2.2.1)."""

from __future__ import annotations

import os

import pytest

from tests.helpers.axe import assert_accessible
from tests.helpers.browser import login

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_the_session_cookie_is_secure_with_the_host_prefix_on_loopback(page):
    login(page, "hjelp")
    cookie = next(c for c in page.context.cookies() if c["name"].endswith("formservice_session"))
    assert cookie["name"] == "__Host-formservice_session"
    assert cookie["secure"] and cookie["httpOnly"] and cookie["path"] == "/"


def test_the_warning_comes_before_the_limit_and_staying_keeps_what_was_typed(page, tmp_path):
    page.clock.install()
    login(page, "hjelp")
    page.goto("/hjelp/")
    search = page.get_by_role("searchbox").or_(page.get_by_role("textbox")).first
    search.fill("Lillehammer kommune, det jeg skrev")
    dialog = page.get_by_role("dialog")
    assert not dialog.is_visible()

    page.clock.fast_forward("24:00")
    assert not dialog.is_visible()  # not before 25 of the 30 minutes
    page.clock.fast_forward("01:30")
    assert dialog.is_visible()
    assert dialog.get_by_role("heading").inner_text() == "Du blir snart logget ut"
    stay = dialog.get_by_role("button", name="Fortsett å være logget inn")
    assert stay.evaluate("e => e === document.activeElement"), "focus moves to the button"
    assert_accessible(page)
    page.screenshot(path=str(os.environ.get("SCREENSHOTS", tmp_path)) + "/session-warning.png")

    with page.expect_response(lambda r: r.url.endswith("/okt/forleng")) as extended:
        page.keyboard.press("Enter")
    assert extended.value.status == 200
    dialog.wait_for(state="hidden")
    assert search.input_value() == "Lillehammer kommune, det jeg skrev"

    page.clock.fast_forward("20:00")  # counted from the extension, not from the page load
    assert not dialog.is_visible()
    page.clock.fast_forward("11:00")
    assert dialog.get_by_role("heading").inner_text() == "Du er logget ut"
    assert search.input_value() == "Lillehammer kommune, det jeg skrev"
