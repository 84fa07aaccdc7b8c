"""The round's charts in bokmål or nynorsk, drawn (:mod:`.svg`) from what :mod:`.compute` computed.

Each chart's description states its main figure in words; the page and the report print the
same numbers in a table beside it. :func:`round_charts` gives every chart of a round, and
:func:`national_charts` the national ones with a series per office.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup

from formservice.formatting import kroner, number, percent, short_date
from formservice.insight.figures import STAGES, RoundFigures
from formservice.insight.svg import Bar, Line, bar_chart, line_chart, stacked_chart


@dataclass(frozen=True)
class Chart:
    """A drawn chart: its title, the description that states its main figure, and the SVG."""

    title: str
    description: str
    svg: Markup

    def __html__(self) -> str:
        return str(self.svg)


def _t(language: str, nb: str, nn: str) -> str:
    return nn if language == "nn" else nb


def share(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part`` as a percentage of ``whole`` with one decimal, or None when whole is 0."""
    return (part * 100 / whole).quantize(Decimal("0.1")) if whole else None


def amounts_chart(figures: RoundFigures, language: str, chart_id: str = "chart-amounts") -> Chart:
    """The frame against applied, suggested and granted."""
    a = figures.amounts

    def text(value: Decimal) -> str:
        of = share(value, a.frame)
        frame = _t(language, "av rammen", "av ramma")
        return kroner(value, language) + (
            f" ({percent(of, language)} {frame})" if of is not None else ""
        )

    labels = (_t(language, "Ramme", "Ramme"), _t(language, "Søkt", "Søkt"),
              _t(language, "Etter satsene", "Etter satsane"), _t(language, "Innvilget", "Innvilga"))  # fmt: skip
    groups = [(labels[0], [Bar(0, float(a.frame), kroner(a.frame, language))])]
    groups += [(label, [Bar(n + 1, float(v), text(v))])
               for n, (label, v) in enumerate(zip(labels[1:], (a.applied, a.suggested, a.granted), strict=True))]  # fmt: skip
    description = _t(
        language,
        f"Innvilget {text(a.granted)}. Søkt {kroner(a.applied, language)}, etter satsene "
        f"{kroner(a.suggested, language)}, rammen er {kroner(a.frame, language)}.",
        f"Innvilga {text(a.granted)}. Søkt {kroner(a.applied, language)}, etter satsane "
        f"{kroner(a.suggested, language)}, ramma er {kroner(a.frame, language)}.",
    )
    title = _t(language, "Beløp mot rammen", "Beløp mot ramma")
    return Chart(title, description, bar_chart(chart_id, title, description, groups))


