"""Help-desk and operations commands: ``reset``, ``history`` and ``backup``.

``reset`` reopens a submitted form as the system actor ``cli`` (audited like the help desk's web
page does it), ``history`` prints versions and audit entries one per line, and ``backup`` copies
the database with SQLite's online backup API, which is consistent while the server writes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import Any

import sqlite_utils

from formservice.cli.common import CommandError
from formservice.config import load_settings
from formservice.storage.audit import events_for_submission
from formservice.storage.db import connect, migrate
from formservice.storage.helpdesk import HelpdeskRefused, reopen_submission, version_history
from formservice.storage.rounds import norwegian_today
from formservice.storage.submissions import submission_by_reference

CLI_ACTOR = {"id": None, "username": "cli"}
DEFAULT_REOPEN_DAYS = 14


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``reset``, ``history`` and ``backup``."""
    reset = subparsers.add_parser(
        "reset",
        help="reopen a submitted form so the municipality can correct it",
        description="Move a submission back to draft (the submitted version stays in the history).",
    )
    reset.add_argument("reference", metavar="REFERENCE", help="e.g. RUS-2021-0001")
    reset.add_argument("--reason", required=True, help="why (kept in the audit log)")
    reset.add_argument("--until", type=_date, help="may be submitted until (default: in 14 days)")
    reset.set_defaults(handler=run_reset)

    history = subparsers.add_parser(
        "history", help="versions and audit log of a submission", description="Print every "
        "saved version and every audit entry of a submission, one per line.",
    )  # fmt: skip
    history.add_argument("reference", metavar="REFERENCE")
    history.set_defaults(handler=run_history)

    backup = subparsers.add_parser(
        "backup", help="consistent copy of the database while the app runs",
        description="Copy the database with SQLite's online backup to DEST (a new file).",
    )  # fmt: skip
    backup.add_argument("dest", metavar="DEST")
    backup.set_defaults(handler=run_backup)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _submission(db: sqlite_utils.Database, reference: str) -> dict[str, Any]:
    submission = submission_by_reference(db, reference.strip().upper())
    if submission is None:
        raise CommandError(f"no submission with reference {reference!r}")
    return submission


def run_reset(args: argparse.Namespace) -> int:
    """Reopen the submission."""
    db = connect(load_settings()["DATABASE"])
    migrate(db)
    submission = _submission(db, args.reference)
    today = norwegian_today()
    until = args.until or today + dt.timedelta(days=DEFAULT_REOPEN_DAYS)
    if until < today:
        raise CommandError(f"--until {until.isoformat()} is in the past")
    try:
        reopen_submission(
            db, submission["id"], actor=CLI_ACTOR, reason=args.reason, reopen_until=until
        )
    except HelpdeskRefused as refused:
        raise CommandError(str(refused)) from None
    print(f"{submission['reference']}: reopened as draft until {until.isoformat()}")
    return 0


def run_history(args: argparse.Namespace) -> int:
    """Print versions and audit entries."""
    db = connect(load_settings()["DATABASE"])
    migrate(db)
    submission = _submission(db, args.reference)
    print(f"{submission['reference']}: state {submission['state']}, form {submission['form_key']}")
    for row in version_history(db, submission["id"]):
        who = row["saved_by_name"] or "-"
        print(f"version {row['version']:3d}  {row['saved_at']}  {row['kind']:8}  {who}")
    for event in events_for_submission(db, submission["id"]):
        moved = f"{event['from_state'] or '-'} -> {event['to_state'] or '-'}"
        detail = json.dumps(event["detail"], ensure_ascii=False)  # one line, even if \n inside
        print(f"audit  {event['at']}  {event['actor']:14} {event['action']:12} {moved}  {detail}")
    return 0


def run_backup(args: argparse.Namespace) -> int:
    """SQLite online backup: consistent even while the server writes; never overwrites."""
    database = Path(load_settings()["DATABASE"])
    if not database.is_file():
        raise CommandError(f"{database}: no database to back up")
    dest = Path(args.dest)
    if dest.exists():
        raise CommandError(f"{dest} exists; choose a new file name")
    if not dest.parent.is_dir():
        raise CommandError(f"{dest.parent}: no such directory")
    source = sqlite3.connect(database, timeout=30)
    target = None
    try:
        target = sqlite3.connect(dest)
        source.backup(target)
    except sqlite3.Error as error:
        if target is not None:
            target.close()
            target = None
        dest.unlink(missing_ok=True)
        raise CommandError(f"backup failed: {error}") from None
    finally:
        if target is not None:
            target.close()
        source.close()
    print(dest)
    return 0
