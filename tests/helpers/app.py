"""App fixtures for every test folder: the real app on a real SQLite file in a temporary instance."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from formservice.config import load_settings
from formservice.storage import demo
from formservice.storage.setup import initialise
from formservice.web import create_app

ROOT = Path(__file__).resolve().parents[2]
_CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    return create_app(
        {
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "DEFINITIONS_DIR": str(ROOT / "form_definitions"),
            "TEMPLATES_DIR": str(ROOT / "letter_templates"),
        }
    )


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def demo_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Flask:
    """The app with demo data and the test form ``alle_felt`` published as an open round."""
    definitions = tmp_path / "definitions"
    definitions.mkdir()
    raw = json.loads((ROOT / "tests/fixtures/definitions/alle-felt.json").read_text("utf-8"))
    raw["status"] = "published"
    (definitions / "alle-felt.json").write_text(json.dumps(raw, ensure_ascii=False), "utf-8")
    monkeypatch.setitem(demo.DEMO_OPEN_DAYS, "alle_felt", 30)
    settings = {
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "DEFINITIONS_DIR": str(definitions),
        "TEMPLATES_DIR": str(ROOT / "letter_templates"),
        "DEMO_MODE": True,
    }
    initialise(load_settings(settings), demo=True)
    return create_app(settings)


def csrf_token(html: str) -> str:
    """The CSRF token of the first form on a page."""
    found = _CSRF.search(html)
    assert found, "no CSRF token on the page"
    return found.group(1)


@pytest.fixture
def login(demo_app: Flask) -> Callable[[str], FlaskClient]:
    """A logged-in test client for a demo user."""

    def log_in(username: str, password: str = "demo") -> FlaskClient:
        client = demo_app.test_client()
        page = client.get("/logg-inn")
        response = client.post(
            "/logg-inn",
            data={"csrf_token": csrf_token(page.text), "username": username, "password": password},
        )
        assert response.status_code == 302, response.text
        return client

    return log_in


@pytest.fixture
def shipped_app(tmp_path: Path, smtp_server) -> Flask:
    """The app with demo data, the shipped forms and mail to a real local SMTP server."""
    host, port, _ = smtp_server
    settings = {
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "DEFINITIONS_DIR": str(ROOT / "form_definitions"),
        "TEMPLATES_DIR": str(ROOT / "letter_templates"),
        "MAIL_SERVER": host,
        "MAIL_PORT": port,
        "DEMO_MODE": True,
    }
    initialise(load_settings(settings), demo=True)
    return create_app(settings)


@pytest.fixture
def shipped_login(shipped_app: Flask) -> Callable[[str], FlaskClient]:
    """A logged-in test client of the shipped-forms app."""

    def log_in(username: str, password: str = "demo") -> FlaskClient:
        client = shipped_app.test_client()
        page = client.get("/logg-inn")
        response = client.post(
            "/logg-inn",
            data={"csrf_token": csrf_token(page.text), "username": username, "password": password},
        )
        assert response.status_code == 302, response.text
        return client

    return log_in
