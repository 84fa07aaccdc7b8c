"""Pages anyone may see: the front page, the accessibility statement and the health check."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

bp = Blueprint("public", __name__)


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


@bp.get("/healthz")
def health() -> tuple[dict[str, str], int]:
    """A trivial endpoint for monitoring and as the load benchmark's ceiling."""
    return {"status": "ok"}, 200
