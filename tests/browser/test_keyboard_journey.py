"""The whole municipality journey by keyboard: how many presses of Tab it takes, and a bound on it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from formservice.accounts import hash_password
from formservice.config import load_settings
from formservice.engine import load_directory
from formservice.storage import organisations, users
from formservice.storage.db import connect
from tests.helpers.keyboard_journey import municipality_journey

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
ROOT = Path(__file__).resolve().parents[2]
RUS = load_directory(ROOT / "form_definitions").get("kommunalt_rusarbeid")
COMPLETE = json.loads((ROOT / "tests/fixtures/answers/rusarbeid-complete.json").read_text("utf-8"))
PASSWORD = "tastatur-reisen-2021"


def _signatory_of(live_server, kommune: str, username: str) -> str:
    """A signatory user of a municipality no other browser test uses."""
    settings = load_settings({"INSTANCE_PATH": str(live_server.instance)})
    db = connect(settings["DATABASE"])
    if users.user_by_username(db, username) is None:
        organisation = organisations.organisation_by_kommunenummer(db, kommune)
        users.create_user(db, username=username, password_hash=hash_password(PASSWORD),
                          role="municipality", full_name="Tastatur Demo",
                          organisation_id=organisation["id"], is_signatory=True)  # fmt: skip
    db.close()
    return username


def test_the_rusarbeid_journey_by_keyboard(page, live_server):
    username = _signatory_of(live_server, "3403", "hamar-tastatur")
    walk = municipality_journey(
        page, username=username, password=PASSWORD, definition=RUS, answers=COMPLETE
    )
    print(f"\nkeyboard journey: {walk.total} presses of Tab over {walk.pages} page loads")
    for where, presses in walk.steps:
        print(f"  {presses:3d}  {where}")
