"""Who may act for an organisation through ID-porten: the list of persons' roles, granting one by
national identity number, and revoking it.

The same page serves two groups: the organisation's signatory («Tilganger» under Mine skjema) and
the office's caseworker (the organisation's page in the register). :func:`formservice.persons.
may_manage_roles` decides who may; :mod:`formservice.person_grants` grants and revokes as the
command line does; the views only read the form and show what it says.
"""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user

from formservice import person_grants
from formservice.persons import PERSON_ROLES, masked_pid, may_manage_roles
from formservice.storage import organisations, person_roles
from formservice.web.db import get_db
from formservice.web.forms import SubmitForm
from formservice.web.i18n import text, tr
from formservice.web.municipality import bp as municipality_bp
from formservice.web.office import bp as office_bp

_FIELDS = {
    "pid": "pid",
    "role": "role-signatory",
    "full_name": "full_name",
}  # the field each problem is shown at


@municipality_bp.route("/tilganger", methods=["GET", "POST"])
def municipality_roles() -> Any:
    """The signatory's page of who may act for the organisation."""
    return _roles_page(current_user.organisation_id, ".municipality_roles", ".municipality_revoke")


@municipality_bp.post("/tilganger/<int:grant_id>/fjern")
def municipality_revoke(grant_id: int) -> Any:
    """The signatory revokes a role (not their own)."""
    return _revoke(current_user.organisation_id, grant_id, ".municipality_roles")


@office_bp.route("/register/<int:organisation_id>/tilganger", methods=["GET", "POST"])
def office_roles(organisation_id: int) -> Any:
    """The caseworker's page of who may act for an organisation of the office."""
    return _roles_page(organisation_id, ".office_roles", ".office_revoke")


@office_bp.post("/register/<int:organisation_id>/tilganger/<int:grant_id>/fjern")
def office_revoke(organisation_id: int, grant_id: int) -> Any:
    """The caseworker revokes a role."""
    return _revoke(organisation_id, grant_id, ".office_roles")


def _organisation(organisation_id: int | None) -> dict[str, Any]:
    """The organisation, if the current user may manage its roles: 404 for another office's or
    another municipality's, 403 for a municipal user without signatory right."""
    found = organisations.organisation_by_id(get_db(), organisation_id) if organisation_id else None
    if found is None:
        abort(404)
    if not may_manage_roles(current_user.row, found):
        abort(403 if current_user.organisation_id == found["id"] else 404)
    return found


def _roles_page(organisation_id: int | None, page: str, revoke: str) -> Any:
    organisation = _organisation(organisation_id)
    errors: dict[str, str] = {}
    typed = {"pid": "", "full_name": "", "role": ""}
    done = request.args.get("ok", "")[:20]
    if request.method == "POST":
        typed = {key: request.form.get(key, "")[:200].strip() for key in typed}
        if not SubmitForm().validate_on_submit():
            errors["pid"] = tr(
                "Skjemaet var utløpt. Prøv igjen.", "Skjemaet var utgått. Prøv igjen."
            )
        else:
            try:
                person_grants.grant_person_role(
                    get_db(), actor=current_user.row, organisation=organisation,
                    typed_pid=typed["pid"], role=typed["role"], full_name=typed["full_name"],
                    test_identities=bool(current_app.config.get("TEST_IDENTITIES")),
                    ip=request.remote_addr or "",
                )  # fmt: skip
            except person_grants.GrantRefused as refused:
                for field, problem in refused.problems.items():
                    errors[_FIELDS.get(field, "pid")] = text(problem)
            else:
                return redirect(_url(page, organisation, ok="gitt"))
    grants = person_roles.roles_of_organisation(get_db(), organisation["id"])
    return render_template(
        "person_roles.html", organisation=organisation, grants=grants, errors=errors,
        typed=typed, done=done, roles=PERSON_ROLES, masked=masked_pid, form=SubmitForm(),
        action=_url(page, organisation), revoke=lambda grant: _url(revoke, organisation, grant_id=grant["id"]),
        own_user_id=current_user.id,
    ), (400 if errors else 200)  # fmt: skip


def _revoke(organisation_id: int | None, grant_id: int, page: str) -> Any:
    organisation = _organisation(organisation_id)
    grant = person_roles.grant_by_id(get_db(), grant_id)
    if grant is None or grant["organisation_id"] != organisation["id"] or grant["revoked_at"]:
        abort(404)
    if not SubmitForm().validate_on_submit():
        abort(400)
    try:
        person_grants.revoke_person_role(get_db(), actor=current_user.row, organisation=organisation,
                                         grant=grant, ip=request.remote_addr or "")  # fmt: skip
    except person_grants.GrantRefused:
        abort(403)  # a signatory cannot take away their own right: the office can
    return redirect(_url(page, organisation, ok="fjernet"))


def _url(endpoint: str, organisation: dict[str, Any], **values: Any) -> str:
    blueprint = "office" if "office" in endpoint else "municipality"
    if blueprint == "office":
        values["organisation_id"] = organisation["id"]
    return url_for(f"{blueprint}{endpoint}", **values)
