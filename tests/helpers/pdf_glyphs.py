"""Which font draws each character of a PDF, and whether that font really has it.

A PDF's text layer can say 田 while the page shows a box: LibreOffice falls back to a font without
the character (its .notdef glyph), or to a colour bitmap font a PDF viewer draws as nothing, and
still writes the character into the text layer. :func:`drawn_characters` reads the content
streams with pikepdf (the font of each text operator, the codes it shows, each code's characters
from the font's ``ToUnicode``); :func:`undrawable` asks fontconfig whether the font that drew a
character has it, with outlines.
"""

from __future__ import annotations

import re
import subprocess
from functools import cache
from pathlib import Path

import pikepdf

_BFCHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_BFRANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_SHOW = {pikepdf.Operator("Tj"), pikepdf.Operator("TJ"), pikepdf.Operator("'")}
_NOT_DRAWN = {" ", "\u00a0", "\u200d", "\ufe0f", "\ufe0e"}  # spaces and joiners have no glyph


def _utf16(hex_text: bytes) -> str:
    return bytes.fromhex(hex_text.decode()).decode("utf-16-be", "replace")


def _to_unicode(font: pikepdf.Dictionary) -> tuple[dict[int, str], int]:
    """Code → characters, and the code's width in bytes (2 for composite fonts)."""
    width = 2 if font.get("/Subtype") == "/Type0" else 1
    if "/ToUnicode" not in font:
        return {}, width
    cmap = font.ToUnicode.read_bytes()
    codes: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, text in _BFCHAR.findall(block):
            codes[int(code, 16)] = _utf16(text)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for first, last, start in _BFRANGE.findall(block):
            base = _utf16(start)
            for offset in range(int(last, 16) - int(first, 16) + 1):
                codes[int(first, 16) + offset] = base[:-1] + chr(ord(base[-1]) + offset)
    return codes, width


def drawn_characters(pdf: Path) -> list[tuple[str, str]]:
    """Every (character, font name without its subset prefix) the pages draw, in order."""
    found = []
    with pikepdf.open(pdf) as document:
        for page in document.pages:
            fonts = page.Resources.get("/Font", {})
            maps = {name: _to_unicode(fonts[name]) for name in fonts}
            current = None
            for operands, operator in pikepdf.parse_content_stream(page):
                if operator == pikepdf.Operator("Tf"):
                    current = str(operands[0])
                elif operator in _SHOW and current in maps:
                    codes, width = maps[current]
                    name = str(fonts[current].BaseFont).lstrip("/").split("+", 1)[-1]
                    parts = operands[0] if operator == pikepdf.Operator("TJ") else [operands[0]]
                    for part in parts:
                        if isinstance(part, pikepdf.String):
                            raw = bytes(part)
                            for i in range(0, len(raw), width):
                                text = codes.get(int.from_bytes(raw[i : i + width], "big"), "")
                                found += [(character, name) for character in text]
    return found


@cache
def _has(postscript_name: str, character: str) -> bool:
    """Whether fontconfig knows an outline font by that name with the character."""
    names = [postscript_name]
    while "-" in names[-1]:  # LibreOffice adds suffixes (NotoSansCJKjp-Regular-VKana)
        names.append(names[-1].rsplit("-", 1)[0])
    for name in names:
        answer = subprocess.run(
            ["fc-list", f":postscriptname={name}:charset={ord(character):x}:outline=True", "file"],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        if answer.stdout.strip():
            return True
    return False


def undrawable(pdf: Path, text: str) -> list[str]:
    """The characters of ``text`` the PDF draws with a font that lacks them (or has no outlines
    for them), or does not draw at all."""
    drawn = drawn_characters(pdf)
    problems = []
    for character in dict.fromkeys(text):
        if character in _NOT_DRAWN or character.isspace():
            continue
        fonts = {font for shown, font in drawn if shown == character}
        if not fonts:
            problems.append(f"U+{ord(character):04X} is not drawn")
        for font in sorted(fonts):
            if not _has(font, character):
                problems.append(f"U+{ord(character):04X} drawn with {font}, which lacks it")
    return problems
