"""Posting a form as the browser does: the page is fetched (and checked), its CSRF token and
``base_version`` are taken from it, and the fields are posted with them."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from werkzeug.test import TestResponse


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
