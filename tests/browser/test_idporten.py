"""Login with ID-porten in Chromium: the test provider's pages, formservice's, the provider's
front-channel logout iframe (with formservice's real Content-Security-Policy, not bypassed)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from formservice.storage import person_roles
from formservice.storage.db import connect
from formservice.storage.organisations import organisation_by_kommunenummer
from tests import factories
from tests.browser.conftest import TIMEOUT_MS
from tests.helpers.live_server import start_live_server
from tests.helpers.oidc import PERSONS, SIGNING_KEY, STAFF, launcher
from tests.helpers.smtp import free_port

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("oidc-browser")]
SHOTS = Path(os.environ.get("FORMSERVICE_SCREENSHOTS", "/tmp/formservice-screenshots"))


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, Path]]:
    """formservice serve and the test provider; (app URL, issuer, database file)."""
    folder = tmp_path_factory.mktemp("idporten")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    jwks = {"keys": [SIGNING_KEY.as_dict(private=True)]}
    with launcher.running_provider(url, free_port(), folder, list(PERSONS.values()),
                                   staff=STAFF, jwks=jwks) as provider:  # fmt: skip
        server = start_live_server(folder / "instance", env=provider.settings(), port=port)
        try:
            yield url, provider.issuer, folder / "instance" / "formservice.db"
        finally:
            server.stop()


@pytest.fixture
def page(browser, served):
    """A page of the suite's Chromium (conftest's ``browser``), with the app's own CSP."""
    context = browser.new_context(base_url=served[0], locale="nb-NO")  # the app's CSP applies
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


def _grant(database: Path, person: str, kommune: str, role: str) -> None:
    db = connect(database)
    organisation = organisation_by_kommunenummer(db, kommune)
    if person_roles.active_role(db, PERSONS[person]["pid"], organisation["id"]) is None:
        person_roles.grant_role(db, pid=PERSONS[person]["pid"], organisation=organisation,
                                role=role, full_name="", actor=factories.actor(db, "caseworker"))  # fmt: skip
    db.close()


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _log_in(page, person: str, level: str = "idporten-loa-substantial") -> None:
    page.goto("/logg-inn")
    page.click("#idporten-login")
    page.wait_for_selector("text=Testinnlogging (ikke ID-porten)")
    page.check(f"#acr-{level}")
    page.click(f"button[value='{PERSONS[person]['id']}']")


def test_log_in_act_and_log_out_with_id_porten(page, served):
    url, _issuer, database = served
    _grant(database, "signatory", "3405", "signatory")
    page.goto("/logg-inn")
    _shot(page, "login")
    page.click("#idporten-login")
    page.wait_for_selector("text=Testinnlogging (ikke ID-porten)")
    _shot(page, "test-provider")
    page.click(f"button[value='{PERSONS['signatory']['id']}']")
    page.wait_for_url(f"{url}/kommune/")
    assert "Lillehammer" in page.inner_text("main")
    _shot(page, "municipality-home")
    page.click("text=Tilganger")
    page.fill("#pid", "1234")
    page.click("text=Gi tilgang")
    assert "Et fødselsnummer har 11 siffer." in page.inner_text("#error-summary")
    page.fill("#pid", PERSONS["contributor"]["pid"])
    page.fill("#full_name", "Mette Testmedarbeider")
    page.check("#role-contributor")
    page.click("text=Gi tilgang")
    assert "Tilgangen er gitt" in page.inner_text("main")
    assert "211192 *****" in page.inner_text("#active-roles")
    _shot(page, "person-roles")
    page.click("header button:has-text('Logg ut')")
    page.wait_for_url(f"{url}/logg-ut/ferdig*")
    assert page.inner_text("h1") == "Du er logget ut"
    _shot(page, "logged-out")
    page.goto("/kommune/")
    assert "/logg-inn" in page.url


def test_front_channel_logout_started_at_the_provider(page, served):
    url, issuer, database = served
    _grant(database, "signatory", "3405", "signatory")
    _log_in(page, "signatory")
    page.wait_for_url(f"{url}/kommune/")
    # logging out at ID-porten (from another service): its page loads our front-channel iframe
    page.goto(f"{issuer}/session/end")
    page.wait_for_selector("text=Du er logget ut av testinnloggingen")
    page.goto("/kommune/")
    assert "/logg-inn" in page.url


def test_refused_level_and_no_role_pages(page, served):
    _url, _issuer, database = served
    _grant(database, "signatory", "3405", "signatory")
    _log_in(page, "signatory", "idporten-loa-low")
    page.wait_for_selector("#refusal")
    assert "sikrere nivå" in page.inner_text("h1")
    _shot(page, "refused-acr")
    page.click("text=Til innloggingen")
    _log_in(page, "signatory")  # the provider asks again: now at the level required
    page.wait_for_url("**/kommune/")
    page.context.clear_cookies()  # another person at the same computer
    _log_in(page, "nobody")
    page.wait_for_selector("text=Slik får du tilgang")
    _shot(page, "no-role")
    page.click("text=Nynorsk")
    assert page.inner_text("h1") == "Du har ikkje tilgang enno"
    _shot(page, "no-role-nn")
