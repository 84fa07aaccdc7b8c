"""``formservice office letterhead OFFICE``: show an office's letterhead, or set it.

Options given change those facts of the letterhead in force (all the required ones the first
time); the whole letterhead is checked as the admin page checks it, and a problem is one line
(``--orgnr: ...``) with exit status 1 and nothing stored. A change is audited and in the security
log as the actor ``cli``, and documents that waited for the letterhead are queued again.
"""

from __future__ import annotations

import argparse

from formservice.cli.common import CommandError
from formservice.config import load_settings
from formservice.office.letterhead import FIELDS, OPTIONS, missing_facts, read_letterhead
from formservice.storage import letterheads
from formservice.storage.db import connect, migrate
from formservice.storage.offices import all_offices, office_by_slug
from formservice.storage.security_log import record_security_event

CLI_ACTOR = {"id": None, "username": "cli"}
HELP = {"postal_address": "postal address line(s), e.g. 'Postboks 987' (separate lines with \\n)",
        "postcode": "4 digits", "post_town": "post town, e.g. Lillehammer",
        "email": "the e-mail address for post", "orgnr": "organisation number (9 digits)",
        "visiting_address": "visiting address (optional)", "phone": "phone (optional)",
        "website": "web address (optional)"}  # fmt: skip


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``office letterhead``."""
    office = subparsers.add_parser("office", help="the offices (Statsforvalteren)")
    actions = office.add_subparsers(dest="action", metavar="ACTION", parser_class=type(office))
    actions.required = True
    letterhead = actions.add_parser(
        "letterhead", help="show or set an office's letterhead",
        description="Without options: print OFFICE's letterhead. With options: change those "
        "facts (the first time: --address, --postcode, --town, --email and --orgnr).",
    )  # fmt: skip
    letterhead.add_argument(
        "office", metavar="OFFICE", help="the office's short name, e.g. vestland"
    )
    for fact in FIELDS:
        letterhead.add_argument(OPTIONS[fact], dest=fact, help=HELP[fact])
    letterhead.set_defaults(handler=run_letterhead)


def run_letterhead(args: argparse.Namespace) -> int:
    """Print the letterhead, or check and store the one the options give."""
    settings = load_settings()
    db = connect(settings["DATABASE"])
    migrate(db)
    office = office_by_slug(db, args.office)
    if office is None:
        known = ", ".join(o["slug"] for o in all_offices(db))
        raise CommandError(f"no office {args.office!r} (one of {known})")
    stored = letterheads.letterhead_of(db, office["id"]) or {}
    given = {fact: getattr(args, fact) for fact in FIELDS if getattr(args, fact) is not None}
    if not given:
        missing = missing_facts(stored)
        print(f"{office['name_nb']} / {office['name_nn']}" + (" (incomplete)" if missing else ""))
        for fact in FIELDS:
            print(f"  {OPTIONS[fact][2:]:17} {(stored.get(fact) or '-').replace(chr(10), ', ')}")
        return 0
    typed = {fact: stored.get(fact) or "" for fact in FIELDS} | given
    typed["postal_address"] = typed["postal_address"].replace("\\n", "\n")
    clean, problems = read_letterhead(typed)
    if problems:
        fact = next(f for f in FIELDS if f in problems)
        raise CommandError(f"{OPTIONS[fact]}: {problems[fact]['en']}")
    changes = letterheads.set_letterhead(db, office["id"], clean, actor=CLI_ACTOR)
    if not changes:
        print(f"{office['slug']}: the letterhead is unchanged")
        return 0
    record_security_event(db, "letterhead_changed", username="cli",
                          detail={"office_id": office["id"], "facts": sorted(changes)})  # fmt: skip
    from formservice.documents.jobs import queue_waiting_for_letterhead

    queued = queue_waiting_for_letterhead(settings, office["id"])
    print(f"{office['slug']}: letterhead set ({', '.join(sorted(changes))})"
          + (f"; {queued} waiting document(s) queued" if queued else ""))  # fmt: skip
    return 0
