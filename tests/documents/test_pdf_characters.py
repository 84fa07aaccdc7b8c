"""Every character a person may type comes out in the PDFs: a nynorsk user's «Formål» with emoji,
full-width forms and Chinese/Japanese in the acknowledgement and the grant letter, rendered by
real LibreOffice, is in the text layer and drawn by an outline font that has each character."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from formservice.documents.libreoffice import convert_to_pdf
from formservice.documents.render import render_docx
from formservice.documents.samples import SAMPLES
from formservice.documents.templates import template_path
from tests.helpers.pdf_glyphs import drawn_characters, undrawable

pytestmark = [pytest.mark.libreoffice, pytest.mark.xdist_group("libreoffice")]
PURPOSE = "👩🏽 ＜x＞ 田中"  # the example
MORE = "Ελληνικά Кириллица עברית العربية हिन्दी 한국어 ✔ 🇳🇴 Sámi čđŋšŧž"


def _layer(pdf: Path) -> str:
    """The text layer as poppler's pdftotext reads it, whitespace made single spaces."""
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return " ".join(text.stdout.split())


def _context(kind: str, text: str) -> dict:
    context = json.loads(json.dumps(SAMPLES[kind]))
    if kind == "kvittering":
        [section] = context["pages"][0]["sections"]
        section["items"].append({"label": "Formålet med tilskotet", "text": text,
                                 "is_table": False, "columns": [], "rows": []})  # fmt: skip
    else:  # a position the municipality named, and a condition the caseworker wrote
        context["positions"][0]["title"] = text
        context["conditions"] = [text]
    return context


def _pdf(folder: Path, kind: str, text: str) -> Path:
    docx = folder / f"{kind}.docx"
    render_docx(template_path(kind, "nn"), _context(kind, text), docx, language="nn")
    return convert_to_pdf(docx, folder / f"{kind}.pdf")


@pytest.mark.parametrize("kind", ["kvittering", "tilskuddsbrev"])
def test_emoji_full_width_and_cjk_come_out_in_the_pdf(tmp_path, kind):
    text = f"{PURPOSE} {MORE}"
    pdf = _pdf(tmp_path, kind, text)
    layer = _layer(pdf)
    assert PURPOSE in layer  # the text layer, emoji and its skin tone included
    assert all(word in layer for word in MORE.split()), layer
    assert undrawable(pdf, text) == []
    fonts = {font for _, font in drawn_characters(pdf)}
    assert not any("ColorEmoji" in font for font in fonts), fonts  # drawn as nothing by viewers


def test_the_check_finds_a_character_drawn_with_a_font_that_lacks_it(tmp_path):
    # Toto (Unicode 14) has no font on the machine: LibreOffice writes it into the text layer
    # and draws its fallback's empty glyph; the check must say so
    toto = "\U0001e290"
    pdf = _pdf(tmp_path, "kvittering", f"A{toto}B")
    assert toto in _layer(pdf)
    [problem] = undrawable(pdf, f"A{toto}B")
    assert problem.startswith("U+1E290 drawn with ") and problem.endswith("which lacks it")


def test_skin_tones_and_joined_emoji_are_kept_and_drawn_as_their_parts(tmp_path):
    # No outline emoji font in Debian has the sequences (Noto Color Emoji is a bitmap font a
    # PDF/A cannot show): Symbola draws each part, the text layer keeps the sequence as typed
    text = "👩🏽 👩\u200d👩\u200d👧 👍🏿"
    pdf = _pdf(tmp_path, "kvittering", text)
    layer = _layer(pdf)
    assert "👩🏽" in layer and "👍🏿" in layer, layer
    assert "👩\u200d👩\u200d👧" in layer or "👩👩👧" in layer, layer
    assert undrawable(pdf, text) == []
    drawn = {font for character, font in drawn_characters(pdf) if character in set(text) - {" "}}
    assert drawn == {"Symbola"}, drawn
