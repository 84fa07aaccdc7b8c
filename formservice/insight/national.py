"""The directorate's view of one scheme's year: each office's round figures (:mod:`.compute`) side
by side, drawn with one series per office, each chart with its table (:mod:`.tables`).

The caller says which offices there are and which rounds each has for the scheme's year
(:class:`OfficeRounds`); nothing here knows how offices are stored. The charts: the frame, what
was applied for and granted per office; the forms submitted day by day, a line per office; and
for each goal-attainment area the share of each office's municipalities that answered «in large»
or «very large degree».
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import sqlite_utils

from formservice.formatting import kroner, norwegian_today, percent, short_date
from formservice.insight.charts import Chart, share
from formservice.insight.compute import DefinitionFor, round_figures
from formservice.insight.figures import RoundFigures
from formservice.insight.svg import Bar, Line, bar_chart, line_chart
from formservice.insight.tables import Kroner, Percent, Table

HIGH = ("4", "5")  # «i stor grad», «i svært stor grad»


@dataclass(frozen=True)
class OfficeRounds:
    """An office (its name in bokmål and nynorsk) and its rounds of the scheme's year."""

    name: dict[str, str]
    round_ids: Sequence[int]


@dataclass(frozen=True)
class OfficeFigures:
    """One office's rounds' figures."""

    name: dict[str, str]
    rounds: tuple[RoundFigures, ...]

    def total(self, amount: str) -> Decimal:
        """The sum of one of the amounts (frame, applied, suggested, granted) over its rounds."""
        return sum((getattr(f.amounts, amount) for f in self.rounds), Decimal(0))

    def submitted_by_day(self) -> dict[dt.date, int]:
        """Forms submitted (decided ones included) at the end of each day, over its rounds."""
        found: dict[dt.date, int] = {}
        for figures in self.rounds:
            t = figures.timeline
            for i, day in enumerate(t.days):
                found[day] = found.get(day, 0) + t.counts["submitted"][i] + t.counts["decided"][i]
        return found

    def high_share(self, area: str) -> tuple[int, int]:
        """How many of its municipalities answered «stor» or «svært stor grad» for an area, of
        how many that answered."""
        high = answered = 0
        for figures in self.rounds:
            for found in figures.attainment.areas if figures.attainment else ():
                if found.key == area:
                    high += sum(found.counts.get(v, 0) for v in HIGH)
                    answered += found.answered
        return high, answered


def national_figures(
    db: sqlite_utils.Database,
    offices: Sequence[OfficeRounds],
    definition_for: DefinitionFor,
    *,
    today: dt.date | None = None,
) -> list[OfficeFigures]:
    """Each office's figures for its rounds of the scheme's year, in the order given."""
    return [OfficeFigures(o.name, tuple(round_figures(db, r, definition_for, today=today)
                                        for r in o.round_ids)) for o in offices]  # fmt: skip


def _t(language: str, nb: str, nn: str) -> str:
    return nn if language == "nn" else nb


def short_name(name: str) -> str:
    """An office's name as a chart labels it: every label is an office, so «Statsforvalteren i»
    goes (the tables under the charts keep the whole name)."""
    return name.removeprefix("Statsforvalteren i ").removeprefix("Statsforvaltaren i ")


def national_amounts(offices: list[OfficeFigures], language: str) -> tuple[Chart, Table]:
    """Applied and granted per office, against each office's frame."""
    legend = [(0, _t(language, "Ramme", "Ramme")), (1, _t(language, "Søkt", "Søkt")),
              (3, _t(language, "Innvilget", "Innvilga"))]  # fmt: skip
    groups, rows = [], []
    for office in offices:
        frame, applied, granted = (office.total(a) for a in ("frame", "applied", "granted"))
        of = share(granted, frame)
        groups.append((short_name(office.name[language]), [Bar(0, float(frame), kroner(frame, language)),
                                               Bar(1, float(applied), kroner(applied, language)),
                                               Bar(3, float(granted), kroner(granted, language))]))  # fmt: skip
        rows.append([office.name[language], Kroner(frame), Kroner(applied), Kroner(granted),
                     Percent(of) if of is not None else None])  # fmt: skip
    total = {a: sum((o.total(a) for o in offices), Decimal(0)) for a in ("frame", "granted")}
    of = share(total["granted"], total["frame"])
    description = _t(language, "Nasjonalt innvilget ", "Nasjonalt innvilga ") + kroner(
        total["granted"], language
    )
    description += (
        f" ({percent(of, language)} {_t(language, 'av rammene', 'av rammene')})."
        if of is not None
        else "."
    )
    title = _t(
        language, "Ramme, søkt og innvilget per embete", "Ramme, søkt og innvilga per embete"
    )
    columns = [_t(language, "Embete", "Embete"), _t(language, "Ramme", "Ramme"), _t(language, "Søkt", "Søkt"),
               _t(language, "Innvilget", "Innvilga"), _t(language, "Andel av rammen", "Del av ramma")]  # fmt: skip
    chart = Chart(
        title,
        description,
        bar_chart("chart-national-amounts", title, description, groups, legend=legend),
    )
    return chart, Table(title, columns, rows)


