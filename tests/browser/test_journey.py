"""A municipality's whole journey in Chromium, with axe on every page and the keyboard where it counts."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from formservice.engine import load_directory
from formservice.web.filling import posted_pairs
from tests.helpers.axe import assert_accessible, tab_until
from tests.helpers.browser import login, login_office, submitted_for

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
ROOT = Path(__file__).resolve().parents[2]
RUS = load_directory(ROOT / "form_definitions").get("kommunalt_rusarbeid", 2)
COMPLETE = json.loads((ROOT / "tests/fixtures/answers/rusarbeid-complete.json").read_text("utf-8"))


def test_public_pages_pass_axe_and_the_skip_link_comes_first(page):
    for path in ("/", "/tilgjengelighet", "/logg-inn"):
        page.goto(path)
        assert_accessible(page)
        assert page.locator("h1").count() == 1
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_login_works_by_keyboard_alone(page):
    page.goto("/logg-inn")
    tab_until(page, "#username")
    page.keyboard.type("gjovik")
    page.keyboard.press("Tab")
    page.keyboard.type("demo")
    page.keyboard.press("Enter")
    page.wait_for_url("**/kommune/")
    assert page.locator("h1").inner_text() == "Mine skjema"
    assert_accessible(page)


def _fill_page(page, page_id: str) -> None:
    definition_page = RUS.page(page_id)
    pairs = posted_pairs(definition_page, COMPLETE)
    for group in (f for s in definition_page.sections for f in s.fields if f.type == "group"):
        for _ in COMPLETE.get(group.id) or []:
            page.locator(f"button[value='add:{group.id}']").click()
            page.wait_for_load_state()
    missing = _fill(page, pairs)
    if missing:  # fields a choice on this page reveals appear when the page is saved
        page.get_by_role("button", name="Lagre utkast").click()
        page.wait_for_load_state()
        assert not _fill(page, missing)


def _fill(page, pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    missing = []
    for name, value in pairs:
        field = page.locator(f"[name='{name}']")
        if field.count() == 0:
            missing.append((name, value))
            continue
        kind = field.first.evaluate("e => e.tagName.toLowerCase() + ':' + (e.type || '')")
        if kind in ("input:radio", "input:checkbox"):
            page.locator(f"[name='{name}'][value='{value}']").check()
        elif kind.startswith("select"):
            field.select_option(value)
        else:
            field.fill(value)
    return missing


def test_fill_in_check_and_submit_the_rusarbeid_form(page):
    login(page, "lillehammer")
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("Start – Kommunalt rusarbeid")).click()
    page.wait_for_url("**/skjema/*/")
    assert_accessible(page)
    assert page.get_by_text("Ikke påbegynt").first.is_visible()

    page.get_by_role("link", name="Søker").first.click()
    page.get_by_role("button", name="Lagre og fortsett").click()
    page.wait_for_function(
        "document.activeElement && document.activeElement.id === 'error-summary'"
    )
    assert_accessible(page)
    first_error = page.locator("#error-summary a").first
    target = first_error.get_attribute("href").lstrip("#")
    first_error.click()
    assert page.evaluate("document.activeElement.id") == target
    assert page.get_by_text("Lillehammer (3405)").first.is_visible()

    submission = re.search(r"/skjema/(\d+)/", page.url).group(1)
    for page_id in (
        "om_soker",
        "rapport_stillinger",
        "rapport_regnskap",
        "soknad",
        "planer",
        "signer",
    ):
        page.goto(f"/kommune/skjema/{submission}/side/{page_id}")
        _fill_page(page, page_id)
        if page_id == "soknad":
            page.get_by_role("button", name="Lagre utkast").click()
            assert "880\u00a0000\u00a0kr" in page.locator("#sum_stiger").inner_text()
            assert_accessible(page)
            page.get_by_role("button", name="Logg ut").click()  # leave, come back, resume
            login(page, "lillehammer")
            page.goto(f"/kommune/skjema/{submission}/side/soknad")
            assert (
                page.locator("[name='stillinger-1-tittel']").input_value() == "Erfaringskonsulent"
            )
            page.get_by_role("button", name="Lagre og fortsett").click()
        else:
            page.get_by_role("button", name="Lagre og fortsett").click()
        page.wait_for_load_state()
        assert page.locator("#error-summary").count() == 0, page.locator(
            "#error-summary"
        ).inner_text()

    page.wait_for_url("**/oppsummering")  # "save and continue" on the last page leads here
    assert_accessible(page)
    assert page.get_by_text("Lillehammer (3405)").first.is_visible()
    page.get_by_role("button", name="Send inn").click()
    page.wait_for_url("**/kvittering")
    assert page.locator("#reference").inner_text().startswith("RUS-2021-")
    assert_accessible(page)

    deadline = time.monotonic() + 90
    while page.locator("#documents a", has_text="PDF").count() == 0 and time.monotonic() < deadline:
        time.sleep(1)
        page.reload()
    reference = page.locator("#reference").inner_text()
    with page.expect_download() as download:
        page.locator("#documents a", has_text="PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
    text = "".join(p.extract_text() for p in PdfReader(download.value.path()).pages)
    assert reference in text and "Erfaringskonsulent" in text


def test_nynorsk_interface_passes_axe(page):
    login(page, "lom")
    assert page.locator("html").get_attribute("lang") == "nn"
    assert "Opne søknadsrundar" in page.content()
    assert_accessible(page)


def test_caseworker_and_help_desk_pages_pass_axe(page, live_server):
    name = submitted_for(live_server, "3407")
    login_office(page, "saksbehandler", "**/saksbehandler/")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Kommunalt rusarbeid 2021")).click()
    page.wait_for_url("**/runde/*")
    assert_accessible(page)
    page.get_by_role("link", name=name).click()
    page.wait_for_url("**/skjema/*")
    assert_accessible(page)
    page.get_by_label("Tildelt beløp (kr)").nth(1).fill("1")
    page.get_by_role("button", name="Lagre vedtak").click()
    page.wait_for_function(
        "document.activeElement && document.activeElement.id === 'error-summary'"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Logg ut").click()
    page.wait_for_url("**/")

    login_office(page, "hjelp", "**/hjelp/")
    assert_accessible(page)
    page.get_by_label("Kommune, organisasjonsnummer eller referanse").fill("Gjøvik")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=*")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("RUS-2021-")).click()
    page.wait_for_url("**/hjelp/skjema/*")
    assert_accessible(page)
