"""``formservice archive export ROUND|REFERENCE --out DIR``: hand-over packages for the archive."""

from __future__ import annotations

import argparse
from pathlib import Path

from formservice.cli.common import CommandError
from formservice.config import load_settings
from formservice.storage.db import connect, migrate


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``archive export``."""
    archive = subparsers.add_parser(
        "archive", help="hand submissions over to the Noark 5 archive (arkivmelding)",
        description="Noark 5 hand-over: one package (arkivmelding.xml and its files) per submission.",
    )  # fmt: skip
    commands = archive.add_subparsers(dest="archive_command", metavar="COMMAND")
    commands.required = True
    export = commands.add_parser(
        "export", help="write a package per submission with what is new since the last export",
        description="Write, for each submission of ROUND (its slug) or for the submission "
        "REFERENCE, a folder DIR/REFERENCE-N with arkivmelding.xml and the documents not handed "
        "over before. Submissions with nothing new get no package.",
    )  # fmt: skip
    export.add_argument("target", metavar="ROUND|REFERENCE")
    export.add_argument("--out", metavar="DIR", required=True, help="folder for the packages")
    export.set_defaults(handler=run_export)


def run_export(args: argparse.Namespace) -> int:
    """Write the packages; print one line per package, and the total."""
    from formservice.archive.export import ExportError, export

    settings = load_settings()
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise CommandError(f"{out}: not a directory")
    db = connect(settings["DATABASE"])
    try:
        migrate(db)
        packages = export(db, Path(settings["INSTANCE_PATH"]), args.target[:200], out, actor="cli")
    except ExportError as error:
        raise CommandError(str(error)) from None
    except OSError as error:
        raise CommandError(f"{out}: {error.strerror or error}") from None
    finally:
        db.close()
    for package in packages:
        print(
            f"{package.folder}: {len(package.entries)} journal entries, {package.file_count} files"
        )
    print(f"{len(packages)} packages written" if packages else "nothing new to hand over")
    return 0
