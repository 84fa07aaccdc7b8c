"""The caseworker's suggestion per position: the engine's figures combined with the grant history.

The rates of the step-down ladder (kap. 765 post 62 §7) live only in the form definition: the
engine computes each position's amount from its percent and year on the ladder, and
:mod:`formservice.office.figures` reads it. This module owns the rule that turns those figures
into suggestions, given what the office granted before (:mod:`formservice.office.history`):

- a position granted before moves one year up the ladder from the year it was granted at,
  whatever the form says; past the ladder's last year (the year field's options: 4) it leaves
  the scheme with nothing suggested;
- a position not granted before starts at year 1, unless the applicant states a later year: then
  the stated year stands, flagged for the caseworker to check. The regelverk funds a position
  "i inntil fire år" and has the office place it by how long it has had the grant; an earlier
  grant the decisions here do not hold (before formservice, or under another title) must not
  start the position again at the top of the ladder, and a suggestion never puts a position
  lower on the ladder (at a higher rate) than the applicant itself says it is;
- a position under the transitional rule gets no more than last year's amount, for at most three
  years under that rule;
- a municipality never granted anything in the scheme is a priority (§7).

Amounts at another year are the engine's again (the answers evaluated with that year), so no rate
is written here. Without history (no earlier rounds in the database) the form's years stand. The
caseworker's decision stays discretionary: these are suggestions, with their reasons.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from formservice import formatting
from formservice.engine import evaluate
from formservice.engine.model import Definition
from formservice.engine.result import Evaluation
from formservice.office.figures import Figures, declaration, figures, position_specs
from formservice.office.history import History

TRANSITIONAL_YEARS = 3  # at most this many years under the transitional rule (§7)
Text = dict[str, str]

NEW_RECIPIENT = {
    "nb": "Kommunen har ikke fått tilskudd fra ordningen før: nye kommuner prioriteres (§ 7).",
    "nn": "Kommunen har ikkje fått tilskot frå ordninga før: nye kommunar skal prioriterast (§ 7).",
}
REASONS = {
    "carried": ("Innvilget {last} i {year} ({n}. år i ordningen): nå {next}. år.",
                "Innvilga {last} i {year} ({n}. år i ordninga): no {next}. år."),
    "typed": ("Kommunen oppga {typed}. år; vedtakene gir {next}. år.",
              "Kommunen oppgav {typed}. år; vedtaka gir {next}. år."),
    "new": ("Ny stilling: starter på 1. år i ordningen.", "Ny stilling: startar på 1. år i ordninga."),
    "new_typed": ("Kommunen oppga {typed}. år, men vedtakene her har ikke tilskudd til stillingen: "
                  "forslaget følger kommunens år. Kontroller tidligere vedtak.",
                  "Kommunen oppgav {typed}. år, men vedtaka her har ikkje tilskot til stillinga: "
                  "forslaget følgjer året kommunen oppgav. Kontroller tidlegare vedtak."),
    "leaves": ("Stillingen har hatt tilskudd i {max} år og går ut av ordningen (høyst {max} år, § 7).",
               "Stillinga har hatt tilskot i {max} år og går ut av ordninga (høgst {max} år, § 7)."),
    "capped": ("Overgangsregelen, år {this} av høyst 3: satsen gir {amount}, men høyst fjorårets {last}.",
               "Overgangsregelen, år {this} av høgst 3: satsen gir {amount}, men høgst {last} som i fjor."),
    "within": ("Overgangsregelen, år {this} av høyst 3: høyst fjorårets {last}, og satsen gir mindre.",
               "Overgangsregelen, år {this} av høgst 3: høgst {last} som i fjor, og satsen gir mindre."),
    "ends": ("Overgangsregelen: stillingen har hatt tilskudd i {used} år etter overgangsregelen og går "
             "ut av ordningen.", "Overgangsregelen: stillinga har hatt tilskot i {used} år etter "
             "overgangsregelen og går ut av ordninga."),
}  # fmt: skip


def _reason(key: str, **values: Any) -> Text:
    texts = {}
    for language, template in zip(("nb", "nn"), REASONS[key], strict=True):
        shown = {k: formatting.kroner(v, language) if isinstance(v, Decimal) else v
                 for k, v in values.items()}  # fmt: skip
        texts[language] = template.format(**shown)
    return texts


@dataclass
class Proposal:
    """What the office is asked for and what the rules suggest, line by line, with the reasons."""

    figures: Figures
    lines: list[dict[str, Any]] = field(default_factory=list)
    notes: list[Text] = field(default_factory=list)
    history: History | None = None

    @property
    def applied(self) -> Decimal:
        """The amount applied for."""
        return self.figures.applied

    @property
    def suggested(self) -> Decimal:
        """The sum of the suggestions (the ladder for post 62, the costs applied for post 60)."""
        return sum((line["suggested"] for line in self.lines), Decimal(0))

    @property
    def priority(self) -> bool:
        """A municipality that has never had the grant (§7: new municipalities first)."""
        return self.history is not None and not self.history.received


def _line(line: Any) -> dict[str, Any]:
    return {"kind": line.kind, "title": line.title, "percent": line.percent, "year": line.year,
            "amount": line.amount, "suggested": line.amount, "reasons": [],
            "transitional": False, "leaves": False, "group": line.group, "row": line.row}  # fmt: skip


def propose(evaluation: Evaluation, history: History | None = None) -> Proposal:
    """The suggestion for an evaluated submission: each line at the amount the form's rules give,
    and with ``history`` the year on the ladder and the transitional cap from earlier grants."""
    found = figures(evaluation)
    proposal = Proposal(figures=found, lines=[_line(line) for line in found.lines], history=history)
    if history is None:
        return proposal
    if not history.received:
        proposal.notes.append(NEW_RECIPIENT)
    specs = {
        s["group"]: s for s in position_specs(declaration(evaluation.definition)) if "year" in s
    }
    years = [y for spec in specs.values() for y in _ladder_years(evaluation.definition, spec)]
    if not years:
        return proposal
    positions = [line for line in proposal.lines if line["group"] in specs]
    moved = {i: y for i, line in enumerate(positions) if (y := _place(line, history, max(years)))}
    if moved:
        amounts = _amounts_in_year(evaluation, specs, positions, moved)
        for index in moved:
            positions[index]["amount"] = positions[index]["suggested"] = amounts[index]
    for line in positions:
        _cap(line, history)
    return proposal


def _ladder_years(definition: Definition, spec: dict[str, str]) -> list[int]:
    """The years of the ladder, from the options of the definition's year field."""
    group = definition.field(spec.get("group", ""))
    sub = group.subfield(spec["year"]) if group and "year" in spec else None
    if sub is None:
        return []
    if sub.options:
        return sorted(int(o.value) for o in sub.options if o.value.isdigit())
    return list(range(int(sub.min or 1), int(sub.max or 0) + 1))


