"""The live form in Chromium, by keyboard: questions appear as they are answered, amounts update as
they are typed, rows are added and removed without a reload with focus where it should be, axe
passes with the live parts shown, and without JavaScript the page works as before."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers.axe import assert_accessible, tab_until
from tests.helpers.browser import SIGNATORY_PASSWORD, login

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
SHOTS = Path(__file__).resolve().parents[2] / ".screenshots"
_FOCUSED = "() => document.activeElement && document.activeElement.id"
_LIVE = "() => document.querySelector('form[data-live-form]').dataset.live === 'ready'"


def _open(page, username: str, page_id: str, language: str = "nb") -> str:
    login(page, username, SIGNATORY_PASSWORD)
    if language == "nn":
        page.get_by_role("button", name="Nynorsk").click()
        page.wait_for_load_state()
    page.locator("form[action*='/runde/'] button", has_text="rusarbeid").click()
    page.wait_for_url("**/skjema/*/")
    submission = re.search(r"/skjema/(\d+)/", page.url).group(1)
    page.goto(f"/kommune/skjema/{submission}/side/{page_id}")
    return submission


def _live(page) -> None:
    page.wait_for_function(_LIVE)


def _status(page) -> str:
    page.wait_for_timeout(120)  # the live region is written a moment after the change
    return page.locator("#live-status").inner_text()


def _shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_answering_yes_shows_the_follow_up_at_once_and_tab_goes_there(page, signatory):
    _open(page, signatory("3418", "ringsaker-live"), "om_soker")
    _live(page)
    follow_up = page.locator("#samarbeidskommuner")
    assert follow_up.is_hidden()
    tab_until(page, "#interkommunalt-0")  # «Ja», the first choice
    page.keyboard.press("Space")
    assert follow_up.is_visible()
    assert "Nytt spørsmål: Hvilke kommuner samarbeider dere med?" in _status(page)
    page.keyboard.press("Tab")
    assert page.evaluate(_FOCUSED) == "samarbeidskommuner"
    page.keyboard.type("Øyer og Gausdal")
    assert_accessible(page)
    _shot(page, "live-om-soker-ja-nb")

    page.keyboard.press("Shift+Tab")
    page.keyboard.press("ArrowDown")  # «Nei»
    assert follow_up.is_hidden()
    assert "Ikke lenger spurt om: Hvilke kommuner samarbeider dere med?" in _status(page)
    page.keyboard.press("Tab")
    assert page.evaluate(_FOCUSED) == "frivillige_partnere"

    page.keyboard.press("Shift+Tab")
    page.keyboard.press("ArrowUp")  # «Ja» again: what was typed is still there, and is saved
    with page.expect_navigation():
        page.get_by_role("button", name="Lagre utkast").click()
    assert page.locator("#samarbeidskommuner").input_value() == "Øyer og Gausdal"


def test_the_ladder_amount_updates_as_the_percentage_is_typed(page, signatory):
    _open(page, signatory("3412", "loten-live"), "soknad")
    _live(page)
    tab_until(page, "#stillinger-add")
    page.keyboard.press("Enter")
    assert page.evaluate(_FOCUSED) == "stillinger-0-tittel"
    assert _status(page) == "Stilling 1 er lagt til."
    page.keyboard.type("Ruskonsulent")
    page.keyboard.press("Tab")
    assert page.evaluate(_FOCUSED) == "stillinger-0-stillingsprosent"
    page.keyboard.press("Tab")
    page.locator("#stillinger-0-aar_i_ordningen").select_option("3")
    page.keyboard.press("Shift+Tab")
    amount = page.locator("#stillinger-0-belop")
    for typed, shown in (("5", "22\u00a0000\u00a0kr"), ("0", "220\u00a0000\u00a0kr"),
                         (",5", "222\u00a0200\u00a0kr")):  # fmt: skip
        page.keyboard.type(typed)
        page.wait_for_function(
            "([id, text]) => document.getElementById(id).textContent === text",
            arg=["stillinger-0-belop", shown],
        )
        assert page.locator("#sum_stiger").inner_text() == shown
    assert amount.get_attribute("aria-live") == "off"  # one live region, not one per amount
    page.keyboard.press("Tab")  # leaving the field announces the new amounts once
    assert "Beløp etter satsene, Stilling 1: 222\u00a0200\u00a0kr" in _status(page)

    tab_until(page, "#soknadsbelop")
    page.keyboard.type("900000")
    page.keyboard.press("Tab")
    warning = page.locator("[data-warnings-for='soknadsbelop'] .field-warning")
    assert warning.text_content().startswith("Merk: Søknadsbeløpet er høyere enn det satsene gir")
    assert "soknadsbelop-warning-1" in page.locator("#soknadsbelop").get_attribute(
        "aria-describedby"
    )
    assert "Merk: Søknadsbeløpet er høyere" in _status(page)
    assert_accessible(page)
    _shot(page, "live-soknad-warning-nb")


def test_rows_are_added_and_removed_without_a_reload_and_the_server_keeps_them(page, signatory):
    _open(page, signatory("3427", "stange-live"), "soknad")
    _live(page)
    page.evaluate("window.__samePage = true")
    tab_until(page, "#stillinger-add")
    for number, title in ((1, "Første"), (2, "Andre"), (3, "Tredje")):
        if number > 1:
            tab_until(page, "#stillinger-add")
        page.keyboard.press("Enter")
        assert page.evaluate(_FOCUSED) == f"stillinger-{number - 1}-tittel"
        page.keyboard.type(title)
    assert page.evaluate("window.__samePage") is True  # no reload

    tab_until(page, "button[value='remove:stillinger:0']")
    assert page.evaluate("document.activeElement.innerText").strip() == "Fjern stilling 1"
    page.keyboard.press("Enter")
    # focus goes to the row now in its place, renumbered: «Andre» is row 1
    assert page.evaluate(_FOCUSED) == "stillinger-0-tittel"
    assert page.locator("#stillinger-0-tittel").input_value() == "Andre"
    assert _status(page) == "Stilling 1 er fjernet. 2 igjen."
    assert page.locator("#stillinger-1-fieldset > legend").inner_text() == "Stilling 2"
    tab_until(page, "button[value='remove:stillinger:1']")
    page.keyboard.press("Enter")  # the last row: focus to the row before it
    assert page.evaluate(_FOCUSED) == "stillinger-0-tittel"
    assert page.evaluate("window.__samePage") is True
    assert_accessible(page)

    with page.expect_navigation():
        page.get_by_role("button", name="Lagre utkast").click()
    assert [page.locator(f"#stillinger-{i}-tittel").count() for i in range(2)] == [1, 0]
    assert page.locator("#stillinger-0-tittel").input_value() == "Andre"


def test_a_row_added_without_javascript_takes_focus_after_the_reload(browser, base_url, signatory):
    context = browser.new_context(base_url=base_url, java_script_enabled=False, locale="nb-NO")
    page = context.new_page()
    try:
        _open(page, signatory("3414", "nord-odal-live"), "om_soker")
        page.locator("#interkommunalt-0").check()
        assert page.locator("#samarbeidskommuner").is_hidden()  # without script: after a save
        with page.expect_navigation():  # the save and its redirect, with no script to wait on
            page.get_by_role("button", name="Lagre utkast").click()
        assert page.locator("#samarbeidskommuner").is_visible()
        page.goto(page.url.split("/side/")[0] + "/side/soknad")
        with page.expect_navigation():
            page.locator("#stillinger-add").click()
        assert page.evaluate(_FOCUSED) == "stillinger-0-tittel"
        assert page.locator("#stillinger-0-belop").inner_text() == "–"
    finally:
        context.close()


def test_the_live_page_in_nynorsk_with_an_error_shown(page, signatory):
    _open(page, signatory("3430", "sor-odal-live"), "soknad", language="nn")
    page.get_by_role("button", name="Lagre og hald fram").click()
    page.wait_for_function(_FOCUSED + " === 'error-summary'")
    _live(page)
    _shot(page, "live-soknad-errors-nn")
    assert page.locator("#error-summary li").count() == 2
    page.locator("#stillinger-add").click()
    assert page.evaluate(_FOCUSED) == "stillinger-0-tittel"
    assert _status(page) == "Stilling 1 er lagd til."
    assert page.locator("#error-summary li").first.is_hidden()  # «Fyll inn stillingar» is mended
    assert page.locator("#error-summary").is_visible()
    page.locator("#stillinger-0-stillingsprosent").fill("50")
    page.locator("#stillinger-0-aar_i_ordningen").select_option("1")
    page.locator("#soknadsbelop").fill("400000")
    page.locator("#soknadsbelop").press("Tab")
    assert page.locator("#sum_stiger").inner_text() == "330\u00a0000\u00a0kr"
    assert (
        page.locator("[data-warnings-for='soknadsbelop']")
        .text_content()
        .startswith("Merk: Søknadsbeløpet er høgare")
    )
    # the errors of the last save go as they are put right; the summary with them
    assert page.locator("[data-error-for='soknadsbelop']").first.is_hidden()
    assert page.locator("#soknadsbelop").get_attribute("aria-invalid") is None
    assert page.locator("#error-summary").is_hidden()
    page.locator("#stillinger-0-tittel").fill("Ruskonsulent")
    assert_accessible(page)
    _shot(page, "live-soknad-error-nn")


def test_a_character_no_font_draws_is_refused_by_name_and_the_message_goes_when_it_does(
    page, signatory
):
    """The server's refusal stays shown (the browser's engine refuses the same character) until
    the character is taken out; what was typed is kept."""
    _open(page, signatory("3431", "nord-odal-live"), "planer", language="nn")
    page.locator("#formaal").fill("Tiltak \U0001e290 i kommunen")
    page.get_by_role("button", name="Lagre og hald fram").click()
    page.wait_for_function(_FOCUSED + " === 'error-summary'")
    _live(page)
    assert page.locator("#formaal").input_value() == "Tiltak \U0001e290 i kommunen"
    error = page.locator("p.field-error[data-error-for='formaal']")
    assert "«\U0001e290» (U+1E290)" in error.inner_text()
    assert "ikkje kan skrivast ut i brevet" in error.inner_text()
    page.locator("#formaal").press("End")
    page.keyboard.type(" og meir")  # still refused: the message stays
    page.wait_for_timeout(200)
    assert error.is_visible()
    assert_accessible(page)
    _shot(page, "live-planer-unprintable-nn")
    page.locator("#formaal").fill("Tiltak i kommunen")
    page.wait_for_timeout(200)
    assert error.is_hidden()
