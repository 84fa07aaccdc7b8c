"""The municipality's pages: Mine skjema, the task list, check your answers and submit (the receipt
is in :mod:`formservice.web.municipality_receipt`).

Every view loads the submission through :func:`own_submission`, which answers 404 for another
organisation's submission, so one municipality never learns that another's exists. The page-by-page
form itself is in :mod:`formservice.web.form_pages`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from formservice.documents.jobs import queue_pending_documents
from formservice.engine.model import Definition
from formservice.engine.prefill import apply_prefill, prefilled_fields
from formservice.engine.remembered import evaluate_remembered, summary_remembered
from formservice.engine.result import Evaluation
from formservice.numbers import to_whole_number
from formservice.office.carry_over import last_year_prefill
from formservice.register.kinds import MUNICIPALITY, may_apply
from formservice.storage import drafts, organisations, rounds, submissions
from formservice.storage.prefill import prefill_values
from formservice.storage.states import IllegalTransition
from formservice.web.auth import roles_required
from formservice.web.catalog import definition_for_key
from formservice.web.db import get_db
from formservice.web.filling import all_messages, first_anchor
from formservice.web.forms import SubmitForm
from formservice.web.i18n import current_language, tr

bp = Blueprint("municipality", __name__, url_prefix="/kommune")


@bp.before_request
@roles_required("municipality")
def _only_municipality_users() -> None:
    """Every page here is for municipality users only."""


def definition_of(submission: dict[str, Any]) -> Definition:
    """The definition (id@version) the submission is pinned to."""
    return definition_for_key(submission["form_key"]) or abort(503)


def own_submission(submission_id: int) -> dict[str, Any]:
    """The submission if it belongs to the user's organisation; 404 otherwise. A draft whose
    round has moved to a new form version moves to it now, and the person is shown the task
    list with what changed before anything else."""
    db = get_db()
    submission = submissions.submission_by_id(db, submission_id)
    if submission is None or submission["organisation_id"] != current_user.organisation_id:
        abort(404)
    round_row = rounds.round_by_id(db, submission["round_id"])
    if submission["state"] != submissions.DRAFT or round_row["form_key"] == submission["form_key"]:
        return submission
    target = definition_for_key(round_row["form_key"])
    form_id = submission["form_key"].partition("@")[0]
    versions = {
        d.version: d
        for d in (definition_for_key(k) for k in drafts.published_keys(db, form_id))
        if d
    }
    moved = target and drafts.bring_up_to_date(
        db, submission, target=target, versions=versions,
        prefill=prefill_values(db, submission), actor=current_user.row,
    )  # fmt: skip
    if moved and request.endpoint != "municipality.tasks":
        abort(redirect(url_for("municipality.tasks", submission_id=submission_id)))
    return submissions.submission_by_id(db, submission_id)  # type: ignore[return-value]


def with_prefill(
    definition: Definition, submission: dict[str, Any], answers: dict[str, Any]
) -> dict[str, Any]:
    """A draft's answers with the prefilled fields taken from their sources now (the register;
    last year's decisions and application); a submitted form's answers as they were submitted."""
    if submission["state"] != submissions.DRAFT:
        return answers
    db = get_db()
    values = prefill_values(db, submission)
    if any(f.prefill["source"] == "last_year" for f in prefilled_fields(definition)):
        values["last_year"] = last_year_prefill(db, submission, definition, definition_for_key)
    return apply_prefill(definition, answers, values)


def evaluated(submission: dict[str, Any]) -> tuple[Definition, dict[str, Any], Evaluation]:
    """The definition, the newest answers (prefilled for a draft) and what the rules say (an
    evaluation shared with other requests of the same answers: read it, never change it)."""
    definition = definition_of(submission)
    answers = with_prefill(
        definition, submission, submissions.current_answers(get_db(), submission)
    )
    return (
        definition,
        answers,
        evaluate_remembered(definition, answers, today=rounds.norwegian_today()),
    )


def _may_apply(organisation: dict[str, Any], round_row: dict[str, Any]) -> bool:
    """Whether the organisation's kind may apply in the round's scheme (post 62: municipalities)."""
    definition = definition_for_key(round_row["form_key"])
    post = definition.scheme.get("post") if definition is not None else None
    return may_apply(organisation.get("kind") or MUNICIPALITY, post)


@bp.get("/")
def home() -> str:
    """Mine skjema: open rounds, the organisation's submissions and closed rounds."""
    db = get_db()
    organisation = organisations.organisation_by_id(db, current_user.organisation_id)
    today = rounds.norwegian_today()
    own = {
        s["round_id"]: s for s in submissions.submissions_of_organisation(db, organisation["id"])
    }
    open_rounds, closed_rounds = [], []
    offered = rounds.rounds_for_office(db, organisation["office_id"])
    # a submission in another office's round stays the organisation's after a move
    offered += [rounds.round_by_id(db, i) for i in own if i not in {r["id"] for r in offered}]
    for round_row in offered:
        if not _may_apply(organisation, round_row):
            continue
        entry = {
            "round": round_row,
            "submission": own.get(round_row["id"]),
            "days_left": (dt.date.fromisoformat(round_row["deadline"]) - today).days,
        }
        if rounds.accepts_submission(round_row, entry["submission"], today):
            open_rounds.append(entry)
        else:
            closed_rounds.append(entry)
    return render_template(
        "municipality/home.html",
        organisation=organisation,
        open_rounds=open_rounds,
        closed_rounds=closed_rounds,
        form=SubmitForm(),
    )


