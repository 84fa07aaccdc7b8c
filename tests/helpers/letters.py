"""Decided submissions for letter tests: organisations of the demo county with a submitted
rusarbeid form and a decision each, made through the storage functions."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from stdnum.no import orgnr as orgnr_module

from formservice.config import load_settings
from formservice.storage import organisations, rounds, submissions, users
from formservice.storage.db import connect
from formservice.storage.decisions import record_decision
from formservice.storage.setup import initialise

ROOT = Path(__file__).resolve().parents[2]
COMPLETE = json.loads((ROOT / "tests/fixtures/answers/rusarbeid-complete.json").read_text("utf-8"))
POSITIONS = [
    {"title": "Ruskonsulent", "percent": "100", "year": 1, "suggested": "660000",
     "granted": Decimal(660000), "justification": ""},
    {"title": "Erfaringskonsulent", "percent": "50", "year": 3, "suggested": "220000",
     "granted": Decimal(220000), "justification": ""},
]  # fmt: skip


def demo_instance(instance: Path, **overrides: Any) -> dict[str, Any]:
    """The settings of a fresh demo instance (shipped forms, round ``rus-2021``)."""
    settings = load_settings({"INSTANCE_PATH": str(instance), **overrides})
    initialise(settings, demo=True)
    return settings


def orgnr_of(number: int) -> str:
    """The organisation number :func:`decided` gives organisation ``number``."""
    for check in "0123456789":
        candidate = f"97{number:06d}{check}"
        if orgnr_module.is_valid(candidate):
            return candidate
    return orgnr_of(number + 300_000)


def decided(
    settings: dict[str, Any],
    *,
    name: str,
    outcome: str = "granted",
    language: str = "nb",
    number: int = 1,
    positions: list[dict[str, Any]] | None = None,
    reason: str = "Søknaden gjelder drift av et tiltak, ikke lønn i nye stillinger.",
) -> int:
    """A new organisation of the demo county, its submitted form and a decision; its submission."""
    db = connect(settings["DATABASE"])
    try:
        organisation_id = organisations.upsert_organisation(
            db, orgnr=orgnr_of(number), name=name, kommunenummer=f"98{number:02d}", county_number="34",
            language=language, email=f"post{number}@kommune.example",
            account_number=f"9999{number:07d}", is_demo=True,
        )  # fmt: skip
        actor = users.user_by_username(db, "lillehammer")
        submission = submissions.start_submission(
            db, round_row=rounds.round_by_slug(db, "rus-2021"), organisation_id=organisation_id,
            actor=actor,
        )  # fmt: skip
        submissions.submit(db, submission["id"], base_version=0, answers=COMPLETE, actor=actor,
                           reference_prefix="RUS", year=2021)  # fmt: skip
        record_decision(db, submission["id"], outcome=outcome,
                        actor=users.user_by_username(db, "saksbehandler"),
                        positions=(positions or POSITIONS) if outcome == "granted" else [],
                        instalments=2, reason=reason if outcome == "rejected" else "")  # fmt: skip
        return submission["id"]
    finally:
        db.close()
