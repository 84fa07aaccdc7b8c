"""Each user's API tokens: make one (shown once, then only its first characters), see when each
was last used and when it expires, and revoke it. Any logged-in user may have tokens; a token
reads what its user may read (see ``formservice.web.api.access``)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user

from formservice.storage import api_access
from formservice.storage.users import ROLES
from formservice.web.auth import roles_required
from formservice.web.db import get_db
from formservice.web.forms import SubmitForm
from formservice.web.i18n import tr

bp = Blueprint("tokens", __name__, url_prefix="/api-nokler")
DAYS = (30, 90, 180, 365)


@bp.before_request
@roles_required(*ROLES)
def _logged_in() -> None:
    """Every page here is for logged-in users, whatever their role."""


def _page(*, new_token: str | None = None, error: str | None = None, status: int = 200) -> Any:
    tokens = api_access.tokens_of_user(get_db(), current_user.id)
    page = render_template("api/tokens.html", tokens=tokens, new_token=new_token, error=error,
                           days=DAYS, form=SubmitForm(), posted=request.form)  # fmt: skip
    return page, status


@bp.get("/")
def home() -> Any:
    """The user's tokens and the form for a new one."""
    return _page()


@bp.post("/")
def create() -> Any:
    """Make a token; it is shown on this page once."""
    if not SubmitForm().validate_on_submit():
        abort(400)
    name = request.form.get("name", "").strip()
    days = request.form.get("days", "")
    if not name or len(name) > 100:
        return _page(error=tr("Gi nøkkelen et navn på høyst 100 tegn, så du vet hva den brukes til.",
                              "Gje nøkkelen eit namn på høgst 100 teikn, så du veit kva han blir brukt til."),
                     status=400)  # fmt: skip
    if days not in {str(d) for d in DAYS}:
        return _page(error=tr("Velg hvor lenge nøkkelen skal gjelde.", "Vel kor lenge nøkkelen skal gjelde."),
                     status=400)  # fmt: skip
    token, _ = api_access.create_token(get_db(), current_user.row, name=name, days=int(days))
    return _page(new_token=token)


@bp.post("/<int:token_id>/trekk-tilbake")
def revoke(token_id: int) -> Any:
    """Revoke one of the user's tokens; another user's token is not found."""
    if not SubmitForm().validate_on_submit():
        abort(400)
    if not 0 < token_id < 2**63 or not api_access.revoke_token(get_db(), current_user.id, token_id):
        abort(404)
    return redirect(url_for(".home"))
