"""CSV and XLSX files for the office: a round's submissions and decisions, and the payment list.

CSV is UTF-8 with a byte order mark and semicolons, as Norwegian Excel opens it; XLSX has one sheet
of submissions and one sheet per repeating group (named by the group's id). Headings, states and
decisions are in the person's written standard (bokmål or nynorsk); systems that need fixed keys
read the same data from the JSON API. Text that a spreadsheet would run as a formula is written as
text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from formservice import formatting
from formservice.engine.model import Field
from formservice.engine.result import Evaluation
from formservice.engine.values import to_json
from formservice.storage.states import state_label

PAYMENT_HEADINGS = {
    "nb": ["Organisasjonsnummer", "Kommune", "Kontonummer", "Beløp", "Antall utbetalinger",
           "Referanse"],
    "nn": ["Organisasjonsnummer", "Kommune", "Kontonummer", "Beløp", "Talet på utbetalingar",
           "Referanse"],
}  # fmt: skip
ROUND_HEADINGS = {
    "nb": ["Referanse", "Kommune", "Organisasjonsnummer", "Status", "Sendt inn", "Søkt beløp",
           "Etter satsene", "Vedtak", "Innvilget beløp", "Antall utbetalinger"],
    "nn": ["Referanse", "Kommune", "Organisasjonsnummer", "Status", "Sendt inn", "Søkt beløp",
           "Etter satsane", "Vedtak", "Innvilga beløp", "Talet på utbetalingar"],
}  # fmt: skip
SHEETS = {
    "payments": {"nb": "Utbetaling", "nn": "Utbetaling"},
    "submissions": {"nb": "Innsendinger", "nn": "Innsendingar"},
}
OUTCOMES = {"granted": {"nb": "Innvilget", "nn": "Innvilga"},
            "rejected": {"nb": "Avslått", "nn": "Avslått"}}  # fmt: skip


def _safe(value: Any) -> Any:
    """Text that a spreadsheet would read as a formula is kept as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def spreadsheet_cell(value: Any) -> Any:
    """Whole amounts as int, other numbers as float, dates as dd.mm.åååå, the rest as text."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.date):
        return formatting.short_date(value)
    if value is None:
        return ""
    return value


def _value(field: Field, value: Any) -> Any:
    if value is None or isinstance(value, Decimal | dt.date):
        return spreadsheet_cell(value)
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return to_json(field, value)


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
    from openpyxl import Workbook  # imported here: it adds some 0.2 s to every process start

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


def submission_row(row: dict[str, Any], language: str = "nb") -> list[Any]:
    """One line of the round export from a row of ``storage.office.round_overview``."""
    organisation = row["organisation"]
    outcome = OUTCOMES.get(row["outcome"] or "")
    return [row["reference"] or "", organisation["name"], organisation["orgnr"],
            state_label(row["state"], language), formatting.short_date(row["submitted_at"]),
            spreadsheet_cell(row["applied"]), spreadsheet_cell(row["proposed"]),
            outcome[language] if outcome else "",
            spreadsheet_cell(row["granted"]) if row["outcome"] == "granted" else "",
            row["instalments"] or ""]  # fmt: skip


def group_sheets(
    evaluated: Iterable[tuple[dict[str, Any], Evaluation]], language: str = "nb"
) -> dict[str, tuple[list[str], list[list[Any]]]]:
    """A sheet per repeating group of the forms: reference, municipality, then each row's values
    (computed ones, such as the ladder amount, included), headed by the fields' labels."""
    sheets: dict[str, tuple[list[str], list[list[Any]]]] = {}
    for row, evaluation in evaluated:
        for _, _, group in evaluation.definition.fields():
            if group.type != "group":
                continue
            columns = [sub for sub in group.fields if sub.has_value]
            _, lines = sheets.setdefault(
                group.id,
                ([*ROUND_HEADINGS[language][:2], *[sub.label[language] for sub in columns]], []),
            )
            for answer in evaluation.values.get(group.id) or []:
                values = [_value(sub, answer.get(sub.id)) for sub in columns]
                lines.append([row["reference"] or "", row["organisation"]["name"], *values])
    return sheets
