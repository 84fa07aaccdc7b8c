"""A demo instance with submissions in several states and an API token per role, for the API
tests: Lillehammer granted and ready for payment, Gjøvik submitted, Lom a draft."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from flask import Flask

from formservice.config import load_settings
from formservice.storage import api_access, confirmations, decisions, documents, office, submissions
from formservice.storage.db import connect
from formservice.storage.organisations import organisation_by_kommunenummer
from formservice.storage.rounds import round_by_slug
from formservice.storage.setup import initialise
from formservice.storage.users import user_by_username
from formservice.web import create_app

ROOT = Path(__file__).resolve().parents[2]
ANSWERS = json.loads((ROOT / "tests/fixtures/answers/rusarbeid-complete.json").read_text("utf-8"))


@dataclass
class ApiWorld:
    """The app, the ids of what is in it, and a token per demo user."""

    app: Flask
    round_id: int
    granted_id: int  # Lillehammer's
    submitted_id: int  # Gjøvik's
    draft_id: int  # Lom's
    tokens: dict[str, str]


def _submitted(db, round_row: dict, kommunenummer: str, username: str) -> int:
    organisation = organisation_by_kommunenummer(db, kommunenummer)
    user = user_by_username(db, username)
    row = submissions.start_submission(
        db, round_row=round_row, organisation_id=organisation["id"], actor=user
    )
    submissions.submit(db, row["id"], base_version=0, answers=ANSWERS, actor=user, reference_prefix="RUS",
                       year=2021, language=organisation["language"])  # fmt: skip
    return row["id"]


def api_world(tmp_path: Path) -> ApiWorld:
    """Build the instance and the app (no documents are made: nothing needs LibreOffice)."""
    settings = {"INSTANCE_PATH": str(tmp_path / "instance"), "DEFINITIONS_DIR": str(ROOT / "form_definitions"),
                "TEMPLATES_DIR": str(ROOT / "letter_templates")}  # fmt: skip
    initialise(load_settings(settings), demo=True)
    app = create_app(settings)
    db = connect(app.config["DATABASE"])
    round_row = round_by_slug(db, "rus-2021")
    granted = _submitted(db, round_row, "3405", "lillehammer")
    submitted = _submitted(db, round_row, "3407", "gjovik")
    lom = organisation_by_kommunenummer(db, "3434")
    draft = submissions.start_submission(db, round_row=round_row, organisation_id=lom["id"],
                                         actor=user_by_username(db, "lom"))["id"]  # fmt: skip
    caseworker = user_by_username(db, "saksbehandler")
    positions = [{"title": "Ruskonsulent", "percent": "100", "year": 1, "suggested": "660000",
                  "granted": "660000", "justification": ""}]  # fmt: skip
    decisions.record_decision(db, granted, outcome="granted", actor=caseworker, positions=positions,
                              instalments=2, internal_note="Intern <vurdering>")  # fmt: skip
    letter = documents.create_document(db, granted, "tilskuddsbrev", "nb")
    confirmations.mark_letter_sent(db, granted, actor=caseworker, document_id=letter)
    confirmations.record_confirmation(db, granted, actor=user_by_username(db, "lillehammer"), how="web",
                                      name="Kari Demo", title="Rådmann")  # fmt: skip
    office.mark_ready_for_payment(db, granted, actor=caseworker)
    tokens = {name: api_access.create_token(db, user_by_username(db, name), name="test", days=30)[0]
              for name in ("lillehammer", "gjovik", "saksbehandler", "hjelp", "admin")}  # fmt: skip
    return ApiWorld(app, round_row["id"], granted, submitted, draft, tokens)


def bearer(token: str) -> dict[str, str]:
    """The header that carries a token."""
    return {"Authorization": f"Bearer {token}"}
