"""The caseworker's pages: rounds, a round's overview, a submission with its assessment and decision.

A caseworker reads the answers exactly as the municipality saw them, gets the ladder amount
suggested per position, sets the granted amount (a justification is required when it differs),
or rejects with a reason. Decisions are kept with their history; letters are made in the
background from the decision. The caseworker never edits the municipality's answers.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
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

from formservice.documents.jobs import queue_documents
from formservice.documents.kinds import LETTER_KINDS
from formservice.engine import evaluate
from formservice.engine.display import summarise
from formservice.insight.report import KIND as REPORT_KIND
from formservice.numbers import to_decimal
from formservice.office.assessment import read_assessment
from formservice.office.history import History
from formservice.office.ladder import propose
from formservice.office.overview import histories, proposal_for, round_rows, totals
from formservice.storage import (
    decisions,
    documents,
    frames,
    handovers,
    letters,
    office,
    organisations,
    rounds,
    submissions,
)
from formservice.storage.attachments import attachments_of_submission
from formservice.storage.audit import events_for_submission
from formservice.storage.states import STATES, IllegalTransition, state_label
from formservice.web.auth import roles_required
from formservice.web.catalog import definition_for_key
from formservice.web.db import get_db
from formservice.web.forms import SubmitForm
from formservice.web.i18n import current_language, text
from formservice.web.municipality import definition_of
from formservice.web.office_letterhead import letterhead_refusal
from formservice.web.office_scope import current_office, current_office_id, guard_office_records

bp = Blueprint("office", __name__, url_prefix="/saksbehandler")
STATE_NAMES = {office.NOT_STARTED: {"nb": "Ikke påbegynt", "nn": "Ikkje påbyrja"}, **STATES}


@bp.before_request
@roles_required("caseworker", "admin")
def _only_caseworkers() -> None:
    """Every page here is for caseworkers (and administrators)."""


bp.before_request(guard_office_records)


@bp.get("/")
def home() -> str:
    """The rounds of the office."""
    all_rounds = rounds.all_rounds(get_db(), office_id=current_office_id())
    today = rounds.norwegian_today()
    states = {row["id"]: rounds.round_state(row, today) for row in all_rounds}
    return render_template("office/home.html", rounds=all_rounds, states=states,
                           office=current_office())  # fmt: skip


@bp.get("/runde/<int:round_id>")
def round_overview(round_id: int) -> str:
    """Every municipality of the county, its state and amounts, with filter, search and totals."""
    db = get_db()
    round_row = rounds.round_by_id(db, round_id) or abort(404)
    rows = overview_rows(round_id)
    status = request.args.get("status", "")
    status = status if status in STATE_NAMES else ""
    query = request.args.get("q", "").strip()[:100]
    shown = [
        r for r in rows
        if (not status or r["state"] == status) and query.lower() in r["organisation"]["name"].lower()
    ]  # fmt: skip
    batch = letters.newest_batch(db, round_id)
    batch_documents = letters.batch_documents(db, batch) if batch else []
    return render_template(
        "office/round.html",
        round=round_row,
        rows=shown,
        count=len(rows),
        totals=totals(rows),
        shown_totals=totals(shown),
        frame=to_decimal(round_row["budget_frame"]) or Decimal(0),
        states=STATE_NAMES,
        status=status,
        query=query,
        letters_done=sum(1 for d in batch_documents if d["status"] == documents.DONE),
        letters_total=len(batch_documents),
        letters_failed=sum(1 for d in batch_documents if d["status"] == documents.FAILED),
        merged=letters.newest_merged(db, round_id),
        report=documents.newest_round_document(db, round_id, REPORT_KIND),
        decided=sum(1 for r in rows if r["state"] in ("granted", "rejected")),
        priorities=sum(1 for r in rows if r["priority"]),
        form=SubmitForm(),
        days_left=_days_left(round_row["deadline"]),
        round_state=rounds.round_state(round_row, rounds.norwegian_today()),
        directorate_frame=frames.frame_of_office(db, round_row),
    )


def overview_rows(round_id: int) -> list[dict[str, Any]]:
    """The round's overview with the amounts applied for and suggested."""
    return round_rows(get_db(), round_id, definition_for_key)


def history_of(submission: dict[str, Any]) -> History | None:
    """The organisation's history in the submission's scheme (None: no earlier grants here)."""
    db = get_db()
    known = histories(db, rounds.round_by_id(db, submission["round_id"]))
    return known[submission["organisation_id"]] if known is not None else None


def _days_left(deadline: str | None) -> int | None:
    if not deadline:
        return None
    return (dt.date.fromisoformat(deadline) - rounds.norwegian_today()).days