def _place(line: dict[str, Any], history: History, last_rung: int) -> int | None:
    """Put a position on the ladder by its history; the year to re-evaluate it at, if changed."""
    typed, known = line["year"], history.position(line["title"])
    if known is None:
        if typed and typed > 1:  # an earlier grant these decisions do not hold: check it
            line["reasons"].append(_reason("new_typed", typed=typed))
            return None
        line["reasons"].append(_reason("new"))
        line["year"] = 1
        return 1 if typed != 1 else None
    last = known.last
    if last.ladder_year is None:
        return None
    year = last.ladder_year + 1
    line["reasons"].append(_reason("carried", last=last.amount, year=last.year,
                                   n=last.ladder_year, next=year))  # fmt: skip
    if typed and typed != year:
        line["reasons"].append(_reason("typed", typed=typed, next=year))
    line["year"] = year
    if year > last_rung:
        line["reasons"].append(_reason("leaves", max=last_rung))
        line["leaves"], line["amount"], line["suggested"] = True, Decimal(0), Decimal(0)
        return None
    return year if typed != year else None


def _amounts_in_year(
    evaluation: Evaluation,
    specs: dict[str, dict[str, str]],
    positions: list[dict[str, Any]],
    moved: dict[int, int],
) -> dict[int, Decimal]:
    """The engine's amount for positions moved to another year on the ladder."""
    answers = copy.deepcopy(evaluation.answers)
    for index, year in moved.items():
        line = positions[index]
        answers[line["group"]][line["row"]][specs[line["group"]]["year"]] = str(year)
    again = {(line.group, line.row): line.amount for line in figures(evaluate(evaluation.definition, answers)).lines}  # fmt: skip
    return {index: again[positions[index]["group"], positions[index]["row"]] for index in moved}


def _cap(line: dict[str, Any], history: History) -> None:
    """The transitional rule: no more than last year's amount, for at most three years."""
    known = history.position(line["title"])
    if known is None or not known.transitional or line["leaves"]:
        return
    line["transitional"] = True
    used = known.transitional_years
    if used >= TRANSITIONAL_YEARS:
        line["reasons"].append(_reason("ends", used=used))
        line["leaves"], line["suggested"] = True, Decimal(0)
        return
    this, last = used + 1, known.last.amount
    if line["amount"] > last:
        line["reasons"].append(_reason("capped", amount=line["amount"], last=last, this=this))
        line["suggested"] = last
    else:
        line["reasons"].append(_reason("within", last=last, this=this))
