"""The office opens, changes and closes rounds (the same rules as ``formservice round``).

A round is opened from a published form version; its deadline and budget frame can change until
the first letter of the round is sent; closing it stops starting and submitting in it. Every
step is one transaction with its audit entry; bad input is shown on its field, with what was
typed kept, and no round is made.
"""

from __future__ import annotations

from typing import Any

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user

from formservice import formatting
from formservice.office.round_input import read_frame_and_deadline, read_new_round
from formservice.storage import offices, rounds, submissions
from formservice.storage.definitions import published_definitions
from formservice.web.db import get_db
from formservice.web.forms import SubmitForm
from formservice.web.i18n import current_language
from formservice.web.office import bp
from formservice.web.office_scope import current_office_id

FIELDS = ("form_key", "year", "opens_on", "deadline", "budget_frame", "instalments", "office")


def _shown(errors: dict[str, dict[str, str]]) -> dict[str, str]:
    language = current_language()
    return {fact: message[language] for fact, message in errors.items()}


def _offices() -> dict[str, dict[str, Any]]:
    """The offices the user may open a round for: their own (an administrator: every one)."""
    office_id = current_office_id()
    every = offices.all_offices(get_db())
    return {o["slug"]: o for o in every if office_id is None or o["id"] == office_id}


@bp.route("/runder/ny", methods=["GET", "POST"])
def new_round() -> Any:
    """Open a round of the caseworker's office from a published form version."""
    db = get_db()
    published = published_definitions(db)
    choices = _offices()
    values: dict[str, Any] = {"opens_on": formatting.short_date(rounds.norwegian_today()),
                              "instalments": "2", "office": next(iter(choices), "")}  # fmt: skip
    errors: dict[str, dict[str, str]] = {}
    if request.method == "POST":
        if not SubmitForm().validate_on_submit():
            abort(400)
        values = {fact: request.form.get(fact, "")[:100] for fact in FIELDS}
        chosen = choices.get(values["office"]) or {"counties": [""], "id": None, "slug": ""}
        county = chosen["counties"][0]
        clean, errors = read_new_round({**values, "county_number": county}, published=published,
                                       counties={county: ""} if chosen["id"] else {},
                                       today=rounds.norwegian_today())  # fmt: skip
        errors = {"office" if fact == "county_number" else fact: message
                  for fact, message in errors.items()}  # fmt: skip
        if not errors:
            definition = published[clean["form_key"]]
            try:
                round_id = rounds.create_round(
                    db, slug=rounds.default_slug(db, definition, chosen["slug"]),
                    definition=definition, county_number=county, office_id=chosen["id"],
                    budget_frame=clean["budget_frame"], deadline=clean["deadline"],
                    opens_on=clean["opens_on"], instalments=clean["instalments"],
                    actor=current_user.row, one_per_year=True,
                )  # fmt: skip
            except rounds.RoundRefused as refused:
                errors = {refused.fact: refused.message}
            else:
                return redirect(url_for(".round_overview", round_id=round_id))
    newest = {}
    for key, definition in sorted(published.items()):
        newest[definition.id] = key  # sorted by key: the highest version last
    page = render_template(
        "office/round_form.html", values=values, errors=_shown(errors), published=published,
        newest=set(newest.values()), offices=choices, form=SubmitForm(),
    )  # fmt: skip
    return page, 400 if errors else 200


@bp.route("/runde/<int:round_id>/endre", methods=["GET", "POST"])
def edit_round(round_id: int) -> Any:
    """Change the deadline or budget frame (until the first letter is sent), or close the round."""
    db = get_db()
    round_row = rounds.round_by_id(db, round_id) or abort(404)
    values = {"deadline": formatting.short_date(round_row["deadline"]),
              "budget_frame": formatting.number(round_row["budget_frame"])}  # fmt: skip
    errors: dict[str, dict[str, str]] = {}
    if request.method == "POST":
        if not SubmitForm().validate_on_submit():
            abort(400)
        values = {fact: request.form.get(fact, "")[:100] for fact in ("deadline", "budget_frame")}
        clean, errors = read_frame_and_deadline(values, today=rounds.norwegian_today(),
                                                opens_on=rounds.opening_day(round_row))  # fmt: skip
        if not errors:
            try:
                rounds.update_round(db, round_id, clean, actor=current_user.row)
            except rounds.RoundRefused as refused:
                errors = {"deadline": refused.message}
            else:
                return redirect(url_for(".round_overview", round_id=round_id))
    return _edit_page(round_row, values, errors)


def _edit_page(
    round_row: dict[str, Any], values: dict[str, Any], errors: dict[str, dict[str, str]]
) -> tuple[str, int]:
    db = get_db()
    page = render_template(
        "office/round_edit.html", round=round_row, values=values, errors=_shown(errors),
        locked=bool(round_row["closed_at"]) or rounds.letters_sent(db, round_row["id"]),
        drafts=submissions.drafts_in_round(db, round_row["id"]),
        state=rounds.round_state(round_row, rounds.norwegian_today()), form=SubmitForm(),
    )  # fmt: skip
    return page, 400 if errors else 200


@bp.post("/runde/<int:round_id>/avslutt")
def close_round(round_id: int) -> Any:
    """Close the round after the caseworker has ticked that they mean it."""
    if not SubmitForm().validate_on_submit():
        abort(400)
    db = get_db()
    round_row = rounds.round_by_id(db, round_id) or abort(404)
    values = {"deadline": formatting.short_date(round_row["deadline"]),
              "budget_frame": formatting.number(round_row["budget_frame"])}  # fmt: skip
    if request.form.get("confirm") != "yes":
        message = {"nb": "Kryss av for at du vil avslutte runden.",
                   "nn": "Kryss av for at du vil avslutte runden."}  # fmt: skip
        return _edit_page(round_row, values, {"confirm": message})
    try:
        rounds.close_round(db, round_id, actor=current_user.row)
    except rounds.RoundRefused as refused:
        return _edit_page(round_row, values, {"confirm": refused.message})
    return redirect(url_for(".round_overview", round_id=round_id))
