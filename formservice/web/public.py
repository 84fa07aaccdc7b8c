"""Pages anyone may see: the front page, the accessibility statement, assets and the health check."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, render_template, send_file
from werkzeug.wrappers import Response

bp = Blueprint("public", __name__)

# Designsystemet (Digdir's design system for Norwegian public services), installed by `npm ci`.
_NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules" / "@digdir"
ASSETS = {
    "designsystemet.css": _NODE_MODULES / "designsystemet-css" / "dist" / "src" / "index.css",
    "theme.css": _NODE_MODULES / "designsystemet-theme" / "brand" / "digdir.css",
}


@bp.get("/")
def index() -> str:
    """The front page: which schemes formservice serves."""
    catalog = current_app.extensions["formservice.catalog"]
    forms = sorted(
        (d for d in catalog.definitions.values() if d.status == "published"),
        key=lambda d: (d.scheme["chapter"], d.scheme["post"], d.id),
    )
    return render_template("index.html", forms=forms)


@bp.get("/tilgjengelighet")
def accessibility() -> str:
    """The accessibility statement that public web solutions must publish."""
    return render_template("accessibility.html")


@bp.get("/assets/<name>")
def asset(name: str) -> Response:
    """A front-end file from the npm packages (only the ones listed)."""
    path = ASSETS.get(name)
    if path is None or not path.is_file():
        abort(404)
    return send_file(path, mimetype="text/css", max_age=3600)


@bp.get("/healthz")
def health() -> tuple[dict[str, str], int]:
    """A trivial endpoint for monitoring and as the load benchmark's ceiling."""
    return {"status": "ok"}, 200