def national_timeline(offices: list[OfficeFigures], language: str) -> tuple[Chart, Table]:
    """Forms submitted day by day, a line per office."""
    by_office = [office.submitted_by_day() for office in offices]
    days = sorted({day for counts in by_office for day in counts}) or [norwegian_today()]
    lines = []
    for office, counts in zip(offices, by_office, strict=True):
        running, values = 0, []
        for day in days:  # a day an office's round has not begun (or has ended) keeps its count
            running = counts.get(day, running)
            values.append(running)
        lines.append(Line(short_name(office.name[language]), values))
    every = max(1, (len(days) + 5) // 6)
    ticks = [(i, day.strftime("%d.%m")) for i, day in enumerate(days) if i % every == 0]
    total = sum(int(line.values[-1]) for line in lines)
    description = _t(language, f"Per {short_date(days[-1])} er {total} skjema sendt inn i landet.",
                     f"Per {short_date(days[-1])} er {total} skjema sende inn i landet.")  # fmt: skip
    title = _t(
        language,
        "Innsendte skjema dag for dag per embete",
        "Innsende skjema dag for dag per embete",
    )
    chart = Chart(
        title,
        description,
        line_chart("chart-national-timeline", title, description, ticks, lines, len(days)),
    )
    rows = [
        [office.name[language], int(line.values[-1])]
        for office, line in zip(offices, lines, strict=True)
    ]
    table = Table(title, [_t(language, "Embete", "Embete"),
                          _t(language, f"Sendt inn per {short_date(days[-1])}", f"Sende inn per {short_date(days[-1])}")],
                  rows)  # fmt: skip
    return chart, table


def national_attainment(offices: list[OfficeFigures], language: str) -> tuple[Chart, Table] | None:
    """Per goal-attainment area, each office's share answering «stor» or «svært stor grad»."""
    areas = next((f.attainment.areas for o in offices for f in o.rounds if f.attainment), None)
    if areas is None:
        return None
    legend = [(n, short_name(office.name[language])) for n, office in enumerate(offices)]
    groups, rows = [], []
    for area in areas:
        bars, row = [], [area.label[language]]
        for n, office in enumerate(offices):
            high, answered = office.high_share(area.key)
            of = share(Decimal(high), Decimal(answered))
            bars.append(
                Bar(
                    n,
                    float(of or 0),
                    f"{percent(of, language)} ({high} av {answered})" if of is not None else "–",
                )
            )
            row.append(Percent(of) if of is not None else None)
        groups.append((area.label[language][:1].upper() + area.label[language][1:], bars))
        rows.append(row)
    title = _t(language, "Måloppnåelse per embete: andel «i stor» eller «svært stor grad»",
               "Måloppnåing per embete: del «i stor» eller «svært stor grad»")  # fmt: skip
    description = _t(language, "For hvert av de seks områdene: hvor stor andel av kommunene i hvert embete som svarer i stor eller svært stor grad.",
                     "For kvart av dei seks områda: kor stor del av kommunane i kvart embete som svarar i stor eller svært stor grad.")  # fmt: skip
    chart = Chart(
        title,
        description,
        bar_chart("chart-national-attainment", title, description, groups, legend=legend),
    )
    return chart, Table(
        title, [_t(language, "Område", "Område"), *(o.name[language] for o in offices)], rows
    )


def national_charts(offices: list[OfficeFigures], language: str) -> dict[str, tuple[Chart, Table]]:
    """Every national chart with its table, by name."""
    made = {"amounts": national_amounts(offices, language), "timeline": national_timeline(offices, language),
            "attainment": national_attainment(offices, language)}  # fmt: skip
    return {name: pair for name, pair in made.items() if pair is not None}
