"""What the browser's copy of the engine needs besides a definition, from the one place it lives.

The JavaScript engine in ``formservice/web/static/engine/`` evaluates definitions as this package
does; it must not keep copies of the engine's data. :func:`browser_catalogue` gives it the
validation messages (both languages), the register of municipalities, python-stdnum's table of
look-alike characters and the table of printable characters, and :func:`browser_definition` what
it reads of a definition.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from stdnum import util as stdnum_util

from formservice.engine.messages import MESSAGES
from formservice.engine.model import Definition
from formservice.engine.municipalities import municipalities
from formservice.engine.printable import printable_table


@cache
def browser_catalogue() -> dict[str, Any]:
    """Messages, municipalities (number to name), the characters stdnum reads as others and the
    runs of printable characters."""
    return {
        "messages": MESSAGES,
        "municipalities": {number: m.name for number, m in municipalities().items()},
        # stdnum maps e.g. full-width digits and dashes to ASCII before checking orgnr and kontonr
        "stdnum_chars": dict(stdnum_util._char_map),
        # which characters the documents can show, in runs (formservice/engine/printable.py)
        "printable": {
            "starts": [start for start, _ in printable_table()["runs"]],
            "kinds": "".join(kind for _, kind in printable_table()["runs"]),
        },
    }


def browser_definition(definition: Definition) -> dict[str, Any]:
    """The definition as the browser reads it: the same JSON the server loaded, and its key."""
    return {"key": definition.key, "hash": definition.content_hash, "definition": definition.raw}
