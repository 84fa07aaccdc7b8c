"""``formservice token create|list|revoke``: API tokens from the command line, as on the web page."""

from __future__ import annotations

import argparse

from formservice.cli.common import CommandError
from formservice.config import load_settings
from formservice.storage import api_access
from formservice.storage.db import connect, migrate
from formservice.storage.users import user_by_username


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``token create``, ``token list`` and ``token revoke``."""
    token = subparsers.add_parser("token", help="create, list and revoke a user's API tokens",
                                  description="API tokens act as their user, with the user's access.")  # fmt: skip
    commands = token.add_subparsers(dest="token_command", metavar="COMMAND")
    commands.required = True
    create = commands.add_parser("create", help="make a token and print it (shown only once)")
    create.add_argument("username", metavar="USERNAME")
    create.add_argument("--name", required=True, help="what the token is for")
    create.add_argument(
        "--days", type=int, default=90, help="valid this many days (1-365, default 90)"
    )
    create.set_defaults(handler=run_create)
    listing = commands.add_parser("list", help="list a user's tokens")
    listing.add_argument("username", metavar="USERNAME")
    listing.set_defaults(handler=run_list)
    revoke = commands.add_parser("revoke", help="revoke one of a user's tokens")
    revoke.add_argument("username", metavar="USERNAME")
    revoke.add_argument("token_id", metavar="ID", type=int)
    revoke.set_defaults(handler=run_revoke)


def _user(db: object, username: str) -> dict:
    user = user_by_username(db, username.strip().lower()[:100])  # type: ignore[arg-type]
    if user is None or user["disabled"]:
        raise CommandError(f"no active user {username!r}")
    return user


def _db() -> object:
    db = connect(load_settings()["DATABASE"])
    migrate(db)
    return db


def run_create(args: argparse.Namespace) -> int:
    """Make a token; print it alone on stdout, so a script can read it."""
    if not 1 <= args.days <= api_access.MAX_DAYS:
        raise CommandError(f"--days must be 1 to {api_access.MAX_DAYS}")
    if not args.name.strip() or len(args.name) > 100:
        raise CommandError("--name must be 1 to 100 characters")
    db = _db()
    token, _ = api_access.create_token(db, _user(db, args.username), name=args.name, days=args.days)
    print(token)
    return 0


def run_list(args: argparse.Namespace) -> int:
    """One line per token: id, state, prefix, expiry, last use, name."""
    db = _db()
    for row in api_access.tokens_of_user(db, _user(db, args.username)["id"]):
        state = "active" if row["active"] else ("revoked" if row["revoked_at"] else "expired")
        print(f"{row['id']:5d}  {state:8} {row['prefix']}…  expires {row['expires_at']}  "
              f"used {row['last_used_at'] or 'never'}  {row['name']!r}")  # fmt: skip
    return 0


def run_revoke(args: argparse.Namespace) -> int:
    """Revoke a token of the user."""
    db = _db()
    if not api_access.revoke_token(db, _user(db, args.username)["id"], args.token_id):
        raise CommandError(f"{args.username} has no live token {args.token_id}")
    print(f"token {args.token_id} revoked")
    return 0
