"""The register from the command line: ``formservice org add``, ``org show``, ``org import`` and
``org move`` (to another office).

Changes are made as the actor ``cli`` and audited like the office's own pages. A problem with any
value is one line (``--account: ...``) and exit status 1; nothing is stored then.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from formservice.cli.common import CommandError
from formservice.config import load_settings
from formservice.register.importing import read_municipalities
from formservice.register.kinds import ORGANISATION_KINDS, REPORTABLE, kind_label
from formservice.register.validation import read_organisation
from formservice.storage import organisation_search, organisations, register_changes
from formservice.storage.db import connect, migrate
from formservice.storage.offices import all_offices, office_by_slug
from formservice.storage.security_log import record_security_event

CLI_ACTOR = {"id": None, "username": "cli"}
OPTIONS = {"kind": "--kind", "name": "--name", "orgnr": "--orgnr", "account_number": "--account",
           "postal_address": "--address", "postcode": "--postcode", "post_town": "--town",
           "email": "--email", "language": "--language", "county_number": "--county",
           "kommunenummer": "--kommunenummer"}  # fmt: skip


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``org add``, ``org show`` and ``org import``."""
    org = subparsers.add_parser("org", help="the register of organisations that apply")
    actions = org.add_subparsers(dest="action", metavar="ACTION", parser_class=type(org))
    actions.required = True

    add = actions.add_parser("add", help="register an organisation",
                             description="Register an applicant: a municipality, or for post 60 a "
                             "health trust or a state or county enterprise.")  # fmt: skip
    add.add_argument("--kind", choices=tuple(ORGANISATION_KINDS), required=True)
    add.add_argument("--name", required=True, help="e.g. Sykehuset Innlandet HF")
    add.add_argument("--orgnr", required=True, help="organisation number (9 digits)")
    add.add_argument("--account", default="", help="account number for payments (11 digits)")
    add.add_argument("--address", default="", help="postal address line, e.g. Postboks 104")
    add.add_argument("--postcode", default="", help="4 digits")
    add.add_argument("--town", default="", help="post town")
    add.add_argument("--email", default="", help="the post room's e-mail address")
    add.add_argument("--language", default="nb", help="written standard: nb or nn")
    add.add_argument("--county", default="", help="county number, e.g. 34 (Innlandet)")
    add.add_argument("--kommunenummer", default="", help="for a municipality: e.g. 3405")
    add.set_defaults(handler=run_add)

    move = actions.add_parser("move", help="move an organisation to another office",
                              description="When counties change: KEY (an organisation number, a "
                              "kommunenummer or #ID) belongs to OFFICE from now on. Its submissions "
                              "stay with the office whose round they are in.")  # fmt: skip
    move.add_argument("key", metavar="KEY")
    move.add_argument("--office", required=True, help="the office's short name, e.g. vestland")
    move.set_defaults(handler=run_move)

    show = actions.add_parser("show", help="an organisation's facts, reported changes and history",
                              description="KEY is an organisation number, a kommunenummer or #ID.")  # fmt: skip
    show.add_argument("key", metavar="KEY")
    show.set_defaults(handler=run_show)

    imp = actions.add_parser("import", help="add or update municipalities from a CSV file",
                             description="FILE has the columns of kommuner.csv (kommunenummer, "
                             "navn, fylkesnummer, fylke) and may have organisasjonsnummer, "
                             "kontonummer, postadresse, postnummer, poststed, epost and malform. "
                             "Nothing is imported if any row has a problem.")  # fmt: skip
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--demo", action="store_true",
                     help="invent missing numbers and addresses, marked as demo data")  # fmt: skip
    imp.set_defaults(handler=run_import)


def _db():
    db = connect(load_settings()["DATABASE"])
    migrate(db)
    return db


def run_add(args: argparse.Namespace) -> int:
    """Register one organisation."""
    typed = {fact: getattr(args, option[2:].replace("-", "_")) for fact, option in OPTIONS.items()}
    values, problems = read_organisation(typed)
    if problems:
        fact, message = next(iter(problems.items()))
        raise CommandError(f"{OPTIONS[fact]}: {message['en']}")
    try:
        organisations.add_organisation(_db(), values, actor=CLI_ACTOR)
    except organisations.RegisterConflict as conflict:
        raise CommandError(f"{OPTIONS[conflict.fact]}: {conflict.message['en']}") from None
    print(f"registered {values['name']} ({kind_label(values['kind'])}), orgnr {values['orgnr']}")
    return 0


def run_show(args: argparse.Namespace) -> int:
    """Print the facts, the changes waiting for approval and the history, one per line."""
    db = _db()
    found = organisation_search.find_organisation(db, args.key)
    if found is None:
        raise CommandError(f"no organisation {args.key!r} (give an orgnr, a kommunenummer or #ID)")
    print(f"#{found['id']} {found['name']}{' (demo)' if found['is_demo'] else ''}")
    for label, value in (
        ("kind", kind_label(found["kind"])), ("orgnr", found["orgnr"] or "-"),
        ("account", found["account_number"] or "-"), ("kommunenummer", found["kommunenummer"] or "-"),
        ("county", found["county_number"]), ("language", found["language"]),
        ("email", found["email"] or "-"),
        ("address", organisations.postal_address(found).replace("\n", ", ") or "-"),
    ):  # fmt: skip
        print(f"  {label:14} {value}")
    for change in register_changes.pending_changes(db, organisation_id=found["id"]):
        fact = REPORTABLE[change["fact"]]["nb"]
        print(f"pending  {change['reported_at']}  {fact}: {change['new_value']}")
    for event in organisations.history(db, found["id"]):
        print(f"history  {event['at']}  {event['actor']:14} {event['action']:20} {event['detail']}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    """Import the whole file, or nothing."""
    rows, problems = read_municipalities(Path(args.file), demo=args.demo)
    if problems:
        for line in problems[:50]:
            print(line)
        more = " (first 50 shown)" if len(problems) > 50 else ""
        raise CommandError(f"{len(problems)} problem(s) in {args.file}{more}; nothing imported")
    try:
        added, changed, same = organisations.import_municipalities(
            _db(), [row.values for row in rows], actor=CLI_ACTOR, is_demo=args.demo
        )
    except organisations.RegisterConflict as conflict:
        raise CommandError(f"{args.file}: {conflict.message['en']}; nothing imported") from None
    print(f"{added} added, {changed} changed, {same} unchanged")
    return 0


def run_move(args: argparse.Namespace) -> int:
    """Move the organisation to the office; audited and in the security log."""
    db = connect(load_settings()["DATABASE"])
    migrate(db)
    found = organisation_search.find_organisation(db, args.key)
    if found is None:
        raise CommandError(
            f"no organisation {args.key!r} (an organisation number, kommunenummer or #ID)"
        )
    office = office_by_slug(db, args.office)
    if office is None:
        known = ", ".join(o["slug"] for o in all_offices(db))
        raise CommandError(f"--office: no office {args.office!r} (one of {known})")
    change = organisations.move_organisation(db, found["id"], office["id"], actor=CLI_ACTOR)
    if change is None:
        print(f"{found['name']} belongs to {office['slug']} already")
        return 0
    record_security_event(db, "organisation_moved", username="cli",
                          detail={"organisation_id": found["id"], "office_id": change["office_id"]})  # fmt: skip
    print(f"{found['name']} moved to {office['name_nb']}")
    return 0
