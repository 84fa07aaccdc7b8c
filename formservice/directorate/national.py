"""A scheme's year across every office: per office and nationally, what was applied for, what the
ladder suggests, what was granted and paid, and how many municipalities applied, against the
frame the directorate set.

The figures are each round's overview (:func:`formservice.office.overview.round_rows`, the same
rows and amounts the caseworker sees) summed per office; nothing here knows a rate or a state
rule beyond the overview's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import sqlite_utils

from formservice.office.overview import DefinitionFor, round_rows, totals
from formservice.storage import frames, offices, rounds
from formservice.storage.office import NOT_SUBMITTED
from formservice.storage.organisations import organisations_of_office

AMOUNTS = ("applied", "proposed", "granted", "paid")


@dataclass
class OfficeFigures:
    """One office's (or, with ``office`` None, the nation's) figures for a scheme's year."""

    office: dict[str, Any] | None
    frame: Decimal | None = None
    applied: Decimal = Decimal(0)
    proposed: Decimal = Decimal(0)
    granted: Decimal = Decimal(0)
    paid: Decimal = Decimal(0)
    applicants: int = 0  # municipalities that submitted
    municipalities: int = 0  # municipalities the office serves
    rounds: list[dict[str, Any]] = field(default_factory=list)

    def add(self, other: OfficeFigures) -> None:
        """Add another office's figures (the national line is the sum of the offices')."""
        for name in AMOUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.applicants += other.applicants
        self.municipalities += other.municipalities
        self.rounds += other.rounds


@dataclass
class NationalFigures:
    """Every office's line, the national sum, and the submitted rows by office (the export)."""

    offices: list[OfficeFigures]
    nation: OfficeFigures
    national_budget: Decimal | None
    rows: list[tuple[dict[str, Any], dict[str, Any]]]  # (office, overview row)


def national_figures(
    db: sqlite_utils.Database, form_id: str, year: int, definition_for: DefinitionFor
) -> NationalFigures:
    """The scheme's figures for the year per office (each of the ten, with or without a round)."""
    budget = frames.budget_of(db, form_id, year)
    by_office: dict[int, list[dict[str, Any]]] = {}
    for round_row in rounds.rounds_of_scheme(db, form_id, year):
        by_office.setdefault(round_row["office_id"], []).append(round_row)
    lines, rows = [], []
    nation = OfficeFigures(office=None, frame=sum(budget["frames"].values(), Decimal(0)) or None)
    for office in offices.all_offices(db):
        line = OfficeFigures(office=office, frame=budget["frames"].get(office["id"]),
                             municipalities=len(organisations_of_office(db, office["id"])))  # fmt: skip
        for round_row in by_office.get(office["id"], []):
            overview = round_rows(db, round_row["id"], definition_for)
            submitted = [row for row in overview if row["state"] not in NOT_SUBMITTED]
            summed = totals(submitted)
            line.applied += summed["applied"]
            line.proposed += summed["proposed"]
            line.granted += summed["granted"]
            line.paid += sum((row["granted"] for row in submitted if row["state"] == "paid"),
                             Decimal(0))  # fmt: skip
            line.applicants += sum(
                1 for row in submitted if row["organisation"]["kind"] == "kommune"
            )
            line.rounds.append(round_row)
            rows += [(office, row) for row in submitted]
        lines.append(line)
        nation.add(line)
    return NationalFigures(
        offices=lines, nation=nation, national_budget=budget["national"], rows=rows
    )


def schemes(db: sqlite_utils.Database, published: dict[str, Any]) -> list[dict[str, Any]]:
    """The schemes and years the directorate splits: each published form's scheme year, and
    every year a round was opened for; ``form_id``, ``year``, ``name`` (nb/nn), chapter, post."""
    found: dict[tuple[str, int], dict[str, Any]] = {}
    for definition in published.values():
        scheme = definition.scheme
        found.setdefault((definition.id, scheme["year"]), {
            "form_id": definition.id, "year": scheme["year"], "name": scheme["name"],
            "chapter": scheme.get("chapter"), "post": scheme.get("post")})  # fmt: skip
    for round_row in rounds.all_rounds(db):
        form_id = round_row["form_key"].partition("@")[0]
        known = next((s for (f, _), s in found.items() if f == form_id), None)
        if known is not None:
            found.setdefault((form_id, round_row["year"]), {**known, "year": round_row["year"]})
    return sorted(found.values(), key=lambda s: (-s["year"], s["form_id"]))
