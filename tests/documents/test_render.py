"""Rendering in the sandbox: hostile text comes out literally, templates cannot reach Python."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docx import Document
from lxml import etree

from formservice.documents import render
from formservice.documents.render import RenderError, clean, render_docx
from formservice.documents.samples import SAMPLES
from formservice.documents.templates import template_path

HOSTILE = [
    "<script>alert('x')</script> & \"sitat\" 'apostrof'",
    "{{ 7*7 }} {% for x in range(3) %}x{% endfor %} {# kommentar #}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "Rett‮venstre‬ og emoji 😀 og ÆØÅ",
    ']]><xml attr="1"/>&amp;',
    "x" * 10_000,
]


def _text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    return "\n".join(p.text for p in document.paragraphs)


@pytest.mark.parametrize("language", ["nb", "nn"])
@pytest.mark.parametrize("hostile", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_comes_out_literally_and_the_docx_opens(language, hostile):
    context = dict(SAMPLES["avslag"], reason=hostile)
    context["recipient"] = dict(context["recipient"], name=hostile[:200])
    text = _text(render_docx(template_path("avslag", language), context, language=language))
    assert hostile in text
    assert hostile[:200] in text


def test_characters_xml_forbids_are_removed_and_the_rest_kept():
    context = dict(SAMPLES["avslag"], reason="før\x00\x07\x1bettter\ttab")
    text = _text(render_docx(template_path("avslag", "nb"), context))
    assert "førettter\ttab" in text
    assert clean({"a": ["x\x01y", {"b": "\x0bz"}]}) == {"a": ["xy", {"b": "z"}]}
    assert clean("Linje 1\r\nLinje 2\rLinje 3") == "Linje 1\nLinje 2\nLinje 3"


def _template(tmp_path: Path, text: str) -> Path:
    document = Document()
    document.add_paragraph(text)
    path = tmp_path / "mal.docx"
    document.save(path)
    return path


@pytest.mark.parametrize(
    "attack",
    ["{{ ''.__class__.__mro__ }}", "{{ cycler.__init__.__globals__.os }}",
     "{{ recipient.__class__.__base__.__subclasses__() }}"],
)  # fmt: skip
def test_a_template_reaching_python_internals_fails_clearly(tmp_path, attack):
    with pytest.raises(
        RenderError, match=r"mal\.docx: (the template tried something not allowed|UndefinedError)"
    ):
        render_docx(_template(tmp_path, attack), {"recipient": {"name": "x"}})


def test_an_unknown_variable_is_an_error_naming_it(tmp_path):
    with pytest.raises(RenderError, match="ukjent"):
        render_docx(_template(tmp_path, "{{ ukjent }}"), {})


def test_norwegian_filters(tmp_path):
    path = _template(
        tmp_path, "{{ a|kr }} | {{ b|kr }} | {{ d|dato }} | {{ d|langdato }} | {{ p|prosent }}"
    )
    text = _text(render_docx(path, {"a": "1234567", "b": "1234.5", "d": "2021-02-10", "p": "33.3"}))
    assert (
        text
        == "1\u00a0234\u00a0567\u00a0kr | 1\u00a0234,50\u00a0kr | 10.02.2021 | 10. februar 2021 | 33,3\u00a0%"
    )


def _parts(data: bytes) -> dict[str, bytes]:
    """The rendered parts (body, headers, footers) in canonical XML, to compare."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = [n for n in package.namelist() if n.startswith("word/") and n.endswith(".xml")
                 and ("document" in n or "header" in n or "footer" in n)]  # fmt: skip
        return {n: etree.tostring(etree.fromstring(package.read(n)), method="c14n") for n in names}


# the annual report holds pictures, which only docxtpl's own way places: it has no quick render
@pytest.mark.parametrize("kind", sorted(set(SAMPLES) - {"arsrapport"}))
@pytest.mark.parametrize("language", ["nb", "nn"])
def test_the_quick_render_writes_what_docxtpl_writes(kind, language):
    context = dict(SAMPLES[kind], reference=HOSTILE[0] + "\n" + HOSTILE[1] + "\tx")
    if "recipient" in context:  # the office's report has none: it goes to the directorate
        context["recipient"] = dict(
            context["recipient"], name=HOSTILE[3], address="Gate 1\n2000 By"
        )
    quick = render_docx(template_path(kind, language), context, language=language)
    slow = render._render_slowly(template_path(kind, language), context, language)
    assert _parts(quick) == _parts(slow)
    assert set(zipfile.ZipFile(io.BytesIO(quick)).namelist()) >= {"word/document.xml"}


def test_line_breaks_tabs_and_page_marks_resolve_as_docxtpl_resolves_them_in_the_whole_body():
    """The quick render resolves only the paragraphs that hold a mark: the same string as
    docxtpl's resolve_listing over the whole body, byte for byte."""
    template = render._Template(str(template_path("tilskuddsbrev", "nb")))
    body = (
        '<w:body><w:p w:rsidR="1"><w:pPr><w:jc w:val="left"/></w:pPr><w:r><w:rPr><w:b/></w:rPr>'
        "<w:t>a\nb\tc</w:t></w:r><w:r><w:t>plain</w:t></w:r></w:p><w:p><w:r><w:t>untouched</w:t>"
        '</w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t xml:space="preserve">x\ay\fz</w:t></w:r>'
        "</w:p></w:tc></w:tr></w:tbl><w:p><w:r><w:t>&amp; &lt;ok&gt;</w:t></w:r></w:p>"
        '<w:p w:rsidR="2"/><w:p><w:r><w:t>end\n</w:t></w:r></w:p></w:body>'
    )
    assert render._resolve_listing(body, template) == template.resolve_listing(body)
    assert "<w:br/>" in render._resolve_listing(body, template)
