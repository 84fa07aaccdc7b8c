"""The web processes' master compiles every template before it forks its workers."""

from __future__ import annotations

from formservice.web_server import compile_templates
from tests.helpers.app import log_in
from tests.helpers.pages import check_page


def test_after_compiling_pages_are_served_without_reading_a_template_again(demo_app, monkeypatch):
    names = demo_app.jinja_env.list_templates()
    assert "base.html" in names and "municipality/page.html" in names
    assert compile_templates(demo_app) == len(names)

    def read_again(*args, **kwargs):
        raise AssertionError(f"template read again: {args[1:]}")

    monkeypatch.setattr(demo_app.jinja_env.loader, "get_source", read_again)
    client = log_in(demo_app, "lillehammer")  # the login page, then the home page
    home = client.get("/kommune/")
    assert home.status_code == 200
    check_page(home.text)
    check_page(client.get("/tilgjengelighet").text)
