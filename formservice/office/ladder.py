"""The caseworker's suggestion per position: the engine's figures combined with the grant history.

The rates of the step-down ladder (kap. 765 post 62 §7) live only in the form definition: the
engine computes each position's amount from its percent and year on the ladder, and
:mod:`formservice.office.figures` reads it. This module owns the rule that turns those figures
into suggestions; the caseworker's decision stays discretionary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from formservice.engine.result import Evaluation
from formservice.office.figures import Figures, figures

TRANSITIONAL_YEARS = 3  # at most this many more years for recipients under the earlier rules
Text = dict[str, str]


@dataclass
class Proposal:
    """What the office is asked for and what the rules suggest, line by line, with the reasons."""

    figures: Figures
    lines: list[dict[str, Any]] = field(default_factory=list)
    notes: list[Text] = field(default_factory=list)

    @property
    def applied(self) -> Decimal:
        """The amount applied for."""
        return self.figures.applied

    @property
    def suggested(self) -> Decimal:
        """The sum of the suggestions (the ladder for post 62, the costs applied for post 60)."""
        return sum((line["suggested"] for line in self.lines), Decimal(0))


def _line(line: Any) -> dict[str, Any]:
    return {"kind": line.kind, "title": line.title, "percent": line.percent, "year": line.year,
            "amount": line.amount, "suggested": line.amount, "reasons": []}  # fmt: skip


def propose(evaluation: Evaluation) -> Proposal:
    """The suggestion for an evaluated submission: each line at the amount the form's rules give."""
    found = figures(evaluation)
    return Proposal(figures=found, lines=[_line(line) for line in found.lines])


def to_decimal(value: Any) -> Decimal | None:
    """A number as typed or stored (``1 234,50``, ``660000``, a Decimal), or None."""
    if value is None or value == "":
        return None
    text = str(value).replace(" ", "").replace("\u00a0", "").replace(",", ".")
    try:
        number = Decimal(text)
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None
