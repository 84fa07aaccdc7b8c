"""A demo instance with submissions in several states and an API token per demo user, for the API
tests: Lillehammer granted and ready for payment, Gjøvik submitted, Lom a draft (factories)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import Flask

from formservice.storage import api_access
from formservice.storage.db import connect
from formservice.storage.users import user_by_username
from formservice.web import create_app
from tests import factories
from tests.helpers.templates import Templates


@dataclass
class ApiWorld:
    """The app, the ids of what is in it, and a token per demo user."""

    app: Flask
    round_id: int
    granted_id: int  # Lillehammer's, ready for payment
    submitted_id: int  # Gjøvik's
    draft_id: int  # Lom's
    tokens: dict[str, str]


def api_world(folder: Path, templates: Templates) -> ApiWorld:
    """Build the instance (shipped forms, demo data) and the app; nothing needs LibreOffice."""
    app = create_app(templates.instance("shipped", folder / "instance"))
    db = connect(app.config["DATABASE"])
    on = {"round": "rus-2021"}
    granted = factories.create_submission(db, state="ready_for_payment", organisation="3405",
                                          decision={"instalments": 2, "internal_note": "Intern <vurdering>"},
                                          **on)  # fmt: skip
    submitted = factories.create_submission(db, state="submitted", organisation="3407", **on)
    draft = factories.create_submission(db, state="draft", organisation="3434", answers={}, **on)
    tokens = {name: api_access.create_token(db, user_by_username(db, name), name="test", days=30)[0]
              for name in ("lillehammer", "gjovik", "saksbehandler", "hjelp", "admin")}  # fmt: skip
    return ApiWorld(app, granted["round_id"], granted["id"], submitted["id"], draft["id"], tokens)


def bearer(token: str) -> dict[str, str]:
    """The header that carries a token."""
    return {"Authorization": f"Bearer {token}"}
