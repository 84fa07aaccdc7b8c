"""A real OpenID provider on loopback for login tests, and formservice served over real HTTP.

The provider is ``scripts/oidc-test-provider`` (the npm package oidc-provider as ID-porten
behaves), started with the persons below and signing keys made here (so tests can also sign
logout tokens of their own, forged or not). formservice is the real Flask app of each test,
served by Werkzeug in a thread on a port fixed for the module (the provider's redirect URIs name
it). :class:`Browser` is an httpx client that follows redirects between the two and checks every
formservice page it gets (:func:`~tests.helpers.pages.check_page`), for the flows that need no
JavaScript.
"""

from __future__ import annotations

import importlib.util
import re
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx
from joserfc.jwk import RSAKey
from werkzeug.serving import make_server

from tests.helpers.pages import check_page
from tests.helpers.smtp import free_port

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("oidc_test_provider",
                                               ROOT / "scripts/oidc-test-provider/run.py")  # fmt: skip
launcher = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
sys.modules["oidc_test_provider"] = launcher  # dataclasses look their module up there
_spec.loader.exec_module(launcher)  # type: ignore[union-attr]

# invented national identity numbers with valid check digits (python-stdnum)
PERSONS = {
    "signatory": {"id": "t-signe", "pid": "03058010056", "name": "Signe Testsignatar"},
    "contributor": {"id": "t-mette", "pid": "21119210078", "name": "Mette Testmedarbeider"},
    "two": {"id": "t-tobias", "pid": "15066310091", "name": "Tobias To Kommuner"},
    "nobody": {"id": "t-nils", "pid": "07079910079", "name": "Nils Utentilgang"},
    # a synthetic number of Skatteetaten's test population (Tenor: month + 80), as ID-porten's
    # test environment gives
    "tenor": {"id": "t-tenor", "pid": "10915596784", "name": "Tenor Testperson"},
}
STAFF = [
    {"id": "s-sara", "preferred_username": "saksbehandler", "name": "Sara Demo"},
    {"id": "s-ukjent", "preferred_username": "finnes-ikke", "name": "Ukjent Ansatt"},
]
SIGNING_KEY = RSAKey.generate_key(
    2048, parameters={"kid": "test-signing", "use": "sig", "alg": "RS256"}
)
# formservice's own key for private_key_jwt: the provider knows its public half under this kid
CLIENT_KEY = RSAKey.generate_key(2048, parameters={"kid": "formservice-2026", "use": "sig"})
KEY_CLIENT_ID = "formservice-jwt"
SUBSTANTIAL, LOW = "idporten-loa-substantial", "idporten-loa-low"


@dataclass
class OidcServer:
    """The provider and the address where the current test's app is served."""

    url: str
    provider: Any  # launcher.TestProvider
    serve: Callable[[Any], None]  # serve(app): the app the server hands requests to from now

    def settings(self, *, https: bool = False, private_key: Path | None = None) -> dict[str, Any]:
        """The app's settings for this provider (HTTPS off: httpx keeps no Secure cookie for
        plain http, where Chromium does); with ``private_key`` (a PEM file), ID-porten's client
        is the one that authenticates with ``private_key_jwt`` and that key."""
        settings = {k.removeprefix("FORMSERVICE_"): v for k, v in self.provider.settings().items()}
        if private_key is not None:
            settings.update(OIDC_CLIENT_ID=KEY_CLIENT_ID, OIDC_CLIENT_SECRET="",
                            OIDC_PRIVATE_KEY_FILE=str(private_key),
                            OIDC_PRIVATE_KEY_ID=CLIENT_KEY.kid)  # fmt: skip
        return {**settings, "OIDC_TEST_PROVIDER": True, "TEST_IDENTITIES": True, "HTTPS": https}


def private_key_file(folder: Path, key: RSAKey = CLIENT_KEY) -> Path:
    """The key as a PEM file, as an installation keeps it (readable by its owner only)."""
    path = folder / f"{key.kid}-{id(key)}.pem"
    path.write_bytes(key.as_pem(private=True))
    path.chmod(0o600)
    return path


