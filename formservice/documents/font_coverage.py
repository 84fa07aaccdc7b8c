"""The table of characters the PDFs can show, built from the fonts LibreOffice draws them with.

LibreOffice draws a character no document font has with a fallback fontconfig finds among the
fonts ``fonts.conf`` lets it see; when none has it, the PDF shows an empty box. :func:`build_table`
reads the character set of each of those outline fonts (fontconfig's own ``charset``, the one its
fallback chooses by) and classes every code point: ``p`` printable (a font has it, or it is a
layout or default-ignorable character that needs no glyph), ``u`` unusable (controls but tab and
line breaks, surrogates, private use, unassigned and non-characters), ``n`` no font draws it
(and right-to-left scripts outside the BMP, Adlam, Cypriot, Imperial Aramaic …: a font has them,
but in a text of several scripts LibreOffice 7.4 may draw them with the preceding text's font).
``formservice/data/printable.json`` holds the result as runs; the engine refuses ``u`` and ``n``
(:mod:`formservice.engine.printable`). Rebuild it with ``scripts/build_printable_table.py``.
"""

from __future__ import annotations

import json
import os
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

from formservice.documents.soffice import FONTS_CONF

TABLE_PATH = Path(__file__).resolve().parents[1] / "data" / "printable.json"
# Layout characters with no glyph of their own: tab and line breaks, and Unicode's
# Default_Ignorable_Code_Point (DerivedCoreProperties.txt, Unicode 14): joiners, variation
# selectors, bidi controls, tags, soft hyphen. Renderers show nothing for them.
NO_GLYPH = (
    (0x09, 0x0A), (0x0D, 0x0D), (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C),
    (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F), (0x200B, 0x200F), (0x2028, 0x202E),
    (0x2060, 0x206F), (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF),
)  # fmt: skip
LAST_CODE_POINT = 0x10FFFF


def installed_fonts() -> dict[str, list[tuple[int, int]]]:
    """Each outline font fontconfig shows LibreOffice (by real path) and its character ranges."""
    environment = {**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF)}
    listing = subprocess.run(
        ["fc-list", ":outline=true", "--format", "%{file}\t%{charset}\n"],
        capture_output=True, text=True, check=True, env=environment,
    ).stdout  # fmt: skip
    fonts: dict[str, list[tuple[int, int]]] = {}
    for line in listing.splitlines():
        file, _, charset = line.partition("\t")
        ranges = fonts.setdefault(os.path.realpath(file), [])
        for part in charset.split():
            first, _, last = part.partition("-")
            ranges.append((int(first, 16), int(last or first, 16)))
    return dict(sorted(fonts.items()))


def character_class(code_point: int, drawn: bytearray) -> str:
    """``u``, ``p`` or ``n`` for one code point, given which code points a font draws."""
    category = unicodedata.category(chr(code_point))
    if category in ("Cn", "Co", "Cs") or (category == "Cc" and code_point not in (9, 10, 13)):
        return "u"
    if code_point > 0xFFFF and unicodedata.bidirectional(chr(code_point)) in ("R", "AL"):
        return "n"  # LibreOffice 7.4 may draw these with the text before's font: a box
    return "p" if drawn[code_point] else "n"


def build_table(fonts: dict[str, list[tuple[int, int]]] | None = None) -> dict[str, Any]:
    """The table for these fonts (default: the installed ones): runs of one class each."""
    fonts = installed_fonts() if fonts is None else fonts
    drawn = bytearray(LAST_CODE_POINT + 1)
    for first, last in [*NO_GLYPH, *(span for spans in fonts.values() for span in spans)]:
        drawn[first : last + 1] = b"\x01" * (last - first + 1)
    runs: list[list[Any]] = []
    for code_point in range(LAST_CODE_POINT + 1):
        kind = character_class(code_point, drawn)
        if not runs or runs[-1][1] != kind:
            runs.append([code_point, kind])
    return {
        "about": "Characters the PDFs can show (p), cannot (n: no font) and never accept (u); "
        "each run starts at its code point. Built by scripts/build_printable_table.py.",
        "unicode": unicodedata.unidata_version,
        "fonts": list(fonts),
        "runs": runs,
    }


def table_text(table: dict[str, Any]) -> str:
    """The table as the committed file has it: one run per line, so a diff shows what changed."""
    head = {key: value for key, value in table.items() if key != "runs"}
    lines = ",\n".join(f"    {json.dumps(run)}" for run in table["runs"])
    opening = json.dumps(head, indent=2, ensure_ascii=False)[:-2]
    return f'{opening},\n  "runs": [\n{lines}\n  ]\n}}\n'


def write_table(path: Path = TABLE_PATH) -> dict[str, Any]:
    """Build the table from the installed fonts and write it to ``path``."""
    table = build_table()
    path.write_text(table_text(table), encoding="utf-8")
    return table
