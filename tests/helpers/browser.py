"""Helpers of the browser tests: logging in through the form, and set-up on the live server's
database with the factories (the journey under test still runs in Chromium)."""

from __future__ import annotations

import re
import time

import sqlite_utils
from pypdf import PdfReader

from formservice.config import load_settings
from formservice.storage import organisations, rounds, submissions
from formservice.storage.db import connect
from tests import factories
from tests.helpers.live_server import LiveServer


def login(page, username: str, password: str = "demo") -> None:
    """Log in through the form as a person would (type, then Enter); fail if it is refused.

    Returns on the page the user lands on (their home page, or ``next``).
    """
    page.goto("/logg-inn")
    page.get_by_label("Brukernavn", exact=True).fill(username)
    page.get_by_label("Passord", exact=True).fill(password)
    with page.expect_response(
        lambda r: r.request.method == "POST" and "/logg-inn" in r.url
    ) as posted:
        page.get_by_label("Passord", exact=True).press("Enter")
    page.wait_for_load_state()
    if posted.value.status != 302:
        alert = page.get_by_role("alert")
        reason = alert.inner_text() if alert.count() else page.title()
        raise AssertionError(f"login as {username!r} refused ({posted.value.status}): {reason}")
    page.wait_for_url(lambda url: "/logg-inn" not in url)


def login_office(page, username: str, lands_on: str) -> None:
    """Log in with the mouse (the button), and wait for the office page the user lands on."""
    page.goto("/logg-inn")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill("demo")
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(lands_on)


def letter_text(page, kind: str) -> str:
    """On a caseworker's submission page: make the decision's letter («Lag …»), wait for the
    worker to make it (up to two minutes), download its PDF and return its text (plain spaces)."""
    page.get_by_role("button", name=re.compile("^Lag ")).click()
    page.wait_for_url("**/skjema/*")
    link = page.locator("#documents li", has_text=kind).locator("a", has_text="PDF")
    deadline = time.monotonic() + 120
    while link.count() == 0 and time.monotonic() < deadline:
        time.sleep(1)
        page.reload()
    with page.expect_download() as download:
        link.first.click()
    return "".join(p.extract_text() for p in PdfReader(download.value.path()).pages).replace(
        "\u00a0", " "
    )


def live_database(live_server: LiveServer) -> sqlite_utils.Database:
    """A connection to the live server's database (close it when done)."""
    return connect(load_settings({"INSTANCE_PATH": str(live_server.instance)})["DATABASE"])


def submitted_for(live_server: LiveServer, kommune: str) -> str:
    """The municipality's rusarbeid form submitted (unless it is already); its name.

    The live server lives for the whole session, so a submission another test made is reused.
    """
    db = live_database(live_server)
    try:
        organisation = organisations.organisation_by_kommunenummer(db, kommune)
        existing = submissions.submission_for(
            db, rounds.round_by_slug(db, "rus-2021")["id"], organisation["id"]
        )
        if existing is None or existing["state"] == "draft":
            factories.create_submission(
                db, state="submitted", round="rus-2021", organisation=organisation
            )
        return organisation["name"]
    finally:
        db.close()


SIGNATORY_PASSWORD = "tastatur-og-skjerm-2021"


def signatory_user(live_server: LiveServer, kommune: str, username: str) -> str:
    """A signatory user of a municipality (password SIGNATORY_PASSWORD), made once."""
    from formservice.storage import users

    db = live_database(live_server)
    if users.user_by_username(db, username) is None:
        factories.create_user(db, username=username, organisation=kommune, signatory=True,
                              password=SIGNATORY_PASSWORD, full_name="Tastatur Demo")  # fmt: skip
    db.close()
    return username
