"""The letterhead page in Chromium: axe and the contrast check pass before, with and after errors;
it is filled with the keyboard alone, and garbage is shown on its fields and in the summary."""

from __future__ import annotations

import pytest

from tests.helpers.axe import assert_accessible, tab_until
from tests.helpers.browser import login
from tests.helpers.contrast import contrast_problems

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
URL = "/admin/embeter/agder/brevhode"  # an office the other browser tests leave alone


def test_an_administrator_sets_a_letterhead_with_the_keyboard(page, live_server):
    login(page, "admin")
    page.goto(URL)
    assert page.locator("#letterhead-missing").is_visible()
    assert_accessible(page)
    assert contrast_problems(page) == []
    tab_until(page, "#postcode")
    page.keyboard.type("12")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.type("post")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    summary = page.locator("#error-summary")
    assert summary.is_visible() and summary.locator("li").count() == 5
    # the refused page starts at its error summary (form.js), and the next Tab is its first link
    page.wait_for_function("document.activeElement?.id === 'error-summary'", timeout=3000)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#error-summary') !== null")
    assert page.locator("#postcode-error").inner_text().endswith("Postnummeret må ha 4 siffer")
    assert page.locator("#postcode").input_value() == "12"
    assert page.locator("#email").get_attribute("aria-invalid") == "true"
    assert_accessible(page)
    assert contrast_problems(page) == []

    page.locator("#postal_address").fill("Testveien 1")
    page.locator("#postcode").fill("9999")
    page.locator("#post_town").fill("Teststad")
    page.locator("#email").fill("post@agder.test.example")
    page.locator("#orgnr").fill("974 760 673")
    tab_until(page, "form.stack button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Brevhodet er lagret" in page.get_by_role("status").inner_text()
    assert page.locator("#letterhead-missing").count() == 0
    assert_accessible(page)
    assert contrast_problems(page) == []
