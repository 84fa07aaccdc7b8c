"""The directorate's insight into a scheme's year: the national charts with a series per office
that has a round of it, each with its table (:mod:`formservice.insight.national`); sums per
office, never a submission. Offices without a round are named once instead of drawn as zeros."""

from __future__ import annotations

from flask import render_template

from formservice.insight.national import OfficeRounds, national_charts, national_figures, short_name
from formservice.storage import offices, rounds
from formservice.web.catalog import definition_for_key
from formservice.web.db import get_db
from formservice.web.directorate import bp, scheme_or_404
from formservice.web.i18n import current_language


@bp.get("/<form_id>/<int:year>/innsikt")
def insight(form_id: str, year: int) -> str:
    """The scheme's year in charts: frames, applied and granted, submissions, goal attainment."""
    scheme = scheme_or_404(form_id, year)
    db = get_db()
    by_office: dict[int, list[int]] = {}
    for round_row in rounds.rounds_of_scheme(db, form_id, year):
        by_office.setdefault(round_row["office_id"], []).append(round_row["id"])
    every = [OfficeRounds({"nb": o["name_nb"], "nn": o["name_nn"]}, by_office.get(o["id"], []))
             for o in offices.all_offices(db)]  # fmt: skip
    taking_part = [office for office in every if office.round_ids]
    language = current_language()
    sections = []
    if taking_part:
        made = national_charts(national_figures(db, taking_part, definition_for_key), language)
        sections = [(f"national-{name}", chart, table) for name, (chart, table) in made.items()]
    without = [short_name(office.name[language]) for office in every if not office.round_ids]
    return render_template("directorate/insight.html", scheme=scheme, sections=sections,
                           without=without)  # fmt: skip
