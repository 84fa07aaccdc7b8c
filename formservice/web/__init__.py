"""The Flask application factory: settings, database, security, language, blueprints.

Views stay thin: they validate input and call the engine and storage functions. One blueprint per
user group (public, auth, municipality, office, help desk, directorate); this module only wires them together.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException

from formservice.accounts import use_password_hashing
from formservice.config import load_settings
from formservice.engine import load_directory
from formservice.files import checked_secret_key, instance_secret_key
from formservice.storage.db import DatabaseBusy, connect, migrate
from formservice.storage.drafts import sync_published
from formservice.web import security

MAX_REQUEST_BYTES = 25 * 1024 * 1024
# Werkzeug's limits on one form post: parts (the largest page at its groups' max_rows has about
# 220 inputs) and the bytes of its fields other than files (10 full textareas of emoji fit).
MAX_FORM_PARTS = 1000
MAX_FORM_MEMORY_BYTES = 2 * 1024 * 1024
csrf = CSRFProtect()


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    """Build the app; ``overrides`` replace settings (tests pass their own instance folder)."""
    settings = load_settings(overrides)
    use_password_hashing(settings["PASSWORD_HASHING"])
    app = Flask(__name__, instance_path=str(Path(settings["INSTANCE_PATH"]).resolve()))
    app.config.update(settings)
    app.config["SECRET_KEY"] = (
        checked_secret_key(settings["SECRET_KEY"])
        if settings["SECRET_KEY"]
        else instance_secret_key(Path(app.instance_path))
    )
    app.config.update(
        MAX_CONTENT_LENGTH=MAX_REQUEST_BYTES,
        MAX_FORM_PARTS=MAX_FORM_PARTS,
        MAX_FORM_MEMORY_SIZE=MAX_FORM_MEMORY_BYTES,
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session
    )
    security.configure(app, settings)
    _prepare_database(app, settings)

    from formservice.web import auth, db, i18n, oidc_client, urls

    oidc_client.init_app(app)
    csrf.init_app(app)
    auth.login_manager.init_app(app)
    auth.init_app(app)
    db.init_app(app)
    i18n.init_app(app)
    urls.init_app(app)
    _error_pages(app)

    # form_pages adds its routes to the municipality blueprint
    from formservice.web import (  # noqa: F401 (they add routes to blueprints)
        account,
        admin,
        admin_letterhead,
        admin_offices,
        api,
        api_tokens,
        confirmation,
        directorate,
        directorate_insight,
        form_pages,
        helpdesk,
        municipality,
        municipality_receipt,
        municipality_register,
        office,
        office_exports,
        office_insight,
        office_letterhead,
        office_letters,
        office_register,
        office_reminders,
        office_rounds,
        oidc_login,
        person_roles,
        public,
    )

    for blueprint in (public.bp, auth.bp, account.bp, municipality.bp, office.bp, helpdesk.bp,
                      admin.bp, directorate.bp, api_tokens.bp, api.bp, oidc_login.bp):  # fmt: skip
        app.register_blueprint(blueprint)
    csrf.exempt(api.bp)  # read-only, and authenticated by a token header, never a cookie
    csrf.exempt(oidc_login.back_channel)  # the provider's server calls it, with a signed token
    return app


def _prepare_database(app: Flask, settings: dict[str, Any]) -> None:
    database = connect(settings["DATABASE"])
    migrate(database)
    catalog = load_directory(Path(settings["DEFINITIONS_DIR"]))
    for moved in sync_published(database, catalog):
        app.logger.info("round %s moved to %s", moved["slug"], moved["form_key"])
    database.close()
    for problem in catalog.problems:
        app.logger.error("definition refused: %s", problem)
    app.extensions["formservice.catalog"] = catalog


def _json_error(code: int, headers: Any = None) -> Any:
    """Under ``/api/`` errors are JSON of the API's ``Error`` shape, not HTML pages."""
    if not request.path.startswith("/api/"):
        return None
    messages = {400: "bad request", 403: "your role may not read this", 404: "not found",
                405: "method not allowed", 413: "request too large", 503: "busy, try again"}  # fmt: skip
    response = jsonify(error=messages.get(code, "error"))
    response.status_code = code
    for name, value in headers or []:
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def _error_pages(app: Flask) -> None:
    from formservice.web.auth import security_event

    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError) -> tuple[str, int]:
        security_event("csrf_refused")
        return render_template("error.html", code=400, reason="csrf"), 400

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> Any:
        if error.code is None or error.code < 400 or error.response is not None:
            return error  # a redirect, or a response made already (the API's 422)
        as_json = _json_error(error.code, error.get_headers())
        if as_json is not None:
            return as_json
        if error.code == 403:
            security_event("forbidden")
        return render_template("error.html", code=error.code, reason=""), error.code

    @app.errorhandler(DatabaseBusy)
    def _busy(error: DatabaseBusy) -> tuple[str, int]:
        app.logger.warning("database busy: %s", error)
        as_json = _json_error(503)
        if as_json is not None:
            return as_json
        return render_template("error.html", code=503, reason="busy"), 503

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> tuple[str, int]:
        app.logger.exception("unexpected error")
        as_json = _json_error(500)
        if as_json is not None:
            return as_json
        return render_template("error.html", code=500, reason=""), 500
