"""The caseworker's letters: send one, make a whole round's with progress and one merged PDF,
and the downloads of documents and attachments."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import abort, current_app, redirect, send_file, url_for
from flask_login import current_user

from formservice.documents.pdf import merge_pdfs
from formservice.mail import MailError, send
from formservice.storage import confirmations, decisions, documents, office, rounds
from formservice.storage.attachments import attachment_by_id
from formservice.storage.states import IllegalTransition
from formservice.web.auth import security_event
from formservice.web.db import get_db
from formservice.web.forms import SubmitForm
from formservice.web.office import bp, submission_page


@bp.post("/skjema/<int:submission_id>/send")
def send_letter(submission_id: int) -> Any:
    """Send the finished letter to the municipality by e-mail and mark it sent."""
    if not SubmitForm().validate_on_submit():
        abort(400)
    db = get_db()
    decision = decisions.current_decision(db, submission_id)
    kind = decision and ("tilskuddsbrev" if decision["outcome"] == "granted" else "avslag")
    letters = [d for d in documents.documents_of_submission(db, submission_id)
               if d["kind"] == kind and d["status"] == documents.DONE]  # fmt: skip
    if not letters:
        return submission_page(submission_id, {"outcome": "Lag brevet før det sendes."}, 400)
    from formservice.documents.letters import letter_mail

    try:
        send(current_app.config, letter_mail(db, current_app.config, letters[-1]))
    except MailError as error:
        return submission_page(
            submission_id, {"outcome": f"E-posten kunne ikke sendes: {error}"}, 503
        )
    try:
        confirmations.mark_letter_sent(
            db, submission_id, actor=current_user.row, document_id=letters[-1]["id"]
        )
    except IllegalTransition as error:
        return submission_page(submission_id, {"outcome": str(error)}, 400)
    return redirect(url_for(".submission", submission_id=submission_id))


@bp.post("/runde/<int:round_id>/brev")
def make_round_letters(round_id: int) -> Any:
    """Queue letters for every decided submission of the round that has none since its decision."""
    if not SubmitForm().validate_on_submit():
        abort(400)
    db = get_db()
    rounds.round_by_id(db, round_id) or abort(404)
    newest = {d["submission_id"]: d for d in documents.letters_of_round(db, round_id)}
    for row in office.round_overview(db, round_id):
        if row["state"] not in ("granted", "rejected"):
            continue
        decision = decisions.current_decision(db, row["submission_id"])
        letter = newest.get(row["submission_id"])
        if (
            letter
            and letter["status"] != documents.FAILED
            and letter["created_at"] >= decision["decided_at"]
        ):
            continue
        kind = "tilskuddsbrev" if decision["outcome"] == "granted" else "avslag"
        documents.create_document(db, row["submission_id"], kind, row["organisation"]["language"])
    from formservice.documents.jobs import queue_pending_documents

    queue_pending_documents(current_app.config)
    return redirect(url_for(".round_overview", round_id=round_id) + "#brev")


@bp.get("/runde/<int:round_id>/alle-brev.pdf")
def round_letters_pdf(round_id: int) -> Any:
    """Every finished letter of the round merged into one PDF, for printing or archiving."""
    db = get_db()
    rounds.round_by_id(db, round_id) or abort(404)
    instance = Path(current_app.instance_path).resolve()
    paths = [instance / d["pdf_path"] for d in documents.letters_of_round(db, round_id)
             if d["status"] == documents.DONE and d["pdf_path"]]  # fmt: skip
    if not paths:
        abort(404)
    merged = instance / "letters" / f"runde-{round_id}-alle-brev.pdf"
    merge_pdfs(paths, merged)
    security_event("download", detail={"round": round_id, "file": merged.name})
    return send_file(
        merged, mimetype="application/pdf", as_attachment=True, download_name=merged.name
    )


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
