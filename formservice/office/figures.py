"""What a submitted form asks the office for, read from the engine's evaluation of its answers.

A definition says in its ``grant`` block which fields hold the amount applied for, the positions
(title, percent, year on the ladder, amount per row) and other costs. The amounts are the
engine's: a position's amount is whatever the definition computes (kap. 765 post 62's ladder is a
computed field of the form, so its rates live only there) or what the applicant typed (post 60).
Nothing here knows a rate.

The 2021 versions (1, and 2 with the register's prefill) were published before definitions could
carry ``grant`` and are frozen (their content hash may not change), so their declarations stand
in :data:`FROZEN_DECLARATIONS`, checked by the same checker as a block in a file
(``tests/office/test_figures.py``). New versions declare it in the file, as the 2022 form does.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from formservice.engine.model import Definition
from formservice.engine.result import Evaluation

POSITION, COST = "position", "cost"

FROZEN_DECLARATIONS: dict[str, dict[str, Any]] = {
    "kommunalt_rusarbeid@1": {
        "applied": "soknadsbelop",
        "positions": {"group": "stillinger", "title": "tittel", "percent": "stillingsprosent",
                      "year": "aar_i_ordningen", "amount": "belop"},
        "budget": {"salaries": "budsjett_lonn", "own_funding": "egenfinansiering",
                   "other_funding": "annen_finansiering"},
    },
    "voksne_sammensatte@1": {
        "applied": "soknadsbelop",
        "positions": {"group": "stillinger", "title": "tittel", "percent": "stillingsprosent",
                      "amount": "belop"},
        "costs": {"group": "kostnader", "title": "beskrivelse", "amount": "belop"},
    },
    "barn_unge@1": {
        "applied": "soknadsbelop",
        "positions": {"group": "stillinger", "title": "tittel", "percent": "stillingsprosent",
                      "amount": "belop"},
        "costs": {"group": "kostnader", "title": "beskrivelse", "amount": "belop"},
    },
}  # fmt: skip
for _form in ("kommunalt_rusarbeid", "voksne_sammensatte", "barn_unge"):  # same fields in version 2
    FROZEN_DECLARATIONS[f"{_form}@2"] = FROZEN_DECLARATIONS[f"{_form}@1"]


@dataclass(frozen=True)
class Line:
    """One thing applied for: a position (with percent and perhaps a year on the ladder) or a
    cost; ``group`` and ``row`` say where in the answers it stands."""

    kind: str
    title: str
    amount: Decimal
    percent: Decimal | None = None
    year: int | None = None
    group: str = ""
    row: int = 0


@dataclass(frozen=True)
class Figures:
    """The amount applied for and the lines it is made of, as the engine evaluated them."""

    applied: Decimal
    lines: tuple[Line, ...] = ()

    @property
    def total(self) -> Decimal:
        """What the form's own rules give for the lines (the ladder sum for post 62)."""
        return sum((line.amount for line in self.lines), Decimal(0))

    @property
    def on_ladder(self) -> bool:
        """Whether the positions carry a year on the step-down ladder."""
        return any(line.year is not None for line in self.lines)


def declaration(definition: Definition) -> dict[str, Any] | None:
    """Where the definition keeps the office's figures, or None (a form without amounts)."""
    return definition.grant or FROZEN_DECLARATIONS.get(definition.key)


def position_specs(grant: dict[str, Any] | None) -> list[dict[str, str]]:
    """The declaration's position groups (one object or a list of them)."""
    positions = (grant or {}).get("positions")
    if not positions:
        return []
    return positions if isinstance(positions, list) else [positions]


def _number(value: Any) -> Decimal | None:
    return value if isinstance(value, Decimal) and value.is_finite() else None


def _year(value: Any) -> int | None:
    text = str(value) if value is not None else ""
    return int(text) if text.isdigit() and len(text) < 4 else None


def _lines(values: dict[str, Any], spec: dict[str, str] | None, kind: str) -> list[Line]:
    if not spec:
        return []
    found = []
    for index, row in enumerate(values.get(spec["group"]) or []):
        if not isinstance(row, dict):
            continue
        found.append(
            Line(
                kind=kind,
                title=str(row.get(spec["title"]) or "").strip(),
                amount=_number(row.get(spec["amount"])) or Decimal(0),
                percent=_number(row.get(spec["percent"])) if "percent" in spec else None,
                year=_year(row.get(spec["year"])) if "year" in spec else None,
                group=spec["group"],
                row=index,
            )
        )
    return found


def figures(evaluation: Evaluation) -> Figures:
    """The figures of an evaluated form (nothing for a form that declares none)."""
    grant = declaration(evaluation.definition)
    if not grant:
        return Figures(applied=Decimal(0))
    values = evaluation.values
    lines = [line for spec in position_specs(grant) for line in _lines(values, spec, POSITION)]
    lines += _lines(values, grant.get("costs"), COST)
    return Figures(applied=_number(values.get(grant["applied"])) or Decimal(0), lines=tuple(lines))
