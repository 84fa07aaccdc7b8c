"""``url_for`` in templates, with the URLs it builds kept.

A page calls ``url_for`` some sixteen times (stylesheets, scripts, the header's links and forms,
the page's own address), each a walk through Werkzeug's URL map of some 12 µs: about 4 % of a
page view's CPU. The map is fixed once the app is built, so the same endpoint and values under
the same script root always build the same URL; templates get a ``url_for`` that builds each
such URL once and keeps it (a bounded LRU). Calls with Flask's own options (``_external``,
``_anchor``, ``_method``, ``_scheme``), with values other than text and whole numbers, or outside
a request go to Flask's ``url_for`` unchanged. Python code keeps calling Flask's directly.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from flask import Flask, has_request_context, request

KEPT_URLS = 4096  # distinct (script root, blueprint, endpoint, values) kept; the oldest go first


def kept_url_for(app: Flask) -> Callable[..., str]:
    """A ``url_for`` for ``app``'s templates that keeps what it builds."""
    build = app.url_for

    @lru_cache(maxsize=KEPT_URLS)
    def built(_root: str, _blueprint: str | None, endpoint: str, values: tuple) -> str:
        return build(endpoint, **dict(values))

    def url_for(endpoint: str, /, **values: Any) -> str:
        if not has_request_context() or not all(
            type(value) in (str, int) and not name.startswith("_") for name, value in values.items()
        ):
            return build(endpoint, **values)
        # a relative endpoint (".page") means the request's blueprint's
        blueprint = request.blueprint if endpoint.startswith(".") else None
        return built(request.script_root, blueprint, endpoint, tuple(sorted(values.items())))

    return url_for


def init_app(app: Flask) -> None:
    """Give ``app``'s templates the kept ``url_for``."""
    app.jinja_env.globals["url_for"] = kept_url_for(app)
