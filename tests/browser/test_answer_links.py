"""Every «Endre» link on check-your-answers and every error-summary link, followed in Chromium:
its target exists, is shown, and takes focus (WCAG 2.4.3), with and without JavaScript."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests import factories
from tests.helpers.axe import assert_accessible
from tests.helpers.browser import SIGNATORY_PASSWORD, live_database, login

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
ROOT = Path(__file__).resolve().parents[2]
COMPLETE = json.loads((ROOT / "tests/fixtures/answers/rusarbeid-complete.json").read_text("utf-8"))
# the answers whose errors reach every kind of anchor: radio, group, Likert, declaration, text
LEFT_OUT = ("interkommunalt", "fjor_stillinger", "kapasitet", "regnskap_bekreftet", "stillinger",
            "erklaering", "kontakt_navn")  # fmt: skip
_TARGET = """() => {
    const id = decodeURIComponent(location.hash.slice(1));
    const target = document.getElementById(id);
    return {id, exists: Boolean(target), shown: Boolean(target && !target.closest('[hidden]')
            && target.getClientRects().length), focused: document.activeElement === target};
}"""


def _draft(live_server, kommune: str) -> int:
    """A draft of the municipality's with some answers missing, made with the factories."""
    db = live_database(live_server)
    answers = {k: v for k, v in COMPLETE.items() if k not in LEFT_OUT}
    submission = factories.create_submission(
        db, state="draft", round="rus-2021", organisation=kommune, answers=answers
    )
    db.close()
    return submission["id"]


def _follow_every_link(page, check_url: str, selector: str) -> list[str]:
    page.goto(check_url)
    hrefs = page.locator(selector).evaluate_all("links => links.map(a => a.href)")
    assert hrefs, f"no links match {selector}"
    problems = []
    for href in hrefs:
        page.goto(href)
        page.wait_for_load_state("load")
        # Chromium focuses a fragment's target when it scrolls to it, which on a busy machine may
        # come a moment after "load": wait for it a while, then judge what is there
        with contextlib.suppress(PlaywrightTimeout):
            page.wait_for_function(f"() => ({_TARGET})().focused", timeout=3000)
        target = page.evaluate(_TARGET)
        if not (target["exists"] and target["shown"] and target["focused"]):
            problems.append(f"{href}: {target}")
    return problems


@pytest.mark.parametrize("javascript", [True, False], ids=["script", "no-script"])
def test_every_change_and_error_link_lands_on_its_question(browser, base_url, live_server,
                                                            signatory, javascript):  # fmt: skip
    kommune = "3431" if javascript else "3432"
    username = signatory(kommune, "eidskog-lenker" if javascript else "grue-lenker")
    submission = _draft(live_server, kommune)
    context = browser.new_context(base_url=base_url, locale="nb-NO", java_script_enabled=javascript)
    page = context.new_page()
    try:
        login(page, username, SIGNATORY_PASSWORD) if javascript else _login_without_script(
            page, username
        )
        check = f"/kommune/skjema/{submission}/oppsummering"
        page.goto(check)
        change_links = page.locator("main a", has_text="Endre")
        sections = page.locator(".answers-heading").count()
        assert change_links.count() == sections >= 10  # one per section, not one per answer
        names = change_links.evaluate_all("links => links.map(a => a.textContent.trim())")
        assert all(name.startswith("Endre – ") for name in names), names
        if javascript:
            assert_accessible(page)
            _shot(page, "check-answers-errors-nb")
            page.get_by_role("button", name="Nynorsk").click()
            page.wait_for_load_state()
            assert page.locator("main a", has_text="Endre").count() == sections
            assert_accessible(page)
            _shot(page, "check-answers-errors-nn")
            page.get_by_role("button", name="Bokmål").click()
            page.wait_for_load_state()
        problems = _follow_every_link(page, check, "main a:has-text('Endre')")
        problems += _follow_every_link(page, check, "#errors-remaining a")
        if javascript:  # on the page itself the summary's links move focus there too
            page.goto(f"/kommune/skjema/{submission}/side/soknad?vis=feil")
            for link in page.locator("#error-summary a").all():
                link.click()
                target = page.evaluate(_TARGET)
                if not target["focused"]:
                    problems.append(f"summary on soknad: {target}")
        assert not problems, "\n".join(problems)
    finally:
        context.close()


def _shot(page, name: str) -> None:
    folder = ROOT / ".screenshots"
    folder.mkdir(exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
    for part, top in enumerate((0, 1300)):  # readable slices of the long page
        clip = {"x": 160, "y": top, "width": 960, "height": 1300}
        page.screenshot(path=str(folder / f"{name}-{part}.png"), full_page=True, clip=clip)


def _login_without_script(page, username: str) -> None:
    page.goto("/logg-inn")
    page.locator("#username").fill(username)
    page.locator("#password").fill(SIGNATORY_PASSWORD)
    page.get_by_role("button", name="Logg inn", exact=True).click()
    page.wait_for_url("**/kommune/")
