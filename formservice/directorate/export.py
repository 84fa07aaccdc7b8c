"""The national export: a line per office and the nation, and every submitted form of the scheme's
year with its office, in the office export's CSV and XLSX (:mod:`formservice.office.exports`), in
the person's written standard."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from formservice.directorate.national import NationalFigures, OfficeFigures
from formservice.office.exports import ROUND_HEADINGS, SHEETS, submission_row, to_csv, to_xlsx

OFFICE_HEADINGS = {
    "nb": ["Embete", "Ramme", "Søkt beløp", "Etter satsene", "Innvilget beløp", "Utbetalt",
           "Kommuner som har søkt", "Kommuner i embetet"],
    "nn": ["Embete", "Ramme", "Søkt beløp", "Etter satsane", "Innvilga beløp", "Utbetalt",
           "Kommunar som har søkt", "Kommunar i embetet"],
}  # fmt: skip
NATION = {"nb": "Hele landet", "nn": "Heile landet"}
OFFICES_SHEET = {"nb": "Embeter", "nn": "Embeta"}


def _whole(value: Decimal | None) -> Any:
    if value is None:
        return ""
    return int(value) if value == value.to_integral_value() else float(value)


def office_line(line: OfficeFigures, language: str = "nb") -> list[Any]:
    """One office's line (the nation's when its office is None)."""
    name = line.office[f"name_{language}"] if line.office else NATION[language]
    return [name, _whole(line.frame), _whole(line.applied), _whole(line.proposed),
            _whole(line.granted), _whole(line.paid), line.applicants, line.municipalities]  # fmt: skip


def national_export(figures: NationalFigures, kind: str, language: str = "nb") -> bytes:
    """The national export as ``csv`` (the office lines) or ``xlsx`` (also every submission)."""
    lines = [office_line(line, language) for line in [*figures.offices, figures.nation]]
    if kind == "csv":
        return to_csv(OFFICE_HEADINGS[language], lines)
    submitted = [[office[f"name_{language}"], *submission_row(row, language)]
                 for office, row in figures.rows]  # fmt: skip
    headings = [OFFICE_HEADINGS[language][0], *ROUND_HEADINGS[language]]
    return to_xlsx({OFFICES_SHEET[language]: (OFFICE_HEADINGS[language], lines),
                    SHEETS["submissions"][language]: (headings, submitted)})  # fmt: skip
