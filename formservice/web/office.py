"""The caseworker's pages: rounds, a round's overview, a submission with its assessment and decision.

A caseworker reads the answers exactly as the municipality saw them, gets the ladder amount
suggested per position, sets the granted amount (a justification is required when it differs),
or rejects with a reason. Decisions are kept with their history; letters are made in the
background from the decision. The caseworker never edits the municipality's answers.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from formservice.engine import evaluate
from formservice.engine.display import summarise
from formservice.office.ladder import positions_of
from formservice.storage import (
    decisions,
    documents,
    office,
    organisations,
    rounds,
    submissions,
)
from formservice.storage.attachments import attachments_of_submission
from formservice.storage.audit import events_for_submission
from formservice.storage.states import STATES, IllegalTransition
from formservice.web.auth import roles_required
from formservice.web.db import get_db
from formservice.web.forms import SubmitForm
from formservice.web.i18n import current_language
from formservice.web.municipality import definition_of

bp = Blueprint("office", __name__, url_prefix="/saksbehandler")


@bp.before_request
@roles_required("caseworker", "admin")
def _only_caseworkers() -> None:
    """Every page here is for caseworkers (and administrators)."""


@bp.get("/")
def home() -> str:
    """The rounds of the office."""
    return render_template("office/home.html", rounds=rounds.all_rounds(get_db()))


@bp.get("/runde/<int:round_id>")
def round_overview(round_id: int) -> str:
    """Every municipality of the county, its state and amounts, with filter, search and totals."""
    db = get_db()
    round_row = rounds.round_by_id(db, round_id) or abort(404)
    rows = office.round_overview(db, round_row)
    totals = office.totals(rows)
    status = request.args.get("status", "")
    query = request.args.get("q", "").strip().lower()[:100]
    shown = [
        r for r in rows
        if (not status or r["state"] == status) and (not query or query in r["organisation"]["name"].lower())
    ]  # fmt: skip
    frame = Decimal(round_row["budget_frame"] or 0)
    letters = documents.letters_of_round(db, round_id)
    return render_template(
        "office/round.html",
        round=round_row,
        rows=shown,
        count=len(rows),
        totals=totals,
        frame=frame,
        states={"not_started": {"nb": "Ikke påbegynt", "nn": "Ikkje påbyrja"}, **STATES},
        status=status,
        query=request.args.get("q", ""),
        letters_done=sum(1 for d in letters if d["status"] == documents.DONE),
        letters_total=len(letters),
        letters_failed=sum(1 for d in letters if d["status"] == documents.FAILED),
        decided=sum(1 for r in rows if r["state"] in ("granted", "rejected")),
        form=SubmitForm(),
        days_left=(dt.date.fromisoformat(round_row["deadline"]) - rounds.norwegian_today()).days,
    )


def submission_page(
    submission_id: int, errors: dict[str, str] | None = None, status: int = 200
) -> Any:
    """The submission page, with the errors of a refused action and its status code."""
    db = get_db()
    submission = submissions.submission_by_id(db, submission_id) or abort(404)
    definition = definition_of(submission)
    answers = submissions.current_answers(db, submission)
    evaluation = evaluate(definition, answers, today=rounds.norwegian_today())
    page = render_template(
        "office/submission.html",
        submission=submission,
        organisation=organisations.organisation_by_id(db, submission["organisation_id"]),
        round=rounds.round_by_id(db, submission["round_id"]),
        summary=summarise(evaluation, current_language()),
        positions=positions_of(definition, evaluation.answers),
        last_year=evaluation.answers.get("fjor_mottatt"),
        decision=decisions.current_decision(db, submission_id),
        history=decisions.decision_history(db, submission_id),
        versions=submissions.versions(db, submission_id),
        events=events_for_submission(db, submission_id),
        documents=documents.documents_of_submission(db, submission_id),
        attachments=attachments_of_submission(db, submission_id),
        errors=errors or {},
        form=SubmitForm(),
        posted=request.form if request.method == "POST" else {},
    )
    return page, status


@bp.get("/skjema/<int:submission_id>")
def submission(submission_id: int) -> Any:
    """The answers read-only, versions, audit, the assessment form and the letters."""
    return submission_page(submission_id)


def _amount(text: str) -> Decimal | None:
    cleaned = text.replace(" ", "").replace("\u00a0", "").replace("kr", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value >= 0 and value == value.to_integral_value() else None


@bp.post("/skjema/<int:submission_id>/vedtak")
def decide(submission_id: int) -> Any:
    """Grant (amount per position, justified where it differs from the ladder) or reject."""
    if not SubmitForm().validate_on_submit():
        abort(400)
    db = get_db()
    submission = submissions.submission_by_id(db, submission_id) or abort(404)
    definition = definition_of(submission)
    answers = evaluate(definition, submissions.current_answers(db, submission)).answers
    errors: dict[str, str] = {}
    outcome = request.form.get("outcome")
    granted = []
    if outcome == "rejected":
        if not request.form.get("reason", "").strip():
            errors["reason"] = "Skriv begrunnelsen for avslaget."
    elif outcome == "granted":
        for index, position in enumerate(positions_of(definition, answers)):
            amount = _amount(request.form.get(f"granted-{index}", ""))
            justification = request.form.get(f"justification-{index}", "").strip()
            if amount is None:
                errors[f"granted-{index}"] = (
                    f"Skriv tildelt beløp for {position['title']} i hele kroner."
                )
                continue
            if amount != position["suggested"] and not justification:
                errors[f"justification-{index}"] = (
                    f"Begrunn hvorfor {position['title']} får et annet beløp enn satsen."
                )
            granted.append({**position, "granted": amount, "justification": justification})
    else:
        errors["outcome"] = "Velg innvilgelse eller avslag."
    try:
        instalments = int(request.form.get("instalments", "1"))
        if not 1 <= instalments <= 12:
            raise ValueError
    except ValueError:
        errors["instalments"] = "Antall utbetalinger må være et helt tall fra 1 til 12."
        instalments = 1
    if errors:
        return submission_page(submission_id, errors, 400)
    conditions = [
        line.strip() for line in request.form.get("conditions", "").splitlines() if line.strip()
    ]
    try:
        decisions.record_decision(
            db, submission_id, outcome=outcome, actor=current_user.row, positions=granted,
            conditions=conditions[:20], instalments=instalments,
            internal_note=request.form.get("internal_note", "")[:5000],
            reason=request.form.get("reason", "").strip()[:5000],
        )  # fmt: skip
    except IllegalTransition:
        return submission_page(
            submission_id, {"outcome": "Skjemaet kan ikke få nytt vedtak i denne statusen."}, 400
        )
    return redirect(url_for(".submission", submission_id=submission_id))


@bp.post("/skjema/<int:submission_id>/status/<state>")
def change(submission_id: int, state: str) -> Any:
    """Move along the allowed path: under assessment, ready for payment, paid."""
    if not SubmitForm().validate_on_submit() or state not in (
        "under_assessment",
        "ready_for_payment",
        "paid",
    ):
        abort(400)
    try:
        submissions.change_state(get_db(), submission_id, state, actor=current_user.row)
    except IllegalTransition as error:
        return submission_page(submission_id, {"outcome": str(error)}, 400)
    except submissions.NotEditable:
        abort(404)
    return redirect(url_for(".submission", submission_id=submission_id))


@bp.post("/skjema/<int:submission_id>/brev")
def make_letter(submission_id: int) -> Any:
    """Queue the letter the current decision calls for; the page shows it when it is made."""
    if not SubmitForm().validate_on_submit():
        abort(400)
    db = get_db()
    submission = submissions.submission_by_id(db, submission_id) or abort(404)
    decision = decisions.current_decision(db, submission_id)
    if decision is None:
        return submission_page(submission_id, {"outcome": "Fatt vedtak før brevet lages."}, 400)
    organisation = organisations.organisation_by_id(db, submission["organisation_id"])
    kind = "tilskuddsbrev" if decision["outcome"] == "granted" else "avslag"
    documents.create_document(db, submission_id, kind, organisation["language"])
    from formservice.documents.jobs import queue_pending_documents

    queue_pending_documents(current_app.config, submission_id)
    return redirect(url_for(".submission", submission_id=submission_id) + "#brev")
