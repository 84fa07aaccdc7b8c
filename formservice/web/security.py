"""The web app's security settings in one place: ids in URLs, cookies, transport, headers, caching.

* Every ``<int:…>`` route reads its id with :class:`IdConverter`: ASCII digits only, at most
  2^63 − 1 (SQLite's largest integer), so a huge id or an Arabic-Indic digit is a 404, not an
  ``OverflowError`` in storage or another record read as id 3.
* Cookies are ``Secure`` with the ``__Host-`` prefix, and responses carry HSTS, unless the
  ``HTTPS`` setting is turned off for a deployment that really serves plain HTTP. Browsers accept
  Secure cookies from ``http://127.0.0.1`` and ``localhost``, so local use keeps working.
* ``TRUSTED_PROXIES`` reverse proxies in front are believed about the client's address and scheme
  (Werkzeug's ProxyFix); with 0 the forwarded headers are ignored.
* Form posts are limited in parts and bytes, urlencoded ones as Werkzeug limits multipart ones.
* Nothing a logged-in person fetches may be kept by a browser or proxy cache (``no-store``):
  pages, exports with account numbers, letters and attachments alike. Only what is the same for
  everyone and holds nothing of any person keeps its own caching (:data:`SHARED_ENDPOINTS`: the
  stylesheets, scripts, fonts and the live page's form definition), so a page load does not
  fetch them all again.
* Polling by a page's script (:data:`PASSIVE_ENDPOINTS`) is no activity: the idle limit holds.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, abort, request
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
HSTS = "max-age=31536000; includeSubDomains"
COOKIE_NAME = "formservice_session"
MAX_ID = 2**63 - 1
SHARED_ENDPOINTS = frozenset(
    {"static", "public.asset", "public.font_file", "municipality.definition_json"}
)
# Requests a page's script makes on its own (polling), not the person: they do not count as
# activity, so they never keep a session from ending when idle.
PASSIVE_ENDPOINTS = frozenset({"municipality.receipt_documents"})


class IdConverter(IntegerConverter):
    """A database id in a URL: ASCII digits, 0 to 2^63 − 1; anything else does not match (404)."""

    regex = r"[0-9]{1,19}"

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def session_cookie_name(settings: dict[str, Any]) -> str:
    """``__Host-formservice_session`` when served over HTTPS (the default), else without prefix."""
    return f"__Host-{COOKIE_NAME}" if settings.get("HTTPS") else COOKIE_NAME


def content_security_policy(settings: dict[str, Any]) -> str:
    """The policy of every page: forms post to this site, and (logging out) may be redirected
    on to the OpenID providers configured."""
    from formservice.web.oidc_client import form_action_sources

    extra = " ".join(form_action_sources(settings))
    return CSP.replace("form-action 'self'", f"form-action 'self' {extra}".rstrip())


def configure(app: Flask, settings: dict[str, Any]) -> None:
    """Apply converters, cookie flags, the proxy setting and the response headers to ``app``."""
    app.url_map.converters["int"] = IdConverter
    csp = content_security_policy(settings)
    https = bool(settings.get("HTTPS"))
    app.config.update(
        SESSION_COOKIE_NAME=session_cookie_name(settings),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=https,
        SESSION_COOKIE_PATH="/",
        SESSION_COOKIE_DOMAIN=None,
        REMEMBER_COOKIE_SECURE=https,
    )
    proxies = int(settings.get("TRUSTED_PROXIES") or 0)
    if proxies > 0:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies
        )

    @app.before_request
    def _form_limits() -> None:
        """Werkzeug limits the parts and field bytes of multipart posts only; the same limits
        for urlencoded ones (no files, so their whole body is fields)."""
        if request.mimetype != "application/x-www-form-urlencoded":
            return
        if (request.content_length or 0) > app.config["MAX_FORM_MEMORY_SIZE"]:
            abort(413)
        if request.get_data(cache=True).count(b"&") >= app.config["MAX_FORM_PARTS"]:
            abort(413)

    @app.after_request
    def _headers(response: Any) -> Any:
        response.headers.setdefault("Content-Security-Policy", csp)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]:
            response.headers.setdefault("X-Frame-Options", "DENY")  # only the provider's
            # front-channel logout page may be framed, by the provider (its own policy says so)
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if https:
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        if request.endpoint not in SHARED_ENDPOINTS:
            response.headers["Cache-Control"] = "no-store"
            response.headers.pop("Expires", None)
            response.headers.pop("ETag", None)
            response.headers.pop("Last-Modified", None)
        return response
