"""The caseworker's insight into a round: its charts, each with the same numbers in a table, and
the office's annual report (queued like the letters; downloaded when made; XLSX at once).

The figures are :mod:`formservice.insight.compute`'s and the charts :mod:`formservice.insight.charts`';
the tables :mod:`formservice.insight.tables`'; this view only puts them on the page.
"""

from __future__ import annotations

from typing import Any

from flask import Response, abort, current_app, redirect, render_template, url_for

from formservice.documents.jobs import queue_documents
from formservice.insight.charts import round_charts
from formservice.insight.compute import round_figures
from formservice.insight.report import (
    KIND,
    figures_for,
    report_xlsx,
    request_report,
)
from formservice.insight.tables import round_tables
from formservice.storage import documents, rounds
from formservice.web.auth import security_event
from formservice.web.catalog import definition_for_key
from formservice.web.db import get_db
from formservice.web.downloads import send_made
from formservice.web.forms import SubmitForm
from formservice.web.i18n import current_language
from formservice.web.office import bp
from formservice.web.office_letterhead import letterhead_refusal


@bp.get("/runde/<int:round_id>/innsikt")
def round_insight(round_id: int) -> str:
    """The round at a glance: the frame, the stages over time, goal attainment and positions."""
    db = get_db()
    round_row = rounds.round_by_id(db, round_id) or abort(404)
    figures = round_figures(db, round_id, definition_for_key)
    language = current_language()
    tables = round_tables(figures, language)
    sections = [
        (name, chart, tables[name]) for name, chart in round_charts(figures, language).items()
    ]
    return render_template(
        "office/insight.html", round=round_row, figures=figures, sections=sections
    )


@bp.post("/runde/<int:round_id>/arsrapport")
def make_report(round_id: int) -> Any:
    """Queue the round's annual report; the round page links to it when it is made."""
    if not SubmitForm().validate_on_submit():
        abort(400)
    db = get_db()
    round_row = rounds.round_by_id(db, round_id) or abort(404)
    if letterhead_refusal(round_row):
        return redirect(url_for(".round_overview", round_id=round_id) + "#letterhead-missing")
    queue_documents(current_app.config, [request_report(db, current_app.config, round_id)])
    return redirect(url_for(".round_overview", round_id=round_id) + "#arsrapport")


@bp.get("/runde/<int:round_id>/arsrapport/<int:document_id>.<kind>")
def report_file(round_id: int, document_id: int, kind: str) -> Any:
    """The made report's PDF or DOCX; 404 for anything else."""
    document = documents.document_by_id(get_db(), document_id)
    if (document is None or document["round_id"] != round_id or document["kind"] != KIND
            or document["submission_id"] is not None):  # fmt: skip
        abort(404)
    name = f"arsrapport-runde-{round_id}.{kind}"
    return send_made(
        document, kind, name, {"round": round_id, "document": document_id, "file": name}
    )


@bp.get("/runde/<int:round_id>/arsrapport.xlsx")
def report_spreadsheet(round_id: int) -> Response:
    """The report's tables as a spreadsheet, made from the figures as they are now, in the
    person's written standard (the report itself is in the office's)."""
    db = get_db()
    round_row = rounds.round_by_id(db, round_id) or abort(404)
    settings = current_app.config
    data = report_xlsx(figures_for(db, settings, round_id), current_language())
    name = f"arsrapport-{round_row['slug']}.xlsx"
    security_event("export", detail={"file": name})
    return Response(data, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip
