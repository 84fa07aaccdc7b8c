"""Preparing the load benchmark's instance, and reading its database back afterwards."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from stdnum.no import kontonr
from stdnum.no import orgnr as orgnr_module

from formservice.accounts import hash_password
from formservice.config import load_settings
from formservice.engine import load_directory
from formservice.engine.municipalities import municipalities
from formservice.storage import organisations, rounds, submissions, users
from formservice.storage.db import connect
from formservice.storage.setup import initialise

BENCH_COUNTY = "34"  # Innlandet: a round needs a county an office serves
PASSWORD = "belastning"


def _account(number: int) -> str:
    """A valid eleven-digit account number (bank code 9999, as the demo's)."""
    for filler in range(10):
        for check in "0123456789":
            candidate = f"9999{number:05d}{filler}{check}"
            if kontonr.is_valid(candidate):
                return candidate
    raise ValueError(number)


def _orgnr(number: int) -> str:
    for check in "0123456789":
        candidate = f"98{number:06d}{check}"
        if orgnr_module.is_valid(candidate):
            return candidate
    return _orgnr(number + 500_000)


def prepare_instance(
    instance: Path, sessions: int, form_id: str, version: int, answers: dict[str, Any]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The instance's settings and one user description per session."""
    settings = load_settings({"INSTANCE_PATH": str(instance)})
    initialise(settings)
    db = connect(settings["DATABASE"])
    definition = load_directory(Path(settings["DEFINITIONS_DIR"])).get(form_id, version)
    deadline = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    round_id = rounds.create_round(
        db, slug="belastning", definition=definition, county_number=BENCH_COUNTY,
        budget_frame="32000000", deadline=deadline,
    )  # fmt: skip
    round_row = rounds.round_by_id(db, round_id)
    page = next(
        p for p in definition.pages if any(f.type == "text" for s in p.sections for f in s.fields)
    )
    text_field = next(f.id for s in page.sections for f in s.fields if f.type == "text")
    password_hash = hash_password(PASSWORD)
    people = []
    # the forms take the municipality, account and address from the register: real numbers
    kommuner = sorted(municipalities())
    for number in range(sessions):
        organisation_id = organisations.upsert_organisation(
            db, orgnr=_orgnr(number), name=f"Belastning {number} kommune",
            kommunenummer=kommuner[number % len(kommuner)], county_number=BENCH_COUNTY,
            language="nb", email=f"post{number}@belastning.example",
            account_number=_account(number), is_demo=True,
        )  # fmt: skip
        # straight into the row: more sessions than Norway's 357 municipalities share their
        # numbers, which the register's own edit (rightly) refuses
        db["organisations"].update(organisation_id, {
            "postal_address": f"Postboks {number}", "postcode": "2626", "post_town": "Lillehammer",
        })  # fmt: skip
        username = f"last{number:03d}"
        user_id = users.create_user(
            db, username=username, password_hash=password_hash, role="municipality",
            organisation_id=organisation_id, is_signatory=True, email=f"{username}@belastning.example",
        )  # fmt: skip
        actor = users.user_by_id(db, user_id)
        submission = submissions.start_submission(
            db, round_row=round_row, organisation_id=organisation_id, actor=actor
        )
        submissions.save_answers(db, submission["id"], base_version=0, answers=answers, actor=actor)
        people.append({"username": username, "password": PASSWORD, "submission_id": submission["id"],
                       "page_id": page.id, "text_field": text_field})  # fmt: skip
    db.close()
    return settings, people


def documents_done(settings: dict[str, Any], submission_ids: list[int]) -> int:
    """How many of the submissions have their acknowledgement made."""
    if not submission_ids:
        return 0
    db = connect(settings["DATABASE"])
    try:
        marks = ",".join("?" * len(submission_ids))
        return db.execute(
            f"select count(distinct submission_id) from documents where kind = 'kvittering' "
            f"and status = 'done' and submission_id in ({marks})",
            submission_ids,
        ).fetchone()[0]
    finally:
        db.close()


def lost_writes(
    settings: dict[str, Any], acked_saves: list[tuple[int, str]], acked_submits: list[int]
) -> dict[str, int]:
    """Acknowledged saves not stored exactly as sent, and acknowledged submits not submitted."""
    db = connect(settings["DATABASE"])
    try:
        stored: dict[int, set[str]] = {}
        for row in db["submission_versions"].rows:
            answers = json.loads(row["answers"])
            stored.setdefault(row["submission_id"], set()).update(
                v for v in answers.values() if isinstance(v, str)
            )
        lost_saves = sum(1 for sid, value in acked_saves if value not in stored.get(sid, set()))
        lost_submits = 0
        for submission_id in acked_submits:
            row = submissions.submission_by_id(db, submission_id)
            audit = db.execute(
                "select count(*) from audit_log where submission_id = ? and action = 'submit'",
                [submission_id],
            ).fetchone()[0]
            if row is None or row["state"] != "submitted" or not row["reference"] or audit != 1:
                lost_submits += 1
        return {"saves": lost_saves, "submits": lost_submits}
    finally:
        db.close()
