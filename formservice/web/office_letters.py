"""The caseworker's letters: send one, make a whole round's with progress and one merged PDF,
and the downloads of documents and attachments.

Sending records the move to ``letter_sent`` first (``storage.letters.release_letter`` checks the
state and that the letter is made for the decision in force), and mails after: a second click,
or a letter of a decision since superseded, never mails anything. A mail the server cannot hand
on is tried again in the background. The round's merged PDF is written once per batch by the job
that makes the batch; downloading it only reads it. Without the office's letterhead no batch is
started: the round page says what to fill in and where.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import abort, current_app, redirect, send_file, url_for
from flask_login import current_user

from formservice.documents import mails
from formservice.documents.jobs import queue_batch, queue_mail
from formservice.documents.kinds import LETTER_KINDS
from formservice.storage import letters, rounds
from formservice.storage.attachments import attachment_by_id
from formservice.storage.states import IllegalTransition, state_label
from formservice.storage.submissions import submission_by_id
from formservice.web.auth import security_event
from formservice.web.db import get_db
from formservice.web.forms import SubmitForm
from formservice.web.office import bp, submission_page
from formservice.web.office_letterhead import letterhead_refusal

RETRY_MAIL_SOON = 60  # seconds: the first retry of a letter's mail the server could not take


@bp.post("/skjema/<int:submission_id>/send")
def send_letter(submission_id: int) -> Any:
    """Record the letter as sent (refused if the state or the decision does not allow it), then
    mail it to the municipality."""
    if not SubmitForm().validate_on_submit():
        abort(400)
    db = get_db()
    submission = submission_by_id(db, submission_id) or abort(404)
    try:
        letter = letters.release_letter(db, submission_id, LETTER_KINDS, actor=current_user.row)
    except letters.NothingToSend as nothing:
        return submission_page(submission_id, {"outcome": nothing.text}, 400)
    except IllegalTransition:
        state = submission["state"]
        refused = {"nb": f"Brevet kan ikke sendes når status er «{state_label(state, 'nb')}».",
                   "nn": f"Brevet kan ikkje sendast når status er «{state_label(state, 'nn')}»."}  # fmt: skip
        return submission_page(submission_id, {"outcome": refused}, 409)
    if not mails.deliver(db, current_app.config, letter["id"]):
        queue_mail(current_app.config, letter["id"], delay=RETRY_MAIL_SOON)
    return redirect(url_for(".submission", submission_id=submission_id))


@bp.post("/runde/<int:round_id>/brev")
def make_round_letters(round_id: int) -> Any:
    """A batch of the round's letters: made in the background, with one merged PDF."""
    if not SubmitForm().validate_on_submit():
        abort(400)
    db = get_db()
    round_row = rounds.round_by_id(db, round_id) or abort(404)
    if letterhead_refusal(round_row):
        return redirect(url_for(".round_overview", round_id=round_id) + "#letterhead-missing")
    batch = letters.start_batch(db, round_id, LETTER_KINDS)
    if batch is not None:
        queue_batch(current_app.config, batch["id"])
    return redirect(url_for(".round_overview", round_id=round_id) + "#brev")


@bp.get("/runde/<int:round_id>/alle-brev.pdf")
def round_letters_pdf(round_id: int) -> Any:
    """The merged PDF of the round's newest finished batch of letters (made once, when the batch
    was made; nothing is made here)."""
    db = get_db()
    rounds.round_by_id(db, round_id) or abort(404)
    batch = letters.newest_merged(db, round_id)
    if batch is None:
        abort(404)
    instance = Path(current_app.instance_path).resolve()
    path = (instance / batch["merged_path"]).resolve()
    if not path.is_relative_to(instance) or not path.is_file():
        abort(404)
    security_event("download", detail={"round": round_id, "file": path.name})
    name = f"runde-{round_id}-alle-brev.pdf"
    return send_file(path, mimetype="application/pdf", as_attachment=True, download_name=name)


@bp.get("/skjema/<int:submission_id>/vedlegg/<attachment_id>")
def attachment_file(submission_id: int, attachment_id: str) -> Any:
    """An attachment (a PDF the municipality uploaded) of the submission."""
    row = attachment_by_id(get_db(), attachment_id)
    if row is None or row["submission_id"] != submission_id:
        abort(404)
    instance = Path(current_app.instance_path).resolve()
    path = (instance / row["stored_path"]).resolve()
    if not path.is_relative_to(instance) or not path.is_file():
        abort(404)
    security_event("download", detail={"submission": submission_id, "attachment": attachment_id,
                                       "field": row["field_path"]})  # fmt: skip
    return send_file(
        path, mimetype="application/pdf", as_attachment=True, download_name=row["filename"]
    )


@bp.get("/skjema/<int:submission_id>/dokument/<int:document_id>.<kind>")
def document_file(submission_id: int, document_id: int, kind: str) -> Any:
    """Download a document of any submission."""
    from formservice.web.downloads import send_document

    return send_document(get_db(), submission_id, document_id, kind)
