"""The administrator's offices page: the ten offices with what belongs to each (and whether each
has its letterhead, set on :mod:`formservice.web.admin_letterhead`'s page), new accounts for
an office's caseworkers and help desk, and moving an organisation to another office when counties
change.

A new account and a move are each one change with its audit or security-log entry (a new account
is ``account_created`` with its office; a move is ``organisation_moved`` in the security log and
``register:move`` in the organisation's history, since it changes which office's staff may see
the organisation). Bad input is shown on its field with what was typed kept (never the password).
"""

from __future__ import annotations

from typing import Any

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user

from formservice.accounts import PasswordRefused, checked_password_hash, username_problem
from formservice.office.letterhead import missing_facts
from formservice.storage import letterheads, offices, organisation_search, organisations, users
from formservice.web.admin import bp
from formservice.web.auth import security_event
from formservice.web.db import get_db
from formservice.web.forms import SubmitForm
from formservice.web.i18n import current_language, tr

ACCOUNT_FIELDS = ("username", "full_name", "email", "role", "office", "language")
MOVE_FIELDS = ("organisation", "target")


def _page(errors: dict[str, str] | None = None, values: dict[str, str] | None = None) -> Any:
    db = get_db()
    page = render_template(
        "admin/offices.html", offices=offices.all_offices(db), counts=offices.office_counts(db),
        staff=users.office_users(db), errors=errors or {}, values=values or {"language": "nb"},
        by_id={o["id"]: o for o in offices.all_offices(db)}, roles=users.OFFICE_ROLES,
        form=SubmitForm(), done=request.args.get("ok", ""),
        complete={office_id for office_id, row in letterheads.letterheads(db).items()
                  if not missing_facts(row)},
    )  # fmt: skip
    return page, 400 if errors else 200


@bp.get("/embeter")
def office_list() -> Any:
    """The offices, their staff, and the forms for a new account and for a move."""
    return _page()


def _posted(fields: tuple[str, ...]) -> dict[str, str]:
    if not SubmitForm().validate_on_submit():
        abort(400)
    return {name: request.form.get(name, "").strip()[:200] for name in fields}


@bp.post("/embeter/kontoer")
def add_office_account() -> Any:
    """Create a caseworker's or help-desk account bound to an office."""
    values = _posted(ACCOUNT_FIELDS)
    db, language, errors = get_db(), current_language(), {}
    username = values["username"].lower()
    office = offices.office_by_slug(db, values["office"]) if values["office"] else None
    problem = username_problem(username)
    if problem:
        errors["username"] = problem[language]
    elif users.user_by_username(db, username):
        errors["username"] = tr("Brukernavnet er tatt.", "Brukarnamnet er teke.")
    if values["role"] not in users.OFFICE_ROLES:
        errors["role"] = tr(
            "Velg saksbehandler eller brukerstøtte.", "Vel sakshandsamar eller brukarstøtte."
        )
    if office is None:
        errors["office"] = tr("Velg embetet kontoen hører til.", "Vel embetet kontoen høyrer til.")
    if "@" not in values["email"]:
        errors["email"] = tr("Skriv e-postadressen, for eksempel ola@statsforvalteren.no.",
                             "Skriv e-postadressa, til dømes ola@statsforvaltaren.no.")  # fmt: skip
    try:
        password_hash = checked_password_hash(request.form.get("password", "")[:1000],
                                              {"username": username, "full_name": values["full_name"]})  # fmt: skip
    except PasswordRefused as refused:
        errors["password"] = refused.text[language]
    if errors:
        return _page(errors, values)
    users.create_user(
        db, username=username, password_hash=password_hash, role=values["role"],
        full_name=values["full_name"], email=values["email"], office_id=office["id"],  # type: ignore[index]
        language=values["language"] if values["language"] in ("nb", "nn") else "nb",
        created_by=current_user.username,
    )  # fmt: skip
    return redirect(url_for(".office_list", ok="account") + "#kontoer")


@bp.post("/embeter/flytt")
def move_organisation() -> Any:
    """Move an organisation (by organisation number or kommunenummer) to another office."""
    values = _posted(MOVE_FIELDS)
    db, errors = get_db(), {}
    organisation = (
        organisation_search.find_organisation(db, values["organisation"])
        if values["organisation"]
        else None
    )
    office = offices.office_by_slug(db, values["target"]) if values["target"] else None
    if organisation is None:
        errors["organisation"] = tr("Fant ingen organisasjon med det nummeret. Skriv organisasjonsnummer (9 siffer) eller kommunenummer (4 siffer).",
                                    "Fann inga organisasjon med det nummeret. Skriv organisasjonsnummer (9 siffer) eller kommunenummer (4 siffer).")  # fmt: skip
    if office is None:
        errors["target"] = tr(
            "Velg embetet organisasjonen skal høre til.",
            "Vel embetet organisasjonen skal høyre til.",
        )
    elif organisation is not None and organisation["office_id"] == office["id"]:
        errors["target"] = tr(
            "Organisasjonen hører allerede til dette embetet.",
            "Organisasjonen høyrer allereie til dette embetet.",
        )
    if errors:
        return _page(errors, values)
    change = organisations.move_organisation(
        db, organisation["id"], office["id"], actor=current_user.row
    )  # type: ignore[index]
    security_event("organisation_moved", detail={"organisation_id": organisation["id"],  # type: ignore[index]
                                                 "office_id": change["office_id"] if change else None})  # fmt: skip
    return redirect(url_for(".office_list", ok="moved") + "#flytt")
