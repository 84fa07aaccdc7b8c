"""API v1's read-only resources: rounds, submissions with state and answers, decisions, the
payment list and the round export. Thin: access from :mod:`access`, data from storage, shapes from
:mod:`shapes`; spectree checks every response against its shape and documents it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask import abort, g, request
from spectree import Response

import formservice.web.api.access as access
import formservice.web.api.shapes as s
from formservice.office.overview import round_rows
from formservice.storage import decisions, office, organisations, submissions
from formservice.web.api.blueprint import bp, spec
from formservice.web.catalog import definition_for_key
from formservice.web.db import get_db

ERRORS = {"HTTP_401": s.Error, "HTTP_404": s.Error}


def _organisation(row: dict[str, Any] | None) -> s.Organisation:
    row = row or {"id": 0, "orgnr": "", "name": "", "kommunenummer": None}
    return s.Organisation(id=row["id"], orgnr=row["orgnr"], name=row["name"],
                          kommunenummer=row.get("kommunenummer"))  # fmt: skip


def _round(row: dict[str, Any]) -> s.Round:
    return s.Round(id=row["id"], slug=row["slug"], title=row["title"], year=row["year"],
                   deadline=row["deadline"], county_number=row["county_number"],
                   form_key=row["form_key"], budget_frame=row["budget_frame"] or None)  # fmt: skip


def _amount(value: Any) -> str:
    """A decimal string without exponent or trailing zeros: ``660000``, ``12.5``."""
    return format(Decimal(str(value or 0)).normalize(), "f")


def _overview(round_id: int) -> list[dict[str, Any]]:
    """The round's submissions the user sees, as the caseworker's overview has them."""
    db, user = get_db(), g.api_user
    return [
        row for row in round_rows(db, round_id, definition_for_key)
        if row["submission_id"] and access.sees_submission(
            user, {"organisation_id": row["organisation"]["id"], "state": row["state"]})
    ]  # fmt: skip


@bp.get("/rounds")
@spec.validate(resp=Response(HTTP_200=s.RoundList, HTTP_401=s.Error), tags=["rounds"])
def list_rounds() -> s.RoundList:
    """The rounds you see.

    A municipality sees its county's rounds; the office and the help desk see every round."""
    return s.RoundList(rounds=[_round(r) for r in access.visible_rounds(get_db(), g.api_user)])


@bp.get("/rounds/<int:round_id>")
@spec.validate(resp=Response(HTTP_200=s.Round, **ERRORS), tags=["rounds"])
def get_round(round_id: int) -> s.Round:
    """One round."""
    return _round(access.round_or_404(get_db(), g.api_user, round_id))


@bp.get("/rounds/<int:round_id>/submissions")
@spec.validate(query=s.StateFilter, resp=Response(HTTP_200=s.SubmissionList, **ERRORS),
               tags=["submissions"])  # fmt: skip
def list_submissions(round_id: int) -> s.SubmissionList:
    """The round's submissions you see, with state and amounts.

    The office and the help desk see every submitted one (not drafts); a municipality sees its
    own, draft or not. `state` filters by state."""
    access.round_or_404(get_db(), g.api_user, round_id)
    wanted = request.context.query.state  # type: ignore[attr-defined]
    rows = [r for r in _overview(round_id) if wanted is None or r["state"] == wanted]
    return s.SubmissionList(round_id=round_id, submissions=[
        s.SubmissionSummary(id=r["submission_id"], reference=r["reference"], state=r["state"],
                            organisation=_organisation(r["organisation"]), submitted_at=r["submitted_at"],
                            applied=_amount(r["applied"]), proposed=_amount(r["proposed"]),
                            granted=_amount(r["granted"]))
        for r in rows])  # fmt: skip


@bp.get("/submissions/<int:submission_id>")
@spec.validate(resp=Response(HTTP_200=s.Submission, **ERRORS), tags=["submissions"])
def get_submission(submission_id: int) -> s.Submission:
    """One submission with the answers of its newest version."""
    db = get_db()
    row = access.submission_or_404(db, g.api_user, submission_id)
    organisation = organisations.organisation_by_id(db, row["organisation_id"])
    return s.Submission(id=row["id"], round_id=row["round_id"], reference=row["reference"],
                        state=row["state"], form_key=row["form_key"], version=row["current_version"],
                        submitted_at=row["submitted_at"], updated_at=row["updated_at"],
                        organisation=_organisation(organisation),
                        answers=submissions.current_answers(db, row))  # fmt: skip


@bp.get("/submissions/<int:submission_id>/decision")
@spec.validate(resp=Response(HTTP_200=s.Decision, **ERRORS), tags=["decisions"])
def get_decision(submission_id: int) -> s.Decision:
    """The decision in force on a submission; 404 when there is none yet."""
    db, user = get_db(), g.api_user
    access.submission_or_404(db, user, submission_id)
    row = decisions.current_decision(db, submission_id) or abort(404)
    return s.Decision(submission_id=submission_id, outcome=row["outcome"], total=_amount(row["total"]),
                      instalments=row["instalments"] or 1, positions=row["positions"],
                      conditions=row["conditions"], reason=row["reason"] or "", decided_at=row["decided_at"],
                      internal_note=(row["internal_note"] or "") if access.is_office(user) else None)  # fmt: skip


@bp.get("/rounds/<int:round_id>/payments")
@spec.validate(resp=Response(HTTP_200=s.PaymentList, HTTP_403=s.Error, **ERRORS), tags=["office"])
def get_payments(round_id: int) -> s.PaymentList:
    """The payment list: the round's submissions ready for payment (the office only)."""
    access.require_office(g.api_user)
    access.round_or_404(get_db(), g.api_user, round_id)
    rows = office.payment_rows(get_db(), round_id)
    return s.PaymentList(round_id=round_id, total=_amount(sum((r["amount"] for r in rows), Decimal(0))),
                         payments=[s.Payment(submission_id=r["submission_id"], reference=r["reference"],
                                             orgnr=r["orgnr"], name=r["name"], account_number=r["account_number"],
                                             amount=_amount(r["amount"]), instalments=r["instalments"])
                                   for r in rows])  # fmt: skip


@bp.get("/rounds/<int:round_id>/export")
@spec.validate(resp=Response(HTTP_200=s.RoundExport, HTTP_403=s.Error, **ERRORS), tags=["office"])
def get_export(round_id: int) -> s.RoundExport:
    """The round export: every submitted form with its decision (the office only)."""
    access.require_office(g.api_user)
    access.round_or_404(get_db(), g.api_user, round_id)
    rows = [
        r
        for r in round_rows(get_db(), round_id, definition_for_key)
        if r["state"] not in office.NOT_SUBMITTED
    ]
    return s.RoundExport(round_id=round_id, submissions=[
        s.ExportRow(reference=r["reference"], organisation=_organisation(r["organisation"]), state=r["state"],
                    submitted_at=r["submitted_at"], applied=_amount(r["applied"]), proposed=_amount(r["proposed"]),
                    outcome=r["outcome"], granted=_amount(r["granted"]), instalments=r["instalments"])
        for r in rows])  # fmt: skip
