"""Walking a role's pages in Chromium and reading each for text in the wrong language.

:func:`walk` follows the links of a logged-in (or anonymous) page from where it starts, as far
as :data:`PAGES_PER_ROLE` and at most :data:`PER_KIND` pages of each kind (the path with its
numbers taken out), never a link that logs out, switches language or downloads a file.
:func:`page_problems` reads what a person can be shown on a page: its title, every text node
(also of parts shown later, such as the session warning and hidden questions), the labels in
attributes and the texts the page's scripts will say (``data-…`` texts) for bokmål-only and
English words (:mod:`tests.helpers.language`). What people typed or the register holds
(:func:`user_texts`) is theirs and is left out.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urldefrag, urljoin, urlsplit

from tests.helpers.language import english_words, wrong_language_words
from tests.helpers.live_server import LiveServer

PAGES_PER_ROLE = 45
PER_KIND = 2
_SKIP = re.compile(r"/logg-ut|/sprak|\.(pdf|docx|csv|xlsx|json|woff2?|css|js)(\?|$)")
_READ = """() => {
    const out = [document.title];
    const walker = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode;
        const parent = node.parentElement;
        // code is typed as it is; a part marked as another language (lang="en") says so
        if (parent.closest('script, style, template, code, pre')) continue;
        if (parent.closest('[lang]').lang !== document.documentElement.lang) continue;
        out.push(node.data);
    }
    for (const element of document.querySelectorAll('*')) {
        for (const attribute of element.attributes) {
            const name = attribute.name;
            if (['aria-label', 'title', 'alt', 'placeholder'].includes(name)
                || (name.startsWith('data-') && /\\s/.test(attribute.value) && /[a-zæøå]{2}/i.test(attribute.value))
                || (name === 'value' && ['submit', 'button'].includes(element.type))) {
                out.push(attribute.value);
            }
        }
    }
    return out.map((t) => t.replace(/\\s+/g, ' ').trim()).filter((t) => /[A-Za-zÆØÅæøå]{2}/.test(t));
}"""
_HREFS = "() => [...document.querySelectorAll('a[href]')].map((a) => a.href)"


def kind_of(url: str) -> str:
    """Pages of one kind: the path with its numbers taken out."""
    return re.sub(r"\d+", "N", urlsplit(url).path)


def user_texts(live_server: LiveServer) -> list[str]:
    """What people typed and the register holds, longest first: answers, decisions, names,
    addresses, reasons. Pages show these as they were written, in either standard."""
    from tests.helpers.browser import live_database

    db = live_database(live_server)
    found: set[str] = set()

    def take(value: object) -> None:
        if isinstance(value, str):
            if value[:1] in "[{":
                try:
                    take(json.loads(value))
                    return
                except ValueError:
                    pass
            if len(value.strip()) >= 3:
                found.add(" ".join(value.split()))
        elif isinstance(value, dict):
            for item in value.values():
                take(item)
        elif isinstance(value, list):
            for item in value:
                take(item)

    columns = {
        "submission_versions": ["answers"],
        "decisions": ["positions", "conditions", "internal_note", "reason"],
        "organisations": ["name", "postal_address", "post_town"],
        "users": ["full_name"],
        "rounds": ["title"],
        "attachments": ["filename"],
        "register_changes": ["old_value", "new_value", "note", "decision_note"],
        "audit_log": ["detail"],
    }
    try:
        for table, names in columns.items():
            for row in db[table].rows_where(select=", ".join(names)):
                for value in row.values():
                    take(value)
    finally:
        db.close()
    return sorted(found, key=len, reverse=True)


def page_problems(page, language: str, theirs: list[str]) -> list[str]:
    """The bokmål-only (for nynorsk) and English words the page shows, with where."""
    problems = []
    lang = page.evaluate("() => document.documentElement.lang")
    if lang != language:
        problems.append(f'<html lang="{lang}">')
    for text in page.evaluate(_READ):
        found = wrong_language_words(text, language) + english_words(text)
        if not found:
            continue
        for their_text in theirs:  # what a person wrote stays as written
            if their_text in text:
                text = re.sub(rf"(?<!\w){re.escape(their_text)}(?!\w)", " ", text)
        found = wrong_language_words(text, language) + english_words(text)
        if found:
            problems.append(f"{found} in {text[:120]!r}")
    return problems


def walk(page, starts: list[str], language: str, theirs: list[str]) -> dict[str, list[str]]:
    """Every page reachable from ``starts`` (as bounded above) → what is wrong on it."""
    base = page.url
    origin = urlsplit(base).netloc
    starts = [urljoin(base, start) for start in starts]
    queue, seen, kinds, found = list(starts), set(), {}, {}
    while queue and len(seen) < PAGES_PER_ROLE:
        url = urldefrag(urljoin(base, queue.pop(0)))[0]
        parts = urlsplit(url)
        if url in seen or _SKIP.search(url) or (parts.netloc and parts.netloc != origin):
            continue
        if kinds.get(kind_of(url), 0) >= PER_KIND and url not in starts:
            continue
        seen.add(url)
        kinds[kind_of(url)] = kinds.get(kind_of(url), 0) + 1
        response = page.goto(url)
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        found[page.url] = page_problems(page, language, theirs)
        queue += [h for h in page.evaluate(_HREFS) if h.startswith("http")]
    return found
