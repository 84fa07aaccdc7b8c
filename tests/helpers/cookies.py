"""Sending formservice's Secure session cookie from httpx clients to a server on loopback.

The cookie is ``Secure`` (with the ``__Host-`` prefix) by default. Browsers send Secure cookies to
``http://127.0.0.1`` and ``localhost``, which count as secure contexts; Python's
``http.cookiejar`` sends them over https only, and httpx copies each request's cookies into a jar
with the default policy, so a policy of our own would not survive. Instead, once a response from
a loopback host is in, the client's cookies are kept unmarked as Secure: the policy browsers
apply on loopback, and only there.
"""

from __future__ import annotations

import httpx

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def send_secure_cookies_over_loopback(client: httpx.Client | httpx.AsyncClient) -> None:
    """Let ``client`` send the Secure cookies a loopback server set, as a browser does."""

    def unmark(response: httpx.Response) -> None:
        if response.request.url.host in LOOPBACK:
            for cookie in client.cookies.jar:
                cookie.secure = False

    async def unmark_async(response: httpx.Response) -> None:
        unmark(response)

    hook = unmark_async if isinstance(client, httpx.AsyncClient) else unmark
    hooks = client.event_hooks
    client.event_hooks = {**hooks, "response": [*hooks.get("response", []), hook]}
