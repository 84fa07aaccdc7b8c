"""Persons' ID-porten roles from the command line: ``formservice person grant``, ``revoke`` and
``list``.

A thin shell over :mod:`formservice.person_grants`, which the office's and the signatory's pages
use too: the same reading of the identity number (Tenor's test numbers only with the setting
``TEST_IDENTITIES``), the same roles, the same audit and security-log entries. The command line
acts as the actor ``cli`` with an administrator's right, for any organisation. Garbage is one line
and exit status 1; nothing is stored then.
"""

from __future__ import annotations

import argparse
from typing import Any

import sqlite_utils

from formservice.cli.common import CommandError
from formservice.config import load_settings
from formservice.person_grants import (
    GrantRefused,
    grant_person_role,
    read_typed_pid,
    revoke_person_role,
)
from formservice.persons import PERSON_ROLES, masked_pid
from formservice.storage import organisation_search, person_roles
from formservice.storage.db import connect, migrate

CLI_ACTOR = {"id": None, "username": "cli", "role": "admin", "full_name": ""}
ARGUMENTS = {"pid": "FNR: ", "role": "--role: ", "full_name": "--name: "}  # a problem's argument
ORGANISATION_HELP = "organisation number, kommunenummer (e.g. 3405) or #ID"


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``person grant``, ``person revoke`` and ``person list``."""
    person = subparsers.add_parser("person", help="persons' ID-porten roles for organisations")
    actions = person.add_subparsers(dest="action", metavar="ACTION", parser_class=type(person))
    actions.required = True

    grant = actions.add_parser("grant", help="give a person a role for an organisation",
                               description="FNR (a national identity number) may act for ORG "
                               "through ID-porten as signatory (submit, confirm, grant roles) or "
                               "contributor (fill in); a different role held there ends.")  # fmt: skip
    grant.add_argument("pid", metavar="FNR")
    grant.add_argument("organisation", metavar="ORG", help=ORGANISATION_HELP)
    grant.add_argument("--role", required=True, help=" or ".join(PERSON_ROLES))
    grant.add_argument("--name", default="", help="the person's name until they log in")
    grant.set_defaults(handler=run_grant)

    revoke = actions.add_parser("revoke", help="end a person's role for an organisation",
                                description="FNR may no longer act for ORG; their sessions end.")  # fmt: skip
    revoke.add_argument("pid", metavar="FNR")
    revoke.add_argument("organisation", metavar="ORG", help=ORGANISATION_HELP)
    revoke.set_defaults(handler=run_revoke)

    listing = actions.add_parser("list", help="who holds which role",
                                 description="The active roles of every organisation, or with "
                                 "--org one organisation's roles, revoked ones too.")  # fmt: skip
    listing.add_argument("--org", metavar="ORG", help=ORGANISATION_HELP)
    listing.set_defaults(handler=run_list)


def run_grant(args: argparse.Namespace) -> int:
    """Grant the role; print what was granted."""
    settings = load_settings()
    db = _db(settings)
    organisation = _organisation(db, args.organisation)
    try:
        grant_id = grant_person_role(db, actor=CLI_ACTOR, organisation=organisation,
                                     typed_pid=args.pid, role=args.role, full_name=args.name,
                                     test_identities=bool(settings["TEST_IDENTITIES"]))  # fmt: skip
    except GrantRefused as refused:
        raise CommandError(_line(refused)) from None
    grant = person_roles.grant_by_id(db, grant_id) or {}
    print(f"{masked_pid(grant.get('pid', ''))} is {args.role} for {organisation['name']}")
    return 0


def run_revoke(args: argparse.Namespace) -> int:
    """Revoke the person's active role; print what ended."""
    settings = load_settings()
    db = _db(settings)
    organisation = _organisation(db, args.organisation)
    try:
        pid = read_typed_pid(args.pid, test_identities=bool(settings["TEST_IDENTITIES"]))
        grant = person_roles.active_role(db, pid, organisation["id"])
        revoke_person_role(db, actor=CLI_ACTOR, organisation=organisation, grant=grant)
    except GrantRefused as refused:
        raise CommandError(_line(refused)) from None
    print(f"{masked_pid(pid)} is no longer {grant['role']} for {organisation['name']}")  # type: ignore[index]
    return 0


def run_list(args: argparse.Namespace) -> int:
    """One line per grant: organisation, number (birth date only), role, name, when and by whom."""
    db = _db(load_settings())
    if args.org is not None:
        organisation = _organisation(db, args.org)
        rows = [{**row, "organisation_name": organisation["name"]}
                for row in person_roles.roles_of_organisation(db, organisation["id"])]  # fmt: skip
    else:
        rows = person_roles.active_roles(db)
    for row in rows:
        ended = f"  revoked {row['revoked_at']} by {row['revoked_by']}" if row["revoked_at"] else ""
        print(f"{row['organisation_name']}  {masked_pid(row['pid'])}  {row['role']:11}  "
              f"{row['name'] or '-'}  granted {row['granted_at']} by {row['granted_by']}{ended}")  # fmt: skip
    if not rows:
        print("no roles")
    return 0


def _db(settings: dict[str, Any]) -> sqlite_utils.Database:
    db = connect(settings["DATABASE"])
    migrate(db)
    return db


def _organisation(db: sqlite_utils.Database, key: str) -> dict[str, Any]:
    found = organisation_search.find_organisation(db, key)
    if found is None:
        raise CommandError(f"ORG: no organisation {key[:40]!r} ({ORGANISATION_HELP})")
    return found


def _line(refused: GrantRefused) -> str:
    """The first problem, named by the argument it is about."""
    field, problem = next(iter(refused.problems.items()))
    return ARGUMENTS.get(field, "") + problem["en"]
