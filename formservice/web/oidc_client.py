"""The OpenID Connect client (Authlib) for ID-porten and for an office's own identity provider.

Two providers can be configured, each by its issuer, client id and client secret or private key:

* ``idporten``: persons (municipal staff) log in with ID-porten and are identified by the ``pid``
  claim, their national identity number; the ID token's ``acr`` must be at least the level asked
  for in ``acr_values`` (``idporten-loa-substantial``);
* ``staff``: the office's own provider (Entra ID, Keycloak...) for caseworkers, help desk and
  administrators, matched to a local user by one claim (``OIDC_STAFF_CLAIM``).

Every login is the authorization code flow with PKCE (S256), ``state`` and ``nonce``, as Authlib's
Flask client does it (they wait in the signed session cookie between redirect and callback). This
module adds what ID-porten requires beyond that: the ``aud`` and ``acr`` checks, the identity
claim, RP-initiated logout and the verification of back-channel logout tokens.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
from authlib.integrations.base_client import MismatchingStateError, OAuthError
from authlib.integrations.flask_client import OAuth
from authlib.oauth2.rfc7523 import PrivateKeyJWT
from flask import Flask, current_app, request, url_for
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet, RSAKey
from joserfc.jws import JWSRegistry
from werkzeug.wrappers import Response

from formservice.config import SettingsError
from formservice.storage.sessions import ProviderLink

# ID-porten's levels, lowest first: a login at a higher level than asked for is accepted
ACR_LEVELS = ("idporten-loa-low", "idporten-loa-substantial", "idporten-loa-high")
BACKCHANNEL_EVENT = "http://schemas.openid.net/event/backchannel-logout"
HTTP_TIMEOUT = 10  # seconds for each call to the provider (metadata, keys, token)
LOGOUT_TOKEN_MAX_AGE = 300  # seconds: an older logout token is refused
LEEWAY = 60  # seconds of clock difference allowed


@dataclass(frozen=True)
class Provider:
    """One configured OpenID provider."""

    name: str
    issuer: str
    client_id: str
    acr: str  # the level asked for and required; empty: none
    identity_claim: str  # the claim that says who the person is
    test: bool  # a local test provider: the login page says so


class LoginFailed(Exception):
    """A login the provider or formservice refused; ``reason`` names why (for the message)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


def providers(settings: dict[str, Any]) -> dict[str, Provider]:
    """The providers the settings configure (an issuer and a client id each)."""
    found = {}
    if settings.get("OIDC_ISSUER") and settings.get("OIDC_CLIENT_ID"):
        found["idporten"] = Provider("idporten", settings["OIDC_ISSUER"].rstrip("/"),
                                     settings["OIDC_CLIENT_ID"], settings.get("OIDC_ACR") or "",
                                     "pid", bool(settings.get("OIDC_TEST_PROVIDER")))  # fmt: skip
    if settings.get("OIDC_STAFF_ISSUER") and settings.get("OIDC_STAFF_CLIENT_ID"):
        found["staff"] = Provider("staff", settings["OIDC_STAFF_ISSUER"].rstrip("/"),
                                  settings["OIDC_STAFF_CLIENT_ID"], settings.get("OIDC_STAFF_ACR") or "",
                                  settings.get("OIDC_STAFF_CLAIM") or "preferred_username",
                                  bool(settings.get("OIDC_TEST_PROVIDER")))  # fmt: skip
    return found


def init_app(app: Flask) -> None:
    """Register the configured providers with Authlib's Flask client."""
    configured = providers(app.config)
    oauth = OAuth(app)
    for provider in configured.values():
        prefix = "OIDC_" if provider.name == "idporten" else "OIDC_STAFF_"
        kwargs: dict[str, Any] = {
            "scope": app.config.get("OIDC_SCOPES") or "openid profile",
            "code_challenge_method": "S256",
            "default_timeout": HTTP_TIMEOUT,
        }
        secret = app.config.get(f"{prefix}CLIENT_SECRET") or None
        methods = None
        key_file = app.config.get(f"{prefix}PRIVATE_KEY_FILE")
        if key_file:
            secret = read_private_key(f"{prefix}PRIVATE_KEY_FILE", key_file)
            kwargs["token_endpoint_auth_method"] = "private_key_jwt"  # noqa: S105
            key_id = app.config.get(f"{prefix}PRIVATE_KEY_ID")
            # the assertion's audience is the provider's issuer, as Digdir asks of ID-porten's
            # clients (oidc-provider takes it too); Authlib's default is the token endpoint
            methods = [PrivateKeyJWT(token_endpoint=app.config[f"{prefix}ISSUER"],
                                     headers={"kid": key_id} if key_id else None)]  # fmt: skip
        oauth.register(
            provider.name,
            client_id=provider.client_id,
            client_secret=secret,
            server_metadata_url=f"{provider.issuer}/.well-known/openid-configuration",
            client_kwargs=kwargs,
            client_auth_methods=methods,
        )
    app.extensions["formservice.oidc"] = configured