@bp.post("/runde/<int:round_id>/start")
def start(round_id: int) -> Response:
    """Start (or continue) the organisation's submission for an open round."""
    db = get_db()
    round_row = rounds.round_by_id(db, round_id)
    organisation = organisations.organisation_by_id(db, current_user.organisation_id)
    if round_row is not None and not _may_apply(organisation, round_row):
        abort(404)  # post 62 is the municipalities' own
    existing = submissions.submission_for(db, round_id, organisation["id"])
    if round_row is None or (round_row["office_id"] != organisation["office_id"] and not existing):
        abort(404)
    if existing is None and not rounds.is_open(round_row, rounds.norwegian_today()):
        abort(404)
    submission = existing or submissions.start_submission(
        db, round_row=round_row, organisation_id=organisation["id"], actor=current_user.row
    )
    return redirect(url_for(".tasks", submission_id=submission["id"]))


@bp.get("/skjema/<int:submission_id>/")
def tasks(submission_id: int) -> Any:
    """The task list: every visible page and its sections with their status."""
    submission = own_submission(submission_id)
    if submission["state"] != submissions.DRAFT:
        return redirect(url_for(".receipt", submission_id=submission_id))
    definition, _, evaluation = evaluated(submission)
    round_row = rounds.round_by_id(get_db(), submission["round_id"])
    from formservice.web.version_notice import version_notice

    return render_template(
        "municipality/tasks.html",
        submission=submission,
        definition=definition,
        evaluation=evaluation,
        round=round_row,
        notice=version_notice(submission),
    )


@bp.get("/skjema/<int:submission_id>/oppsummering")
def check_answers(submission_id: int) -> Any:
    """Check your answers: every visible answer by page, with errors and a submit button."""
    submission = own_submission(submission_id)
    if submission["state"] != submissions.DRAFT:
        return redirect(url_for(".receipt", submission_id=submission_id))
    definition, _, evaluation = evaluated(submission)
    return _render_check(submission, definition, evaluation)


def _render_check(
    submission: dict[str, Any],
    definition: Definition,
    evaluation: Evaluation,
    problem: str | None = None,
    status: int = 200,
) -> tuple[str, int]:
    round_row = rounds.round_by_id(get_db(), submission["round_id"])
    page = render_template(
        "municipality/check.html",
        submission=submission,
        definition=definition,
        evaluation=evaluation,
        summary=summary_remembered(evaluation, current_language()),
        errors_by_page=all_messages(evaluation),
        round=round_row,
        can_submit=bool(current_user.is_signatory),
        deadline_passed=not rounds.accepts_submission(
            round_row, submission, rounds.norwegian_today()
        ),
        problem=problem,
        form=SubmitForm(),
        anchor=lambda field_ids: first_anchor(definition, field_ids),
    )
    return page, status


@bp.post("/skjema/<int:submission_id>/send-inn")
def submit(submission_id: int) -> Any:
    """Submit: signatory only, whole form re-validated, deadline checked, one transaction."""
    db = get_db()
    submission = own_submission(submission_id)
    form = SubmitForm()
    base = to_whole_number(form.base_version.data, low=0, typed=False)
    if not form.validate_on_submit() or base is None:
        abort(400)
    if submission["state"] != submissions.DRAFT:
        return redirect(url_for(".receipt", submission_id=submission_id))
    definition, _, evaluation = evaluated(submission)
    round_row = rounds.round_by_id(db, submission["round_id"])
    problem = None
    if not current_user.is_signatory:
        problem = tr(
            "Bare den som har signaturrett for kommunen kan sende inn.",
            "Berre den som har signaturrett for kommunen kan sende inn.",
        )
    elif not rounds.accepts_submission(round_row, submission, rounds.norwegian_today()):
        problem = tr(
            "Fristen for denne runden har gått ut. Kontakt hjelp@statsforvalteren.no.",
            "Fristen for denne runden har gått ut. Kontakt hjelp@statsforvalteren.no.",
        )
    elif not evaluation.is_valid:
        problem = tr(
            "Skjemaet har feil som må rettes før det kan sendes inn.",
            "Skjemaet har feil som må rettast før det kan sendast inn.",
        )
    if problem:
        return _render_check(submission, definition, evaluation, problem, 400)
    try:
        submissions.submit(
            db,
            submission_id,
            base_version=base,
            answers=evaluation.answers,
            actor=current_user.row,
            reference_prefix=definition.scheme["reference_prefix"],
            year=definition.scheme["year"],
        )
    except submissions.StaleVersion:
        stale = tr(
            "Skjemaet er endret siden du åpnet oppsummeringen. Se over svarene igjen.",
            "Skjemaet er endra sidan du opna oppsummeringa. Sjå over svara igjen.",
        )
        return _render_check(submission, definition, evaluation, stale, 409)
    except (IllegalTransition, submissions.NotEditable):
        return redirect(url_for(".receipt", submission_id=submission_id))
    queue_pending_documents(current_app.config, submission_id, db=db)
    return redirect(url_for(".receipt", submission_id=submission_id))
