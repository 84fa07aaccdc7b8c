"""Reminders: e-mail the municipalities of a round that have not submitted, with the deadline."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, redirect, render_template, url_for
from flask_login import current_user

from formservice import formatting
from formservice.documents.kinds import kind
from formservice.mail import MailError, build_message, send
from formservice.storage import office, offices, rounds
from formservice.storage.audit import record_event
from formservice.web.db import get_db
from formservice.web.forms import SubmitForm
from formservice.web.office import bp

REMINDER = kind("paminnelse").mail  # type: ignore[union-attr]


def _missing(round_row: dict[str, Any]) -> list[dict[str, Any]]:
    return office.not_submitted(get_db(), round_row["id"])


@bp.get("/runde/<int:round_id>/paminnelser")
def reminders(round_id: int) -> str:
    """The municipalities that have not submitted, and the button that reminds them."""
    round_row = rounds.round_by_id(get_db(), round_id) or abort(404)
    return render_template("office/reminders.html", round=round_row, missing=_missing(round_row),
                           form=SubmitForm(), sent=None)  # fmt: skip


@bp.post("/runde/<int:round_id>/paminnelser")
def send_reminders(round_id: int) -> Any:
    """E-mail every municipality that has not submitted; record who was reminded."""
    if not SubmitForm().validate_on_submit():
        abort(400)
    round_row = rounds.round_by_id(get_db(), round_id) or abort(404)
    sender = offices.office_by_id(get_db(), round_row["office_id"])
    sent, failed = 0, 0
    for row in _missing(round_row):
        organisation = row["organisation"]
        if not organisation["email"]:
            continue
        values = {"title": round_row["title"], "name": organisation["name"],
                  "deadline": formatting.short_date(round_row["deadline"]),
                  "office": offices.office_name(sender, organisation["language"])}  # fmt: skip
        subject, body = REMINDER.compose(organisation["language"], values)
        message = build_message(current_app.config, to=[organisation["email"]],
                                subject=subject, body=body)  # fmt: skip
        try:
            send(current_app.config, message)
            sent += 1
        except MailError:
            failed += 1
    record_event(get_db(), actor=current_user.row, action="reminders",
                 detail={"round": round_id, "sent": sent, "failed": failed})  # fmt: skip
    return redirect(url_for(".reminders", round_id=round_id, sendt=sent))