def submission_page(
    submission_id: int, errors: dict[str, Any] | None = None, status: int = 200
) -> Any:
    """The submission page, with the errors of a refused action (text, or bokmål/nynorsk pairs)
    and its status code; what was posted is shown again so nothing typed is lost."""
    db = get_db()
    submission = submissions.submission_by_id(db, submission_id) or abort(404)
    definition = definition_of(submission)
    answers = submissions.current_answers(db, submission)
    evaluation = evaluate(definition, answers, today=rounds.norwegian_today())
    proposal = propose(evaluation, history_of(submission))
    page = render_template(
        "office/submission.html",
        submission=submission,
        organisation=organisations.organisation_by_id(db, submission["organisation_id"]),
        round=rounds.round_by_id(db, submission["round_id"]),
        summary=summarise(evaluation, current_language()),
        proposal=proposal,
        positions=proposal.lines,
        decision=decisions.current_decision(db, submission_id),
        history=decisions.decision_history(db, submission_id),
        versions=submissions.versions(db, submission_id),
        events=events_for_submission(db, submission_id),
        documents=documents.documents_of_submission(db, submission_id),
        can_send=submission["state"] in letters.DECIDED
        and letters.has_current_letter(db, submission_id, LETTER_KINDS),
        attachments=attachments_of_submission(db, submission_id),
        handovers=handovers.packages_of_submission(db, submission_id),
        errors={key: text(v) if isinstance(v, dict) else v for key, v in (errors or {}).items()},
        form=SubmitForm(),
        posted=request.form if request.method == "POST" else {},
    )
    return page, status


@bp.get("/skjema/<int:submission_id>")
def submission(submission_id: int) -> Any:
    """The answers read-only, versions, audit, the assessment form and the letters."""
    return submission_page(submission_id)


@bp.post("/skjema/<int:submission_id>/vedtak")
def decide(submission_id: int) -> Any:
    """Grant (amount per position, justified where it differs from the ladder) or reject."""
    if not SubmitForm().validate_on_submit():
        abort(400)
    db = get_db()
    submission = submissions.submission_by_id(db, submission_id) or abort(404)
    definition = definition_of(submission)
    answers = submissions.current_answers(db, submission)
    proposal = proposal_for(definition, answers, history_of(submission))
    assessment = read_assessment(request.form, proposal.lines)
    if assessment.errors:
        return submission_page(submission_id, assessment.errors, 400)
    try:
        decisions.record_decision(db, submission_id, actor=current_user.row, **assessment.decision)
    except IllegalTransition:
        refused = {"nb": f"Skjemaet kan ikke få nytt vedtak når status er «{state_label(submission['state'], 'nb')}».",
                   "nn": f"Skjemaet kan ikkje få nytt vedtak når status er «{state_label(submission['state'], 'nn')}»."}  # fmt: skip
        return submission_page(submission_id, {"outcome": refused}, 400)
    return redirect(url_for(".submission", submission_id=submission_id))


@bp.post("/skjema/<int:submission_id>/status/<state>")
def change(submission_id: int, state: str) -> Any:
    """Move along the office's steps: under assessment, ready for payment, paid."""
    if not SubmitForm().validate_on_submit() or state not in office.OFFICE_STATES:
        abort(400)
    try:
        office.mark_state(get_db(), submission_id, state, actor=current_user.row)
    except IllegalTransition as error:
        return submission_page(submission_id, {"outcome": error.text}, 400)
    except submissions.NotEditable:
        abort(404)
    return redirect(url_for(".submission", submission_id=submission_id))


@bp.app_template_global()
def letterhead_notice(round_row: dict[str, Any]) -> str:
    """Why no document is made for the round, in the page's written standard; empty when its
    office has a complete letterhead."""
    found = letterhead_refusal(round_row)
    return text(found) if found else ""


@bp.post("/skjema/<int:submission_id>/brev")
def make_letter(submission_id: int) -> Any:
    """Queue the letter the current decision calls for; the page shows it when it is made."""
    if not SubmitForm().validate_on_submit():
        abort(400)
    db = get_db()
    submission = submissions.submission_by_id(db, submission_id) or abort(404)
    refused = letterhead_refusal(rounds.round_by_id(db, submission["round_id"]))  # type: ignore[arg-type]
    if refused:
        return submission_page(submission_id, {"letterhead-missing": refused}, 409)
    document_id = letters.request_letter(db, submission_id, LETTER_KINDS)
    if document_id is None:
        refused = {"nb": "Fatt vedtak før brevet lages.", "nn": "Gjer vedtak før brevet blir laga."}
        return submission_page(submission_id, {"outcome": refused}, 400)
    queue_documents(current_app.config, [document_id])
    return redirect(url_for(".submission", submission_id=submission_id) + "#brev")
