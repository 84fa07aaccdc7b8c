"""Templates' ``url_for`` keeps the URLs it builds, and they are always Flask's own."""

from __future__ import annotations

import pytest
from flask import url_for

from formservice.web.urls import kept_url_for
from tests import factories
from tests.helpers.app import log_in
from tests.helpers.pages import check_page, without_request_tokens

CALLS = [
    ("static", {"filename": "app.css"}),
    ("public.asset", {"name": "inter.css"}),
    ("municipality.page", {"submission_id": 3, "page_id": "side_en"}),
    ("municipality.page", {"submission_id": 4, "page_id": "side_en", "lagret": 1}),
    ("auth.login", {"next": '/kommune/skjema/3?vis=<feil>&x="æ"'}),
    (".home", {}),
    ("auth.login", {"_external": True}),
    ("auth.login", {"next": True}),  # not text or a whole number: Flask's, unkept
]


def test_every_url_is_the_one_flask_builds_under_each_script_root_and_blueprint(app):
    kept = kept_url_for(app)
    for path, base in [("/kommune/", "http://localhost/"), ("/saksbehandler/", "http://localhost/"),
                       ("/kommune/", "http://localhost/under/en/sti")]:  # fmt: skip
        with app.test_request_context(path, base_url=base):
            for endpoint, values in CALLS:
                expected = url_for(endpoint, **values)
                assert kept(endpoint, **values) == expected
                assert kept(endpoint, **values) == expected  # the second from what was kept
    with app.test_request_context("/kommune/", base_url="http://localhost/under"):
        assert kept(".home") == "/under/kommune/"
    with app.test_request_context("/saksbehandler/"):
        assert kept(".home") == "/saksbehandler/"
    with app.app_context(), pytest.raises(RuntimeError, match="outside an active request"):
        kept("static", filename="app.css")  # outside a request: Flask's own answer, unkept


def test_pages_are_the_same_with_the_kept_urls_as_with_flasks(demo_app, demo_db):
    user = factories.create_user(demo_db, username="kommune-url", language="nb")
    organisation = demo_db["organisations"].get(user["organisation_id"])
    draft = factories.create_submission(demo_db, organisation=organisation, answers={})
    client = log_in(demo_app, "kommune-url")
    urls = [f"/kommune/skjema/{draft['id']}/side/side_en", "/kommune/", "/tilgjengelighet"]
    assert demo_app.jinja_env.globals["url_for"] is not demo_app.url_for
    kept = [client.get(url).text for url in urls]
    demo_app.jinja_env.globals["url_for"] = demo_app.url_for
    flasks = [client.get(url).text for url in urls]
    for mine, theirs in zip(kept, flasks, strict=True):
        check_page(mine)
        assert "/static/app.css" in mine
        assert without_request_tokens(mine) == without_request_tokens(theirs)
