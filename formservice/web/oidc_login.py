"""Logging in with ID-porten (or the office's own provider) and the provider's logout calls.

* ``/logg-inn/<provider>`` sends the browser to the provider; ``/logg-inn/<provider>/tilbake``
  is the redirect URI: :mod:`formservice.web.oidc_client` checks state, code, ID token and acr.
* A person (``pid``) with a role for one organisation is logged in on that role's user row; with
  several they pick one (``/logg-inn/velg``); with none they see whom to ask.
* Staff of the office's provider are matched to a local user by one claim.
* ``/logg-ut/<provider>/frontkanal`` (an iframe the provider loads, with ``iss`` and ``sid``) and
  ``/logg-ut/<provider>/bakkanal`` (a logout token POSTed by the provider) end the sessions of
  that provider session. Logging out here ends the provider's session too (:mod:`auth`).
"""

from __future__ import annotations

import logging
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from werkzeug.wrappers import Response

from formservice.persons import OFFICE_ROLES, is_synthetic
from formservice.storage import oidc_logins, person_roles, sessions, users
from formservice.web.auth import home_url, safe_next, security_event, start_session
from formservice.web.db import get_db
from formservice.web.forms import SubmitForm
from formservice.web.i18n import current_language
from formservice.web.oidc_client import (
    LoginFailed,
    Provider,
    configured,
    finish_login,
    origin_of,
    provider_logout_target,
    start_login,
    verify_logout_token,
)

bp = Blueprint("oidc", __name__)
WAITING = "oidc_waiting"  # the session key of a login waiting for the person's choice
NEXT = "oidc_next"
REFUSED = "oidc_refused"  # why the last login was refused, for the page that says so


def _provider(name: str) -> Provider:
    return configured(name) or abort(404)


@bp.get("/logg-inn/<any(idporten, staff):name>")
def start(name: str) -> Any:
    """Off to the provider's login page."""
    _provider(name)
    session[NEXT] = safe_next(request.args.get("next")) or ""
    # after a login at too low a level, the provider must ask again, not reuse its session
    again = session.pop(REFUSED, None) == "acr"
    try:
        return start_login(name, url_for(".callback", name=name, _external=True),
                           language=current_language(), prompt_login=again)  # fmt: skip
    except LoginFailed as failed:
        return _refused(name, failed)


@bp.get("/logg-inn/<any(idporten, staff):name>/tilbake")
def callback(name: str) -> Any:
    """The provider's redirect back with a code (or an error)."""
    provider = _provider(name)
    try:
        claims, id_token = finish_login(name)
    except LoginFailed as failed:
        return _refused(name, failed)
    link = sessions.ProviderLink(provider.issuer, str(claims.get("sid") or ""),
                                 str(claims.get("sub") or ""), id_token)  # fmt: skip
    full_name = str(claims.get("name") or "")[:200]
    if name == "staff":
        return _staff_login(claims[provider.identity_claim], link, claims)
    pid = claims["pid"]
    if is_synthetic(pid) and not current_app.config.get("TEST_IDENTITIES"):
        return _refused(name, LoginFailed("test_identity", pid[:6]))
    db = get_db()
    logins = _usable(person_roles.logins_of_person(db, pid))
    if len(logins) == 1:
        return _finish(logins[0], link, full_name, claims)
    session[WAITING] = oidc_logins.hold_login(db, pid=pid, full_name=full_name, provider=link)
    if not logins:
        security_event("login_refused", username=f"pid:{pid[:6]}",
                       detail={"provider": name, "reason": "no_role"})  # fmt: skip
        return redirect(url_for(".no_role"))
    return redirect(url_for(".choose"))


@bp.get("/logg-inn/ingen-tilgang")
def no_role() -> Any:
    """A person logged in at the provider with no role here: whom to ask."""
    if oidc_logins.waiting_login(get_db(), session.get(WAITING)) is None:
        return redirect(url_for("auth.login"))
    return render_template("oidc/no_role.html", form=SubmitForm()), 403


@bp.get("/logg-inn/avvist")
def refused() -> Any:
    """Why the last login was refused (a page of its own, so reloading it or switching language
    does not send the provider's answer again)."""
    reason = session.get(REFUSED)
    if not isinstance(reason, str):
        return redirect(url_for("auth.login"))
    status = 503 if reason in ("unavailable", "client") else 400  # formservice's fault, not theirs
    return render_template("oidc/refused.html", reason=reason), status


@bp.route("/logg-inn/velg", methods=["GET", "POST"])
def choose() -> Any:
    """A person with roles for several organisations picks the one to act for now."""
    db = get_db()
    waiting = oidc_logins.waiting_login(db, session.get(WAITING))
    if waiting is None:
        return redirect(url_for("auth.login"))
    logins = _usable(person_roles.logins_of_person(db, waiting["pid"]))
    error = None
    if request.method == "POST" and SubmitForm().validate_on_submit():
        chosen = next((u for u in logins if str(u["id"]) == request.form.get("user", "")), None)
        if chosen is not None:
            oidc_logins.drop_login(db, session.pop(WAITING))
            return _finish(chosen, oidc_logins.provider_of(waiting), waiting["full_name"], {})
        error = True
    elif request.method == "POST":
        error = True
    status = 400 if error else 200
    return render_template(
        "oidc/choose.html", logins=logins, form=SubmitForm(), error=error
    ), status


