"""Accounts from the command line, for real deployments: ``formservice user add``, ``passwd`` and
``role``; each change is recorded in the security event log."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from formservice.accounts import (
    PasswordRefused,
    checked_password_hash,
    use_password_hashing,
    username_problem,
)
from formservice.cli.common import CommandError
from formservice.config import load_settings
from formservice.storage import sessions, users
from formservice.storage.db import connect, migrate
from formservice.storage.offices import all_offices, office_by_slug
from formservice.storage.organisations import organisation_by_orgnr
from formservice.storage.security_log import record_security_event


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
    add.add_argument("--office", help="office (caseworkers and help desk only), e.g. innlandet")
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

    role = actions.add_parser(
        "role", help="change a user's role", description="Change role, organisation or signatory "
        "right; ends the user's sessions.",
    )  # fmt: skip
    role.add_argument("username")
    role.add_argument("--role", required=True, choices=users.ROLES)
    role.add_argument("--orgnr", help="organisation number (municipality users only)")
    role.add_argument("--signatory", action=argparse.BooleanOptionalAction, default=False,
                      help="may submit and confirm for the organisation")  # fmt: skip
    role.add_argument("--office", help="office (caseworkers and help desk only), e.g. vestland")
    role.set_defaults(handler=run_role)


def _password_hash(from_stdin: bool, user: dict) -> str:
    """The hash of a new password read from stdin or the terminal, if the policy accepts it."""
    if from_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != password:
            raise CommandError("the passwords differ")
    try:
        return checked_password_hash(password, user)
    except PasswordRefused as refused:
        raise CommandError(refused.text["en"]) from None


def _organisation_id(db: object, args: argparse.Namespace) -> int | None:
    if args.role == "municipality":
        if not args.orgnr:
            raise CommandError("a municipality user needs --orgnr")
        organisation = organisation_by_orgnr(db, args.orgnr.replace(" ", ""))
        if organisation is None:
            raise CommandError(f"no organisation with number {args.orgnr!r}")
        return organisation["id"]
    if args.orgnr or args.signatory:
        raise CommandError("--orgnr and --signatory are for municipality users only")
    return None


def _office_id(db: object, args: argparse.Namespace) -> int | None:
    if args.role in users.OFFICE_ROLES:
        known = ", ".join(o["slug"] for o in all_offices(db))
        if not args.office:
            raise CommandError(f"a {args.role} user needs --office (one of {known})")
        office = office_by_slug(db, args.office)
        if office is None:
            raise CommandError(f"--office: no office {args.office!r} (one of {known})")
        return office["id"]
    if args.office:
        raise CommandError("--office is for caseworkers and the help desk only")
    return None


def run_role(args: argparse.Namespace) -> int:
    """Change the role and end the user's sessions."""
    db = connect(load_settings()["DATABASE"])
    migrate(db)
    user = users.user_by_username(db, args.username.strip().lower())
    if user is None:
        raise CommandError(f"no user {args.username!r}")
    users.change_role(db, user, role=args.role, organisation_id=_organisation_id(db, args),
                      office_id=_office_id(db, args), is_signatory=args.signatory,
                      changed_by="cli")  # fmt: skip
    sessions.end_all_sessions(db, user["id"])
    print(f"{user['username']} is now {args.role}; their sessions are ended")
    return 0


def _settings() -> dict[str, Any]:
    settings = load_settings()
    use_password_hashing(settings["PASSWORD_HASHING"])
    return settings


def run_add(args: argparse.Namespace) -> int:
    """Create the user."""
    username = args.username.strip().lower()
    if username_problem(username):
        raise CommandError(username_problem(username)["en"])  # type: ignore[index]
    db = connect(_settings()["DATABASE"])
    migrate(db)
    if users.user_by_username(db, username):
        raise CommandError(f"user {username!r} exists already")
    organisation_id = _organisation_id(db, args)
    office_id = _office_id(db, args)
    users.create_user(
        db,
        username=username,
        password_hash=_password_hash(
            args.password_stdin, {"username": username, "full_name": args.name}
        ),
        created_by="cli",
        role=args.role,
        full_name=args.name,
        email=args.email,
        organisation_id=organisation_id,
        office_id=office_id,
        is_signatory=args.signatory,
        language=args.language,
    )
    print(f"created {args.role} user {username}" + (f" at {args.office}" if office_id else ""))
    return 0


def run_passwd(args: argparse.Namespace) -> int:
    """Set the password and end the user's sessions."""
    db = connect(_settings()["DATABASE"])
    migrate(db)
    user = users.user_by_username(db, args.username.strip().lower())
    if user is None:
        raise CommandError(f"no user {args.username!r}")
    users.set_password_hash(db, user["id"], _password_hash(args.password_stdin, user))
    sessions.end_all_sessions(db, user["id"])
    record_security_event(db, "password_changed", user=user, detail={"by": "cli"})
    print(f"password changed for {user['username']}; their sessions are ended")
    return 0