@contextmanager
def running_oidc_server(folder: Path) -> Iterator[OidcServer]:
    """The provider, and a threaded HTTP server on loopback serving the app given to ``serve``."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    current: dict[str, Any] = {}

    def dispatch(environ: dict, start_response: Callable) -> Any:
        return current["app"](environ, start_response)

    jwks = {"keys": [SIGNING_KEY.as_dict(private=True)]}
    key_clients = {KEY_CLIENT_ID: {"keys": [CLIENT_KEY.as_dict(private=False)]}}
    with launcher.running_provider(url, free_port(), folder, list(PERSONS.values()),
                                   staff=STAFF, jwks=jwks, key_clients=key_clients) as provider:  # fmt: skip
        server = make_server("127.0.0.1", port, dispatch, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield OidcServer(url, provider, lambda app: current.update(app=app))
        finally:
            server.shutdown()
            thread.join(10)


_FORM = re.compile(r"<form[^>]*action=\"([^\"]+)\"[^>]*>(.*?)</form>", re.S)
_INPUT = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


class Browser:
    """An httpx client as a browser without JavaScript: it follows redirects between formservice
    and the provider, fills the provider's pages as a person would, and checks every formservice
    page it receives."""

    def __init__(self, app_url: str, issuer: str) -> None:
        self.app_url, self.issuer = app_url, issuer
        self.http = httpx.Client(timeout=20)

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self._checked(self.http.get(urljoin(self.app_url, url), **kwargs))

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self._checked(self.http.post(urljoin(self.app_url, url), **kwargs))

    def _checked(self, response: httpx.Response) -> httpx.Response:
        html = response.headers.get("content-type", "").startswith("text/html")
        if html and str(response.url).startswith(self.app_url) and not response.is_redirect:
            response.doc = check_page(response.text)  # type: ignore[attr-defined]
        return response

    def follow(
        self, response: httpx.Response, *, stop: Callable[[str], bool] = lambda u: False
    ) -> httpx.Response:
        """Follow redirects (across both servers) until a page, or a Location ``stop`` wants."""
        for _ in range(20):
            if not response.is_redirect:
                return response
            location = urljoin(str(response.url), response.headers["location"])
            if stop(location):
                return response
            response = self.get(location)
        raise AssertionError("more than 20 redirects")

    def to_callback(
        self, person: str, *, acr: str = SUBSTANTIAL, start: str = "/logg-inn/idporten"
    ) -> str:
        """Start a login, choose the person at the provider; the redirect URI with code and state
        it sends the browser back to (not yet followed)."""
        response = self.follow(self.get(start), stop=lambda u: "/tilbake?" in u)
        if not response.is_redirect:  # the provider's page to choose a person
            uid = re.search(r'action="/interaction/([\w-]+)/login"', response.text).group(1)
            account = PERSONS[person]["id"] if person in PERSONS else person
            response = self.http.post(f"{self.issuer}/interaction/{uid}/login",
                                      data={"account": account, "acr": acr})  # fmt: skip
            response = self.follow(response, stop=lambda u: "/tilbake?" in u)
        assert response.is_redirect, response.text[:500]
        return urljoin(str(response.url), response.headers["location"])

    def log_in(self, person: str, *, acr: str = SUBSTANTIAL) -> httpx.Response:
        """The whole login; the formservice page it ends on."""
        return self.follow(self.get(self.to_callback(person, acr=acr)))

    def submit_provider_forms(
        self, response: httpx.Response, *, frames: bool = True
    ) -> httpx.Response:
        """What the provider's self-submitting logout page and its front-channel page do in a
        browser: post the form, load each iframe (unless ``frames`` is false), go on."""
        for _ in range(5):
            if str(response.url).startswith(self.app_url) or response.is_redirect:
                return response
            found = re.findall(r'<iframe src="([^"]+)"', response.text)
            if found and not frames:
                return response
            if found:
                for frame in found:
                    self.get(frame.replace("&amp;", "&"))
                onward = re.search(r'id="continue" href="([^"]+)"', response.text).group(1)
                response = self.follow(self.get(onward.replace("&amp;", "&")))
                continue
            action, body = _FORM.search(response.text).groups()
            data = dict(_INPUT.findall(body))
            response = self.follow(self.http.post(urljoin(str(response.url), action), data=data))
        return response

    def close(self) -> None:
        self.http.close()


def provider_host(url: str) -> str:
    """``host:port`` of an address."""
    return urlsplit(url).netloc
