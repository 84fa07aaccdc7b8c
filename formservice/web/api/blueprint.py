"""API v1 for the office's and the directorate's own systems: read-only JSON under ``/api/v1/``.

Every call but the OpenAPI document and its documentation page needs ``Authorization: Bearer
<token>`` with a live API token (:mod:`formservice.storage.api_access`); the token acts as its
user, with the same access rules as the web (:mod:`access`). Every call is logged, refused ones
too. Shapes are pydantic models (:mod:`shapes`) that spectree validates responses against and
writes into the OpenAPI 3.1 document at ``/api/v1/openapi.json``; ``/api/v1/`` is its
documentation page, rendered on the server from that document (no scripts, no CDN).

The security engineer's event log (``storage/security_log.py``, branch ``security``) is not on
this branch, so calls are logged by :func:`~formservice.storage.api_access.record_api_call`; when
the two meet, that function is the one place to point at ``record_security_event`` (with an
``api_call`` event added to its list).
"""

from __future__ import annotations

import copy
from typing import Any

from flask import Blueprint, Response, current_app, g, jsonify, render_template, request
from spectree import SecurityScheme, SpecTree
from spectree.models import SecureType, SecuritySchemeData

from formservice.storage.api_access import record_api_call, user_for_token
from formservice.web.api.docs import operations, shapes
from formservice.web.db import get_db

bp = Blueprint("api", __name__, url_prefix="/api/v1")
PUBLIC = {"api.openapi", "api.documentation"}
spec = SpecTree(
    "flask", mode="strict", title="formservice API", version="1",
    description="Read-only access to grant rounds, submissions, decisions, payment lists and "
    "round exports, for the office's and the directorate's own systems. Amounts are decimal "
    "strings in kroner; times are ISO 8601 in UTC.",
    security_schemes=[SecurityScheme(name="token", data=SecuritySchemeData(
        type=SecureType.HTTP, scheme="bearer", description="An API token (fs_…)"))],
    security={"token": []},
    naming_strategy=lambda model: model.__name__,
    nested_naming_strategy=lambda _parent, child: child,
)  # fmt: skip


def api_error(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """A JSON error response of the declared ``Error`` shape."""
    response = jsonify(error=message)
    response.status_code = status
    response.headers.update(headers or {})
    return response


@bp.before_request
def _authenticate() -> Response | None:
    g.api_token_id = g.api_user = None
    if request.endpoint in PUBLIC:
        return None
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    found = user_for_token(get_db(), token.strip()) if scheme.lower() == "bearer" else None
    if found is None:
        return api_error(401, "a valid API token is needed: Authorization: Bearer <token>",
                         {"WWW-Authenticate": 'Bearer realm="formservice"'})  # fmt: skip
    g.api_user, g.api_token_id = found
    return None


@bp.after_request
def _log_call(response: Response) -> Response:
    user = g.get("api_user")
    record_api_call(get_db(), token_id=g.get("api_token_id"), user_id=user["id"] if user else None,
                    method=request.method, path=request.full_path.rstrip("?"),
                    status=response.status_code, ip=request.remote_addr or "")  # fmt: skip
    response.headers["Cache-Control"] = "no-store"
    return response


def openapi_document() -> dict[str, Any]:
    """The OpenAPI 3.1 document: spectree's, with only the statuses an operation can answer
    (spectree lists 422 for every operation; only those with query parameters can give it)."""
    document = copy.deepcopy(spec.spec)
    for methods in document["paths"].values():
        for operation in methods.values():
            takes_query = any(p.get("in") == "query" for p in operation.get("parameters", []))
            if not takes_query:
                operation["responses"].pop("422", None)
    document["servers"] = [{"url": "/"}]
    return document


@bp.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3.1 document of this API."""
    return current_app.json.response(openapi_document())


@bp.get("/")
def documentation() -> str:
    """The API's documentation page, from the OpenAPI document."""
    document = openapi_document()
    return render_template("api/docs.html", document=document, operations=operations(document),
                           shapes=shapes(document))  # fmt: skip
