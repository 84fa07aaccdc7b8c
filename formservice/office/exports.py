"""CSV and XLSX files for the office: a round's submissions and decisions, and the payment list.

CSV is UTF-8 with a byte order mark and semicolons, as Norwegian Excel opens it; XLSX has one sheet
of submissions and one sheet per repeating group. Headings are Norwegian.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook

PAYMENT_HEADINGS = [
    "Organisasjonsnummer",
    "Kommune",
    "Kontonummer",
    "Beløp",
    "Antall utbetalinger",
    "Referanse",
]
ROUND_HEADINGS = ["Referanse", "Kommune", "Organisasjonsnummer", "Status", "Sendt inn", "Søkt beløp",
                  "Vedtak", "Innvilget beløp", "Antall utbetalinger"]  # fmt: skip


def _safe(value: Any) -> Any:
    """Text that a spreadsheet would read as a formula is kept as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_csv(headings: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """CSV for Norwegian Excel: BOM, semicolons, every row quoted as needed."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(headings)
    for row in rows:
        writer.writerow([_safe(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(sheets: dict[str, tuple[Sequence[str], Iterable[Sequence[Any]]]]) -> bytes:
    """One workbook with a sheet per entry (name → headings and rows)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, (headings, rows) in sheets.items():
        sheet = workbook.create_sheet(title=name[:31])
        sheet.append(list(headings))
        for row in rows:
            sheet.append([_safe(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
