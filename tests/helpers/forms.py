"""Posting a form as the browser does: the page is fetched (and checked), its CSRF token and
``base_version`` are taken from it, and the fields are posted with them."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict
from werkzeug.test import TestResponse

from formservice.engine.model import Definition
from formservice.web.filling import posted_pairs


def hidden(response: TestResponse, name: str) -> str:
    """The value of the page's first ``<input name=...>`` (a CSRF token, a base version)."""
    field = response.doc.css_first(f'input[name="{name}"]')
    assert field is not None, f"no input {name!r} on the page"
    return field.attributes.get("value") or ""


def post_page(
    client: FlaskClient, url: str, data: dict[str, Any], *, follow: bool = False
) -> TestResponse:
    """GET ``url``, then POST ``data`` to it with the page's CSRF token and base version."""
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    payload = {"csrf_token": hidden(page, "csrf_token"), **data}
    if page.doc.css_first('input[name="base_version"]') is not None:
        payload.setdefault("base_version", hidden(page, "base_version"))
    return client.post(url, data=payload, follow_redirects=follow)


def fill_every_page(
    client: FlaskClient, tasks: str, definition: Definition, answers: dict[str, Any]
) -> None:
    """Each page of the form at ``tasks`` (its task-list URL) posted with ``answers`` as a browser
    posts them («Lagre og fortsett»), skipping pages the answers hide; fail on a refused page."""
    for page in definition.pages:
        url = f"{tasks}side/{page.id}"
        shown = client.get(url)
        if shown.status_code == 302:  # a page the answers hide
            continue
        data = [*posted_pairs(page, answers), ("csrf_token", hidden(shown, "csrf_token")),
                ("base_version", hidden(shown, "base_version")), ("action", "next")]  # fmt: skip
        saved = client.post(url, data=MultiDict(data))
        assert saved.status_code == 302, [e.text() for e in saved.doc.css(".field-error")]
