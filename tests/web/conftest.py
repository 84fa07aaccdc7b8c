"""Fixtures for the web layer: the real app on a real SQLite file in a temporary instance folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from formservice.web import create_app

ROOT = Path(__file__).resolve().parents[2]


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