def read_private_key(setting: str, path: str) -> str:
    """The PEM text of the client's private key for ``private_key_jwt``, checked at start (not
    at the first login); SettingsError naming the setting if it cannot be read or is no key."""
    try:
        with open(path, encoding="utf-8") as key:
            pem = key.read(100_000)
        if not RSAKey.import_key(pem).is_private:
            raise ValueError("a public key")
    except OSError as error:
        raise SettingsError(f"{setting} {path}: cannot read: {error.strerror}") from None
    except (ValueError, TypeError, UnicodeDecodeError, JoseError) as error:
        raise SettingsError(f"{setting} {path}: not an RSA private key in PEM ({error})") from None
    return pem


def configured(name: str) -> Provider | None:
    """The provider of that name, if the settings configure it."""
    return current_app.extensions.get("formservice.oidc", {}).get(name)


def form_action_sources(settings: dict[str, Any]) -> list[str]:
    """Where a form post may be redirected besides this site: each provider's host and its
    subdomains (ID-porten's logout is at login.idporten.no, its issuer idporten.no)."""
    sources = []
    for provider in providers(settings).values():
        parts = urlsplit(provider.issuer)
        sources.append(origin_of(provider.issuer))
        if parts.hostname and not parts.hostname.replace(".", "").isdigit() and not parts.port:
            sources.append(f"{parts.scheme}://*.{parts.hostname}")
    return sources


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` of an address."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def provider_logout_target(link: ProviderLink) -> str | None:
    """Where to send the browser to end the provider's session (RP-initiated logout with
    ``id_token_hint`` and ``post_logout_redirect_uri``), or None."""
    for provider in current_app.extensions.get("formservice.oidc", {}).values():
        if provider.issuer == link.issuer and link.id_token:
            back = url_for("oidc.logged_out", _external=True)
            return logout_url(provider.name, id_token=link.id_token, post_logout_redirect_uri=back)
    return None


def _client(name: str) -> Any:
    return current_app.extensions["authlib.integrations.flask_client"].create_client(name)


def start_login(
    name: str, redirect_uri: str, *, language: str, prompt_login: bool = False
) -> Response:
    """A redirect to the provider's login, asking for the provider's acr level; ``prompt_login``
    makes the provider ask the person again even if it has a session."""
    provider = configured(name)
    extra = {"ui_locales": language, **({"prompt": "login"} if prompt_login else {})}
    if provider and provider.acr:
        extra["acr_values"] = provider.acr
    try:
        return _client(name).authorize_redirect(redirect_uri, **extra)
    except (requests.RequestException, ValueError, KeyError) as error:
        raise LoginFailed("unavailable", str(error)) from error


def finish_login(name: str) -> tuple[dict[str, Any], str]:
    """At the redirect back: check ``state``, exchange the code (with the PKCE verifier), verify
    the ID token (signature, iss, aud, exp, nonce, then acr and the identity claim); return its
    claims and the ID token itself. LoginFailed with a reason otherwise."""
    provider = configured(name)
    if provider is None:
        raise LoginFailed("unavailable")
    returned_by = request.args.get("iss")  # RFC 9207: which provider sent the browser back
    if returned_by is not None and returned_by.rstrip("/") != provider.issuer:
        raise LoginFailed("token", f"redirect from issuer {returned_by[:200]!r}")
    options = {"iss": {"essential": True, "value": provider.issuer},
               "aud": {"essential": True, "value": provider.client_id}}  # fmt: skip
    try:
        token = _client(name).authorize_access_token(claims_options=options, leeway=LEEWAY)
    except MismatchingStateError as error:
        raise LoginFailed("state") from error
    except OAuthError as error:
        cancelled = error.error in ("access_denied", "login_required", "consent_required")
        # the provider did not accept formservice itself (secret, or private_key_jwt's key)
        reason = (
            "cancelled" if cancelled else "client" if error.error == "invalid_client" else "token"
        )
        raise LoginFailed(reason, str(error)) from error
    except JoseError as error:
        raise LoginFailed("token", repr(error)) from error
    except (requests.RequestException, ValueError, KeyError) as error:
        raise LoginFailed("unavailable", str(error)) from error
    claims = dict(token.get("userinfo") or {})
    if not claims or not token.get("id_token"):
        raise LoginFailed("token", "no ID token")
    if provider.acr and not acr_suffices(claims.get("acr"), provider.acr):
        raise LoginFailed("acr", str(claims.get("acr")))
    if (
        not isinstance(claims.get(provider.identity_claim), str)
        or not claims[provider.identity_claim]
    ):
        raise LoginFailed("identity", provider.identity_claim)
    return claims, token["id_token"]


def acr_suffices(achieved: Any, required: str) -> bool:
    """Whether the level the provider reports is at least the one required."""
    if achieved == required:
        return True
    if achieved not in ACR_LEVELS or required not in ACR_LEVELS:
        return False
    return ACR_LEVELS.index(achieved) >= ACR_LEVELS.index(required)


def logout_url(name: str, *, id_token: str, post_logout_redirect_uri: str) -> str | None:
    """The provider's end-session address for RP-initiated logout, or None if it has none."""
    try:
        return _client(name).create_logout_url(
            post_logout_redirect_uri=post_logout_redirect_uri, id_token_hint=id_token
        )["url"]
    except (requests.RequestException, RuntimeError, ValueError, KeyError):
        return None


def verify_logout_token(name: str, logout_token: str) -> dict[str, Any]:
    """The claims of a back-channel logout token, verified as OpenID Connect Back-Channel Logout
    1.0 §2.6 asks: signature by the provider's keys, iss, aud, iat, the logout event, sid or sub,
    and no nonce. LoginFailed("logout_token") otherwise."""
    provider = configured(name)
    if provider is None or not isinstance(logout_token, str) or len(logout_token) > 20_000:
        raise LoginFailed("logout_token", "no such provider or no token")
    client = _client(name)
    try:
        metadata = client.load_server_metadata()
        algorithms = metadata.get("id_token_signing_alg_values_supported") or ["RS256"]
        registry = JWSRegistry(algorithms=[a for a in algorithms if a != "none"])
        try:
            token = jwt.decode(logout_token, KeySet.import_key_set(client.fetch_jwk_set()),
                               registry=registry)  # fmt: skip
        except JoseError:  # perhaps the provider's keys rotated: fetch them once more
            token = jwt.decode(logout_token, KeySet.import_key_set(client.fetch_jwk_set(force=True)),
                               registry=registry)  # fmt: skip
        jwt.JWTClaimsRegistry(
            leeway=LEEWAY,
            iss={"essential": True, "value": provider.issuer},
            aud={"essential": True, "value": provider.client_id},
            iat={"essential": True},
        ).validate(token.claims)
    except (JoseError, ValueError, requests.RequestException) as error:
        raise LoginFailed("logout_token", repr(error)) from error
    claims = token.claims
    events = claims.get("events")
    if not isinstance(events, dict) or not isinstance(events.get(BACKCHANNEL_EVENT), dict):
        raise LoginFailed("logout_token", "no back-channel logout event")
    if "nonce" in claims:
        raise LoginFailed("logout_token", "a logout token has no nonce")
    if not (isinstance(claims.get("sid"), str) or isinstance(claims.get("sub"), str)):
        raise LoginFailed("logout_token", "neither sid nor sub")
    if (
        not isinstance(claims["iat"], int | float)
        or claims["iat"] < time.time() - LOGOUT_TOKEN_MAX_AGE
    ):
        raise LoginFailed("logout_token", "too old")
    return claims
