"""The administrator's pages: the mail outbox that ``make run`` fills instead of sending mail, and
the security event log."""

from __future__ import annotations

from email import policy
from email.parser import BytesParser
from typing import Any

from flask import Blueprint, abort, current_app, render_template, request

from formservice.mail import outbox_messages
from formservice.numbers import to_whole_number
from formservice.storage.security_log import EVENTS, security_events
from formservice.web.auth import roles_required
from formservice.web.db import get_db

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@roles_required("admin")
def _only_admins() -> None:
    """Every page here is for administrators only."""


def _read(path: Any) -> dict[str, Any]:
    message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    body = message.get_body(preferencelist=("plain",))
    return {
        "name": path.stem,
        "to": str(message["To"] or ""),
        "subject": str(message["Subject"] or ""),
        "date": path.stem[:16],
        "body": body.get_content() if body else "",
        "attachments": [part.get_filename() for part in message.iter_attachments()],
    }


@bp.get("/utboks")
def outbox() -> str:
    """Every message formservice would have sent, newest first."""
    messages = [_read(path) for path in outbox_messages(current_app.config)[:200]]
    return render_template("admin/outbox.html", messages=messages)


@bp.get("/utboks/<name>")
def outbox_message(name: str) -> str:
    """One message of the outbox."""
    found = next((p for p in outbox_messages(current_app.config) if p.stem == name), None)
    if found is None:
        abort(404)
    return render_template("admin/message.html", message=_read(found))


PAGE_SIZE = 200


@bp.get("/sikkerhetslogg")
def security_log() -> str:
    """The security event log, newest first, by username and event, 200 at a time."""
    username = request.args.get("bruker", "")[:200].strip()
    event = request.args.get("hendelse", "")
    event = event if event in EVENTS else ""
    before = to_whole_number(request.args.get("før"), low=1, typed=False)
    rows = security_events(get_db(), username=username, event=event, limit=PAGE_SIZE,
                           before_id=before)  # fmt: skip
    older = rows[-1]["id"] if len(rows) == PAGE_SIZE else None
    return render_template("admin/security_log.html", rows=rows, username=username, event=event,
                           events=EVENTS, older=older)  # fmt: skip
