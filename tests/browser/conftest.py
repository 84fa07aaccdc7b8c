"""Browser tests: Debian's Chromium driven by Playwright against a live ``formservice serve``.

Fixtures (all lazy: nothing starts unless a test asks for it, so non-browser runs never launch
Chromium or the server):

- ``smtp_server`` (session): ``(host, port, inbox)`` of the SMTP server the live server mails to;
  overrides the function-scoped one from ``tests.helpers.smtp`` in this folder.
- ``live_server`` (session): the running :class:`~tests.helpers.live_server.LiveServer`.
- ``base_url`` (session): its base URL, ``http://127.0.0.1:<port>``.
- ``browser`` (session): headless Chromium.
- ``page`` (function): a fresh context (``bypass_csp``, locale nb-NO, ``base_url``) and page;
  the contrast of every page that loads in it is measured (:mod:`tests.helpers.contrast`), and
  the test fails at its end if any link, button or control falls short.

``login(page, username)`` (in :mod:`tests.helpers.browser`) logs in through the login form.
``signatory(kommune, username)`` makes a signatory user of a municipality no demo user belongs to
(password ``SIGNATORY_PASSWORD`` in :mod:`tests.helpers.browser`) and returns its name.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.helpers.contrast import watch
from tests.helpers.live_server import LiveServer, start_live_server
from tests.helpers.smtp import SmtpServer, running_smtp_server

CHROMIUM = "/usr/bin/chromium"
# The machine has no network: without these Chromium hangs on lookups and updates.
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 20_000


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[SmtpServer]:
    """The SMTP server the live server sends through, for the whole session."""
    with running_smtp_server() as server:
        yield server


@pytest.fixture(scope="session")
def live_server(
    tmp_path_factory: pytest.TempPathFactory, smtp_server: SmtpServer
) -> Iterator[LiveServer]:
    """``formservice init --demo`` + ``formservice serve`` on a free port, mailing to smtp_server."""
    server = start_live_server(
        tmp_path_factory.mktemp("live") / "instance",
        env={
            "FORMSERVICE_MAIL_SERVER": smtp_server.host,
            "FORMSERVICE_MAIL_PORT": str(smtp_server.port),
            "FORMSERVICE_DEMO_MODE": "true",
        },
    )
    yield server
    status = server.stop()
    if status != 0 or "formservice: stopped" not in server.output():
        pytest.fail(
            f"formservice serve did not stop cleanly on SIGTERM (exit status {status}):\n"
            + server.tail(),
            pytrace=False,
        )


@pytest.fixture
def signatory(live_server: LiveServer):
    """``signatory(kommune, username)``: a new signatory user there; returns the username."""
    from tests.helpers.browser import signatory_user

    return lambda kommune, username: signatory_user(live_server, kommune, username)


@pytest.fixture(scope="session")
def base_url(live_server: LiveServer) -> str:
    """The live server's base URL, without a trailing slash."""
    return live_server.url


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """Headless Chromium from Debian (``playwright install`` is not used)."""
    from playwright.sync_api import sync_playwright

    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package", pytrace=False)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, base_url: str) -> Iterator:
    """A new page in a new context: no cookies from other tests; relative ``goto`` works."""
    context = browser.new_context(base_url=base_url, bypass_csp=True, locale="nb-NO")
    context.set_default_timeout(TIMEOUT_MS)
    contrast = watch(context)
    page = context.new_page()
    yield page
    contrast.measure()
    context.close()
    if contrast.problems:
        problems = "\n".join(contrast.problems)
        pytest.fail(f"contrast too low (WCAG 1.4.3, 1.4.11):\n{problems}", pytrace=False)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator:
    """When a browser test fails, show what the live server wrote (its log and tracebacks)."""
    report = yield
    server = item.funcargs.get("live_server") if hasattr(item, "funcargs") else None
    if report.failed and isinstance(server, LiveServer) and server.log.exists():
        state = "running" if server.process.poll() is None else f"exited {server.process.poll()}"
        report.sections.append((f"formservice serve output ({state})", server.tail()))
    return report
