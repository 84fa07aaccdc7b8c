"""The browser's side of the form pages: the definition as JSON for the live page's engine.

The page works without JavaScript; with it, ``static/live-form.js`` evaluates the same definition
with the browser's copy of the engine as the person types. This module serves what that copy
reads: the definition exactly as the server loaded it, and the engine's messages and registers.
The server still evaluates every save and submit itself.
"""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, jsonify, request, url_for
from werkzeug.wrappers import Response

from formservice.engine.browser import browser_catalogue, browser_definition
from formservice.engine.model import Definition
from formservice.web.municipality import bp


def definition_url(definition: Definition) -> str:
    """Where the live page fetches its definition; the content hash makes the URL immutable."""
    return url_for(
        "municipality.definition_json",
        form_id=definition.id,
        version=definition.version,
        v=definition.content_hash.removeprefix("sha256:")[:16],
    )


@bp.get("/definisjon/<form_id>/<int:version>.json")
def definition_json(form_id: str, version: int) -> Response:
    """One loaded definition with the engine's catalogue, for the browser's engine."""
    definition = current_app.extensions["formservice.catalog"].get(form_id, version)
    if definition is None:
        abort(404)
    etag = definition.content_hash
    if request.if_none_match.contains(etag):
        return Response(status=304)
    payload: dict[str, Any] = {**browser_definition(definition), "catalogue": browser_catalogue()}
    response = jsonify(payload)
    response.set_etag(etag)
    response.headers["Cache-Control"] = "private, max-age=86400"
    return response
