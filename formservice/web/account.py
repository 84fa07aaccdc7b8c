"""Min konto: change one's password, and log out one's sessions in other browsers.

A password change needs the current password (failures count towards the login lockout), must
pass the password policy, and ends every other session of the person; this session gets a new
token. Both are recorded in the security event log.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user, login_user

from formservice.accounts import LoginRefused, PasswordRefused, authenticate, checked_password_hash
from formservice.storage import sessions, users
from formservice.web.auth import SessionUser, roles_required, security_event
from formservice.web.db import get_db
from formservice.web.forms import SubmitForm
from formservice.web.i18n import text, tr

bp = Blueprint("account", __name__, url_prefix="/konto")


@bp.before_request
@roles_required(*users.ROLES)
def _logged_in() -> None:
    """Every page here is for the logged-in person's own account."""


def _page(errors: dict[str, str] | None = None, done: str = "", status: int = 200) -> Any:
    others = sessions.other_session_count(get_db(), current_user.id, current_user.token)
    page = render_template("account.html", form=SubmitForm(), errors=errors or {}, done=done,
                           others=others)  # fmt: skip
    return page, status


@bp.get("/")
def home() -> Any:
    """The account page."""
    return _page(done=request.args.get("ok", "")[:20])


@bp.post("/passord")
def change_password() -> Any:
    """Change the password: current one, new one twice; other sessions end."""
    if not SubmitForm().validate_on_submit():
        return _page({"current": tr("Skjemaet var utløpt. Prøv igjen.", "Skjemaet var utgått. Prøv igjen.")}, status=400)  # fmt: skip
    current = request.form.get("current", "")[:1000]
    new, again = request.form.get("new", "")[:2000], request.form.get("again", "")[:2000]
    db = get_db()
    errors: dict[str, str] = {}
    try:
        authenticate(
            db, current_user.username, current, request.remote_addr or "", demo_mode=True
        )  # fmt: skip  (a demo user logged in only in demo mode)
    except LoginRefused as refused:
        security_event("password_change_failed", detail={"reason": refused.reason})
        errors["current"] = tr(
            "Det nåværende passordet er feil.", "Det noverande passordet er feil."
        )
        if refused.reason == "locked":
            errors["current"] = tr("For mange mislykkede forsøk. Vent 15 minutter og prøv igjen.",
                                   "For mange mislukka forsøk. Vent 15 minutt og prøv igjen.")  # fmt: skip
    if not errors:
        if new != again:
            errors["again"] = tr("Passordene er ikke like.", "Passorda er ikkje like.")
        else:
            try:
                password_hash = checked_password_hash(new, current_user.row)
            except PasswordRefused as refused:
                errors["new"] = text(refused.text)
    if errors:
        return _page(errors, status=400)
    users.set_password_hash(db, current_user.id, password_hash)
    sessions.end_all_sessions(db, current_user.id)
    token = sessions.create_session(db, current_user.id)
    login_user(SessionUser(current_user.row, token))
    security_event("password_changed", detail={"by": "self", "other_sessions_ended": True})
    return redirect(url_for(".home", ok="passord"))


@bp.post("/logg-ut-andre")
def log_out_others() -> Any:
    """End every other session of this person (another browser, a shared computer)."""
    if not SubmitForm().validate_on_submit():
        return _page(status=400)
    ended = sessions.end_other_sessions(get_db(), current_user.id, current_user.token)
    security_event("sessions_ended", detail={"ended": ended})
    return redirect(url_for(".home", ok="andre"))
