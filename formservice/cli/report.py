"""``formservice report ROUND``: the office's annual report of a round (DOCX, PDF/A and XLSX)."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from formservice.cli.common import CommandError
from formservice.config import load_settings


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``report``."""
    report = subparsers.add_parser(
        "report",
        help="make the office's annual report to the directorate for a round",
        description="The annual report of ROUND (its slug, e.g. rus-2021) in the office's written "
        "standard (setting OFFICE_LANGUAGE): DOCX and PDF/A through the document pipeline, and "
        "the same figures as XLSX. Prints the files' paths.",
    )
    report.add_argument("round", metavar="ROUND")
    report.add_argument("--out", metavar="DIR", help="also copy the three files here")
    report.set_defaults(handler=run_report)


def run_report(args: argparse.Namespace) -> int:
    """Make the report now (LibreOffice in this process); print where its files are."""
    from formservice.documents.make import make_document
    from formservice.insight.report import figures_for, report_language, report_xlsx, request_report
    from formservice.storage import documents, rounds
    from formservice.storage.db import connect, migrate

    settings = load_settings()
    out = Path(args.out) if args.out else None
    if out is not None and out.exists() and not out.is_dir():
        raise CommandError(f"{out}: not a folder")
    db = connect(settings["DATABASE"])
    try:
        migrate(db)
        round_row = rounds.round_by_slug(db, args.round.strip().lower())
        if round_row is None:
            raise CommandError(f"no round {args.round!r} (formservice round list shows them)")
        document_id = request_report(db, settings, round_row["id"])
        outcome = make_document(settings, document_id)
        if outcome.status != documents.DONE:
            raise CommandError(f"the report could not be made: {outcome.code}: {outcome.detail}")
        made = documents.document_by_id(db, document_id)
        instance = Path(settings["INSTANCE_PATH"]).resolve()
        files = [instance / made["docx_path"], instance / made["pdf_path"]]
        xlsx = files[0].with_suffix(".xlsx")
        figures = figures_for(db, settings, round_row["id"])
        xlsx.write_bytes(report_xlsx(figures, report_language(settings)))
        files.append(xlsx)
    finally:
        db.close()
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        files = [Path(shutil.copy2(file, out / f"arsrapport-{round_row['slug']}{file.suffix}"))
                 for file in files]  # fmt: skip
    for file in files:
        print(file)
    return 0
