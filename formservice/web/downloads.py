"""Sending a generated document or a spreadsheet to the browser, for whichever blueprint has
checked access; every download goes into the security log."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlite_utils
from flask import abort, current_app, send_file
from werkzeug.wrappers import Response

from formservice.storage.documents import DONE, document_by_id
from formservice.web.auth import security_event

MIMETYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def send_document(
    db: sqlite_utils.Database, submission_id: int, document_id: int, kind: str
) -> Response:
    """The PDF or DOCX of a finished document of this submission; 404 for anything else."""
    document = document_by_id(db, document_id)
    if document is None or document["submission_id"] != submission_id:
        abort(404)
    name = f"{document['kind']}-{submission_id}.{kind}"
    return send_made(document, kind, name,
                     {"submission": submission_id, "document": document_id, "file": name})  # fmt: skip


def send_made(document: dict[str, Any], kind: str, name: str, detail: dict[str, Any]) -> Response:
    """A made document's PDF or DOCX as ``name``, into the security log with ``detail``; 404
    unless it is made and its file lies in the instance folder."""
    if document["status"] != DONE or kind not in MIMETYPES or not document[f"{kind}_path"]:
        abort(404)
    instance = Path(current_app.instance_path).resolve()
    path = (instance / document[f"{kind}_path"]).resolve()
    if not path.is_relative_to(instance) or not path.is_file():
        abort(404)
    security_event("download", detail=detail)
    return send_file(path, mimetype=MIMETYPES[kind], as_attachment=True, download_name=name)


SPREADSHEETS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def download(data: bytes, name: str, kind: str) -> Response:
    """A spreadsheet made for this request (``csv`` or ``xlsx``), logged as an export."""
    security_event("export", detail={"file": f"{name}.{kind}"})
    return Response(data, mimetype=SPREADSHEETS[kind],
                    headers={"Content-Disposition": f'attachment; filename="{name}.{kind}"'})  # fmt: skip
