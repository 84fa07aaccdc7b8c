"""The render skips docxtpl's clean-up of a body only where it would change nothing: tables of
any shape (nested, spanned, short or long rows) are judged as docxtpl's own ``fix_tables`` and
``fix_docpr_ids`` leave them, every shipped template's body is one of those, and a template
whose rows outgrow their grid still comes out as docxtpl writes it."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from docxtpl import DocxTemplate
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from formservice.documents import render
from formservice.documents.render import clean, render_docx
from formservice.documents.samples import SAMPLES
from formservice.documents.templates import template_path
from formservice.documents.unchanged_body import unchanged_by_clean_up

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
BODY = f'<w:body xmlns:w="{W}" xmlns:wp="{WP}">{{}}<w:sectPr/></w:body>'
_TEMPLATE = DocxTemplate(str(template_path("avslag", "nb")))


def _docxtpl_cleaned(xml: str) -> bytes:
    """The body after docxtpl's clean-up, canonical."""
    tree = _TEMPLATE.fix_tables(xml)
    _TEMPLATE.docx_ids_index = 1000
    _TEMPLATE.fix_docpr_ids(tree)
    return etree.tostring(tree, method="c14n")


def _canonical(xml: str) -> bytes:
    return etree.tostring(etree.fromstring(xml), method="c14n")


def _cell(span: int, nested: str = "") -> str:
    properties = f'<w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>' if span > 1 else "<w:tcPr/>"
    return f"<w:tc>{properties}<w:p><w:r><w:t>x</w:t></w:r></w:p>{nested}</w:tc>"


@st.composite
def _table(draw: st.DrawFn, depth: int = 0) -> str:
    columns = draw(st.integers(0, 4))
    grid = "".join(f'<w:gridCol w:w="{draw(st.integers(1, 3000))}"/>' for _ in range(columns))
    rows = []
    for _ in range(draw(st.integers(0, 3))):
        cells = [_cell(draw(st.integers(1, 3))) for _ in range(draw(st.integers(0, 5)))]
        if cells and depth < 1 and draw(st.booleans()):
            cells[0] = _cell(1, draw(_table(depth + 1)) + "<w:p/>")
        rows.append("<w:tr>" + "".join(cells) + "</w:tr>")
    return f"<w:tbl><w:tblPr/><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"


@settings(max_examples=400, deadline=None)
@given(st.lists(_table(), min_size=1, max_size=3))
def test_a_body_judged_unchanged_is_what_docxtpl_s_clean_up_makes_of_it(tables):
    xml = BODY.format("<w:p/>".join(tables))
    if unchanged_by_clean_up(xml):
        assert _docxtpl_cleaned(xml) == _canonical(xml)


def test_a_table_whose_rows_span_their_grid_is_judged_unchanged_and_others_are_not():
    grid = '<w:tblGrid><w:gridCol w:w="100"/><w:gridCol w:w="100"/></w:tblGrid>'
    fits = f"<w:tbl>{grid}<w:tr>{_cell(1)}{_cell(1)}</w:tr><w:tr>{_cell(2)}</w:tr></w:tbl>"
    assert unchanged_by_clean_up(BODY.format(fits))
    changed = [
        f"<w:tbl>{grid}<w:tr>{_cell(1)}{_cell(1)}{_cell(1)}</w:tr></w:tbl>",  # a cell too many
        f"<w:tbl>{grid}<w:tr>{_cell(1)}</w:tr></w:tbl>",  # no row spans the grid
        f"<w:tbl>{grid}</w:tbl>",  # no rows at all
        fits + '<w:p><w:r><w:drawing><wp:inline><wp:docPr id="7" name="x"/></wp:inline>'
        "</w:drawing></w:r></w:p>",  # a drawing docxtpl numbers afresh
    ]
    for body in changed:
        assert not unchanged_by_clean_up(BODY.format(body))
        assert _docxtpl_cleaned(BODY.format(body)) != _canonical(BODY.format(body))
    for body in (fits + "<w:p><w:r><w:t>broken</w:r></w:p>", fits + "<!-- <w:tr> -->"):
        assert not unchanged_by_clean_up(BODY.format(body))  # lxml would recover; a comment


@pytest.mark.parametrize("kind", sorted(set(SAMPLES) - {"arsrapport"}))
@pytest.mark.parametrize("language", ["nb", "nn"])
def test_every_shipped_template_s_body_skips_the_clean_up_and_stays_what_it_makes(kind, language):
    path = template_path(kind, language)
    compiled = render._compiled(str(path), render._stamp(path), language)
    context = clean(dict(SAMPLES[kind], reference="«sitat» \"x\" & 'y' <z>\nny linje"))
    body = compiled._finished(compiled.body.render(context), compiled.template)
    assert unchanged_by_clean_up(body)
    assert _docxtpl_cleaned(body) == _canonical(body)


def test_a_template_whose_rows_outgrow_their_grid_is_cleaned_up_as_docxtpl_does(tmp_path):
    document = Document()
    table = document.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ["{%tc for x in xs %}", "{{ x }}", "{%tc endfor %}"],
                          strict=True):  # fmt: skip
        cell.text = text
    document.save(tmp_path / "kolonner.docx")
    context = {"xs": ["a", "b", "c", "d", "e"]}
    quick = render_docx(tmp_path / "kolonner.docx", context)
    slow = render._render_slowly(tmp_path / "kolonner.docx", context, "nb")
    read = lambda data: etree.tostring(  # noqa: E731
        etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")), method="c14n"
    )
    assert read(quick) == read(slow)
    assert read(quick).count(b"<w:gridCol") == 5  # docxtpl widened the grid to the row's cells
