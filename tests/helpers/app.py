"""App fixtures for every test folder: the real app on a real SQLite file in a temporary instance.

Each instance starts from a copy of a template database made once per session
(:mod:`tests.helpers.templates`), not from migrating and seeding anew. Every app's test client is a
:class:`~tests.helpers.pages.CheckedClient` (``tests/conftest.py`` sets it), so every page fetched
is checked and parsed (``response.doc``).

- ``app`` / ``client``: the shipped definitions, no demo data;
- ``demo_app`` / ``login``: demo data and the test form ``alle_felt`` published as an open round;
- ``shipped_app`` / ``shipped_login``: demo data, the shipped forms, mail to a real SMTP server;
- ``db`` / ``demo_db`` / ``shipped_db``: a connection to that app's database, for factories.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlite_utils
from flask import Flask
from flask.testing import FlaskClient

from formservice.storage import demo
from formservice.storage.db import connect
from formservice.web import create_app
from tests.helpers.templates import Templates

ROOT = Path(__file__).resolve().parents[2]
_CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')


@pytest.fixture(scope="session")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Templates:
    """This session's (this xdist worker's) template databases."""
    return Templates(tmp_path_factory.mktemp("templates"))


@pytest.fixture
def app(tmp_path: Path, templates: Templates) -> Flask:
    return create_app(templates.instance("plain", tmp_path / "instance"))


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def demo_app(tmp_path: Path, templates: Templates, monkeypatch: pytest.MonkeyPatch) -> Flask:
    """The app with demo data and the test form ``alle_felt`` published as an open round."""
    monkeypatch.setitem(demo.DEMO_OPEN_DAYS, "alle_felt", 30)
    return create_app(templates.instance("alle_felt", tmp_path / "instance"))


def csrf_token(html: str) -> str:
    """The CSRF token of the first form on a page."""
    found = _CSRF.search(html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def log_in(app: Flask, username: str, password: str = "demo") -> FlaskClient:
    """A new test client of ``app`` logged in through the login form."""
    client = app.test_client()
    page = client.get("/logg-inn")
    response = client.post(
        "/logg-inn",
        data={"csrf_token": csrf_token(page.text), "username": username, "password": password},
    )
    assert response.status_code == 302, response.text
    return client


@pytest.fixture
def login(demo_app: Flask) -> Callable[[str], FlaskClient]:
    """A logged-in test client for a demo user."""
    return lambda username, password="demo": log_in(demo_app, username, password)


@pytest.fixture
def shipped_app(tmp_path: Path, templates: Templates, smtp_server) -> Flask:
    """The app with demo data, the shipped forms and mail to a real local SMTP server."""
    host, port, _ = smtp_server
    settings = templates.instance("shipped", tmp_path / "instance")
    return create_app({**settings, "MAIL_SERVER": host, "MAIL_PORT": port})


@pytest.fixture
def shipped_login(shipped_app: Flask) -> Callable[[str], FlaskClient]:
    """A logged-in test client of the shipped-forms app."""
    return lambda username, password="demo": log_in(shipped_app, username, password)


def _connection(app: Flask) -> Iterator[sqlite_utils.Database]:
    database = connect(app.config["DATABASE"])
    yield database
    database.close()


@pytest.fixture
def db(app: Flask) -> Iterator[sqlite_utils.Database]:
    """The ``app`` fixture's database (shipped definitions, no demo data)."""
    yield from _connection(app)


@pytest.fixture
def demo_db(demo_app: Flask) -> Iterator[sqlite_utils.Database]:
    """The ``demo_app`` fixture's database."""
    yield from _connection(demo_app)


@pytest.fixture
def shipped_db(shipped_app: Flask) -> Iterator[sqlite_utils.Database]:
    """The ``shipped_app`` fixture's database."""
    yield from _connection(shipped_app)


@pytest.fixture
def shipped_instance(tmp_path: Path, templates: Templates) -> Path:
    """An instance folder with the shipped forms and demo data, for the CLI and subprocesses."""
    instance = tmp_path / "instance"
    templates.instance("shipped", instance)
    return instance
