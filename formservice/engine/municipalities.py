"""The register of Norwegian municipalities shipped with the package (SSB classification 131, 2024).

Built from ``formservice/data/kommuner.csv``: kommunenummer, name, county number and county.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Municipality:
    """One municipality: its four-digit number, name and county."""

    number: str
    name: str
    county_number: str
    county: str


@cache
def municipalities() -> dict[str, Municipality]:
    """Every municipality keyed by kommunenummer, in register order."""
    text = resources.files("formservice").joinpath("data/kommuner.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(text.splitlines())
    return {
        row["kommunenummer"]: Municipality(
            row["kommunenummer"], row["navn"], row["fylkesnummer"], row["fylke"]
        )
        for row in rows
    }


def municipality(number: str) -> Municipality | None:
    """The municipality with this kommunenummer, or None."""
    return municipalities().get(number)


def in_county(county_number: str) -> list[Municipality]:
    """The municipalities of one county, e.g. ``"34"`` for Innlandet."""
    return [m for m in municipalities().values() if m.county_number == county_number]
