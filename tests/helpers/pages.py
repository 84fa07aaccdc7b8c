"""One check for every rendered page, and the test client that runs it on every page it fetches.

:func:`check_page` parses a page (selectolax, the Lexbor HTML5 parser) and asserts what every page
owes people and screen readers: ``<html lang>`` in nb or nn, a ``<title>``, exactly one ``<h1>``,
unique ids, a label for every input (``<label for>``, a wrapping ``<label>``, ``aria-label`` or
``aria-labelledby``), ``for``, ``aria-labelledby`` and ``aria-describedby`` pointing to ids
that exist, and answer lists (``dl.answers``) made of one ``<div>`` row per answer with no empty
``<dd>`` (empty ones misaligned the rows). It returns the parsed document, so tests assert on CSS selectors.

:class:`CheckedClient` is the Flask test client of every app in the suite (``tests/conftest.py``
sets it): each HTML response it receives (anything but a redirect) goes through
:func:`check_page`, and ``response.doc`` is the parsed document. A test that must fetch a page
without the check says why: ``client.get(url, unchecked="why")``.
"""

from __future__ import annotations

import re
from typing import Any

from flask.testing import FlaskClient
from selectolax.lexbor import LexborHTMLParser, LexborNode
from werkzeug.test import TestResponse

_NO_LABEL_TYPES = {"hidden", "submit", "button", "reset", "image"}
_REFERENCES = ("aria-labelledby", "aria-describedby")


def parse(html: str) -> LexborHTMLParser:
    """The document as a browser would build it; query it with ``.css()`` / ``.css_first()``."""
    return LexborHTMLParser(html)


def _labelled(field: LexborNode, label_for: set[str]) -> bool:
    attributes = field.attributes
    if attributes.get("id") in label_for or attributes.get("aria-label"):
        return True
    if attributes.get("aria-labelledby"):
        return True
    parent = field.parent
    while parent is not None:
        if parent.tag == "label":
            return True
        parent = parent.parent
    return False


def check_page(html: str) -> LexborHTMLParser:
    """Assert the page is well formed for people and screen readers; return the parsed document."""
    doc = parse(html)
    root = doc.css_first("html")
    lang = root.attributes.get("lang") if root is not None else None
    assert lang in ("nb", "nn"), f"<html lang> is {lang!r}"
    title = doc.css_first("head title")
    assert title is not None and title.text().strip(), "the page has no <title>"
    headings = len(doc.css("h1"))
    assert headings == 1, f"expected exactly one <h1>, found {headings}"
    ids = [node.attributes["id"] for node in doc.css("[id]") if node.attributes["id"]]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"duplicate ids: {duplicates}"
    known = set(ids)
    label_for = {node.attributes["for"] or "" for node in doc.css("label[for]")}
    missing = sorted(label_for - known)
    assert not missing, f"<label for> names no element: {missing}"
    for name in _REFERENCES:
        for node in doc.css(f"[{name}]"):
            absent = [ref for ref in (node.attributes[name] or "").split() if ref not in known]
            assert not absent, f"{name} names no element: {absent} on {node.html[:200]}"
    for field in doc.css("input, select, textarea"):
        if field.attributes.get("type") in _NO_LABEL_TYPES:
            continue
        assert _labelled(field, label_for), f"input without a label: {field.attributes}"
    _check_answer_lists(doc)
    return doc


def _check_answer_lists(doc: LexborHTMLParser) -> None:
    for answers in doc.css("dl.answers"):
        for child in answers.iter():
            assert child.tag == "div", (
                f"<{child.tag}> directly in dl.answers: wrap each answer in <div>"
            )
            assert [n.tag for n in child.iter()][:1] == ["dt"], (
                f"an answer row without <dt>: {child.html[:200]}"
            )
        for value in answers.css("dd"):
            assert value.text(strip=True) or next(value.iter(), None), (
                f"an empty <dd>: {answers.html[:300]}"
            )


class CheckedClient(FlaskClient):
    """A Flask test client that checks every page it fetches and parses it into ``.doc``.

    Redirects and non-HTML responses (files, JSON) are not pages and are left alone; error pages
    are pages and are checked. ``unchecked="reason"`` skips the check for one request; the reason
    is required so that a reader sees why.
    """

    def open(self, *args: Any, unchecked: str | None = None, **kwargs: Any) -> TestResponse:
        if unchecked is not None and not unchecked.strip():
            raise ValueError("unchecked= needs the reason why this page is not checked")
        response = super().open(*args, **kwargs)
        if response.mimetype == "text/html" and not 300 <= response.status_code < 400:
            if unchecked is None:
                response.doc = check_page(response.text)
            else:
                response.doc = parse(response.text)
        return response


def without_request_tokens(html: str) -> str:
    """A page less what differs between two requests of one session: its CSRF tokens and the
    seconds its session has left, so two renders of one page can be compared whole."""
    html = re.sub(r'(name="csrf_token"(?: type="hidden")? value=")[^"]+', r"\1", html)
    html = re.sub(r'(data-csrf=")[^"]+', r"\1", html)
    return re.sub(r'(data-expires-in=")\d+', r"\1", html)