def timeline_chart(figures: RoundFigures, language: str, chart_id: str = "chart-timeline") -> Chart:
    """Submissions by stage, day by day, up to the deadline."""
    timeline = figures.timeline
    days = timeline.days
    lines = [Line(names[language], timeline.counts[stage]) for stage, names in STAGES.items()]
    every = max(1, (len(days) + 5) // 6)
    ticks = [(i, day.strftime("%d.%m")) for i, day in enumerate(days) if i % every == 0]
    marker = None
    if timeline.deadline in days:
        marker = (days.index(timeline.deadline), _t(language, "Frist", "Frist"))
    last = {stage: counts[-1] for stage, counts in timeline.counts.items()}
    description = _t(
        language,
        f"Per {short_date(days[-1])}: {last['submitted'] + last['decided']} sendt inn, av dem "
        f"{last['decided']} avgjort; {last['draft']} utkast.",
        f"Per {short_date(days[-1])}: {last['submitted'] + last['decided']} sende inn, av dei "
        f"{last['decided']} avgjorde; {last['draft']} utkast.",
    ) + (
        f" {_t(language, 'Frist', 'Frist')} {short_date(timeline.deadline)}."
        if timeline.deadline
        else ""
    )
    title = _t(language, "Innsendinger dag for dag", "Innsendingar dag for dag")
    return Chart(
        title,
        description,
        line_chart(chart_id, title, description, ticks, lines, len(days), marker),
    )


def attainment_chart(
    figures: RoundFigures, language: str, chart_id: str = "chart-attainment"
) -> Chart | None:
    """The goal-attainment areas: how many answered each step of the scale."""
    attainment = figures.attainment
    if attainment is None:
        return None
    legend = [(n, label[language]) for n, (_, label) in enumerate(attainment.scale)]
    rows = [(area.label[language][:1].upper() + area.label[language][1:],
             [Bar(n, area.counts.get(value, 0), str(area.counts.get(value, 0)))
              for n, (value, _) in enumerate(attainment.scale)]) for area in attainment.areas]  # fmt: skip
    high = [(area.counts.get("4", 0) + area.counts.get("5", 0), area) for area in attainment.areas]
    most, area = max(high, key=lambda pair: pair[0]) if high else (0, None)
    answered = max((a.answered for a in attainment.areas), default=0)
    description = _t(
        language, f"{answered} kommuner har svart. ", f"{answered} kommunar har svart. "
    )
    if area is not None and most:
        description += _t(
            language,
            f"Flest svarer i stor eller svært stor grad for {area.label['nb']} ({most} av {area.answered}).",
            f"Flest svarar i stor eller svært stor grad for {area.label['nn']} ({most} av {area.answered}).",
        )
    title = _t(language, "Måloppnåelse på de seks satsingsområdene (§ 3)",
               "Måloppnåing på dei seks satsingsområda (§ 3)")  # fmt: skip
    return Chart(title, description, stacked_chart(chart_id, title, description, rows, legend))


def fte_text(fte: Decimal, positions: int, language: str) -> str:
    """``2,5 årsverk (3 stillinger)``."""
    return _t(language, f"{number(fte.normalize(), language)} årsverk ({positions} stillinger)",
              f"{number(fte.normalize(), language)} årsverk ({positions} stillingar)")  # fmt: skip


def priorities_chart(
    figures: RoundFigures, language: str, chart_id: str = "chart-priorities"
) -> Chart | None:
    """Full-time equivalents applied for and granted by §7 priority, and lived-experience
    consultants."""
    kinds = [*figures.priorities, figures.lived_experience] if figures.priorities else []
    if not kinds:
        return None
    legend = [(1, _t(language, "Søkt", "Søkt")), (3, _t(language, "Innvilget", "Innvilga"))]
    groups = [(p.label[language], [Bar(1, float(p.applied_fte), fte_text(p.applied_fte, p.applied, language)),
                                   Bar(3, float(p.granted_fte), fte_text(p.granted_fte, p.granted, language))])
              for p in kinds]  # fmt: skip
    top = max(figures.priorities, key=lambda p: p.applied_fte)
    lived = figures.lived_experience
    description = _t(
        language,
        f"Flest årsverk er søkt til {top.label['nb'].lower()}: {fte_text(top.applied_fte, top.applied, 'nb')}. "
        f"Erfaringskonsulenter: {lived.applied} søkt, {lived.granted} innvilget.",
        f"Flest årsverk er søkte til {top.label['nn'].lower()}: {fte_text(top.applied_fte, top.applied, 'nn')}. "
        f"Erfaringskonsulentar: {lived.applied} søkte, {lived.granted} innvilga.",
    )
    title = _t(
        language, "Stillinger etter prioriteringene i § 7", "Stillingar etter prioriteringane i § 7"
    )
    return Chart(title, description, bar_chart(chart_id, title, description, groups, legend=legend))


def new_continuing_chart(
    figures: RoundFigures, language: str, chart_id: str = "chart-new"
) -> Chart | None:
    """Granted to new and to continuing municipalities."""
    if figures.new_and_continuing is None:
        return None

    def text(group) -> str:  # noqa: ANN001
        return _t(language, f"{kroner(group.granted, language)} til {group.granted_count} av {group.applicants} søkere",
                  f"{kroner(group.granted, language)} til {group.granted_count} av {group.applicants} søkjarar")  # fmt: skip

    groups = [(g.label[language], [Bar(n * 2 + 1, float(g.granted), text(g))])
              for n, g in enumerate(figures.new_and_continuing)]  # fmt: skip
    new, continuing = figures.new_and_continuing
    description = _t(language, f"Nye kommuner: {text(new)}. Videreførte: {text(continuing)}.",
                     f"Nye kommunar: {text(new)}. Vidareførte: {text(continuing)}.")  # fmt: skip
    title = _t(language, "Nye og videreførte kommuner (§ 7)", "Nye og vidareførte kommunar (§ 7)")
    return Chart(title, description, bar_chart(chart_id, title, description, groups))


def round_charts(figures: RoundFigures, language: str) -> dict[str, Chart]:
    """Every chart of the round that has something to show, by name."""
    made = {
        "amounts": amounts_chart(figures, language),
        "timeline": timeline_chart(figures, language),
        "attainment": attainment_chart(figures, language),
        "priorities": priorities_chart(figures, language),
        "new": new_continuing_chart(figures, language),
    }
    return {name: chart for name, chart in made.items() if chart is not None}
