"""The shipped templates look the same on every machine and read well: one installed font, no
theme fonts or colours, heading colours at 4.5:1 on white or more (WCAG 1.4.3), and bullets a
screen reader can name; the PDFs LibreOffice makes of them embed that font and nothing else."""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pytest
from docx import Document
from docx.shared import RGBColor

from formservice.documents.kinds import kind as kind_of
from formservice.documents.libreoffice import ConverterPool
from formservice.documents.pdf import pdf_text
from formservice.documents.render import render_docx
from formservice.documents.template_colours import (
    contrast_on_white,
    template_xml,
    text_colours,
)
from formservice.documents.templates import check_templates

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted((ROOT / "letter_templates").glob("*.docx"))


def test_the_contrast_formula_matches_wcag():
    assert contrast_on_white("FFFFFF") == pytest.approx(1.0)
    assert contrast_on_white("000000") == pytest.approx(21.0)
    assert contrast_on_white("767676") == pytest.approx(4.54, abs=0.01)  # the AA limit's grey
    assert contrast_on_white("4F81BD") < 4.5 < contrast_on_white("365F91")


def test_every_colour_of_the_templates_reads_on_white():
    colours = {path.name: text_colours(path) for path in TEMPLATES}
    assert all(colours.values()), "each template colours its headings"
    assert {name: found for name, found in colours.items()
            if any(contrast_on_white(c) < 4.5 for c in found)} == {}  # fmt: skip
    assert not [path.name for path in TEMPLATES if "themeColor" in template_xml(path)]


def test_the_template_check_names_a_pale_colour_and_where_it_is(tmp_path):
    """python-docx's own heading styles colour levels 2 and 3 #4F81BD, 4.0:1 on white."""
    document = Document()
    document.add_heading("Vedtak", level=1)
    document.add_heading("Vilkår for {{ recipient.name }}", level=2)
    document.save(tmp_path / "avslag.nb.docx")
    problems = check_templates(tmp_path / "avslag.nb.docx")
    assert (
        f"{tmp_path / 'avslag.nb.docx'}: text coloured #4F81BD has a contrast of 4.0:1 on "
        "white; letters need at least 4.5:1 (WCAG 2.1, 1.4.3)" in problems
    )
    assert not any("#365F91" in problem for problem in problems)  # level 1's: 6.6:1


def test_a_run_coloured_just_under_the_limit_is_named_without_rounding_up(tmp_path):
    document = Document()
    document.add_paragraph().add_run("Til {{ recipient.name }}").font.color.rgb = RGBColor(
        0x77, 0x77, 0x77
    )  # 4.48:1
    document.save(tmp_path / "avslag.nb.docx")
    problems = check_templates(tmp_path / "avslag.nb.docx")
    assert [p for p in problems if "#777777" in p] == [
        f"{tmp_path / 'avslag.nb.docx'}: text coloured #777777 has a contrast of 4.4:1 on white; "
        "letters need at least 4.5:1 (WCAG 2.1, 1.4.3)"
    ]


def test_every_template_names_liberation_sans_and_no_theme_font():
    for path in TEMPLATES:
        xml = template_xml(path)
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
