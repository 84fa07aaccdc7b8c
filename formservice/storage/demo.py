"""Demo data: the municipalities of Innlandet with invented numbers, and a round per scheme.

Organisation and account numbers are invented with valid check digits and every row is marked
``is_demo``; real municipalities' numbers are never used. Demo users come with the accounts module.
"""

from __future__ import annotations

import sqlite_utils
from stdnum.no import kontonr, orgnr

from formservice.engine.loader import Catalog
from formservice.engine.municipalities import in_county
from formservice.storage.organisations import upsert_organisation
from formservice.storage.rounds import create_round, round_by_slug

DEMO_COUNTY = "34"  # Innlandet
NYNORSK_DEMO = {"3431", "3432", "3433", "3434", "3435", "3436", "3437", "3438", "3439"}
DEMO_BUDGETS = {
    "kommunalt_rusarbeid": "32000000",
    "voksne_sammensatte": "9000000",
    "barn_unge": "2500000",
}


def invented_orgnr(kommunenummer: str) -> str:
    """A nine-digit number with a valid mod-11 check digit, derived from the kommunenummer."""
    for filler in range(100):
        base = f"99{kommunenummer}{filler:02d}"
        for check in "0123456789":
            if orgnr.is_valid(base + check):
                return base + check
    raise ValueError(kommunenummer)


def invented_account(kommunenummer: str) -> str:
    """An eleven-digit account number with a valid mod-11 check digit (bank code 9999: demo)."""
    for filler in range(100):
        base = f"9999{kommunenummer}{filler:02d}"
        for check in "0123456789":
            if len(base + check) == 11 and kontonr.is_valid(base + check):
                return base + check
    raise ValueError(kommunenummer)


def load_demo_data(db: sqlite_utils.Database, catalog: Catalog) -> list[str]:
    """Create the demo organisations and rounds; safe to run again."""
    report = []
    for kommune in in_county(DEMO_COUNTY):
        upsert_organisation(
            db,
            orgnr=invented_orgnr(kommune.number),
            name=f"{kommune.name} kommune",
            kommunenummer=kommune.number,
            county_number=kommune.county_number,
            language="nn" if kommune.number in NYNORSK_DEMO else "nb",
            email=f"postmottak@{_slug(kommune.name)}.kommune.example",
            account_number=invented_account(kommune.number),
            is_demo=True,
        )
    report.append(f"demo: {len(in_county(DEMO_COUNTY))} organisations in county {DEMO_COUNTY}")
    for definition in catalog.definitions.values():
        if definition.status != "published":
            continue
        slug = f"{definition.scheme['reference_prefix'].lower()}-{definition.scheme['year']}"
        if round_by_slug(db, slug) is None:
            create_round(
                db,
                slug=slug,
                definition=definition,
                county_number=DEMO_COUNTY,
                budget_frame=DEMO_BUDGETS.get(definition.id, "0"),
            )
            report.append(f"demo: round {slug} for {definition.key}")
    return report


def _slug(name: str) -> str:
    table = str.maketrans({"æ": "ae", "ø": "o", "å": "a", " ": "-", "-": "-"})
    return "".join(c for c in name.lower().translate(table) if c.isalnum() or c == "-")
