"""The caseworker's downloads: a round's submissions and decisions, and the payment list."""

from __future__ import annotations

from typing import Any

from flask import Response, abort

from formservice.engine import evaluate
from formservice.office.exports import (
    PAYMENT_HEADINGS,
    ROUND_HEADINGS,
    SHEETS,
    group_sheets,
    submission_row,
    to_csv,
    to_xlsx,
)
from formservice.storage import office, rounds, submissions
from formservice.web.db import get_db
from formservice.web.downloads import SPREADSHEETS, download
from formservice.web.i18n import current_language
from formservice.web.municipality import definition_of
from formservice.web.office import bp, overview_rows


def _round(round_id: int, kind: str) -> dict[str, Any]:
    if kind not in SPREADSHEETS:
        abort(404)
    return rounds.round_by_id(get_db(), round_id) or abort(404)


@bp.get("/runde/<int:round_id>/utbetaling.<kind>")
def payment_list(round_id: int, kind: str) -> Response:
    """Submissions ready for payment: organisation and account number, amount, instalments."""
    db = get_db()
    round_row = _round(round_id, kind)
    rows = [[p["orgnr"], p["name"], p["account_number"], int(p["amount"]), p["instalments"],
             p["reference"]] for p in office.payment_rows(db, round_id)]  # fmt: skip
    language = current_language()
    headings = PAYMENT_HEADINGS[language]
    data = (
        to_csv(headings, rows)
        if kind == "csv"
        else to_xlsx({SHEETS["payments"][language]: (headings, rows)})
    )
    return download(data, f"utbetaling-{round_row['slug']}", kind)


@bp.get("/runde/<int:round_id>/eksport.<kind>")
def export(round_id: int, kind: str) -> Response:
    """Every submitted form of the round with its decision; in XLSX also a sheet per group."""
    db = get_db()
    round_row = _round(round_id, kind)
    sent = [r for r in overview_rows(round_id) if r["state"] not in office.NOT_SUBMITTED]
    name = f"innsendinger-{round_row['slug']}"
    language = current_language()
    lines = [submission_row(row, language) for row in sent]
    if kind == "csv":
        return download(to_csv(ROUND_HEADINGS[language], lines), name, kind)
    evaluated = []
    for row in sent:
        submission = submissions.submission_by_id(db, row["submission_id"])
        answers = submissions.current_answers(db, submission)
        evaluated.append((row, evaluate(definition_of(submission), answers)))
    sheets = {SHEETS["submissions"][language]: (ROUND_HEADINGS[language], lines),
              **group_sheets(evaluated, language)}  # fmt: skip
    return download(to_xlsx(sheets), name, kind)
