"""The pages anyone can open: axe, headings, language, the skip link and a keyboard-only login."""

from __future__ import annotations

import pytest

from tests.helpers.axe import assert_accessible, assert_keyboard_reachable

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PUBLIC_PAGES = ["/", "/tilgjengelighet", "/logg-inn"]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_passes_axe(page, path):
    response = page.goto(path)
    assert response.status == 200
    assert_accessible(page)


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_has_one_h1_a_language_and_a_title(page, path):
    page.goto(path)
    assert page.locator("h1").count() == 1
    assert page.locator("h1").is_visible()
    assert page.locator("html").get_attribute("lang") == "nb"
    assert page.title().strip().endswith("Statsforvalteren")
    assert page.locator("main").count() == 1


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page, path):
    page.goto(path)
    skip_link = page.locator("a.skip-link")
    page.keyboard.press("Tab")
    assert skip_link.evaluate("e => e === document.activeElement"), "first Tab stop"
    assert skip_link.inner_text() == "Hopp til hovedinnholdet"
    box = skip_link.bounding_box()  # shown when focused, inside the viewport
    assert box and box["x"] >= 0 and box["y"] >= 0 and box["width"] > 1 and box["height"] > 1

    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.tagName") == "MAIN"
    assert page.evaluate("() => document.activeElement.id") == "main"
    assert not skip_link.evaluate("e => e === document.activeElement")
    page.keyboard.press("Tab")  # the next stop comes after the header, not back in it
    assert page.evaluate(
        "() => !document.querySelector('header').contains(document.activeElement)"
        " && document.activeElement !== document.body"
    )


def test_login_form_works_by_keyboard_alone(page):
    page.goto("/logg-inn")
    username = page.get_by_label("Brukernavn", exact=True)
    password = page.get_by_label("Passord", exact=True)
    assert username.get_attribute("name") == "username"
    assert password.get_attribute("name") == "password"

    assert_keyboard_reachable(page, "#username")
    page.keyboard.type("gjovik")
    page.keyboard.press("Tab")
    assert password.evaluate("e => e === document.activeElement")
    page.keyboard.type("demo")
    page.keyboard.press("Tab")
    submit = page.get_by_role("button", name="Logg inn", exact=True)
    assert submit.evaluate("e => e === document.activeElement")
    page.keyboard.press("Enter")

    page.wait_for_url("**/kommune/")
    assert page.locator("h1").inner_text() == "Mine skjema"
    assert page.get_by_role("button", name="Logg ut").is_visible()


def test_a_refused_login_says_why_keeps_the_username_and_passes_axe(page):
    page.goto("/logg-inn")
    assert_keyboard_reachable(page, "#username")
    page.keyboard.type("finnes-ikke")
    page.keyboard.press("Tab")
    page.keyboard.type("feil-passord")
    page.keyboard.press("Enter")

    alert = page.get_by_role("alert")
    alert.wait_for()
    assert alert.inner_text().strip() == "Feil brukernavn eller passord."
    assert page.url.endswith("/logg-inn")
    assert page.get_by_label("Brukernavn", exact=True).input_value() == "finnes-ikke"
    assert page.get_by_label("Passord", exact=True).input_value() == ""
    assert page.get_by_label("Brukernavn", exact=True).get_attribute("aria-describedby") == (
        "login-error"
    )
    assert_accessible(page)


def test_pages_are_set_in_inter_loaded_from_the_app_itself(page):
    fonts = []
    page.on("response", lambda r: fonts.append(r.url) if "/assets/files/" in r.url else None)
    page.goto("/")
    loaded = page.evaluate(
        "document.fonts.ready.then(() => [...document.fonts]"
        ".filter((f) => f.family.replace(/\"/g, '') === 'Inter' && f.status === 'loaded')"
        ".map((f) => f.weight))"
    )
    assert "400" in loaded and "600" in loaded, loaded  # body text and the bold site name
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith("Inter")
    assert fonts and all(url.startswith(page.url.rstrip("/")) for url in fonts), fonts
