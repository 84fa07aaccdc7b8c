"""Checking letter templates: every one renders with its kind's sample, uses no variable its
kind does not provide, and colours no text too pale to read (:mod:`template_colours`), so a
template author learns of a typo or a pale heading before a letter goes out.

A template is ``letter_templates/<template>.<nb|nn>.docx`` for each kind in
:mod:`formservice.documents.kinds` that has one.
"""

from __future__ import annotations

from pathlib import Path

from formservice.documents.kinds import DOCUMENT_KINDS, LANGUAGES, TEMPLATES_DIR, Kind, kind
from formservice.documents.render import RenderError, render_docx, template_variables
from formservice.documents.template_colours import colour_problems

_BY_TEMPLATE = {k.template: k for k in DOCUMENT_KINDS}


def template_path(name: str, language: str, folder: Path = TEMPLATES_DIR) -> Path:
    """The template of a kind in bokmål or nynorsk; RenderError for an unknown kind."""
    try:
        return kind(name).template_path(language, folder)
    except LookupError as error:
        raise RenderError(str(error.args[0])) from None


def kind_of(path: Path) -> tuple[Kind, str] | None:
    """``(kind, language)`` from a template's file name, or None if it is not one."""
    parts = Path(path).name.split(".")
    if (
        len(parts) == 3
        and parts[0] in _BY_TEMPLATE
        and parts[1] in LANGUAGES
        and parts[2] == "docx"
    ):
        return _BY_TEMPLATE[parts[0]], parts[1]
    return None


def check_templates(path: Path) -> list[str]:
    """Problems with the templates in a folder (or one file), one line each: ``FILE: message``."""
    path = Path(path)
    files = sorted(path.glob("*.docx")) if path.is_dir() else [path]
    problems = []
    for file in files:
        found = kind_of(file)
        if found is None:
            problems.append(f"{file}: not a letter template name (TYPE.nb.docx or TYPE.nn.docx, "
                            f"TYPE one of {', '.join(sorted(_BY_TEMPLATE))})")  # fmt: skip
            continue
        found_kind, language = found
        sample = dict(found_kind.sample or {})
        try:
            unknown = sorted(template_variables(file) - set(sample))
            if unknown:
                problems.append(
                    f"{file}: uses {', '.join(unknown)}, which {found_kind.name} does not provide"
                )
                continue
            render_docx(file, sample, language=language)
            problems += colour_problems(file)
        except RenderError as error:
            problems.append(str(error) if str(error).startswith(str(file)) else f"{file}: {error}")
    if path.is_dir():
        for template in _BY_TEMPLATE:
            for language in LANGUAGES:
                if not (path / f"{template}.{language}.docx").is_file():
                    problems.append(f"{path / f'{template}.{language}.docx'}: missing")
    return problems