@bp.post("/logg-inn/avbryt")
def cancel() -> Response:
    """Leave a waiting login (no role, or no choice made): log out at the provider too."""
    db = get_db()
    waiting = oidc_logins.waiting_login(db, session.get(WAITING))
    target = url_for(".logged_out")
    if waiting is not None and SubmitForm().validate_on_submit():
        oidc_logins.drop_login(db, session[WAITING])
        target = provider_logout_target(oidc_logins.provider_of(waiting)) or target
    session.clear()
    return redirect(target)


@bp.get("/logg-ut/ferdig")
def logged_out() -> str:
    """Where the provider sends the browser after logging out."""
    return render_template("oidc/logged_out.html")


@bp.get("/logg-ut/<any(idporten, staff):name>/frontkanal")
def front_channel(name: str) -> Any:
    """The provider's front-channel logout: an iframe with ``iss`` and ``sid``."""
    provider = _provider(name)
    issuer, sid = request.args.get("iss", "")[:500], request.args.get("sid", "")[:200]
    if issuer.rstrip("/") == provider.issuer and sid:
        _end_provider_session(name, provider, sid=sid, sub="", channel="front")
    page = render_template("oidc/front_channel.html")
    origin = origin_of(provider.issuer)
    csp = ("default-src 'none'; style-src 'self'; font-src 'self'; "
           f"frame-ancestors {origin}; base-uri 'none'; form-action 'none'")  # fmt: skip
    return page, 200, {"Content-Security-Policy": csp}


@bp.post("/logg-ut/<any(idporten, staff):name>/bakkanal")
def back_channel(name: str) -> Any:
    """The provider's back-channel logout: a signed logout token, verified before anything ends."""
    provider = _provider(name)
    try:
        claims = verify_logout_token(name, request.form.get("logout_token", ""))
    except LoginFailed as failed:
        current_app.logger.warning("back-channel logout refused: %s", failed)
        security_event("login_refused", detail={"provider": name, "reason": "logout_token"})
        return {"error": "invalid_request"}, 400
    _end_provider_session(name, provider, sid=str(claims.get("sid") or ""),
                          sub=str(claims.get("sub") or ""), channel="back")  # fmt: skip
    return "", 200


def _end_provider_session(
    name: str, provider: Provider, *, sid: str, sub: str, channel: str
) -> None:
    db = get_db()
    ended = sessions.end_provider_sessions(db, provider.issuer, sid=sid, sub=sub)
    oidc_logins.drop_provider_logins(db, provider.issuer, sid=sid, sub=sub)
    for user in ended:
        security_event("provider_logout", user=user, detail={"provider": name, "channel": channel})


def _usable(logins: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The logins that may be used: a demo person's only in demo mode."""
    demo_ok = bool(current_app.config.get("DEMO_MODE"))
    return [login for login in logins if demo_ok or not login["is_demo"]]


def _staff_login(value: Any, link: sessions.ProviderLink, claims: dict[str, Any]) -> Any:
    """A member of the office's staff: the local user whose username the claim names."""
    user = users.user_by_username(get_db(), str(value).strip().lower()[:200])
    demo_ok = bool(current_app.config.get("DEMO_MODE"))
    if (user is None or user["disabled"] or user["role"] not in (*OFFICE_ROLES, "helpdesk")
            or (user["is_demo"] and not demo_ok)):  # fmt: skip
        return _refused("staff", LoginFailed("unknown_staff", str(value)[:100]))
    return _finish(user, link, "", claims)


def _finish(
    user: dict[str, Any], link: sessions.ProviderLink, full_name: str, claims: dict[str, Any]
) -> Response:
    db = get_db()
    if user.get("pid"):
        person_roles.record_login_name(db, user["id"], full_name)
        user = users.user_by_id(db, user["id"]) or user
    target = session.get(NEXT) or ""
    start_session(user, provider=link)
    security_event("login", user=user, detail={"provider": link.issuer, "acr": claims.get("acr")})
    return redirect(target or home_url())


def _refused(name: str, failed: LoginFailed) -> Response:
    # a provider that is down or refuses formservice's own credentials is the operator's to fix
    level = logging.WARNING if failed.reason in ("unavailable", "client") else logging.INFO
    current_app.logger.log(level, "login with %s refused: %s", name, failed)
    security_event("login_refused", detail={"provider": name, "reason": failed.reason})
    session[REFUSED] = failed.reason
    return redirect(url_for(".refused"))
