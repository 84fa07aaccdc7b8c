"""Demo data: the 357 municipalities with invented numbers, a round per scheme in Innlandet (the
demo office), a round of Vestland's so two offices can be told apart, and the directorate's split
of the national budget for kommunalt rusarbeid 2021.

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
from formservice.storage.frames import budget_of, set_budget
from formservice.storage.offices import office_by_slug
from formservice.storage.organisations import import_municipalities, organisation_by_kommunenummer
from formservice.storage.rounds import create_round, round_by_slug
from formservice.storage.users import OFFICE_ROLES, create_user, user_by_username

DEMO_COUNTY = "34"  # Innlandet
DEMO_YEAR = 2021  # the demo office's current round; later forms are there for it to open
NYNORSK_DEMO = {"3431", "3432", "3433", "3434", "3435", "3436", "3437", "3438", "3439"}
DEMO_OPEN_DAYS = {"kommunalt_rusarbeid": 45, "voksne_sammensatte": 75}
DEMO_PASSWORD = "demo"  # noqa: S105 (the demo accounts are documented in the README)
DEMO_OFFICE = "innlandet"
OTHER_OFFICE = "vestland"  # its own caseworker and round show that offices are kept apart
# username, name, role, kommunenummer or office, signatory, language. Names are invented.
DEMO_USERS = (
    ("lillehammer", "Kari Demo (kommunedirektør)", "municipality", "3405", True, "nb"),
    ("lillehammer-medarbeider", "Ola Demo (rådgiver)", "municipality", "3405", False, "nb"),
    ("gjovik", "Siri Demo (kommunedirektør)", "municipality", "3407", True, "nb"),
    ("lom", "Ivar Demo (kommunedirektør)", "municipality", "3434", True, "nn"),
    # granted in 2020 and 2021 by the demo office's history (demo_office.py): its 2021 grant
    # letter waits for its confirmation, and its 2022 form carries what it was granted
    ("sor-odal", "Solveig Demo (kommunedirektør)", "municipality", "3415", True, "nb"),
    ("bergen", "Bjørn Demo (kommunedirektør)", "municipality", "4601", True, "nb"),
    ("saksbehandler", "Sara Demo (saksbehandler)", "caseworker", DEMO_OFFICE, False, "nb"),
    ("hjelp", "Henrik Demo (brukerstøtte)", "helpdesk", DEMO_OFFICE, False, "nb"),
    (
        "saksbehandler-vestland",
        "Vilde Demo (sakshandsamar)",
        "caseworker",
        OTHER_OFFICE,
        False,
        "nn",
    ),
    ("hjelp-vestland", "Håkon Demo (brukarstøtte)", "helpdesk", OTHER_OFFICE, False, "nn"),
    ("direktoratet", "Dina Demo (Helsedirektoratet)", "directorate", None, False, "nb"),
    ("admin", "Anne Demo (administrator)", "admin", None, False, "nb"),
)
# Kommunalt rusarbeid 2021: the national budget split between the offices (invented, adds up).
DEMO_NATIONAL_BUDGET = ("kommunalt_rusarbeid", 2021, "455000000")
DEMO_FRAMES = {
    "agder": "33000000", "innlandet": "32000000", "more-og-romsdal": "27000000",
    "nordland": "27000000", "ostfold-buskerud-oslo-akershus": "150000000", "rogaland": "45000000",
    "troms-finnmark": "26000000", "trondelag": "45000000", "vestfold-telemark": "35000000",
    "vestland": "35000000",
}  # fmt: skip
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
    report += _other_office(db, newest)
    report += _demo_users(db)
    report += _demo_budget(db)
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
        is_office = role in OFFICE_ROLES
        organisation = (
            organisation_by_kommunenummer(db, kommune) if role == "municipality" else None
        )
        office = office_by_slug(db, kommune) if is_office else None
        create_user(
            db,
            username=username,
            password_hash=password_hash,
            role=role,
            full_name=full_name,
            email=f"{username}@demo.formservice.example",
            organisation_id=organisation["id"] if organisation else None,
            office_id=office["id"] if office else None,
            is_signatory=signatory,
            language=language,
            is_demo=True,
        )
        report.append(f"demo: user {username} ({role}) with password {DEMO_PASSWORD!r}")
    return report


def _other_office(
    db: sqlite_utils.Database, newest: dict[tuple[str, int], Definition]
) -> list[str]:
    """Vestland's round of kommunalt rusarbeid for the demo year, open as Innlandet's is."""
    definition = newest.get(("kommunalt_rusarbeid", DEMO_YEAR))
    office = office_by_slug(db, OTHER_OFFICE)
    slug = f"rus-{DEMO_YEAR}-{OTHER_OFFICE}"
    if definition is None or office is None or round_by_slug(db, slug) is not None:
        return []
    deadline = dt.date.today() + dt.timedelta(days=DEMO_OPEN_DAYS["kommunalt_rusarbeid"])
    create_round(db, slug=slug, definition=definition, county_number="46",
                 office_id=office["id"], budget_frame=DEMO_FRAMES[OTHER_OFFICE],
                 deadline=deadline.isoformat())  # fmt: skip
    return [f"demo: round {slug} for {definition.key} at {office['name_nb']}"]


def _demo_budget(db: sqlite_utils.Database) -> list[str]:
    """The directorate's split of the demo year's national budget, once."""
    from decimal import Decimal

    form_id, year, national = DEMO_NATIONAL_BUDGET
    if budget_of(db, form_id, year)["national"] is not None:
        return []
    split = {office_by_slug(db, slug)["id"]: Decimal(amount)  # type: ignore[index]
             for slug, amount in DEMO_FRAMES.items()}  # fmt: skip
    set_budget(db, form_id=form_id, year=year, national=Decimal(national), frames=split,
               actor=None)  # fmt: skip
    return [f"demo: national budget {form_id} {year} split between {len(split)} offices"]
