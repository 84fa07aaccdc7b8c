"""The load benchmark's HTTP client: one aiohttp session per simulated person, and what it counts.

The load generator runs on the same two cores as the server, so its own CPU per request takes
from the server's. httpx's async client cost some 3.1–3.6 ms of the generator's CPU a request at
400 sessions (its pure-Python HTTP/1.1 state machine, cookie jar copies and event hooks);
aiohttp parses HTTP in C (llhttp) and keeps one cookie jar per session. :class:`Client` gives
the few calls the benchmark makes (``get``, ``post`` of form pairs, no redirects followed, the
body read whole) and counts every request by kind, so the benchmark can say what the server's
CPU was spent on.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any
from urllib.parse import urlencode

import aiohttp

ERRORS = (aiohttp.ClientError, TimeoutError)  # what a request may raise: counted as an error
_FORM = {"Content-Type": "application/x-www-form-urlencoded"}


class Reply:
    """A response read whole: status, headers and text (``json()`` parses it)."""

    __slots__ = ("headers", "status_code", "text")

    def __init__(self, status_code: int, headers: Any, text: str) -> None:
        self.status_code, self.headers, self.text = status_code, headers, text

    def json(self) -> Any:
        return json.loads(self.text)


def request_kind(method: str, path: str) -> str:
    """What a request of the benchmark is, for the counts beside the server's CPU."""
    if "/side/" in path:
        return "view" if method == "GET" else "save"
    for marker, kind in (("/send-inn", "submit"), ("/oppsummering", "check"), (".pdf", "pdf"),
                         ("/dokumenter.json", "receipt status"), ("/kvittering", "receipt"),
                         ("/logg-inn", "login"), ("/healthz", "healthz")):  # fmt: skip
        if marker in path:
            return kind
    return "other"


class Client:
    """One person's browser: keeps its connection alive and its (Secure) session cookie, which
    a browser sends to a loopback ``http`` origin as to ``https`` ones."""

    def __init__(self, base: str, *, timeout: float, counts: Counter | None = None) -> None:
        jar = aiohttp.CookieJar(unsafe=True, treat_as_secure_origin=[base])
        self.http = aiohttp.ClientSession(
            base_url=base, cookie_jar=jar, timeout=aiohttp.ClientTimeout(total=timeout)
        )
        self.counts = counts  # requests by kind, while the caller counts them (None: not)

    async def __aenter__(self) -> Client:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.http.close()

    async def get(self, path: str) -> Reply:
        return await self._send("GET", path, None)

    async def post(self, path: str, data: list[tuple[str, str]] | dict[str, str]) -> Reply:
        return await self._send("POST", path, urlencode(data).encode("ascii"))

    async def _send(self, method: str, path: str, body: bytes | None) -> Reply:
        if self.counts is not None:
            self.counts[request_kind(method, path)] += 1
        async with self.http.request(
            method, path, data=body, headers=_FORM if body is not None else None,
            allow_redirects=False,
        ) as response:  # fmt: skip
            text = await response.text("utf-8", errors="replace")
            return Reply(response.status, response.headers, text)
