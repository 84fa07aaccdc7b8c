"""What goes into each document and its mail, built from the database (storage functions only).

The acknowledgement (kvittering) lists every answer exactly as check-your-answers showed it
(:func:`formservice.engine.display.summarise`), with the reference and the time of receipt. A
letter is built from the decision it was asked for (the document's ``decision_id``), never from
a later one, so the letter says what was decided when it was asked for. Every document speaks
for its round's office (:func:`office_sender`: its letterhead, its name in the document's written
standard), and none is made for an office without a complete letterhead. The registry
(:mod:`formservice.documents.kinds`) says which builder each kind uses.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

import sqlite_utils

from formservice import formatting
from formservice.engine import evaluate, load_directory
from formservice.engine.display import summarise
from formservice.engine.loader import Catalog
from formservice.engine.model import Definition
from formservice.office.letterhead import sender
from formservice.storage import (
    decisions,
    letterheads,
    offices,
    organisations,
    rounds,
    submissions,
    users,
)
from formservice.storage.audit import events_for_submission
from formservice.storage.db import now_iso
from formservice.storage.definitions import stored_definition

CONFIRM_WITHIN = dt.timedelta(days=30)


@cache
def _catalog(definitions_dir: str) -> Catalog:
    return load_directory(Path(definitions_dir))


def definition_by_key(
    db: sqlite_utils.Database, settings: dict[str, Any], key: str
) -> Definition | None:
    """The definition ``id@version`` from the definitions folder, else as the database recorded
    it (a version published while this process runs); None if neither has it."""
    form_id, _, version = key.partition("@")
    found = catalog(settings).get(form_id, int(version) if version.isdigit() else 0)
    return found or stored_definition(db, key)


def catalog(settings: dict[str, Any]) -> Catalog:
    """The definitions folder's forms, loaded and checked once a process."""
    return _catalog(str(Path(settings["DEFINITIONS_DIR"]).resolve()))


def submission_parts(
    db: sqlite_utils.Database, settings: dict[str, Any], submission_id: int
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], Definition]:
    """The submission, its organisation, its round and its form definition."""
    submission = submissions.submission_by_id(db, submission_id)
    if submission is None:
        raise LookupError(f"submission {submission_id} does not exist")
    organisation = organisations.organisation_by_id(db, submission["organisation_id"])
    round_row = rounds.round_by_id(db, submission["round_id"])
    definition = definition_by_key(db, settings, submission["form_key"])
    if definition is None:
        raise LookupError(f"definition {submission['form_key']} is not loaded")
    return submission, organisation, round_row, definition  # type: ignore[return-value]


def office_sender(
    db: sqlite_utils.Database, office_id: int | None, language: str
) -> dict[str, str]:
    """The office as a document prints its sender (its letterhead, its name in the written
    standard); :class:`~formservice.office.letterhead.LetterheadMissing` when the letterhead
    lacks a required fact: then no document is made."""
    office = offices.office_by_id(db, office_id)
    if office is None:
        raise LookupError(f"office {office_id} does not exist")
    return sender(office, letterheads.letterhead_of(db, office_id), language)


def _recipient(organisation: dict[str, Any]) -> dict[str, str]:
    return {
        "name": organisation["name"],
        "orgnr": organisation["orgnr"],
        "address": organisations.postal_address(organisation),
        "account": organisation.get("account_number") or "",
        "email": organisation.get("email") or "",
    }


def acknowledgement(
    db: sqlite_utils.Database, settings: dict[str, Any], document: dict[str, Any]
) -> dict[str, Any]:
    """The kvittering: who, what, when, the reference and every answer."""
    language = document["language"]
    submission, organisation, round_row, definition = submission_parts(
        db, settings, document["submission_id"]
    )
    answers = submissions.current_answers(db, submission)
    evaluation = evaluate(definition, answers, today=rounds.norwegian_today())
    pages = [
        {"title": page.title, "sections": [
            {"title": section.title, "items": [
                {"label": item.label, "text": item.text, "is_table": item.is_table,
                 "columns": item.columns, "rows": item.rows}
                for item in section.items]}
            for section in page.sections]}
        for page in summarise(evaluation, language)
    ]  # fmt: skip
    return {
        "office": office_sender(db, round_row["office_id"], language),
        "date": formatting.short_date(now_iso()),
        "reference": submission["reference"] or "",
        "received_at": formatting.date_time(submission["submitted_at"]),
        "form_title": definition.title.get(language) or definition.title["nb"],
        "round_title": round_row["title"],
        "recipient": _recipient(organisation),
        "pages": pages,
    }


def letter(
    db: sqlite_utils.Database, settings: dict[str, Any], document: dict[str, Any]
) -> dict[str, Any]:
    """A grant letter, its confirmation form or a rejection: from the document's decision."""
    submission, organisation, round_row, definition = submission_parts(
        db, settings, document["submission_id"]
    )
    decision = (
        decisions.decision_by_id(db, document["decision_id"])
        if document.get("decision_id")
        else decisions.current_decision(db, document["submission_id"])
    )
    if decision is None:
        raise LookupError(f"submission {document['submission_id']} has no decision")
    caseworker = users.user_by_id(db, decision["decided_by"]) or {}
    language = document["language"] if document["language"] in ("nb", "nn") else "nb"
    scheme = definition.scheme
    return {
        "office": office_sender(db, round_row["office_id"], language),
        "date": formatting.short_date(now_iso()),
        "reference": submission["reference"] or "",
        "recipient": _recipient(organisation),
        "scheme": {"name": scheme["name"][language], "chapter": scheme["chapter"],
                   "post": scheme["post"], "year": scheme["year"]},
        "caseworker": {"name": caseworker.get("full_name") or caseworker.get("username", ""),
                       "title": "saksbehandler", "email": caseworker.get("email", "")},
        "total": decision["total"],
        "instalments": decision["instalments"] or 1,
        "positions": [{"title": p["title"], "percent": p["percent"], "year": p["year"],
                       "amount": p["granted"]} for p in decision["positions"]],
        "conditions": decision["conditions"],
        "reason": decision["reason"] or "",
        "confirm_by": (rounds.norwegian_today() + CONFIRM_WITHIN).isoformat(),
    }  # fmt: skip


def confirmation_prefill(context: dict[str, Any]) -> dict[str, str]:
    """What the fillable confirmation form arrives filled in with: the numbers to check."""
    recipient = context.get("recipient", {})
    return {"orgnr": str(recipient.get("orgnr", "")), "kontonr": str(recipient.get("account", ""))}


def mail_fields(
    db: sqlite_utils.Database, settings: dict[str, Any], document: dict[str, Any]
) -> dict[str, str]:
    """The values a document's mail text may use: ``reference``, ``organisation``, ``title``
    (the form's, in the document's language), ``received`` and ``office`` (the round's office's
    name in the document's language: the mail's sign-off)."""
    submission, organisation, round_row, definition = submission_parts(
        db, settings, document["submission_id"]
    )
    title = definition.title.get(document["language"]) or definition.title["nb"]
    return {
        "reference": submission["reference"] or "",
        "organisation": organisation["name"],
        "title": title,
        "received": formatting.date_time(submission["submitted_at"]),
        "office": offices.office_name(
            offices.office_by_id(db, round_row["office_id"]), document["language"]
        ),
    }


def submitter_and_organisation(db: sqlite_utils.Database, submission_id: int) -> list[str]:
    """The organisation's address and the person who submitted last."""
    submission = submissions.submission_by_id(db, submission_id) or {}
    organisation = organisations.organisation_by_id(db, submission.get("organisation_id")) or {}
    submitter = None
    for event in reversed(events_for_submission(db, submission_id)):
        if event["action"] == "submit" and event["actor_id"]:
            user = users.user_by_id(db, event["actor_id"])
            submitter = user["email"] if user else None
            break
    return sorted({a for a in (organisation.get("email"), submitter) if a})


def organisation_and_people(db: sqlite_utils.Database, submission_id: int) -> list[str]:
    """The organisation's address and every user of the organisation who has one."""
    submission = submissions.submission_by_id(db, submission_id) or {}
    organisation = organisations.organisation_by_id(db, submission.get("organisation_id")) or {}
    people = [
        u["email"] for u in users.users_of_organisation(db, organisation.get("id")) if u["email"]
    ]
    return sorted({organisation.get("email"), *people} - {None, ""})
