"""Commands for form definitions and the database: ``check``, ``eval`` and ``init``."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

from formservice.cli.common import CommandError, read_json_file
from formservice.config import load_settings
from formservice.engine import evaluate, load_directory, load_file
from formservice.engine.loader import LOCK_FILE, LockFile


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the definition and database commands."""
    check = subparsers.add_parser(
        "check",
        help="validate form definitions and letter templates",
        description="Check definition files (and letter templates) and print each problem as "
        "FILE:JSON-POINTER: message. Exits 1 when there is any problem.",
    )
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: both)")
    check.set_defaults(handler=run_check)

    ev = subparsers.add_parser(
        "eval",
        help="evaluate a definition against a set of answers",
        description="Print JSON with computed values, visibility, and errors and warnings per field.",
    )
    ev.add_argument("form", metavar="FORM_ID[@VERSION]")
    ev.add_argument("answers", metavar="ANSWERS.json")
    ev.add_argument("--lang", choices=("nb", "nn"), default="nb", help="language of messages")
    ev.add_argument("--today", type=_date, help="evaluate as on this date (YYYY-MM-DD)")
    ev.set_defaults(handler=run_eval)

    init = subparsers.add_parser(
        "init",
        help="create or migrate the database and load definitions",
        description="Create or migrate the database in the instance folder and record the form "
        "definitions; with --demo also create demo organisations, users and rounds, and the demo "
        "office's decided 2020 round and 2021 round in every state.",
    )
    init.add_argument("--demo", action="store_true", help="create demo data (marked as demo)")
    init.set_defaults(handler=run_init)

    publish = subparsers.add_parser(
        "publish",
        help="publish a new version of a form; open drafts move to it when next opened",
        description='Check FILE (a definition with a new "version" and "status": '
        '"published"), copy it into the definitions folder, freeze it in the lock file and the '
        "database, and move the open rounds of the versions it declares migrations from.",
    )
    publish.add_argument("file", metavar="FILE")
    publish.set_defaults(handler=run_publish)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def run_check(args: argparse.Namespace) -> int:
    """Check every named path; print problems; exit 1 if any."""
    settings = load_settings()
    paths = [Path(p) for p in args.paths] or [
        Path(settings["DEFINITIONS_DIR"]),
        Path(settings["TEMPLATES_DIR"]),
    ]
    problems: list[str] = []
    counted = 0
    for path in paths:
        if not path.exists():
            raise CommandError(f"{path}: no such file or folder")
        found, count = _check_path(path)
        problems += found
        counted += count
    for line in problems:
        print(line)
    if problems:
        print(f"{len(problems)} problem(s) found")
        return 1
    print(f"{counted} file(s) checked, no problems")
    return 0


def _check_path(path: Path) -> tuple[list[str], int]:
    if path.suffix == ".docx" or (path.is_dir() and any(path.glob("*.docx"))):
        from formservice.documents.templates import check_templates

        return check_templates(path), len(list(path.glob("*.docx"))) if path.is_dir() else 1
    if path.is_dir():
        catalog = load_directory(path)
        files = [p for p in path.glob("*.json") if p.name != LOCK_FILE]
        return [str(p) for p in catalog.problems], len(files)
    _, problems = load_file(path, LockFile(path.parent / LOCK_FILE))
    return [str(p) for p in problems], 1


def run_eval(args: argparse.Namespace) -> int:
    """Evaluate one definition against an answers file and print the result as JSON."""
    settings = load_settings()
    form_id, _, version_text = args.form.partition("@")
    if version_text and not version_text.isdigit():
        raise CommandError(f"version must be a whole number: {args.form!r}")
    catalog = load_directory(Path(settings["DEFINITIONS_DIR"]))
    definition = catalog.get(form_id, int(version_text) if version_text else None)
    if definition is None:
        known = ", ".join(sorted(catalog.definitions)) or "none"
        raise CommandError(f"no loaded definition {args.form!r} (loaded: {known})")
    answers = read_json_file(args.answers)
    if not isinstance(answers, dict):
        raise CommandError(f"{args.answers}: answers must be a JSON object of field id to value")
    result = evaluate(definition, answers, today=args.today)
    print(json.dumps(result.to_json(args.lang), ensure_ascii=False, indent=2))
    return 0


def run_init(args: argparse.Namespace) -> int:
    """Create or migrate the database, record definitions, and optionally load demo data."""
    from formservice.storage import setup

    report = setup.initialise(load_settings(), demo=args.demo, demo_history=args.demo)
    for line in report:
        print(line)
    return 0


def run_publish(args: argparse.Namespace) -> int:
    """Publish one new version, or nothing."""
    from formservice.cli.publishing import publish_file

    for line in publish_file(load_settings(), Path(args.file)):
        print(line)
    return 0
