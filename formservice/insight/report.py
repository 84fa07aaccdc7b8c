"""The office's annual report to the directorate for a round: the document's context (document
kind ``arsrapport``, made through :mod:`formservice.documents.make` like every document) and the
same tables as a spreadsheet.

The report holds the round's figures in words, each chart (its SVG drawn as PNG by CairoSVG)
with the table of its numbers, and a table per municipality. It is written in the office's
written standard (the ``OFFICE_LANGUAGE`` setting; bokmål unless it says ``nn``). Everything in
it comes from :mod:`.compute`, :mod:`.charts` and :mod:`.tables`; text people typed (the round's
title, names) reaches the template as data only, which the sandboxed renderer escapes.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from formservice import formatting
from formservice.documents.contexts import definition_by_key, office_sender
from formservice.documents.render import Picture
from formservice.insight.charts import Chart, round_charts
from formservice.insight.compute import round_figures
from formservice.insight.figures import RoundFigures
from formservice.insight.svg import WIDTH
from formservice.insight.tables import Table, municipality_table, round_tables
from formservice.office.exports import spreadsheet_cell, to_xlsx
from formservice.storage import documents, rounds
from formservice.storage.db import now_iso

KIND = "arsrapport"
CHART_WIDTH_MM = 165  # the text width of an A4 page with the letters' margins


def report_language(settings: dict[str, Any]) -> str:
    """The office's written standard: ``nn`` or ``nb``."""
    return "nn" if str(settings.get("OFFICE_LANGUAGE") or "").strip().lower() == "nn" else "nb"


def request_report(db: sqlite_utils.Database, settings: dict[str, Any], round_id: int) -> int:
    """A new pending report of the round in the office's written standard; its document id
    (the web queues it, ``formservice report`` makes it at once)."""
    return documents.create_round_document(db, round_id, KIND, report_language(settings))


def figures_for(db: sqlite_utils.Database, settings: dict[str, Any], round_id: int) -> RoundFigures:
    """The round's figures, with the definitions of the instance's folder (or database)."""
    return round_figures(db, round_id, lambda key: definition_by_key(db, settings, key))


def png(chart: Chart) -> bytes:
    """The chart as a PNG at twice its size on screen (sharp in print)."""
    import cairosvg  # imported here: loading cairo takes every process start some 0.4 s

    return cairosvg.svg2png(bytestring=str(chart.svg).encode("utf-8"), output_width=WIDTH * 2)


def _t(language: str, nb: str, nn: str) -> str:
    return nn if language == "nn" else nb


def _table(table: Table, language: str, width: int = 0) -> dict[str, Any]:
    """Headings and rows as text; ``width``: padded to that many columns (a scheme without the
    six areas leaves theirs empty)."""
    pad = [""] * max(0, width - len(table.columns))
    return {
        "columns": table.columns + pad,
        "rows": [row + pad for row in table.formatted(language)],
    }


def report_context(
    db: sqlite_utils.Database, settings: dict[str, Any], document: dict[str, Any]
) -> dict[str, Any]:
    """What the report template prints, for the document's round and language."""
    language = "nn" if document["language"] == "nn" else "nb"
    round_row = rounds.round_by_id(db, document["round_id"] or 0)
    if round_row is None:
        raise LookupError(f"round {document['round_id']} does not exist")
    definition = definition_by_key(db, settings, round_row["form_key"])
    if definition is None:
        raise LookupError(f"definition {round_row['form_key']} is not loaded")
    figures = figures_for(db, settings, round_row["id"])
    charts, tables = round_charts(figures, language), round_tables(figures, language)
    shown = {name: {"heading": chart.title, "chart": Picture(png(chart), CHART_WIDTH_MM),
                    "text": " ".join(t for t in (chart.description, tables[name].note) if t)}
             for name, chart in charts.items()}  # fmt: skip
    attainment = figures.attainment
    scheme = definition.scheme
    deadline = formatting.short_date(round_row["deadline"]) if round_row["deadline"] else "–"
    summary = _t(
        language,
        f"Søknadsrunden «{round_row['title']}» med frist {deadline}: {figures.applicants} "
        f"kommuner har sendt inn søknad og rapport.",
        f"Søknadsrunden «{round_row['title']}» med frist {deadline}: {figures.applicants} "
        f"kommunar har sendt inn søknad og rapport.",
    )
    return {
        "office": office_sender(db, round_row["office_id"], language),
        "date": formatting.short_date(now_iso()),
        "reference": round_row["slug"],
        "scheme": {"name": scheme["name"][language], "chapter": scheme.get("chapter", ""),
                   "post": scheme.get("post", ""), "year": round_row["year"]},
        "summary": [summary],
        "charts": {name: shown.get(name) for name in SHEETS},
        "tables": {name: _table(table, language) for name, table in tables.items()}
        | {"municipalities": _table(municipality_table(figures, language), language, width=12)},
        "areas": [f"{_t(language, 'Område', 'Område')} {n}: {area.label[language]}"
                  for n, area in enumerate(attainment.areas, 1)] if attainment else [],
        "scale": _t(language, "Svar: ", "Svar: ") + ", ".join(
            f"{value} = {label[language].lower()}" for value, label in attainment.scale
        ) + "." if attainment else "",
    }  # fmt: skip


SHEETS = {"amounts": ("Beløp", "Beløp"), "timeline": ("Dag for dag", "Dag for dag"),
          "attainment": ("Måloppnåelse", "Måloppnåing"),
          "priorities": ("Prioriteringer", "Prioriteringar"),
          "new": ("Nye og videreførte", "Nye og vidareførte")}  # fmt: skip


def report_xlsx(figures: RoundFigures, language: str) -> bytes:
    """The report's tables as a workbook: a sheet per chart's table and one per municipality,
    numbers as numbers."""
    sheets = {}
    for name, table in round_tables(figures, language).items():
        sheets[SHEETS[name][language == "nn"]] = (table.columns, table.rows)
    table = municipality_table(figures, language)
    sheets[_t(language, "Kommuner", "Kommunar")] = (table.columns, table.rows)
    return to_xlsx({name: (columns, [[spreadsheet_cell(v) for v in row] for row in rows])
                    for name, (columns, rows) in sheets.items()})  # fmt: skip
