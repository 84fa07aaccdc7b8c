"""What goes into each document, built from the database: one context per letter type.

The acknowledgement (kvittering) lists every answer exactly as check-your-answers showed it
(:func:`formservice.engine.display.summarise`), with the reference and the time of receipt. The
mails that go with documents are written here too, so a document and its mail always agree.
"""

from __future__ import annotations

from email.message import EmailMessage
from functools import cache
from pathlib import Path
from typing import Any

import sqlite_utils

from formservice import formatting
from formservice.engine import evaluate, load_directory
from formservice.engine.display import summarise
from formservice.engine.loader import Catalog
from formservice.mail import Attachment, build_message
from formservice.storage import organisations, rounds, submissions, users
from formservice.storage.db import now_iso
from formservice.storage.definitions import stored_definition

OFFICE = {
    "name": "Statsforvalteren i Innlandet",
    "address": "Postboks 987, 2604 Lillehammer",
    "email": "sfinpost@statsforvalteren.no",
    "orgnr": "974 762 501",
    "helpdesk": "hjelp@statsforvalteren.no",
}


MAIL_TEXTS = {
    "nb": {
        "subject": "Kvittering:",
        "body": "Vi har mottatt «{title}» fra {organisation}.\n\nReferansenummer: {reference}\n"
        "Mottatt: {received}\n\nKvitteringen med alle svarene ligger ved som PDF.\n\n"
        "Hilsen\n{office}\n",
    },
    "nn": {
        "subject": "Kvittering:",
        "body": "Vi har motteke «{title}» frå {organisation}.\n\nReferansenummer: {reference}\n"
        "Motteke: {received}\n\nKvitteringa med alle svara ligg ved som PDF.\n\n"
        "Helsing\n{office}\n",
    },
}


@cache
def _catalog(definitions_dir: str) -> Catalog:
    return load_directory(Path(definitions_dir))


def _submission_parts(db: sqlite_utils.Database, settings: dict[str, Any], submission_id: int):
    submission = submissions.submission_by_id(db, submission_id)
    if submission is None:
        raise LookupError(f"submission {submission_id} does not exist")
    organisation = organisations.organisation_by_id(db, submission["organisation_id"])
    round_row = rounds.round_by_id(db, submission["round_id"])
    form_id, _, version = submission["form_key"].partition("@")
    definition = _catalog(str(Path(settings["DEFINITIONS_DIR"]).resolve())).get(
        form_id, int(version)
    )
    if definition is None:  # published while this process runs: as the database recorded it
        definition = stored_definition(db, submission["form_key"])
    if definition is None:
        raise LookupError(f"definition {submission['form_key']} is not loaded")
    return submission, organisation, round_row, definition


def acknowledgement_context(
    db: sqlite_utils.Database, settings: dict[str, Any], submission_id: int, language: str
) -> dict[str, Any]:
    """The kvittering: who, what, when, the reference and every answer."""
    submission, organisation, round_row, definition = _submission_parts(db, settings, submission_id)
    answers = submissions.current_answers(db, submission)
    evaluation = evaluate(definition, answers, today=rounds.norwegian_today())
    pages = [
        {
            "title": page.title,
            "sections": [
                {
                    "title": section.title,
                    "items": [
                        {
                            "label": item.label,
                            "text": item.text,
                            "is_table": item.is_table,
                            "columns": item.columns,
                            "rows": item.rows,
                        }
                        for item in section.items
                    ],
                }
                for section in page.sections
            ],
        }
        for page in summarise(evaluation, language)
    ]
    return {
        "office": OFFICE,
        "date": formatting.short_date(now_iso()),
        "reference": submission["reference"] or "",
        "received_at": formatting.date_time(submission["submitted_at"]),
        "form_title": definition.title.get(language) or definition.title["nb"],
        "round_title": round_row["title"],
        "recipient": {
            "name": organisation["name"],
            "orgnr": organisation["orgnr"],
            "email": organisation["email"] or "",
        },
        "pages": pages,
    }


def build_context(
    db: sqlite_utils.Database, settings: dict[str, Any], document: dict[str, Any]
) -> dict[str, Any]:
    """The context of a document row, by its kind."""
    if document["kind"] == "kvittering":
        return acknowledgement_context(
            db, settings, document["submission_id"], document["language"]
        )
    from formservice.documents.letters import letter_context

    return letter_context(db, settings, document)


def mail_for(
    db: sqlite_utils.Database, settings: dict[str, Any], document: dict[str, Any], pdf: Path
) -> EmailMessage | None:
    """The message that goes out with a finished document, or None for documents not mailed."""
    if document["kind"] != "kvittering":
        return None
    submission, organisation, _, definition = _submission_parts(
        db, settings, document["submission_id"]
    )
    submitter = _submitter(db, submission["id"])
    recipients = [a for a in {organisation["email"], submitter} if a]
    if not recipients:
        return None
    language = document["language"]
    title = definition.title.get(language) or definition.title["nb"]
    text = MAIL_TEXTS[language if language in MAIL_TEXTS else "nb"]
    subject = f"{text['subject']} {title} – {submission['reference']}"
    body = text["body"].format(
        title=title,
        organisation=organisation["name"],
        reference=submission["reference"],
        received=formatting.date_time(submission["submitted_at"]),
        office=OFFICE["name"],
    )
    return build_message(
        settings,
        to=recipients,
        subject=subject,
        body=body,
        attachments=(Attachment(f"kvittering-{submission['reference']}.pdf", pdf.read_bytes()),),
    )


def _submitter(db: sqlite_utils.Database, submission_id: int) -> str | None:
    from formservice.storage.audit import events_for_submission

    for event in reversed(events_for_submission(db, submission_id)):
        if event["action"] == "submit" and event["actor_id"]:
            user = users.user_by_id(db, event["actor_id"])
            return user["email"] if user else None
    return None
