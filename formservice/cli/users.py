"""Accounts from the command line, for real deployments: ``formservice user add`` and ``passwd``."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from formservice.accounts import MIN_PASSWORD_LENGTH, hash_password, use_password_hashing
from formservice.cli.common import CommandError
from formservice.config import load_settings
from formservice.storage import sessions, users
from formservice.storage.db import connect, migrate
from formservice.storage.organisations import organisation_by_orgnr


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``user add`` and ``user passwd``."""
    user = subparsers.add_parser("user", help="add users and set passwords")
    actions = user.add_subparsers(dest="action", metavar="ACTION", parser_class=type(user))
    actions.required = True

    add = actions.add_parser("add", help="create a user", description="Create a user account.")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=users.ROLES)
    add.add_argument("--orgnr", help="organisation number (municipality users only)")
    add.add_argument("--signatory", action="store_true", help="may submit for the organisation")
    add.add_argument("--name", default="", help="full name")
    add.add_argument("--email", default="", help="e-mail address for receipts and letters")
    add.add_argument("--language", choices=("nb", "nn"), default="nb")
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    add.set_defaults(handler=run_add)

    passwd = actions.add_parser(
        "passwd", help="set a user's password", description="Set a new password; ends sessions."
    )
    passwd.add_argument("username")
    passwd.add_argument(
        "--password-stdin", action="store_true", help="read the password from stdin"
    )
    passwd.set_defaults(handler=run_passwd)


def _password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != password:
            raise CommandError("the passwords differ")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise CommandError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    return password


def _settings() -> dict[str, Any]:
    settings = load_settings()
    use_password_hashing(settings["PASSWORD_HASHING"])
    return settings


def run_add(args: argparse.Namespace) -> int:
    """Create the user."""
    username = args.username.strip().lower()
    if not username.replace("-", "").replace(".", "").isalnum() or len(username) > 64:
        raise CommandError("a username has letters, digits, '-' and '.' only (at most 64)")
    db = connect(_settings()["DATABASE"])
    migrate(db)
    if users.user_by_username(db, username):
        raise CommandError(f"user {username!r} exists already")
    organisation_id = None
    if args.role == "municipality":
        if not args.orgnr:
            raise CommandError("a municipality user needs --orgnr")
        organisation = organisation_by_orgnr(db, args.orgnr.replace(" ", ""))
        if organisation is None:
            raise CommandError(f"no organisation with number {args.orgnr!r}")
        organisation_id = organisation["id"]
    elif args.orgnr or args.signatory:
        raise CommandError("--orgnr and --signatory are for municipality users only")
    users.create_user(
        db,
        username=username,
        password_hash=hash_password(_password(args.password_stdin)),
        role=args.role,
        full_name=args.name,
        email=args.email,
        organisation_id=organisation_id,
        is_signatory=args.signatory,
        language=args.language,
    )
    print(f"created {args.role} user {username}")
    return 0


def run_passwd(args: argparse.Namespace) -> int:
    """Set the password and end the user's sessions."""
    db = connect(_settings()["DATABASE"])
    migrate(db)
    user = users.user_by_username(db, args.username.strip().lower())
    if user is None:
        raise CommandError(f"no user {args.username!r}")
    users.set_password_hash(db, user["id"], hash_password(_password(args.password_stdin)))
    sessions.end_all_sessions(db, user["id"])
    print(f"password changed for {user['username']}; their sessions are ended")
    return 0
