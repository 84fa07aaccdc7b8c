"""The receipt's documents as they are made: a JSON status the receipt page polls.

While an acknowledgement or letter is being made, ``static/receipt.js`` asks this endpoint every
few seconds (for a bounded time) and puts the list it gets in place of the page's. Asking is no
activity of the person: the endpoint is in :data:`formservice.web.security.PASSIVE_ENDPOINTS`, so
it never pushes the session's idle end further, and a session left open on the receipt still
ends after 30 minutes.
"""

from __future__ import annotations

from typing import Any

from flask import jsonify, render_template

from formservice.storage import documents
from formservice.web.municipality import bp, own_submission, received_documents

MAKING = (documents.PENDING, documents.RUNNING)


@bp.get("/skjema/<int:submission_id>/dokumenter.json")
def receipt_documents(submission_id: int) -> Any:
    """``making``: whether a document is still being made; ``html``: the list's items."""
    submission = own_submission(submission_id)
    shown = received_documents(submission_id)["documents"]
    items = render_template("municipality/_documents.html", submission=submission, documents=shown)
    return jsonify({"making": any(d["status"] in MAKING for d in shown), "html": items})
