"""The numbers of each chart as a table, and the table per municipality, in bokmål or nynorsk.

The page, the Word report and the spreadsheet print these same tables, so a chart and its table
can never disagree. Each table's first column names its rows; the other cells are numbers, kept
as numbers (:class:`Kroner`, :class:`Percent`, whole numbers and decimals) for the spreadsheet
and written out for people by :meth:`Table.formatted`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from formservice.formatting import kroner, number, percent, short_date
from formservice.insight.charts import share
from formservice.insight.figures import STAGES, RoundFigures
from formservice.storage.states import state_label


class Kroner(Decimal):
    """An amount in kroner."""


class Percent(Decimal):
    """A share in per cent."""


def cell_text(value: Any, language: str) -> str:
    """A cell as people read it: ``880 000 kr``, ``2,8 %``, ``1,5``, ``10.02.2021``, ``–``."""
    if value is None:
        return "–"
    if isinstance(value, Kroner):
        return kroner(value, language)
    if isinstance(value, Percent):
        return percent(value, language)
    if isinstance(value, Decimal):
        return number(value.normalize(), language)
    if isinstance(value, dt.date):
        return short_date(value)
    return str(value)


@dataclass(frozen=True)
class Table:
    """A caption, the column headings, the rows (a label, then values) and perhaps a note."""

    caption: str
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    note: str = ""

    def formatted(self, language: str) -> list[list[str]]:
        """The rows as text."""
        return [[cell_text(value, language) for value in row] for row in self.rows]


def _t(language: str, nb: str, nn: str) -> str:
    return nn if language == "nn" else nb


def amounts_table(figures: RoundFigures, language: str) -> Table:
    a = figures.amounts
    rows = []
    for label, value in ((_t(language, "Ramme", "Ramme"), a.frame), (_t(language, "Søkt", "Søkt"), a.applied),
                         (_t(language, "Etter satsene", "Etter satsane"), a.suggested),
                         (_t(language, "Innvilget", "Innvilga"), a.granted)):  # fmt: skip
        of = share(value, a.frame)
        rows.append([label, Kroner(value), Percent(of) if of is not None else None])
    return Table(_t(language, "Beløp mot rammen, i kroner og andel av rammen", "Beløp mot ramma, i kroner og del av ramma"),
                 [_t(language, "Beløp", "Beløp"), _t(language, "Kroner", "Kroner"),
                  _t(language, "Andel av rammen", "Del av ramma")], rows)  # fmt: skip


def timeline_table(figures: RoundFigures, language: str) -> Table:
    t = figures.timeline
    deadline = _t(language, " (frist)", " (frist)")
    rows = [[short_date(t.days[i]) + (deadline if t.days[i] == t.deadline else ""),
             *(t.counts[stage][i] for stage in STAGES)] for i in t.changed]  # fmt: skip
    return Table(_t(language, "Antall skjema i hvert steg ved slutten av dagen (dagene da noe endret seg)",
                    "Tal på skjema i kvart steg ved slutten av dagen (dagane då noko endra seg)"),
                 [_t(language, "Dato", "Dato"), *(names[language] for names in STAGES.values())], rows)  # fmt: skip


def attainment_table(figures: RoundFigures, language: str) -> Table | None:
    attainment = figures.attainment
    if attainment is None:
        return None
    rows = [[area.label[language], *(area.counts.get(value, 0) for value, _ in attainment.scale),
             area.answered] for area in attainment.areas]  # fmt: skip
    return Table(_t(language, "Antall kommuner per svar: «I hvilken grad benyttes den økte kapasiteten i tjenestene inn mot …»",
                    "Tal på kommunar per svar: «I kva grad blir den auka kapasiteten i tenestene nytta inn mot …»"),
                 [_t(language, "Område", "Område"), *(label[language] for _, label in attainment.scale),
                  _t(language, "Svart", "Svart")], rows)  # fmt: skip


def priorities_table(figures: RoundFigures, language: str) -> Table | None:
    if not figures.priorities:
        return None
    rows = [[p.label[language], p.applied, p.applied_fte, p.granted, p.granted_fte]
            for p in (*figures.priorities, figures.lived_experience)]  # fmt: skip
    return Table(
        _t(language, "Stillinger og årsverk søkt og innvilget, etter prioritert område",
           "Stillingar og årsverk søkte og innvilga, etter prioritert område"),
        [_t(language, "Område", "Område"), _t(language, "Stillinger søkt", "Stillingar søkte"),
         _t(language, "Årsverk søkt", "Årsverk søkte"), _t(language, "Stillinger innvilget", "Stillingar innvilga"),
         _t(language, "Årsverk innvilget", "Årsverk innvilga")], rows,
        note=_t(language, "En stilling kan arbeide med flere prioriterte områder og telles da under hvert av dem.",
                "Ei stilling kan arbeide med fleire prioriterte område og blir då talt under kvart av dei."),
    )  # fmt: skip


def new_table(figures: RoundFigures, language: str) -> Table | None:
    if figures.new_and_continuing is None:
        return None
    rows = [[g.label[language], g.applicants, g.granted_count, Kroner(g.granted)]
            for g in figures.new_and_continuing]  # fmt: skip
    return Table(
        _t(language, "Søkere, innvilgede og innvilget beløp for nye og videreførte kommuner",
           "Søkjarar, innvilga og innvilga beløp for nye og vidareførte kommunar"),
        [_t(language, "Kommuner", "Kommunar"), _t(language, "Søkere", "Søkjarar"),
         _t(language, "Innvilget", "Innvilga"), _t(language, "Innvilget beløp", "Innvilga beløp")], rows,
        note=_t(language, "Nye kommuner har ikke fått tilskudd fra ordningen før og prioriteres.",
                "Nye kommunar har ikkje fått tilskot frå ordninga før og skal prioriterast."),
    )  # fmt: skip


def round_tables(figures: RoundFigures, language: str) -> dict[str, Table]:
    """The table of each chart that has something to show, by the chart's name."""
    made = {"amounts": amounts_table(figures, language), "timeline": timeline_table(figures, language),
            "attainment": attainment_table(figures, language),
            "priorities": priorities_table(figures, language), "new": new_table(figures, language)}  # fmt: skip
    return {name: table for name, table in made.items() if table is not None}


def municipality_table(figures: RoundFigures, language: str) -> Table:
    """A line per municipality that applied: state, granted, positions, unused funds reported
    and its answer for each goal-attainment area (numbered as in the report's list)."""
    areas = figures.attainment.areas if figures.attainment else ()
    rows = [[m.name, state_label(m.state, language), Kroner(m.granted), m.positions, m.fte,
             Kroner(m.unused) if m.unused is not None else None,
             *(int(m.answers[a.key]) if m.answers.get(a.key, "").isdigit() else None for a in areas)]
            for m in figures.municipalities]  # fmt: skip
    return Table(
        _t(language, "Tilskudd, stillinger, ubrukte midler og måloppnåelse per kommune",
           "Tilskot, stillingar, ubrukte midlar og måloppnåing per kommune"),
        [_t(language, "Kommune", "Kommune"), _t(language, "Status", "Status"), _t(language, "Innvilget", "Innvilga"),
         _t(language, "Stillinger", "Stillingar"), _t(language, "Årsverk", "Årsverk"),
         _t(language, "Ubrukte midler rapportert", "Ubrukte midlar rapporterte"),
         *(f"{_t(language, 'Omr.', 'Omr.')} {n}" for n in range(1, len(areas) + 1))], rows,
    )  # fmt: skip
