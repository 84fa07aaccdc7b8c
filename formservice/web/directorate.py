"""The directorate's pages (Helsedirektoratet): each scheme's national budget split into the
offices' frames, the national figures per office, and the national export.

The directorate decides nothing about single applications: it sees sums per office, never a
submission. The pages of one scheme's year share the path ``/direktoratet/<form id>/<year>``;
a page added there (a chart, say) is one more route and one more link in ``_scheme_nav.html``.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user

from formservice import formatting
from formservice.directorate.export import national_export
from formservice.directorate.frames import read_frames
from formservice.directorate.national import national_figures, schemes
from formservice.storage import frames, offices
from formservice.storage.definitions import published_definitions
from formservice.web.auth import roles_required
from formservice.web.catalog import definition_for_key
from formservice.web.db import get_db
from formservice.web.downloads import SPREADSHEETS, download
from formservice.web.forms import SubmitForm
from formservice.web.i18n import current_language

bp = Blueprint("directorate", __name__, url_prefix="/direktoratet")


@bp.before_request
@roles_required("directorate", "admin")
def _only_the_directorate() -> None:
    """Every page here is for the directorate (and administrators)."""


def scheme_or_404(form_id: str, year: int) -> dict[str, Any]:
    """The scheme's year the URL names, or 404."""
    found = next((s for s in schemes(get_db(), published_definitions(get_db()))
                  if s["form_id"] == form_id and s["year"] == year), None)  # fmt: skip
    return found or abort(404)


@bp.get("/")
def home() -> str:
    """The schemes and years, each with whether its budget is split yet."""
    db = get_db()
    found = schemes(db, published_definitions(db))
    for scheme in found:
        scheme["budget"] = frames.budget_of(db, scheme["form_id"], scheme["year"])
    return render_template("directorate/home.html", schemes=found)


@bp.get("/<form_id>/<int:year>")
def national(form_id: str, year: int) -> str:
    """The national figures: a line per office and the sum, against the frames."""
    scheme = scheme_or_404(form_id, year)
    figures = national_figures(get_db(), form_id, year, definition_for_key)
    return render_template("directorate/national.html", scheme=scheme, figures=figures)


@bp.route("/<form_id>/<int:year>/rammer", methods=["GET", "POST"])
def budget(form_id: str, year: int) -> Any:
    """Split the national budget into the offices' frames; they must add up to it."""
    db = get_db()
    scheme = scheme_or_404(form_id, year)
    every = offices.all_offices(db)
    stored = frames.budget_of(db, form_id, year)
    values = {"national": formatting.number(stored["national"]) if stored["national"] else ""}
    values |= {f"frame-{o['slug']}": formatting.number(stored["frames"][o["id"]])
               for o in every if o["id"] in stored["frames"]}  # fmt: skip
    errors: dict[str, str] = {}
    if request.method == "POST":
        if not SubmitForm().validate_on_submit():
            abort(400)
        keys = ["national", *(f"frame-{o['slug']}" for o in every)]
        values = {key: request.form.get(key, "")[:40] for key in keys}
        read = read_frames(values, every)
        if not read.errors:
            frames.set_budget(db, form_id=form_id, year=year, national=read.national,  # type: ignore[arg-type]
                              frames=read.frames, actor=current_user.row)  # fmt: skip
            return redirect(url_for(".national", form_id=form_id, year=year, lagret=1))
        errors = {key: message[current_language()] for key, message in read.errors.items()}
    page = render_template(
        "directorate/budget.html", scheme=scheme, offices=every, values=values, errors=errors,
        history=frames.budget_history(db, form_id, year), form=SubmitForm(),
    )  # fmt: skip
    return page, 400 if errors else 200


@bp.get("/<form_id>/<int:year>/eksport.<kind>")
def export(form_id: str, year: int, kind: str) -> Any:
    """The national export: CSV with a line per office, XLSX also with every submission."""
    scheme_or_404(form_id, year)
    if kind not in SPREADSHEETS:
        abort(404)
    figures = national_figures(get_db(), form_id, year, definition_for_key)
    data = national_export(figures, kind, current_language())
    return download(data, f"nasjonalt-{form_id}-{year}", kind)
