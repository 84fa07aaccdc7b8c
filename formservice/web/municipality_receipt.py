"""The receipt after a submit: the reference, the time, the state and the documents the
municipality was sent, their downloads, and a JSON status of the documents as they are made.

While an acknowledgement or letter is being made, ``static/receipt.js`` asks
:func:`receipt_documents` every few seconds (for a bounded time) and puts the list it gets in
place of the page's. Asking is no activity of the person: the endpoint is in
:data:`formservice.web.security.PASSIVE_ENDPOINTS`, so it never pushes the session's idle end
further, and a session left open on the receipt still ends after 30 minutes.
"""

from __future__ import annotations

from typing import Any

from flask import abort, jsonify, redirect, render_template, url_for
from werkzeug.wrappers import Response

from formservice.documents.kinds import MADE
from formservice.documents.kinds import kind as document_kind
from formservice.engine.remembered import summary_remembered
from formservice.storage import documents, submissions
from formservice.web.db import get_db
from formservice.web.forms import SubmitForm
from formservice.web.i18n import current_language
from formservice.web.municipality import bp, evaluated, own_submission

MAKING = (documents.PENDING, documents.RUNNING)


@bp.get("/skjema/<int:submission_id>/dokumenter.json")
def receipt_documents(submission_id: int) -> Any:
    """``making``: whether a document is still being made; ``html``: the list's items."""
    submission = own_submission(submission_id)
    shown = received_documents(submission_id)["documents"]
    items = render_template("municipality/_documents.html", submission=submission, documents=shown)
    return jsonify({"making": any(d["status"] in MAKING for d in shown), "html": items})


@bp.get("/skjema/<int:submission_id>/kvittering")
def receipt(submission_id: int) -> Any:
    """The receipt: reference number, time, state and the documents of the submission."""
    submission = own_submission(submission_id)
    if submission["state"] == submissions.DRAFT:
        return redirect(url_for(".tasks", submission_id=submission_id))
    definition, _, evaluation = evaluated(submission)
    return render_template(
        "municipality/receipt.html",
        submission=submission,
        definition=definition,
        summary=summary_remembered(evaluation, current_language()),
        **received_documents(submission_id),
        form=SubmitForm(),
    )


def received_documents(submission_id: int) -> dict[str, Any]:
    """For the receipt page: what the municipality was sent, and whether a confirmation is asked."""
    shown = documents.documents_for_recipient(get_db(), submission_id)
    pending = [d for d in documents.documents_of_submission(get_db(), submission_id)
               if document_kind(d["kind"]).shown_when == MADE and d["status"] != documents.DONE]  # fmt: skip
    return {
        "documents": sorted(shown + pending, key=lambda d: d["id"]),
        "asks_confirmation": any(document_kind(d["kind"]).confirmation_form for d in shown),
    }


@bp.get("/skjema/<int:submission_id>/dokument/<int:document_id>.<kind>")
def document_file(submission_id: int, document_id: int, kind: str) -> Response:
    """Download a document the organisation was sent (a letter not yet sent, or one that a newer
    letter replaced, is not there: 404)."""
    own_submission(submission_id)
    sent = {d["id"] for d in documents.documents_for_recipient(get_db(), submission_id)}
    if document_id not in sent:
        abort(404)
    from formservice.web.downloads import send_document

    return send_document(get_db(), submission_id, document_id, kind)
