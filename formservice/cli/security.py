"""``formservice security-log``: read the security event log, newest first, optionally filtered."""

from __future__ import annotations

import argparse
import datetime as dt
import json

from formservice.cli.common import CommandError
from formservice.config import load_settings
from formservice.storage.db import connect, migrate
from formservice.storage.security_log import EVENTS, security_events


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``security-log``."""
    log = subparsers.add_parser(
        "security-log",
        help="read the security event log",
        description="Logins, logouts, password and role changes, accounts created, exports and "
        "downloads with account numbers, refused requests; newest first.",
    )
    log.add_argument("--user", default="", help="only this username")
    log.add_argument("--event", default="", choices=("", *EVENTS), metavar="EVENT",
                     help=f"only this event: {', '.join(EVENTS)}")  # fmt: skip
    log.add_argument("--since", default="", help="only from this date (YYYY-MM-DD)")
    log.add_argument("--limit", type=int, default=100, help="at most this many (default 100)")
    log.add_argument("--json", action="store_true", help="one JSON object per line")
    log.set_defaults(handler=run_security_log)


def run_security_log(args: argparse.Namespace) -> int:
    """Print the matching events."""
    since = ""
    if args.since:
        try:
            since = dt.date.fromisoformat(args.since).isoformat()
        except ValueError:
            raise CommandError(f"--since must be a date YYYY-MM-DD, not {args.since!r}") from None
    if not 1 <= args.limit <= 10_000:
        raise CommandError("--limit must be from 1 to 10000")
    db = connect(load_settings()["DATABASE"])
    migrate(db)
    events = security_events(
        db, username=args.user, event=args.event, since=since, limit=args.limit
    )
    for event in events:
        if args.json:
            print(json.dumps(event, ensure_ascii=False))
        else:
            detail = json.dumps(event["detail"], ensure_ascii=False) if event["detail"] else ""
            print("\t".join(str(event[k] or "-") for k in ("at", "event", "username", "ip", "method",
                                                         "path")) + ("\t" + detail if detail else ""))  # fmt: skip
    return 0
