"""The help desk's pages: find a submission, see its status, history and audit, reopen, restore.

The help desk changes no answers and no decisions: reopening moves a submitted form back to draft
for the municipality to correct (and tells the municipality by e-mail), and restoring copies an
earlier version into a new one. There is no "unlock" button: saving uses optimistic locking, so
nothing is ever locked (the submission page says so).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user

from formservice import formatting
from formservice.documents import mails
from formservice.engine import evaluate
from formservice.engine.display import summarise
from formservice.mail import MailError, send
from formservice.storage import drafts, helpdesk, organisations, rounds, submissions
from formservice.storage.audit import events_for_submission
from formservice.web.auth import roles_required
from formservice.web.catalog import definition_for_key
from formservice.web.db import get_db
from formservice.web.forms import SubmitForm
from formservice.web.i18n import current_language, tr
from formservice.web.municipality import definition_of
from formservice.web.office_scope import current_office, current_office_id, guard_office_records

bp = Blueprint("helpdesk", __name__, url_prefix="/hjelp")
REOPEN_DAYS = 14


@bp.before_request
@roles_required("helpdesk", "admin")
def _only_helpdesk() -> None:
    """Every page here is for the help desk (and administrators)."""


bp.before_request(guard_office_records)


@bp.get("/")
def home() -> str:
    """Search by municipality name, organisation number or reference."""
    query = request.args.get("q", "")[:200]
    found = (
        helpdesk.find_submissions(get_db(), query, office_id=current_office_id())
        if query.strip()
        else []
    )
    return render_template("helpdesk/home.html", query=query, found=found, office=current_office())


def _page(submission_id: int, errors: dict[str, str] | None = None, status: int = 200) -> Any:
    db = get_db()
    submission = submissions.submission_by_id(db, submission_id)
    if submission is None:
        abort(404)
    answers = submissions.current_answers(db, submission)
    evaluation = evaluate(definition_of(submission), answers, today=rounds.norwegian_today())
    default_until = rounds.norwegian_today() + dt.timedelta(days=REOPEN_DAYS)
    page = render_template(
        "helpdesk/submission.html",
        submission=submission,
        organisation=organisations.organisation_by_id(db, submission["organisation_id"]),
        round=rounds.round_by_id(db, submission["round_id"]),
        summary=summarise(evaluation, current_language()),
        versions=helpdesk.version_history(db, submission_id),
        left_behind=drafts.answers_left_behind(db, submission_id, definition_for_key),
        events=events_for_submission(db, submission_id),
        errors=errors or {},
        values={
            "reason": request.form.get("reason", ""),
            "until": request.form.get("until", formatting.short_date(default_until)),
        },
    )
    return page, status


@bp.get("/skjema/<int:submission_id>")
def submission(submission_id: int) -> Any:
    """Status, answers, versions and audit of one submission."""
    return _page(submission_id)


def parse_date(text: str) -> dt.date | None:
    """A date written ``dd.mm.åååå`` (or ``d.m.åååå``) or ISO ``åååå-mm-dd``; None otherwise."""
    text = text.strip()
    for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _refused(refused: helpdesk.HelpdeskRefused) -> str:
    return tr(str(refused), refused.nynorsk)


@bp.post("/skjema/<int:submission_id>/gjenapne")
def reopen(submission_id: int) -> Any:
    """Reopen a submitted form for correction, with a reason and a date; tell the municipality."""
    if not SubmitForm().validate_on_submit():
        abort(400)
    errors = {}
    until = parse_date(request.form.get("until", ""))
    if until is None:
        errors["until"] = tr(
            "Skriv datoen som dd.mm.åååå, for eksempel 31.12.2021.",
            "Skriv datoen som dd.mm.åååå, til dømes 31.12.2021.",
        )
    elif until < rounds.norwegian_today():
        errors["until"] = tr("Datoen kan ikke være tilbake i tid.", "Datoen kan ikkje vere attende i tid.")  # fmt: skip
    reason = request.form.get("reason", "")
    if not reason.strip():
        errors["reason"] = tr("Skriv en begrunnelse.", "Skriv ei grunngiving.")
    elif len(reason.strip()) > helpdesk.MAX_REASON:
        errors["reason"] = tr(
            f"Begrunnelsen kan være høyst {helpdesk.MAX_REASON} tegn.",
            f"Grunngivinga kan vere høgst {helpdesk.MAX_REASON} teikn.",
        )
    if not errors:
        try:
            reopened = helpdesk.reopen_submission(
                get_db(), submission_id, actor=current_user.row, reason=reason, reopen_until=until
            )
        except helpdesk.HelpdeskRefused as refused:  # e.g. reopened meanwhile: about the state
            errors["state"] = _refused(refused)
        else:
            _tell_municipality(reopened, reason.strip(), until)
            return redirect(url_for(".submission", submission_id=submission_id))
    return _page(submission_id, errors, 400)


@bp.post("/skjema/<int:submission_id>/gjenopprett/<int:number>")
def restore(submission_id: int, number: int) -> Any:
    """Restore an earlier version of a draft as a new version."""
    if not SubmitForm().validate_on_submit():
        abort(400)
    try:
        helpdesk.restore_version(
            get_db(), submission_id, number, actor=current_user.row,
            reason=request.form.get("reason", ""),
        )  # fmt: skip
    except helpdesk.HelpdeskRefused as refused:
        return _page(submission_id, {f"restore-reason-{number}": _refused(refused)}, 400)
    return redirect(url_for(".submission", submission_id=submission_id))


def _tell_municipality(submission: dict[str, Any], reason: str, until: dt.date) -> None:
    """Mail the organisation and the submitter, in the organisation's written standard, that the
    form is open again, why and until when (the registry's ``gjenapning`` message)."""
    message = mails.notice(get_db(), current_app.config, "gjenapning", submission["id"],
                           {"reason": reason, "until": formatting.short_date(until)})  # fmt: skip
    if message is None:
        current_app.logger.warning("reopen of %s: nobody to tell", submission["reference"])
        return
    try:
        send(current_app.config, message)
    except MailError as error:
        current_app.logger.error("reopen mail for %s not sent: %s", submission["reference"], error)
