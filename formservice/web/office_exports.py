"""The caseworker's downloads: a round's submissions and decisions, and the payment list."""

from __future__ import annotations

from typing import Any

from flask import Response, abort

from formservice.office.exports import PAYMENT_HEADINGS, ROUND_HEADINGS, to_csv, to_xlsx
from formservice.storage import decisions, office, rounds, submissions
from formservice.storage.states import state_label
from formservice.web.db import get_db
from formservice.web.municipality import definition_of
from formservice.web.office import bp

MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _download(data: bytes, name: str, kind: str) -> Response:
    return Response(data, mimetype=MIMETYPES[kind],
                    headers={"Content-Disposition": f'attachment; filename="{name}.{kind}"'})  # fmt: skip


def _round(round_id: int, kind: str) -> dict[str, Any]:
    if kind not in MIMETYPES:
        abort(404)
    return rounds.round_by_id(get_db(), round_id) or abort(404)


@bp.get("/runde/<int:round_id>/utbetaling.<kind>")
def payment_list(round_id: int, kind: str) -> Response:
    """Submissions ready for payment: organisation and account number, amount, instalments."""
    db = get_db()
    round_row = _round(round_id, kind)
    rows = []
    for row in office.round_overview(db, round_row):
        if row["state"] != "ready_for_payment":
            continue
        decision = decisions.current_decision(db, row["submission_id"])
        organisation = row["organisation"]
        rows.append([organisation["orgnr"], organisation["name"], organisation["account_number"],
                     int(row["granted"]), decision["instalments"], row["reference"]])  # fmt: skip
    data = (
        to_csv(PAYMENT_HEADINGS, rows)
        if kind == "csv"
        else to_xlsx({"Utbetaling": (PAYMENT_HEADINGS, rows)})
    )
    return _download(data, f"utbetaling-{round_row['slug']}", kind)


@bp.get("/runde/<int:round_id>/eksport.<kind>")
def export(round_id: int, kind: str) -> Response:
    """Every submission of the round with its decision; in XLSX also a sheet per repeating group."""
    db = get_db()
    round_row = _round(round_id, kind)
    main_rows, groups = [], {}
    for row in office.round_overview(db, round_row):
        if row["submission_id"] is None:
            continue
        submission = submissions.submission_by_id(db, row["submission_id"])
        decision = decisions.current_decision(db, row["submission_id"])
        main_rows.append([row["reference"] or "", row["organisation"]["name"], row["organisation"]["orgnr"],
                          state_label(row["state"]), row["submitted_at"] or "", int(row["applied"]),
                          {"granted": "Innvilget", "rejected": "Avslått"}.get(decision["outcome"], "") if decision else "",
                          int(row["granted"]), decision["instalments"] if decision else ""])  # fmt: skip
        definition = definition_of(submission)
        answers = submissions.current_answers(db, submission)
        for _, _, field in definition.fields():
            if field.type != "group":
                continue
            _, rows = groups.setdefault(
                field.id,
                (
                    ["Referanse", "Kommune", *[s.label["nb"] for s in field.fields if s.has_value]],
                    [],
                ),
            )
            for answer in answers.get(field.id) or []:
                rows.append([row["reference"] or "", row["organisation"]["name"],
                             *[str(answer.get(s.id, "")) for s in field.fields if s.has_value]])  # fmt: skip
    if kind == "csv":
        return _download(
            to_csv(ROUND_HEADINGS, main_rows), f"innsendinger-{round_row['slug']}", kind
        )
    sheets = {"Innsendinger": (ROUND_HEADINGS, main_rows), **groups}
    return _download(to_xlsx(sheets), f"innsendinger-{round_row['slug']}", kind)
