"""The ``formservice`` command line: a thin shell over the package's functions.

Each command group lives in its own module with a ``register(subparsers)`` function that adds its
subcommands; a subcommand sets ``handler`` to a function taking the parsed arguments and returning
the exit code. Errors the user can fix are raised as :class:`CommandError` and printed as one line.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from formservice.cli import (
    archive,
    definitions,
    documents,
    letterheads,
    office,
    organisations,
    persons,
    report,
    rounds,
    security,
    server,
    tokens,
    users,
)
from formservice.cli.common import CommandError
from formservice.config import SettingsError

COMMAND_MODULES = (definitions, server, documents, users, office, organisations, rounds, archive,
                   tokens, security, report, persons, letterheads)  # fmt: skip


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line and exit with status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """The full parser with every registered subcommand."""
    parser = _Parser(prog="formservice", description="Grant forms, letters and their service.")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    subparsers.required = True
    for module in COMMAND_MODULES:
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit status."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except CommandError as error:
        print(f"formservice {args.command}: error: {error}", file=sys.stderr)
        return error.status
    except SettingsError as error:
        print(f"formservice {args.command}: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
