"""The caseworker's insight into a round: its charts, each with the same numbers in a table.

The figures are :mod:`formservice.insight.compute`'s and the charts :mod:`formservice.insight.charts`';
the tables :mod:`formservice.insight.tables`'; this view only puts them on the page.
"""

from __future__ import annotations

from flask import abort, render_template

from formservice.insight.charts import round_charts
from formservice.insight.compute import round_figures
from formservice.insight.tables import round_tables
from formservice.storage import rounds
from formservice.web.catalog import definition_for_key
from formservice.web.db import get_db
from formservice.web.i18n import current_language
from formservice.web.office import bp


@bp.get("/runde/<int:round_id>/innsikt")
def round_insight(round_id: int) -> str:
    """The round at a glance: the frame, the stages over time, goal attainment and positions."""
    db = get_db()
    round_row = rounds.round_by_id(db, round_id) or abort(404)
    figures = round_figures(db, round_id, definition_for_key)
    language = current_language()
    return render_template(
        "office/insight.html", round=round_row, figures=figures,
        charts=round_charts(figures, language), tables=round_tables(figures, language),
    )  # fmt: skip
