"""Which characters an answer may hold: those the letters and receipts can show.

``formservice/data/printable.json`` (built from the installed fonts by
:mod:`formservice.documents.font_coverage`) classes every code point in runs: ``p`` printable,
``u`` never usable (controls but tab and line breaks, surrogates, private use, unassigned and
non-characters), ``n`` assigned but drawn by no installed font (the PDF would show a box). The
browser's engine reads the same runs (:mod:`formservice.engine.browser`), so both refuse alike.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from functools import cache
from importlib import resources
from typing import Any, NamedTuple

# Latin-1's printable characters, tab and line breaks are all printable (a test checks it): most
# answers hold nothing else, and deleting these bytes from the Latin-1 encoding leaves the
# controls, in order, with no look-up (some 50 times faster than a regular expression).
_PRINTABLE_LATIN_1 = bytes([9, 10, 13, *range(0x20, 0x7F), *range(0xA0, 0x100)])


class Refused(NamedTuple):
    """The first refused character of a text and why: ``u`` unusable, ``n`` no font."""

    character: str
    kind: str


@cache
def printable_table() -> dict[str, Any]:
    """The committed table, as ``formservice/data/printable.json`` holds it."""
    text = resources.files("formservice").joinpath("data/printable.json").read_text("utf-8")
    return json.loads(text)


@cache
def _runs() -> tuple[list[int], str]:
    runs = printable_table()["runs"]
    return [start for start, _ in runs], "".join(kind for _, kind in runs)


def character_kind(character: str) -> str:
    """``p``, ``u`` or ``n`` for one character."""
    starts, kinds = _runs()
    return kinds[bisect_right(starts, ord(character)) - 1]


def refused_character(text: str) -> Refused | None:
    """The first character of ``text`` that no document can show, and why; None if all can."""
    try:
        controls = text.encode("latin-1").translate(None, _PRINTABLE_LATIN_1)
    except UnicodeEncodeError:
        pass  # beyond Latin-1: look each distinct character up
    else:
        return Refused(chr(controls[0]), "u") if controls else None
    refused = {c: kind for c in set(text) if (kind := character_kind(c)) != "p"}
    if not refused:
        return None
    first = min(refused, key=text.index)
    return Refused(first, refused[first])
