"""The letter types, what each template may use, and sample data to check templates with.

A template is ``letter_templates/<type>.<nb|nn>.docx``. :func:`check_templates` renders every one
with its type's sample data and names the variables a template uses that its type does not provide,
so a template author learns of a typo before a letter goes out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from formservice.documents.render import RenderError, render_docx, template_variables

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "letter_templates"
LANGUAGES = ("nb", "nn")

_OFFICE = {
    "name": "Statsforvalteren i Innlandet",
    "address": "Postboks 987, 2604 Lillehammer",
    "email": "sfinpost@statsforvalteren.no",
    "orgnr": "974 762 501",
    "helpdesk": "hjelp@statsforvalteren.no",
}
_RECIPIENT = {
    "name": "Lillehammer kommune",
    "orgnr": "993 405 000",
    "address": "Postboks 986\n2626 Lillehammer",
    "account": "9999.34.05007",
    "email": "postmottak@lillehammer.kommune.example",
}
_SCHEME = {"name": "Kommunalt rusarbeid", "chapter": 765, "post": 62, "year": 2021}
_CASEWORKER = {"name": "Sara Demo", "title": "seniorrådgiver", "email": "sara.demo@example.invalid"}

SAMPLES: dict[str, dict[str, Any]] = {
    "tilskuddsbrev": {
        "office": _OFFICE, "recipient": _RECIPIENT, "scheme": _SCHEME, "caseworker": _CASEWORKER,
        "reference": "RUS-2021-0001", "date": "01.03.2021", "total": "880000", "instalments": 2,
        "positions": [
            {"title": "Ruskonsulent", "percent": "100", "year": 1, "amount": "660000"},
            {"title": "Erfaringskonsulent", "percent": "50", "year": 3, "amount": "220000"},
        ],
        "conditions": ["Stillingene skal være besatt innen 01.06.2021."], "confirm_by": "2021-04-01",
    },
    "bekreftelse": {
        "office": _OFFICE, "recipient": _RECIPIENT, "scheme": _SCHEME,
        "reference": "RUS-2021-0001", "total": "880000", "confirm_by": "2021-04-01",
    },
    "avslag": {
        "office": _OFFICE, "recipient": _RECIPIENT, "scheme": _SCHEME, "caseworker": _CASEWORKER,
        "reference": "RUS-2021-0002", "date": "01.03.2021",
        "reason": "Søknaden gjelder drift av et tiltak, ikke lønn i nye stillinger.",
    },
    "kvittering": {
        "office": _OFFICE, "recipient": _RECIPIENT, "reference": "RUS-2021-0001", "date": "10.02.2021",
        "received_at": "10.02.2021 kl. 14:05", "form_title": "Kommunalt rusarbeid 2021",
        "round_title": "Kommunalt rusarbeid 2021",
        "pages": [{"title": "Om søkeren", "sections": [{"title": "Søker", "items": [
            {"label": "Kommune", "text": "Lillehammer (3405)", "is_table": False, "columns": [], "rows": []},
            {"label": "Stillinger", "text": "", "is_table": True, "columns": ["Tittel", "Beløp"],
             "rows": [["Ruskonsulent", "660 000 kr"]]},
        ]}]}],
    },
}  # fmt: skip
PROVIDES = {kind: set(sample) for kind, sample in SAMPLES.items()}


def template_path(kind: str, language: str, folder: Path = TEMPLATES_DIR) -> Path:
    """The template of a letter type in bokmål or nynorsk (bokmål if the language is unknown)."""
    if kind not in SAMPLES:
        raise RenderError(f"unknown letter type {kind!r}; known: {', '.join(sorted(SAMPLES))}")
    return Path(folder) / f"{kind}.{language if language in LANGUAGES else 'nb'}.docx"


def kind_of(path: Path) -> tuple[str, str] | None:
    """``(type, language)`` from a template's file name, or None if it is not one."""
    parts = Path(path).name.split(".")
    if len(parts) == 3 and parts[0] in SAMPLES and parts[1] in LANGUAGES and parts[2] == "docx":
        return parts[0], parts[1]
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
                            f"TYPE one of {', '.join(sorted(SAMPLES))})")  # fmt: skip
            continue
        kind, language = found
        try:
            unknown = sorted(template_variables(file) - PROVIDES[kind])
            if unknown:
                problems.append(f"{file}: uses {', '.join(unknown)}, which {kind} does not provide")
                continue
            render_docx(file, SAMPLES[kind], language=language)
        except RenderError as error:
            problems.append(str(error) if str(error).startswith(str(file)) else f"{file}: {error}")
    if path.is_dir():
        for kind in SAMPLES:
            for language in LANGUAGES:
                if not (path / f"{kind}.{language}.docx").is_file():
                    problems.append(f"{path / f'{kind}.{language}.docx'}: missing")
    return problems
