"""The browser's side of the form pages: the definition as JSON for the live page's engine.

The page works without JavaScript; with it, ``static/live-form.js`` evaluates the same definition
with the browser's copy of the engine as the person types. This module serves what that copy
reads: the definition exactly as the server loaded it, and the engine's messages and registers.
The server still evaluates every save and submit itself.

The JSON holds nothing of any person, so unlike the pages it may be kept by the browser: its URL
carries the hash of the exact bytes served (definition and catalogue alike), so a changed
definition or a new release's catalogue is a new URL, and a page load after the first fetches
nothing. The bytes are made once per loaded definition.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from flask import abort, current_app, request, url_for
from werkzeug.wrappers import Response

from formservice.engine.browser import browser_catalogue, browser_definition
from formservice.engine.model import Definition
from formservice.web.municipality import bp

CACHE_CONTROL = "private, max-age=31536000, immutable"  # the URL names the exact bytes
_bodies: dict[tuple[str, int, str], tuple[bytes, str]] = {}


def _body(definition: Definition) -> tuple[bytes, str]:
    """The JSON the browser's engine reads, and the sha256 of its bytes (made once)."""
    key = (definition.id, definition.version, definition.content_hash)
    made = _bodies.get(key)
    if made is None:
        payload: dict[str, Any] = {
            **browser_definition(definition),
            "catalogue": browser_catalogue(),
        }
        body = json.dumps(payload, ensure_ascii=True, separators=(",", ":")).encode("utf-8")
        made = _bodies[key] = (body, hashlib.sha256(body).hexdigest())
    return made


def definition_url(definition: Definition) -> str:
    """Where the live page fetches its definition; the hash of the bytes makes the URL immutable."""
    return url_for(
        "municipality.definition_json",
        form_id=definition.id,
        version=definition.version,
        v=_body(definition)[1][:16],
    )


@bp.get("/definisjon/<form_id>/<int:version>.json")
def definition_json(form_id: str, version: int) -> Response:
    """One loaded definition with the engine's catalogue, for the browser's engine."""
    definition = current_app.extensions["formservice.catalog"].get(form_id, version)
    if definition is None:
        abort(404)
    body, digest = _body(definition)
    if request.if_none_match.contains(digest):
        response = Response(status=304)
    else:
        response = Response(body, mimetype="application/json")
    response.set_etag(digest)
    response.headers["Cache-Control"] = CACHE_CONTROL
    return response
