"""Contrast of every link, button and form control in Chromium, in every state (WCAG 1.4.3, 1.4.11).

axe-core measures text contrast only as the page is when it runs, and missed a button whose text
colour was its background colour. :func:`contrast_problems` (``contrast.js``, one script run)
measures each link, button and control as it is, hovered and focused, without moving the mouse
or the focus, with transitions stopped so a colour is read where it ends. It fails text under
4.5:1 (3:1 for large text: 24 px, or 18.66 px bold), an input whose border and background both
stand out less than 3:1 from what surrounds it, and a focused element without a focus indicator
of 3:1.

The browser tests' ``page`` fixture :func:`watch`-es its context: every page the test sees is
kept and measured when the test ends, and the test fails on what is found.
:func:`assert_contrast` checks a page as it is now.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

SELECTOR = (
    "a[href], button, input:not([type=hidden]), select, textarea, summary,"
    " [tabindex]:not([tabindex='-1'])"
)
_MEASURE = Path(__file__).with_name("contrast.js")

_measured: set[str] = set()
_SCRIPTS = re.compile(r"<script\b[^>]*>.*?</script>", re.IGNORECASE | re.DOTALL)
# Runs in every document of a watched context: sends the page's markup when it has loaded, and
# again (at most 30 times) a quarter second after scripts have changed it.
_SNAPSHOT = """(() => {
    if (window.top !== window) return;
    let timer = null, sent = 0;
    const shape = () => [...document.querySelectorAll('body *')].map((e) => [
        e.tagName, e.className, e.type || '', e.getAttribute('data-variant') || '',
        e.getAttribute('data-color') || '', e.getAttribute('aria-invalid') || '',
        e.hasAttribute('disabled'), e.hasAttribute('checked'), e.hasAttribute('hidden'),
    ].join(':')).join('|');
    const send = () => {
        timer = null;
        if (sent++ >= 30 || typeof window.__contrastSnapshot !== 'function') return;
        window.__contrastSnapshot(location.href, shape(), document.documentElement.outerHTML)
            .catch(() => {});
    };
    addEventListener('load', () => {
        send();
        new MutationObserver(() => { if (!timer) timer = setTimeout(send, 250); })
            .observe(document.documentElement, {subtree: true, childList: true, attributes: true});
    });
})();"""


# Shows kept markup in the replay page without loading a new document, when the page shown now
# has the same origin and the same stylesheets: the attributes of <html> and <body>, the title and
# the body are swapped in, and the address set. A new document would parse the same stylesheets
# and lay out from nothing again, which cost more than the measuring itself.
_SWAP = """([address, html]) => {
    if (location.origin !== new URL(address).origin) return false;
    const kept = new DOMParser().parseFromString(html, 'text/html');
    const sheets = (doc) => [...doc.head.querySelectorAll('link[rel~=stylesheet], style')]
        .map((element) => element.outerHTML).join('\\n');
    if (sheets(kept) !== sheets(document)) return false;
    for (const [now, then] of [[document.documentElement, kept.documentElement],
                               [document.body, kept.body]]) {
        for (const {name} of [...now.attributes]) now.removeAttribute(name);
        for (const {name, value} of [...then.attributes]) now.setAttribute(name, value);
    }
    document.body.innerHTML = kept.body.innerHTML;
    document.title = kept.title;
    history.replaceState(null, '', address);
    scrollTo(0, 0);
    return true;
}"""


def _replay_key(url: str, skeleton: str) -> str:
    """Pages of one kind look alike: the path with its numbers taken out, and the markup's shape."""
    parts = urlsplit(url)
    path = re.sub(r"\d+", "N", parts.path + ("?" + parts.query if parts.query else ""))
    return path + " " + hashlib.sha256(skeleton.encode()).hexdigest()[:16]


class Watch:
    """Every page a browser context shows, kept as it looked, and measured when the test ends.

    Measuring a page while the test drives it cannot be done reliably: the test moves on at once
    and the page under measurement goes away. So each page sends its markup (when it has loaded,
    and again when scripts have changed it) to the test through a binding, and :meth:`measure`
    shows every kind of page seen again in one page of its own, at the same address, from the
    kept markup (stylesheets and fonts come from the server), and measures it there, still: the
    markup is swapped in (``_SWAP``) when the page already has its stylesheets, else loaded.
    Pages of a kind already measured in this test run (same path pattern and markup shape) are
    not measured again.
    """

    def __init__(self, context) -> None:
        self.context = context
        self.pages: dict[str, tuple[str, str]] = {}
        self.problems: list[str] = []
        self.replaying = False
        context.expose_binding("__contrastSnapshot", self._keep)
        context.add_init_script(_SNAPSHOT)

    def _keep(self, _source: dict, url: str, skeleton: str, html: str) -> None:
        key = _replay_key(url, skeleton)
        if not self.replaying and key not in _measured:
            self.pages.setdefault(key, (url, html))

    def measure(self) -> list[str]:
        """Measure each page kept since the last call; return (and keep) the problems found."""
        found: list[str] = []
        waiting, self.pages = self.pages, {}
        if not waiting:
            return found
        self.replaying = True
        replay = self.context.new_page()
        try:
            for key, (url, html) in waiting.items():
                address = url.split("#", 1)[0]
                body = _SCRIPTS.sub("", html)
                if not replay.evaluate(_SWAP, [address, body]):
                    replay.route(
                        lambda u, a=address: u.split("#", 1)[0] == a, _fulfil(address, body)
                    )
                    replay.goto(address)
                    replay.unroute_all()
                replay.evaluate("document.fonts.ready.then(() => true)")
                found += [f"{url}: {problem}" for problem in contrast_problems(replay)]
                _measured.add(key)
        finally:
            replay.close()
            self.replaying = False
        self.problems += found
        return found


@cache
def _measure_source() -> str:
    return _MEASURE.read_text(encoding="utf-8")


def contrast_problems(page) -> list[str]:
    """Every contrast problem on the page as it is now, as it is, hovered and focused."""
    return page.evaluate(_measure_source(), SELECTOR)


def assert_contrast(page) -> None:
    """Fail listing every link, button and control on the page whose contrast is too low."""
    problems = contrast_problems(page)
    assert not problems, f"contrast on {page.url}:\n" + "\n".join(f"- {p}" for p in problems)


def _fulfil(address: str, body: str):
    def handler(route) -> None:
        if route.request.url.split("#", 1)[0] != address:
            route.fallback()
            return
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=body)

    return handler


def watch(context) -> Watch:
    """Keep every page ``context`` shows from now on; call ``.measure()`` at the end."""
    return Watch(context)
