"""Pages anyone may see: the front page, the accessibility statement, assets and the health check."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from flask import Blueprint, abort, current_app, render_template, send_file
from werkzeug.wrappers import Response

bp = Blueprint("public", __name__)

# Designsystemet (Digdir's design system for Norwegian public services) and its typeface Inter
# (SIL Open Font License 1.1, from @fontsource/inter), installed by `npm ci`.
_NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
ASSETS = {
    "designsystemet.css": _NODE_MODULES / "@digdir/designsystemet-css/dist/src/index.css",
    "theme.css": _NODE_MODULES / "@digdir/designsystemet-theme/brand/digdir.css",
}
INTER = _NODE_MODULES / "@fontsource/inter"
INTER_WEIGHTS = ("400", "400-italic", "500", "600", "700")  # what the theme and app.css use
_FONT_FILE = re.compile(r"^inter-[a-z-]+-[1-9]00-(normal|italic)\.woff2?$")


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
    if name == "inter.css":
        return Response(
            _inter_css(), mimetype="text/css", headers={"Cache-Control": "max-age=3600"}
        )
    path = ASSETS.get(name)
    if path is None or not path.is_file():
        abort(404)
    return send_file(path, mimetype="text/css", max_age=3600)


@cache
def _inter_css() -> str:
    """The @font-face rules of the weights used, one stylesheet; browsers fetch only the subsets
    (Latin, Latin Extended...) a page needs, from :func:`font_file`."""
    parts = [(INTER / f"{weight}.css") for weight in INTER_WEIGHTS]
    if not all(part.is_file() for part in parts):
        abort(404)
    return "\n".join(part.read_text(encoding="utf-8") for part in parts)


@bp.get("/assets/files/<font>")
def font_file(font: str) -> Response:
    """A file of the Inter typeface (the stylesheet's ``./files/...`` addresses land here)."""
    path = INTER / "files" / font
    if not _FONT_FILE.match(font) or not path.is_file():
        abort(404)
    kind = "font/woff2" if font.endswith(".woff2") else "font/woff"
    return send_file(path, mimetype=kind, max_age=86400)


@bp.get("/healthz")
def health() -> tuple[dict[str, str], int]:
    """A trivial endpoint for monitoring and as the load benchmark's ceiling."""
    return {"status": "ok"}, 200
