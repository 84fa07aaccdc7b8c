"""Logging in and out, the current user, and the role check every other blueprint uses.

Flask-Login keeps only a session token in the signed cookie; :mod:`formservice.storage.sessions`
decides whether it is live. The password form is the one place that knows about passwords: an
ID-porten (OpenID Connect) login would replace :func:`login` and call :func:`start_session` too.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import PasswordField, StringField

from formservice.accounts import LoginRefused, authenticate
from formservice.storage import sessions
from formservice.storage.security_log import record_security_event
from formservice.web.db import get_db
from formservice.web.i18n import LANGUAGES, tr
from formservice.web.oidc_client import provider_logout_target
from formservice.web.security import PASSIVE_ENDPOINTS

bp = Blueprint("auth", __name__)
WARN_BEFORE = dt.timedelta(minutes=5)  # the warning comes this long before the session ends
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.session_protection = "basic"

HOME_BY_ROLE = {
    "municipality": "municipality.home",
    "caseworker": "office.home",
    "helpdesk": "helpdesk.home",
    "admin": "office.home",
    "directorate": "directorate.home",
}


class SessionUser(UserMixin):
    """The logged-in user: the user row plus the token of this session."""

    def __init__(self, row: dict[str, Any], token: str) -> None:
        self.row = row
        self.token = token

    def get_id(self) -> str:
        return self.token

    def __getattr__(self, name: str) -> Any:
        try:
            return self.row[name]
        except KeyError:
            raise AttributeError(name) from None


@login_manager.user_loader
def _load_user(token: str) -> SessionUser | None:
    live = sessions.live_session(get_db(), token, touch=request.endpoint not in PASSIVE_ENDPOINTS)
    if live is None:
        return None
    g.live_session = live  # base.html tells the session-timeout script when it ends
    return SessionUser(live.user, token)


def security_event(event: str, **fields: Any) -> None:
    """Record a security event of this request: who, from which address, what."""
    if "user" not in fields and "username" not in fields and current_user.is_authenticated:
        fields["user"] = current_user.row
    record_security_event(
        get_db(),
        event,
        ip=request.remote_addr or "",
        method=request.method,
        path=request.path,
        **fields,
    )


@login_manager.unauthorized_handler
def _unauthorized() -> Response:
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def roles_required(*roles: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Only logged-in users with one of ``roles`` reach the view; others get 403 (or login)."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return guarded

    return decorate


class LoginForm(FlaskForm):
    username = StringField("Brukernavn")
    password = PasswordField("Passord")


def start_session(user: dict[str, Any], *, provider: sessions.ProviderLink | None = None) -> None:
    """Log the user in with a fresh session (never one the browser brought along); ``provider``
    is the OpenID provider's session it came from, if any."""
    session.clear()
    token = sessions.create_session(get_db(), user["id"], provider=provider)
    login_user(SessionUser(user, token))


def home_url() -> str:
    """Where the current user starts."""
    if not current_user.is_authenticated:
        return url_for("public.index")
    endpoint = HOME_BY_ROLE.get(current_user.role, "public.index")
    return url_for(endpoint if endpoint in current_app.view_functions else "public.index")


def safe_next(target: str | None) -> str | None:
    """A path on this site to go back to, or None: no other site, no control characters (CR or
    LF would split the Location header), no backslash (browsers read ``/\\`` as ``//``)."""
    if not target or len(target) > 2000 or "\\" in target:
        return None
    if any(unicodedata.category(c)[0] == "C" for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/logg-inn", methods=["GET", "POST"])
def login() -> Any:
    """The password login form, and the buttons for the OpenID providers configured."""
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        username = (form.username.data or "")[:100]
        password = (form.password.data or "")[:1000]
        try:
            user = authenticate(get_db(), username, password, request.remote_addr or "",
                                demo_mode=bool(current_app.config.get("DEMO_MODE")))  # fmt: skip
        except LoginRefused as refused:
            locked = refused.reason == "locked"
            security_event("login_locked" if locked else "login_failed", username=username.lower())
            error = (
                tr(
                    "For mange mislykkede forsøk. Vent 15 minutter og prøv igjen.",
                    "For mange mislukka forsøk. Vent 15 minutt og prøv igjen.",
                )
                if refused.reason == "locked"
                else tr("Feil brukernavn eller passord.", "Feil brukarnamn eller passord.")
            )
        else:
            start_session(user)
            security_event("login", user=user)
            return redirect(safe_next(request.args.get("next")) or home_url())
    elif request.method == "POST":
        error = tr(
            "Skjemaet var utløpt. Prøv å logge inn på nytt.",
            "Skjemaet var utgått. Prøv å logge inn på nytt.",
        )
    status = 200 if error is None else 400
    providers = current_app.extensions.get("formservice.oidc", {})
    return render_template("login.html", form=form, error=error, providers=providers), status


@bp.post("/logg-ut")
def logout() -> Response:
    """End the session on the server and in the browser; a session from an OpenID provider is
    ended there too (RP-initiated logout), which sends the browser back to us afterwards."""
    target = url_for("public.index")
    if current_user.is_authenticated:
        link = sessions.provider_link(get_db(), current_user.token)
        sessions.end_session(get_db(), current_user.token)
        security_event("logout")
        if link is not None:
            target = provider_logout_target(link) or target
    logout_user()
    session.clear()
    return redirect(target)


@bp.post("/okt/forleng")
def extend_session() -> Any:
    """Stay logged in: the session-timeout script calls this when the person asks to."""
    live = None
    if current_user.is_authenticated:
        live = sessions.extend_session(get_db(), current_user.token)
    if live is None:
        return jsonify({"logged_in": False}), 401
    return jsonify(session_timing(live))


def session_timing(live: sessions.LiveSession) -> dict[str, Any]:
    """Seconds until the session ends unless used, and whether using it pushes that further."""
    return {
        "logged_in": True,
        "expires_in": max(0, int((live.expires_at - sessions.utc_now()).total_seconds())),
        "extendable": live.extendable,
        "warn_before": int(WARN_BEFORE.total_seconds()),
    }


def init_app(app: Any) -> None:
    """Give every page of a logged-in person its session's timing, for the timeout warning."""

    @app.context_processor
    def _session_timing() -> dict[str, Any]:
        live = g.get("live_session") if current_user.is_authenticated else None
        return {"session_timing": session_timing(live) if live else None}


@bp.post("/sprak")
def choose_language() -> Response:
    """The language switch: bokmål or nynorsk for the rest of the session."""
    chosen = request.form.get("lang")
    if chosen in LANGUAGES:
        session["lang"] = chosen
    back = safe_next(request.form.get("next")) or home_url()
    return redirect(back)
