"""The national export: a line per office and the nation, and every submitted form of the scheme's
year with its office, in the office export's CSV and XLSX (:mod:`formservice.office.exports`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from formservice.directorate.national import NationalFigures, OfficeFigures
from formservice.office.exports import ROUND_HEADINGS, submission_row, to_csv, to_xlsx

OFFICE_HEADINGS = ["Embete", "Ramme", "Søkt beløp", "Etter satsene", "Innvilget beløp",
                   "Utbetalt", "Kommuner som har søkt", "Kommuner i embetet"]  # fmt: skip
SUBMISSION_HEADINGS = ["Embete", *ROUND_HEADINGS]


def _whole(value: Decimal | None) -> Any:
    if value is None:
        return ""
    return int(value) if value == value.to_integral_value() else float(value)


def office_line(line: OfficeFigures) -> list[Any]:
    """One office's line (the nation's when its office is None)."""
    name = line.office["name_nb"] if line.office else "Hele landet"
    return [name, _whole(line.frame), _whole(line.applied), _whole(line.proposed),
            _whole(line.granted), _whole(line.paid), line.applicants, line.municipalities]  # fmt: skip


def national_export(figures: NationalFigures, kind: str) -> bytes:
    """The national export as ``csv`` (the office lines) or ``xlsx`` (also every submission)."""
    lines = [office_line(line) for line in [*figures.offices, figures.nation]]
    if kind == "csv":
        return to_csv(OFFICE_HEADINGS, lines)
    submitted = [[office["name_nb"], *submission_row(row)] for office, row in figures.rows]
    return to_xlsx({"Embeter": (OFFICE_HEADINGS, lines),
                    "Innsendinger": (SUBMISSION_HEADINGS, submitted)})  # fmt: skip
