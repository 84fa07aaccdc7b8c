"""Document commands: ``render`` one template for template authors, ``letters`` for a whole round."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from formservice.cli.common import CommandError, read_json_file
from formservice.config import load_settings


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``render`` and ``letters``."""
    render = subparsers.add_parser(
        "render",
        help="render one letter template with a JSON context",
        description="Render TEMPLATE (a .docx path, or TYPE.LANG such as tilskuddsbrev.nn) with "
        "the JSON object in CONTEXT.json; --pdf converts the result to PDF as well.",
    )
    render.add_argument("template", metavar="TEMPLATE")
    render.add_argument("context", metavar="CONTEXT.json")
    render.add_argument("--pdf", action="store_true", help="also convert to PDF (LibreOffice)")
    render.add_argument("--out", metavar="FILE", help="output .docx (default: beside the context)")
    render.set_defaults(handler=run_render)

    letters = subparsers.add_parser(
        "letters",
        help="make the letters of every decided submission in a round",
        description="Grant letters with confirmation forms (or rejections) for every decided "
        "submission of ROUND (its slug, e.g. rus-2021), in parallel, plus one merged PDF.",
    )
    letters.add_argument("round", metavar="ROUND")
    letters.add_argument("--kind", choices=("tilskuddsbrev", "avslag"), help="only this kind")
    letters.add_argument("--out", metavar="DIR",
                         help="also copy the merged PDF here (it is kept in instance/letters/ROUND)")  # fmt: skip
    letters.set_defaults(handler=run_letters)


def _template(name: str, templates: Path) -> tuple[Path, str]:
    from formservice.documents.render import RenderError
    from formservice.documents.templates import kind_of, template_path

    path = Path(name)
    if path.suffix == ".docx":
        if not path.is_file():
            raise CommandError(f"{name}: no such template")
        found = kind_of(path)
        return path, found[1] if found else "nb"
    kind, _, language = name.partition(".")
    try:
        path = template_path(kind, language or "nb", templates)
    except RenderError as error:
        raise CommandError(str(error)) from None
    if not path.is_file():
        raise CommandError(f"{path}: no such template")
    return path, language or "nb"


def run_render(args: argparse.Namespace) -> int:
    """Render one document; print where it went."""
    from formservice.documents.libreoffice import ConversionFailed, convert_to_pdf
    from formservice.documents.render import RenderError, render_docx

    settings = load_settings()
    template, language = _template(args.template, Path(settings["TEMPLATES_DIR"]))
    context = read_json_file(args.context)
    if not isinstance(context, dict):
        raise CommandError(f"{args.context}: the context must be a JSON object")
    out = Path(args.out) if args.out else Path(args.context).with_suffix(".docx")
    if out.suffix != ".docx":
        raise CommandError(f"{out}: the output must end in .docx")
    try:
        render_docx(template, context, out, language=language)
    except RenderError as error:
        raise CommandError(str(error)) from None
    print(out)
    if args.pdf:
        try:
            print(convert_to_pdf(out, out.with_suffix(".pdf"), pdf_version=settings["PDF_VERSION"]))
        except ConversionFailed as error:
            raise CommandError(f"PDF: {error} (the DOCX is kept: {out})") from None
    return 0


def run_letters(args: argparse.Namespace) -> int:
    """Make the round's letters with a progress bar on stderr."""
    from formservice.documents.batch import make_round_letters

    settings = load_settings()

    def progress(done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        sys.stderr.flush()
        if done == total:
            sys.stderr.write("\n")

    try:
        result = make_round_letters(
            settings, args.round, kind=args.kind, out=Path(args.out) if args.out else None,
            progress=progress,
        )  # fmt: skip
    except LookupError as error:
        raise CommandError(str(error.args[0])) from None
    for outcome in result.failed:
        print(f"failed: document {outcome.document_id}: {outcome.code}: {outcome.detail}",
              file=sys.stderr)  # fmt: skip
    made = len(result.made)
    print(f"{made} letter(s) made, {len(result.failed)} failed; merged PDF: {result.merged_pdf}")
    return 1 if result.failed else 0
