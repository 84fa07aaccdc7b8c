"""The Flask application factory: settings, database per request, security headers, blueprints.

Views stay thin: they validate input and call the engine and storage functions. One blueprint per
user group; this module only wires them together.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, g

from formservice.config import load_settings
from formservice.engine import load_directory
from formservice.storage.db import connect, migrate
from formservice.storage.definitions import sync_definitions

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    """Build the app; ``overrides`` replace settings (tests pass their own instance folder)."""
    settings = load_settings(overrides)
    app = Flask(__name__, instance_path=str(Path(settings["INSTANCE_PATH"]).resolve()))
    app.config.update(settings)
    app.config["SECRET_KEY"] = settings["SECRET_KEY"] or _secret_key(Path(app.instance_path))
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax")

    db = connect(settings["DATABASE"])
    migrate(db)
    catalog = load_directory(Path(settings["DEFINITIONS_DIR"]))
    sync_definitions(db, catalog)
    db.close()
    for problem in catalog.problems:
        app.logger.error("definition refused: %s", problem)
    app.extensions["formservice.catalog"] = catalog

    @app.teardown_appcontext
    def _close_db(_exc: BaseException | None) -> None:
        db = g.pop("db", None)
        if db is not None:
            db.close()

    @app.after_request
    def _security_headers(response: Any) -> Any:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    from formservice.web import public

    app.register_blueprint(public.bp)
    return app


def get_db() -> Any:
    """The request's database connection, opened on first use."""
    from flask import current_app

    if "db" not in g:
        g.db = connect(current_app.config["DATABASE"])
    return g.db


def _secret_key(instance: Path) -> str:
    key_file = instance / "secret_key"
    if not key_file.exists():
        import secrets

        instance.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()
