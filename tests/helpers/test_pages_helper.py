"""The page check fails the pages it should, and the checked client runs it on every page."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from tests.helpers.pages import CheckedClient, check_page

GOOD = """<!doctype html><html lang="nb"><head><title>Side – Statsforvalteren</title></head>
<body><main><h1>Overskrift</h1><form>
<label for="navn">Navn</label><input id="navn" name="navn" aria-describedby="navn-hint">
<p id="navn-hint">Hint</p><label>Antall <input name="antall"></label>
<input type="hidden" name="csrf_token" value="x"><button>Lagre</button></form></main></body></html>"""


def _broken(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace(old, new)


def test_a_good_page_passes_and_comes_back_parsed():
    doc = check_page(GOOD)
    assert doc.css_first("h1").text() == "Overskrift"
    assert [i.attributes["name"] for i in doc.css("input")] == ["navn", "antall", "csrf_token"]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('lang="nb"', 'lang="en"', "<html lang>"),
        ("<title>Side – Statsforvalteren</title>", "<title> </title>", "the page has no <title>"),
        ("<h1>Overskrift</h1>", "<h2>Overskrift</h2>", "expected exactly one <h1>, found 0"),
        ("<h1>Overskrift</h1>", "<h1>En</h1><h1>To</h1>", "expected exactly one <h1>, found 2"),
        ('<p id="navn-hint">', '<p id="navn">', "duplicate ids: ['navn']"),
        ('<label for="navn">Navn</label>', "<span>Navn</span>", "input without a label"),
        ('<label for="navn">', '<label for="nav">', "<label for> names no element: ['nav']"),
        ('aria-describedby="navn-hint"', 'aria-describedby="borte"', "aria-describedby names"),
    ],
)
def test_a_page_that_fails_people_fails_the_check(old, new, message):
    with pytest.raises(AssertionError, match="^" + re.escape(message)):
        check_page(_broken(old, new))


@pytest.fixture
def tiny_app() -> Flask:
    app = Flask(__name__)
    app.test_client_class = CheckedClient

    @app.get("/bra")
    def good() -> str:
        return GOOD

    @app.get("/uten-h1")
    def bad() -> str:
        return _broken("<h1>Overskrift</h1>", "<p>Overskrift</p>")

    @app.get("/videre")
    def redirect() -> tuple[str, int, dict]:
        return "<html lang=en><h1>Redirecting</h1>", 302, {"Location": "/bra"}

    @app.get("/fil")
    def file() -> tuple[bytes, int, dict]:
        return b"%PDF-", 200, {"Content-Type": "application/pdf"}

    return app


def test_the_checked_client_checks_every_page_and_parses_it(tiny_app, app):
    client = tiny_app.test_client()
    assert client.get("/bra").doc.css_first("h1").text() == "Overskrift"
    with pytest.raises(AssertionError, match="exactly one <h1>"):
        client.get("/uten-h1")
    assert client.get("/uten-h1", unchecked="a test of the check itself").status_code == 200
    with pytest.raises(ValueError, match="needs the reason"):
        client.get("/bra", unchecked=" ")
    followed = client.get("/videre", follow_redirects=True)  # the redirect is not a page
    assert followed.doc.css_first("h1").text() == "Overskrift"  # where it led is
    assert not hasattr(client.get("/fil"), "doc")
    assert isinstance(app.test_client(), CheckedClient)  # every app of the suite
