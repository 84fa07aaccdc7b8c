"""Whether a letter template's text colours read on the white page: WCAG 2.1's contrast ratio
(success criterion 1.4.3) of every colour its styles and runs give text, so that a caseworker who
colours a heading in Word learns of a colour too pale before letters go out.

The rule is 4.5:1 for all text. WCAG allows 3:1 for large text (18 pt, or 14 pt bold), but a
style's size can change with each edit, and an official letter loses nothing by the simpler rule.
"""

from __future__ import annotations

import math
import re
import zipfile
from pathlib import Path

AT_LEAST = 4.5
_PARTS = re.compile(r"word/(styles|numbering|document|header\d*|footer\d*)\.xml")
_COLOUR = re.compile(r'<w:color\b[^>]*?\bw:val="([0-9A-Fa-f]{6})"')


def contrast_on_white(colour: str) -> float:
    """WCAG 2.1's contrast ratio of an sRGB colour (``RRGGBB``) against white, 1 to 21."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
    luminance = 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    return 1.05 / (luminance + 0.05)


def template_xml(docx: Path) -> str:
    """The XML of the template's styles, lists, body, headers and footers, one after the other."""
    with zipfile.ZipFile(docx) as archive:
        return "".join(archive.read(name).decode("utf-8", "replace")
                       for name in archive.namelist() if _PARTS.fullmatch(name))  # fmt: skip


def text_colours(docx: Path) -> list[str]:
    """Every colour (``RRGGBB``, upper case) those parts give text, each once, in the order met."""
    return list(dict.fromkeys(c.upper() for c in _COLOUR.findall(template_xml(docx))))


def colour_problems(docx: Path) -> list[str]:
    """One message for each text colour under :data:`AT_LEAST` to 1 on white (of a template
    that renders: :func:`formservice.documents.templates.check_templates` asks after that)."""
    colours = text_colours(docx)
    return [
        f"{docx}: text coloured #{colour} has a contrast of {math.floor(ratio * 10) / 10}:1 "
        f"on white; letters need at least {AT_LEAST}:1 (WCAG 2.1, 1.4.3)"
        for colour in colours
        if (ratio := contrast_on_white(colour)) < AT_LEAST
    ]
