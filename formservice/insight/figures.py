"""The shapes of a round's figures (:class:`RoundFigures` and its parts), as
:mod:`formservice.insight.compute` makes them and the charts, tables and report read them; with
the stages a submission is counted in (:data:`STAGES`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

Text = dict[str, str]
STAGES: dict[str, Text] = {
    "draft": {"nb": "Påbegynt (utkast)", "nn": "Påbyrja (utkast)"},
    "submitted": {"nb": "Sendt inn, ikke avgjort", "nn": "Sendt inn, ikkje avgjort"},
    "decided": {"nb": "Avgjort (vedtak)", "nn": "Avgjort (vedtak)"},
}


@dataclass(frozen=True)
class Amounts:
    """The budget frame and the round's totals against it."""

    frame: Decimal
    applied: Decimal
    suggested: Decimal
    granted: Decimal


@dataclass(frozen=True)
class Timeline:
    """How many submissions stood in each stage at the end of each day."""

    days: tuple[dt.date, ...]
    counts: dict[str, tuple[int, ...]]
    deadline: dt.date | None

    @property
    def changed(self) -> list[int]:
        """The days (as indexes) whose counts differ from the day before, and the last day."""
        rows = list(zip(*self.counts.values(), strict=True))
        last = len(rows) - 1
        return [i for i, row in enumerate(rows) if i == last or (i and row != rows[i - 1])]


@dataclass(frozen=True)
class Area:
    """One goal-attainment area: how many municipalities gave each answer of the scale."""

    key: str
    label: Text
    counts: dict[str, int]

    @property
    def answered(self) -> int:
        """How many municipalities answered for this area."""
        return sum(self.counts.values())


@dataclass(frozen=True)
class Attainment:
    """The scale (value and label, in the form's order) and the areas."""

    scale: tuple[tuple[str, Text], ...]
    areas: tuple[Area, ...]


@dataclass(frozen=True)
class Positions:
    """Positions applied for (in forms submitted) and granted (in decisions in force)."""

    label: Text
    applied: int = 0
    applied_fte: Decimal = Decimal(0)
    granted: int = 0
    granted_fte: Decimal = Decimal(0)


@dataclass(frozen=True)
class Group:
    """Municipalities of one kind (new or continuing): how many applied, how many and how much
    was granted."""

    label: Text
    applicants: int
    granted_count: int
    granted: Decimal


@dataclass(frozen=True)
class Municipality:
    """One applicant's line in the report."""

    name: str
    kommunenummer: str
    state: str
    new: bool | None
    applied: Decimal
    granted: Decimal
    positions: int
    fte: Decimal
    unused: Decimal | None
    answers: dict[str, str]


@dataclass(frozen=True)
class RoundFigures:
    """Everything the round's charts, tables and report show."""

    round: dict[str, Any]
    amounts: Amounts
    states: dict[str, int]
    timeline: Timeline
    attainment: Attainment | None
    priorities: tuple[Positions, ...]
    lived_experience: Positions
    new_and_continuing: tuple[Group, Group] | None
    municipalities: tuple[Municipality, ...]

    @property
    def applicants(self) -> int:
        """How many have submitted (every state after the draft)."""
        return len(self.municipalities)
