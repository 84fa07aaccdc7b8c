"""The shipped templates look the same on every machine and read well: one installed font, no
theme fonts or colours, heading colours at 4.5:1 on white or more (WCAG 1.4.3), and bullets a
screen reader can name; the PDFs LibreOffice makes of them embed that font and nothing else."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pikepdf
import pytest

from formservice.documents.kinds import kind as kind_of
from formservice.documents.libreoffice import ConverterPool
from formservice.documents.pdf import pdf_text
from formservice.documents.render import render_docx

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted((ROOT / "letter_templates").glob("*.docx"))
PARTS = re.compile(r"word/(styles|numbering|document|header\d*|footer\d*)\.xml")


def _xml(path: Path) -> str:
    with zipfile.ZipFile(path) as docx:
        return "".join(docx.read(name).decode("utf-8") for name in docx.namelist()
                       if PARTS.fullmatch(name))  # fmt: skip


def _contrast_on_white(hex_colour: str) -> float:
    """WCAG 2.1's contrast ratio of an sRGB colour against white."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))
    luminance = 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    return 1.05 / (luminance + 0.05)


def test_the_contrast_formula_matches_wcag():
    assert _contrast_on_white("000000") == pytest.approx(21.0)
    assert _contrast_on_white("767676") == pytest.approx(4.54, abs=0.01)  # the AA limit's grey
    assert _contrast_on_white("4F81BD") < 4.5 < _contrast_on_white("365F91")


def test_every_colour_of_the_templates_reads_on_white():
    colours = {path.name: re.findall(r'<w:color w:val="([0-9A-Fa-f]{6})"', _xml(path))
               for path in TEMPLATES}  # fmt: skip
    assert all(colours.values()), "each template colours its headings"
    weak = {name: [c for c in found if _contrast_on_white(c) < 4.5]
            for name, found in colours.items()}  # fmt: skip
    assert {name: found for name, found in weak.items() if found} == {}
    assert not [path.name for path in TEMPLATES if "themeColor" in _xml(path)]


def test_every_template_names_liberation_sans_and_no_theme_font():
    for path in TEMPLATES:
        xml = _xml(path)
        named = " ".join(re.findall(r"<w:rFonts ([^>]*)>", xml))
        fonts = set(re.findall(r'w:(?:ascii|hAnsi|eastAsia|cs)="([^"]+)"', named))
        assert fonts == {"Liberation Sans"}, path.name
        assert not re.search(r'w:\w+Theme="', xml), path.name
        bullets = re.findall(r'<w:lvlText w:val="([^"%]*)"', xml)
        assert set(bullets) <= {"\u2022"}, path.name


@pytest.mark.libreoffice
@pytest.mark.xdist_group("libreoffice")
def test_the_pdfs_embed_liberation_sans_only_and_their_bullets_are_bullets(tmp_path):
    made = {}
    with ConverterPool(1, tmp_path / "pool") as pool:
        for kind in ("kvittering", "tilskuddsbrev", "avslag"):
            docx = tmp_path / f"{kind}.docx"
            docx.write_bytes(render_docx(kind_of(kind).template_path("nb", ROOT / "letter_templates"),
                                         kind_of(kind).sample, language="nb"))  # fmt: skip
            made[kind] = pool.convert(docx, tmp_path / f"{kind}.pdf")
    for kind, pdf in made.items():
        with pikepdf.open(pdf) as document:
            fonts = {str(font.BaseFont).split("+")[-1] for page in document.pages
                     for font in page.Resources.Font.values()}  # fmt: skip
        assert fonts <= {"LiberationSans", "LiberationSans-Bold"}, kind
    assert "\u2022" in pdf_text(made["tilskuddsbrev"])  # its conditions are a bulleted list
    assert "\uf0b7" not in pdf_text(made["tilskuddsbrev"])  # the Symbol font's private bullet
