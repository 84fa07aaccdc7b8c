"""The mails that go with documents, and the messages of message-only kinds, from the registry.

Every text comes from :mod:`formservice.documents.kinds` in the recipient organisation's written
standard. A document's mail is sent once: :func:`deliver` claims it in the database first (a second
caller finds it claimed and sends nothing), and a mail that fails is recorded with the code
``mail`` and tried again later. A grant letter never goes out without its fillable confirmation.
"""

from __future__ import annotations

import logging
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import sqlite_utils

from formservice.documents import contexts
from formservice.documents.kinds import kind, language_of
from formservice.mail import Attachment, MailError, build_message, send
from formservice.storage import document_mails, documents, offices, organisations, submissions

log = logging.getLogger(__name__)


class MissingFile(Exception):
    """A file the mail must carry is not there."""


def document_message(
    db: sqlite_utils.Database, settings: dict[str, Any], document: dict[str, Any]
) -> EmailMessage | None:
    """The message that carries a finished document (and its fillable confirmation form) to its
    recipients; None for a kind that is not mailed or when nobody has an address."""
    found = kind(document["kind"])
    if found.mail is None or found.recipients is None:
        return None
    recipients = found.recipients(db, document["submission_id"])
    if not recipients:
        return None
    fields = contexts.mail_fields(db, settings, document)
    subject, body = found.mail.compose(document["language"], fields)
    instance = Path(settings["INSTANCE_PATH"]).resolve()
    pdf = instance / document["pdf_path"]
    attachments = [Attachment(found.attachment.format(kind=found.name, **fields), _read(pdf))]
    fillable = found.files(document["id"]).fillable_pdf
    if fillable:
        name = f"bekreftelse-{fields['reference']}-utfyllbar.pdf"
        attachments.append(Attachment(name, _read(pdf.with_name(fillable))))
    return build_message(settings, to=recipients, subject=subject, body=body,
                         attachments=tuple(attachments))  # fmt: skip


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise MissingFile(f"{path.name}: {error.strerror}") from None


def deliver(db: sqlite_utils.Database, settings: dict[str, Any], document_id: int) -> bool:
    """Send the document's due mail if nobody else is; True when it is sent (or not needed)."""
    if not document_mails.claim_mail(db, document_id):
        return True
    document = documents.document_by_id(db, document_id)
    try:
        message = document_message(db, settings, document)
        if message is not None:
            send(settings, message)
    except (MailError, MissingFile, OSError) as error:  # OSError: the outbox on a full disk
        log.error("document %s: mail not sent: %s", document_id, error)
        document_mails.mail_failed(db, document_id, str(error))
        return False
    document_mails.mail_sent(db, document_id)
    return True


def notice(
    db: sqlite_utils.Database,
    settings: dict[str, Any],
    kind_name: str,
    submission_id: int,
    fields: dict[str, Any],
) -> EmailMessage | None:
    """A message-only kind's message about a submission, in its organisation's written standard;
    None when nobody has an address."""
    found = kind(kind_name)
    submission = submissions.submission_by_id(db, submission_id)
    if found.mail is None or found.recipients is None or submission is None:
        return None
    recipients = found.recipients(db, submission_id)
    if not recipients:
        return None
    organisation = organisations.organisation_by_id(db, submission["organisation_id"]) or {}
    language = language_of(organisation.get("language"))
    office = offices.office_by_id(db, offices.office_of(db, "submission", submission_id))
    values = {"reference": submission["reference"] or "", "organisation": organisation.get("name", ""),
              "office": offices.office_name(office, language), **fields}  # fmt: skip
    subject, body = found.mail.compose(language, values)
    return build_message(settings, to=recipients, subject=subject, body=body)
