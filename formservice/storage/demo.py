"""Demo data: the 357 municipalities with invented numbers, and a round per scheme in Innlandet.

Organisation and account numbers and postal addresses are invented (valid check digits, bank code
9999) and every row is marked ``is_demo``; real municipalities' numbers are never used. Demo users all have the password ``demo``.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path

import sqlite_utils

from formservice.engine.loader import Catalog
from formservice.engine.model import Definition
from formservice.register.importing import read_municipalities
from formservice.storage.demo_office import load_demo_office
from formservice.storage.demo_persons import load_demo_persons
from formservice.storage.organisations import import_municipalities, organisation_by_kommunenummer
from formservice.storage.rounds import create_round, round_by_slug
from formservice.storage.users import create_user, user_by_username

DEMO_COUNTY = "34"  # Innlandet
DEMO_YEAR = 2021  # the demo office's current round; later forms are there for it to open
NYNORSK_DEMO = {"3431", "3432", "3433", "3434", "3435", "3436", "3437", "3438", "3439"}
DEMO_OPEN_DAYS = {"kommunalt_rusarbeid": 45, "voksne_sammensatte": 75}
DEMO_PASSWORD = "demo"  # noqa: S105 (the demo accounts are documented in the README)
# username, name, role, kommunenummer, signatory, language. Names are invented.
DEMO_USERS = (
    ("lillehammer", "Kari Demo (kommunedirektør)", "municipality", "3405", True, "nb"),
    ("lillehammer-medarbeider", "Ola Demo (rådgiver)", "municipality", "3405", False, "nb"),
    ("gjovik", "Siri Demo (kommunedirektør)", "municipality", "3407", True, "nb"),
    ("lom", "Ivar Demo (kommunedirektør)", "municipality", "3434", True, "nn"),
    ("saksbehandler", "Sara Demo (saksbehandler)", "caseworker", None, False, "nb"),
    ("hjelp", "Henrik Demo (brukerstøtte)", "helpdesk", None, False, "nb"),
    ("admin", "Anne Demo (administrator)", "admin", None, False, "nb"),
)
DEMO_BUDGETS = {
    "kommunalt_rusarbeid": "32000000",
    "voksne_sammensatte": "9000000",
    "barn_unge": "2500000",
}


def load_demo_data(
    db: sqlite_utils.Database, catalog: Catalog, *, history: bool = False
) -> list[str]:
    """Create the demo organisations and rounds (with ``history`` also the office's earlier and
    current decisions, :mod:`formservice.storage.demo_office`); safe to run again."""
    report = []
    with resources.as_file(resources.files("formservice").joinpath("data/kommuner.csv")) as path:
        languages = dict.fromkeys(NYNORSK_DEMO, "nn")
        rows, problems = read_municipalities(Path(path), demo=True, languages=languages)
    if problems:
        raise RuntimeError(f"the shipped list of municipalities has problems: {problems[0]}")
    added, changed, _ = import_municipalities(
        db, [r.values for r in rows], actor=None, is_demo=True
    )
    in_county = sum(1 for row in rows if row.values["county_number"] == DEMO_COUNTY)
    report.append(f"demo: {len(rows)} municipalities with invented numbers ({added} added, "
                  f"{changed} changed)")  # fmt: skip
    report.append(f"demo: {in_county} organisations in county {DEMO_COUNTY}")
    today = dt.date.today()
    newest: dict[tuple[str, int], Definition] = {}  # the version each year's round serves
    for definition in catalog.definitions.values():
        year = definition.scheme["year"]
        if definition.status != "published" or year > DEMO_YEAR:
            continue  # a later year's round (the 2022 form) is the office's to open
        known = newest.get((definition.id, year))
        if known is None or definition.version > known.version:
            newest[definition.id, year] = definition
    for _, definition in sorted(newest.items()):
        slug = f"{definition.scheme['reference_prefix'].lower()}-{definition.scheme['year']}"
        if round_by_slug(db, slug) is None:
            # The 2021 deadlines have passed; the demo keeps two rounds open to fill in.
            open_days = DEMO_OPEN_DAYS.get(definition.id)
            deadline = (today + dt.timedelta(days=open_days)).isoformat() if open_days else None
            create_round(
                db,
                slug=slug,
                definition=definition,
                county_number=DEMO_COUNTY,
                budget_frame=DEMO_BUDGETS.get(definition.id, "0"),
                deadline=deadline,
            )
            report.append(f"demo: round {slug} for {definition.key}")
    report += _demo_users(db)
    report += load_demo_persons(db)
    if history:
        report += load_demo_office(db, catalog, DEMO_COUNTY)
    return report


def _demo_users(db: sqlite_utils.Database) -> list[str]:
    from formservice.accounts import hash_password

    report = []
    password_hash = hash_password(DEMO_PASSWORD)
    for username, full_name, role, kommune, signatory, language in DEMO_USERS:
        if user_by_username(db, username) is not None:
            continue
        organisation = organisation_by_kommunenummer(db, kommune) if kommune else None
        create_user(
            db,
            username=username,
            password_hash=password_hash,
            role=role,
            full_name=full_name,
            email=f"{username}@demo.formservice.example",
            organisation_id=organisation["id"] if organisation else None,
            is_signatory=signatory,
            language=language,
            is_demo=True,
        )
        report.append(f"demo: user {username} ({role}) with password {DEMO_PASSWORD!r}")
    return report
