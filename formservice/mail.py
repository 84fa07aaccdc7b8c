"""Outgoing e-mail: through SMTP when ``MAIL_SERVER`` is set, otherwise into the instance's outbox.

The outbox (``instance/outbox/*.eml``) is what ``make run`` uses: nothing leaves the machine, and
the admin can read every message in the browser. Subjects and bodies are plain text.
"""

from __future__ import annotations

import smtplib
import uuid
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from pathlib import Path
from typing import Any

from formservice.storage.db import now_iso

SMTP_TIMEOUT = 20


@dataclass(frozen=True)
class Attachment:
    """A file attached to a message."""

    filename: str
    content: bytes
    mimetype: str = "application/pdf"


class MailError(Exception):
    """The message could not be handed to the mail server; the reason is in the message."""


def build_message(
    settings: dict[str, Any],
    *,
    to: list[str],
    subject: str,
    body: str,
    attachments: tuple[Attachment, ...] = (),
) -> EmailMessage:
    """A plain-text message from formservice's sender address."""
    message = EmailMessage()
    message["From"] = formataddr(("Statsforvalteren – formservice", settings["MAIL_SENDER"]))
    message["To"] = ", ".join(to)
    message["Subject"] = subject.replace("\r", " ").replace("\n", " ")
    message["Message-ID"] = make_msgid(domain="formservice.invalid")
    message.set_content(body)
    for attachment in attachments:
        maintype, _, subtype = attachment.mimetype.partition("/")
        message.add_attachment(
            attachment.content, maintype=maintype, subtype=subtype, filename=attachment.filename
        )
    return message


def send(settings: dict[str, Any], message: EmailMessage) -> str:
    """Send (or file in the outbox) one message; return where it went."""
    recipients = [a.strip() for a in str(message["To"]).split(",") if a.strip()]
    if not recipients:
        raise MailError("the message has no recipient")
    if settings.get("MAIL_SERVER"):
        try:
            with smtplib.SMTP(
                settings["MAIL_SERVER"], int(settings["MAIL_PORT"]), timeout=SMTP_TIMEOUT
            ) as smtp:
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as error:
            raise MailError(f"SMTP {settings['MAIL_SERVER']}: {error}") from error
        return f"smtp://{settings['MAIL_SERVER']}:{settings['MAIL_PORT']}"
    outbox = outbox_path(settings)
    outbox.mkdir(parents=True, exist_ok=True)
    stamp = now_iso().replace(":", "").replace("+0000", "Z")
    path = outbox / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
    path.write_bytes(message.as_bytes())
    return str(path)


def outbox_path(settings: dict[str, Any]) -> Path:
    """The folder of messages kept instead of sent."""
    return Path(settings["INSTANCE_PATH"]) / "outbox"


def outbox_messages(settings: dict[str, Any]) -> list[Path]:
    """The outbox's messages, newest first."""
    folder = outbox_path(settings)
    return sorted(folder.glob("*.eml"), reverse=True) if folder.is_dir() else []
