"""The office's register pages: list and search organisations, add, edit, approve reported changes.

Every change goes through :mod:`formservice.register.validation` (the same checks as ``formservice
org add``) and is stored with its audit entry; the organisation's page shows the whole history and
the changes the recipient reported (§10), which a caseworker approves or rejects.
"""

from __future__ import annotations

from typing import Any

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user

from formservice.register.kinds import (
    FACT_LABELS,
    ORGANISATION_KINDS,
    REPORTABLE,
    WRITTEN_STANDARDS,
)
from formservice.register.validation import FACTS, counties, read_organisation
from formservice.storage import organisation_search, organisations, register_changes
from formservice.web.db import get_db
from formservice.web.forms import SubmitForm
from formservice.web.i18n import current_language
from formservice.web.office import bp
from formservice.web.office_scope import current_office_id

MAX_NOTE = 2000
SHOWN = 100  # rows shown at once; a search or filter finds the others


@bp.get("/register")
def register_list() -> str:
    """Search by name, organisation number or kommunenummer; filter by kind, county, incomplete."""
    kind = request.args.get("type", "")
    kind = kind if kind in ORGANISATION_KINDS else ""
    county = request.args.get("fylke", "")
    county = county if county in counties() else ""
    query = request.args.get("q", "")[:100]
    incomplete = request.args.get("mangler") == "1"
    office_id = current_office_id()
    found = organisation_search.search_organisations(get_db(), query=query, kind=kind,
                                               county_number=county, incomplete=incomplete,
                                               office_id=office_id)  # fmt: skip
    pending = register_changes.pending_changes(get_db(), office_id=office_id)
    names = {row["id"]: row["name"] for row in found}
    for change in pending:
        if change["organisation_id"] not in names:
            other = organisations.organisation_by_id(get_db(), change["organisation_id"])
            names[change["organisation_id"]] = other["name"] if other else ""
    return render_template(
        "office/register.html", found=found[:SHOWN], total=len(found), query=query, kind=kind,
        county=county, incomplete=incomplete, kinds=ORGANISATION_KINDS, counties=counties(),
        pending=pending, names=names, facts=REPORTABLE,
    )  # fmt: skip


def _form_page(
    organisation: dict[str, Any] | None, values: dict[str, Any], errors: dict[str, Any]
) -> tuple[str, int]:
    language = current_language()
    page = render_template(
        "office/organisation_form.html", organisation=organisation, values=values,
        errors={fact: message[language] for fact, message in errors.items()},
        kinds=ORGANISATION_KINDS, counties=counties(), standards=WRITTEN_STANDARDS,
        form=SubmitForm(),
    )  # fmt: skip
    return page, 400 if errors else 200


def _posted() -> dict[str, str]:
    return {fact: request.form.get(fact, "")[:500] for fact in FACTS}


@bp.route("/register/ny", methods=["GET", "POST"])
def add_organisation() -> Any:
    """Register a new applicant (a health trust, a state or county enterprise, a municipality)."""
    if request.method == "GET":
        return _form_page(None, {"kind": "helseforetak", "language": "nb"}, {})
    if not SubmitForm().validate_on_submit():
        abort(400)
    values, errors = read_organisation(_posted())
    if not errors:
        try:
            organisation_id = organisations.add_organisation(
                get_db(), values, actor=current_user.row, office_id=current_office_id()
            )
        except organisations.RegisterConflict as conflict:
            errors = {conflict.fact: conflict.message}
        else:
            return redirect(url_for(".organisation", organisation_id=organisation_id))
    return _form_page(None, _posted(), errors)


@bp.get("/register/<int:organisation_id>")
def organisation(organisation_id: int) -> Any:
    """The facts, the reported changes, and every change in the history."""
    return _organisation_page(organisation_id)


def _organisation_page(
    organisation_id: int, errors: dict[str, str] | None = None, status: int = 200
) -> tuple[str, int]:
    db = get_db()
    found = organisations.organisation_by_id(db, organisation_id) or abort(404)
    page = render_template(
        "office/organisation.html", organisation=found, address=organisations.postal_address(found),
        changes=register_changes.changes_of_organisation(db, organisation_id),
        history=organisations.history(db, organisation_id), kinds=ORGANISATION_KINDS,
        facts=REPORTABLE, labels=FACT_LABELS, errors=errors or {}, form=SubmitForm(),
        counties=counties(),
    )  # fmt: skip
    return page, status


@bp.route("/register/<int:organisation_id>/endre", methods=["GET", "POST"])
def edit_organisation(organisation_id: int) -> Any:
    """Change the facts of an organisation; only what changed is stored and audited."""
    found = organisations.organisation_by_id(get_db(), organisation_id) or abort(404)
    if request.method == "GET":
        return _form_page(found, {fact: found.get(fact) or "" for fact in FACTS}, {})
    if not SubmitForm().validate_on_submit():
        abort(400)
    values, errors = read_organisation(_posted())
    if not errors:
        try:
            organisations.update_organisation(
                get_db(), organisation_id, values, actor=current_user.row
            )
        except organisations.RegisterConflict as conflict:
            errors = {conflict.fact: conflict.message}
        else:
            return redirect(url_for(".organisation", organisation_id=organisation_id))
    return _form_page(found, _posted(), errors)


@bp.post("/register/<int:organisation_id>/endring/<int:change_id>")
def decide_change(organisation_id: int, change_id: int) -> Any:
    """Approve a reported change (the register takes it) or reject it with a reason."""
    if not SubmitForm().validate_on_submit():
        abort(400)
    db = get_db()
    change = register_changes.change_by_id(db, change_id)
    if change is None or change["organisation_id"] != organisation_id:
        abort(404)
    approve = request.form.get("decision") == "approve"
    note = request.form.get("note", "").strip()[:MAX_NOTE]
    field = f"note-{change_id}"
    if request.form.get("decision") not in ("approve", "reject"):
        abort(400)
    if not approve and not note:
        message = {"nb": "Skriv hvorfor endringen avvises; kommunen ser begrunnelsen.",
                   "nn": "Skriv kvifor endringa blir avvist; kommunen ser grunngivinga."}  # fmt: skip
        return _organisation_page(organisation_id, {field: message[current_language()]}, 400)
    try:
        register_changes.decide_change(db, change_id, approve=approve, actor=current_user.row,
                                       note=note)  # fmt: skip
    except register_changes.ChangeRefused:
        message = {"nb": "Endringen er allerede behandlet.", "nn": "Endringa er allereie handsama."}
        return _organisation_page(organisation_id, {field: message[current_language()]}, 409)
    except organisations.RegisterConflict as conflict:
        return _organisation_page(organisation_id, {field: conflict.message[current_language()]},
                                  409)  # fmt: skip
    return redirect(url_for(".organisation", organisation_id=organisation_id))
