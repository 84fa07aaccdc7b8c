"""Rounds from the command line: ``formservice round create``, ``edit``, ``list`` and ``close``.

The same rules as the office's pages (:mod:`formservice.office.round_input`); a problem is one
line naming the option, exit status 1, and no round is made or changed.
"""

from __future__ import annotations

import argparse
from decimal import Decimal

import sqlite_utils

from formservice import formatting
from formservice.cli.common import CommandError
from formservice.config import load_settings
from formservice.office.round_input import read_frame_and_deadline, read_new_round
from formservice.register.validation import counties
from formservice.storage import rounds
from formservice.storage.db import connect, migrate
from formservice.storage.definitions import published_definitions
from formservice.storage.offices import all_offices, office_for_county

CLI_ACTOR = {"id": None, "username": "cli"}
OPTIONS = {"form_key": "--form", "year": "--year", "opens_on": "--opens", "deadline": "--deadline",
           "budget_frame": "--frame", "instalments": "--instalments", "county_number": "--county",
           "round": "ROUND", "slug": "--slug"}  # fmt: skip


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``round create``, ``round edit``, ``round list`` and ``round close``."""
    parser = subparsers.add_parser("round", help="open, change, list and close grant rounds")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=type(parser))
    actions.required = True
    create = actions.add_parser("create", help="open a round from a published form version",
                                description="Open a grant round. Dates are DD.MM.YYYY or "
                                "YYYY-MM-DD; the frame is whole kroner (32 000 000).")  # fmt: skip
    create.add_argument("--form", required=True, metavar="ID@VERSION", help="a published version")
    create.add_argument("--deadline", required=True)
    create.add_argument("--frame", required=True, help="budget frame in kroner")
    create.add_argument("--county", required=True, help="county number, e.g. 34 (Innlandet)")
    create.add_argument("--year", default="", help="default: the form's year")
    create.add_argument("--opens", default="", help="opening date (default: today)")
    create.add_argument("--instalments", default="1", help="1 to 12 (default 1)")
    create.add_argument("--slug", default="", help="short name (default: PREFIX-YEAR)")
    create.set_defaults(handler=run_create)
    edit = actions.add_parser("edit", help="change the deadline or frame until a letter is sent")
    edit.add_argument("round", metavar="ROUND", help="the round's short name, e.g. rus-2022")
    edit.add_argument("--deadline", default="")
    edit.add_argument("--frame", default="")
    edit.set_defaults(handler=run_edit)
    listing = actions.add_parser("list", help="every round, one per line")
    listing.set_defaults(handler=run_list)
    close = actions.add_parser("close", help="close a round: nothing more is started or submitted")
    close.add_argument("round", metavar="ROUND")
    close.set_defaults(handler=run_close)


def _db() -> sqlite_utils.Database:
    db = connect(load_settings()["DATABASE"])
    migrate(db)
    return db


def _fail(problems: dict[str, dict[str, str]]) -> CommandError:
    fact, message = next(iter(problems.items()))
    return CommandError(f"{OPTIONS.get(fact, fact)}: {message['en']}")


def _round(db: sqlite_utils.Database, slug: str) -> dict:
    found = rounds.round_by_slug(db, slug.strip().lower())
    if found is None:
        raise CommandError(f"no round {slug!r} (see formservice round list)")
    return found


def run_create(args: argparse.Namespace) -> int:
    """Open the round, or nothing."""
    db = _db()
    published = published_definitions(db)
    typed = {"form_key": args.form, "year": args.year, "opens_on": args.opens,
             "deadline": args.deadline, "budget_frame": args.frame,
             "instalments": args.instalments, "county_number": args.county}  # fmt: skip
    values, problems = read_new_round(typed, published=published, counties=counties(),
                                      today=rounds.norwegian_today())  # fmt: skip
    if problems:
        raise _fail(problems)
    definition = published[values["form_key"]]
    office = office_for_county(db, values["county_number"])
    if office is None:
        raise CommandError(f"--county: no office serves county {values['county_number']}")
    slug = args.slug.strip().lower() or rounds.default_slug(db, definition, office["slug"])
    try:
        rounds.create_round(db, slug=slug, definition=definition, actor=CLI_ACTOR,
                            county_number=values["county_number"], office_id=office["id"],
                            budget_frame=values["budget_frame"],
                            deadline=values["deadline"], opens_on=values["opens_on"],
                            instalments=values["instalments"], one_per_year=True)  # fmt: skip
    except rounds.RoundRefused as refused:
        raise CommandError(
            f"{OPTIONS.get(refused.fact, refused.fact)}: {refused.message['en']}"
        ) from None
    print(f"opened round {slug}: {definition.key}, deadline {values['deadline']}, "
          f"frame {formatting.kroner(values['budget_frame'])}")  # fmt: skip
    return 0


def run_edit(args: argparse.Namespace) -> int:
    """Change the deadline and/or frame."""
    db = _db()
    found = _round(db, args.round)
    typed = {"deadline": args.deadline or found["deadline"],
             "budget_frame": args.frame or found["budget_frame"]}  # fmt: skip
    opens_on = rounds.opening_day(found)
    values, problems = read_frame_and_deadline(
        typed, today=rounds.norwegian_today(), opens_on=opens_on
    )
    if problems:
        raise _fail(problems)
    try:
        changes = rounds.update_round(db, found["id"], values, actor=CLI_ACTOR)
    except rounds.RoundRefused as refused:
        raise CommandError(f"{found['slug']}: {refused.message['en']}") from None
    print(f"{found['slug']}: " + (", ".join(f"{k} {v[0]} -> {v[1]}" for k, v in changes.items())
                                  or "nothing changed"))  # fmt: skip
    return 0


def run_list(args: argparse.Namespace) -> int:
    """One line per round: short name, form, dates, frame, instalments and state."""
    db = _db()
    today = rounds.norwegian_today()
    offices = {office["id"]: office["slug"] for office in all_offices(db)}
    for row in rounds.all_rounds(db):
        state = rounds.round_state(row, today)
        frame = formatting.kroner(Decimal(row["budget_frame"] or 0)).replace("\u00a0", " ")
        print(f"{row['slug']:14} {row['form_key']:24} {offices.get(row['office_id'], '-')}  opens "
              f"{row['opens_on'] or '-':10}  deadline {row['deadline']}  frame {frame}  "
              f"{row['instalments']} instalment(s)  {state}")  # fmt: skip
    return 0


def run_close(args: argparse.Namespace) -> int:
    """Close the round."""
    db = _db()
    found = _round(db, args.round)
    try:
        drafts = rounds.close_round(db, found["id"], actor=CLI_ACTOR)
    except rounds.RoundRefused as refused:
        raise CommandError(refused.message["en"]) from None
    print(f"closed round {found['slug']}; {drafts} draft(s) were never submitted")
    return 0
