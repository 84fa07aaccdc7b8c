"""The municipality's own facts in the register, and reporting a change (regelverket §10).

«Våre opplysninger» shows what Statsforvalteren holds (the same facts the forms are prefilled
with) and the changes reported and not yet approved. A changed account number, postal address or
post-room e-mail is reported here; it changes nothing until a caseworker approves it, and payments
go to the approved account meanwhile.
"""

from __future__ import annotations

from typing import Any

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user

from formservice.register.kinds import REPORTABLE, REPORTABLE_SLUGS
from formservice.register.validation import read_change
from formservice.storage import organisations, register_changes
from formservice.web.db import get_db
from formservice.web.forms import SubmitForm
from formservice.web.i18n import current_language
from formservice.web.municipality import bp

FIELDS = {"account_number": ("account_number",), "email": ("email",),
          "postal_address": ("postal_address", "postcode", "post_town")}  # fmt: skip


def _organisation() -> dict[str, Any]:
    return organisations.organisation_by_id(get_db(), current_user.organisation_id) or abort(404)


@bp.get("/opplysninger")
def our_facts() -> str:
    """What the register holds about the organisation, and the changes waiting for approval."""
    organisation = _organisation()
    return render_template(
        "municipality/facts.html",
        organisation=organisation,
        address=organisations.postal_address(organisation),
        changes=register_changes.changes_of_organisation(get_db(), organisation["id"])[:20],
        reported=request.args.get("meldt") in REPORTABLE_SLUGS,
        slugs={fact: slug for slug, fact in REPORTABLE_SLUGS.items()},
    )


@bp.route("/opplysninger/endre/<fact>", methods=["GET", "POST"])
def report_change(fact: str) -> Any:
    """Report a new account number, postal address or post-room e-mail."""
    key = REPORTABLE_SLUGS.get(fact) or abort(404)
    organisation = _organisation()
    values = {name: organisation.get(name) or "" for name in FIELDS[key]}
    errors: dict[str, dict[str, str]] = {}
    note = ""
    if request.method == "POST":
        if not SubmitForm().validate_on_submit():
            abort(400)
        values = {name: request.form.get(name, "")[:500] for name in FIELDS[key]}
        note = request.form.get("note", "")[:2000]
        clean, errors = read_change(key, values)
        if not errors:
            current = {name: organisation.get(name) or "" for name in FIELDS[key]}
            if clean == current:
                errors = {FIELDS[key][0]: _unchanged()}
            else:
                register_changes.report_change(
                    get_db(), organisation["id"], key, clean, actor=current_user.row, note=note
                )
                return redirect(url_for(".our_facts", meldt=fact))
    language = current_language()
    page = render_template(
        "municipality/report_change.html",
        organisation=organisation,
        fact=key,
        slug=fact,
        label=REPORTABLE[key],
        values=values,
        note=note,
        errors={name: message[language] for name, message in errors.items()},
        form=SubmitForm(),
    )
    return page, 400 if errors else 200


def _unchanged() -> dict[str, str]:
    return {
        "nb": "Dette er det registeret har fra før. Skriv den nye verdien.",
        "nn": "Dette er det registeret har frå før. Skriv den nye verdien.",
    }
