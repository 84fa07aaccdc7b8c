"""The one place that renders documents: Word templates filled by docxtpl in a sandbox.

Templates run in :class:`jinja2.sandbox.SandboxedEnvironment` with autoescaping, so text a user
typed (``<``, ``&``, quotes, ``{{ }}``, ``{% %}``) is data and comes out literally, and a template
cannot reach Python internals. Characters XML 1.0 forbids are removed from the context first, so
the DOCX always opens. Norwegian filters: ``kr``, ``dato``, ``langdato``, ``prosent``, ``tall``, and ``orgnr`` and
``kontonr`` that group an organisation or account number as the pages do.
A :class:`Picture` in the context (a chart of the office's report) is placed as an image where
the template prints it; such a document is rendered docxtpl's own way, which can add images.
"""

from __future__ import annotations

import io
import re
import threading
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from lxml import etree

from formservice import formatting
from formservice.documents.unchanged_body import unchanged_by_clean_up
from formservice.files import write_atomically

_XML_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@dataclass(frozen=True)
class Picture:
    """A PNG image for a document, ``width_mm`` wide; the template prints it as ``{{ name }}``
    alone in a paragraph."""

    png: bytes = field(repr=False)
    width_mm: float


def _has_pictures(value: Any) -> bool:
    if isinstance(value, Picture):
        return True
    if isinstance(value, Mapping):
        return any(_has_pictures(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_has_pictures(v) for v in value)
    return False


def _placed(value: Any, document: DocxTemplate) -> Any:
    """The context with each :class:`Picture` made docxtpl's image of this document."""
    if isinstance(value, Picture):
        return InlineImage(document, io.BytesIO(value.png), width=Mm(value.width_mm))
    if isinstance(value, Mapping):
        return {k: _placed(v, document) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_placed(v, document) for v in value]
    return value


class RenderError(Exception):
    """A template could not be rendered; the message names the template and the reason."""


def clean(value: Any) -> Any:
    """The context with every string stripped of characters XML cannot hold (and line breaks
    made plain ``\n``), recursively."""
    if isinstance(value, str):  # a browser's \r\n is one line break, not a break and a stray \r
        return _XML_FORBIDDEN.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    if isinstance(value, Mapping):
        return {str(k): clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean(v) for v in value]
    return value


class _CachingEnvironment(SandboxedEnvironment):
    """Compiles each template part once: docxtpl asks for the same XML on every render."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._compiled: dict[str, Any] = {}

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        template = self._compiled.get(source)
        if template is None:
            template = self._compiled[source] = super().from_string(source)
            if len(self._compiled) > 512:
                self._compiled.pop(next(iter(self._compiled)))
        return template


class _Template(DocxTemplate):
    """docxtpl's template with its XML clean-up (regular expressions over each part, the same
    work for the same template every time) done once per distinct part."""

    def patch_xml(self, src_xml: str) -> str:
        return _patched(src_xml, super().patch_xml)


_patched_parts: dict[str, str] = {}


def _patched(src_xml: str, patch: Any) -> str:
    patched = _patched_parts.get(src_xml)
    if patched is None:
        patched = patch(src_xml)
        if len(_patched_parts) > 256:
            _patched_parts.clear()
        _patched_parts[src_xml] = patched
    return patched


@cache
def environment(language: str = "nb") -> SandboxedEnvironment:
    """The sandboxed Jinja environment with the Norwegian filters for one language."""
    env = _CachingEnvironment(autoescape=True, undefined=StrictUndefined)
    env.filters.update(
        kr=lambda v: formatting.kroner(v, language),
        tall=lambda v: formatting.number(v, language),
        prosent=lambda v: formatting.percent(v, language),
        dato=formatting.short_date,
        langdato=lambda v: formatting.long_date(v, language),
        orgnr=formatting.organisation_number,
        kontonr=formatting.account_number,
    )
    return env


def render_docx(
    template: Path, context: Mapping[str, Any], out: Path | None = None, *, language: str = "nb"
) -> bytes:
    """Render ``template`` with ``context``; write to ``out`` if given; return the DOCX bytes."""
    try:
        compiled = (
            None if _has_pictures(context) else _compiled(str(template), _stamp(template), language)
        )
        data = (
            compiled.render(clean(dict(context)))
            if compiled
            else _render_slowly(template, context, language)
        )
    except SecurityError as error:
        raise RenderError(
            f"{template}: the template tried something not allowed: {error}"
        ) from None
    except TemplateError as error:
        raise RenderError(f"{template}: {error.__class__.__name__}: {error}") from None
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError) as error:
        raise RenderError(f"{template}: cannot read the template: {error}") from None
    if out is not None:
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(out, data)
    return data


def _render_slowly(template: Path, context: Mapping[str, Any], language: str) -> bytes:
    """docxtpl's own way: load the package, render every part, save it whole."""
    document = _Template(str(template))
    filled = _placed(clean(dict(context)), document)
    document.render(filled, jinja_env=environment(language), autoescape=True)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _stamp(template: Path) -> tuple[int, int]:
    status = Path(template).stat()
    return status.st_mtime_ns, status.st_size


class _Compiled:
    """A template read once: docxtpl's clean-up of its body, headers and footers done and compiled,
    the other parts of the package kept as bytes. Rendering then fills the compiled parts with the
    same post-processing docxtpl applies (line breaks, tabs, tables, drawing ids: the last two
    only where they change something, :mod:`unchanged_body`) and appends them
    to the untouched parts, compressed once per template, instead of loading and saving the whole
    package with python-docx. The filled parts are stored, not compressed (some 9 kB more a DOCX;
    Word and LibreOffice read either)."""

    def __init__(self, path: str, language: str) -> None:
        self.path = path
        self.template = _Template(path)
        self.template.init_docx()
        env = environment(language)
        self.body = env.from_string(self._prepared(self.template.get_xml()))
        with zipfile.ZipFile(path) as package:
            self.parts = {info.filename: package.read(info.filename) for info in package.infolist()}
        document = self.parts["word/document.xml"].decode("utf-8")
        start, end = document.index("<w:body"), document.index("</w:body>") + len("</w:body>")
        self.before, self.after = document[:start], document[end:]
        self.others: dict[str, tuple[Any, str]] = {}
        for uri in (self.template.HEADER_URI, self.template.FOOTER_URI):
            for _, part in self.template.get_headers_footers(uri):
                xml = self.template.get_part_xml(part)
                encoding = self.template.get_headers_footers_encoding(xml)
                name = str(part.partname).lstrip("/")
                self.others[name] = (env.from_string(self._prepared(xml)), encoding)
        # the parts no render changes, compressed once: a render appends its own to a copy
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
            for name, data in self.parts.items():
                if name != "word/document.xml" and name not in self.others:
                    package.writestr(name, data)
        self.unchanged = buffer.getvalue()

    def _prepared(self, xml: str) -> str:
        return re.sub(r"<w:p([ >])", r"\n<w:p\1", self.template.patch_xml(xml))

    @staticmethod
    def _finished(xml: str, template: DocxTemplate) -> str:
        """docxtpl's ``render_xml_part`` after the render: paragraphs, escapes, line breaks."""
        xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
        xml = (
            xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        )
        if any(mark in xml for mark in "\n\t\a\f"):
            xml = _resolve_listing(xml, template)
        return xml

    def render(self, context: dict[str, Any]) -> bytes:
        """The DOCX bytes for one context."""
        body = self._finished(self.body.render(context), self.template)
        if not unchanged_by_clean_up(body):  # docxtpl's clean-up would change it: its way
            tree = self.template.fix_tables(body)
            self.template.docx_ids_index = 1000
            self.template.fix_docpr_ids(tree)
            body = etree.tostring(tree, encoding="unicode")
        replaced = {"word/document.xml": (self.before + body + self.after).encode("utf-8")}
        for name, (compiled, encoding) in self.others.items():
            replaced[name] = self._finished(compiled.render(context), self.template).encode(
                encoding
            )
        buffer = io.BytesIO(self.unchanged)  # the parts a render fills are stored: compressing
        with zipfile.ZipFile(buffer, "a", zipfile.ZIP_STORED) as package:  # them was a fifth of it
            for name, data in replaced.items():
                package.writestr(name, data)
        return buffer.getvalue()


_PARAGRAPH = re.compile(
    r"<w:p(?: [^>]*)?>.*?</w:p>", re.S
)  # as docxtpl's resolve_listing finds them
_LISTING = re.compile("[\n\t\a\f]")


def _resolve_listing(xml: str, template: DocxTemplate) -> str:
    """docxtpl's ``resolve_listing`` (line breaks, tabs, new paragraphs, page breaks in text),
    run only on the paragraphs that hold such a character: it finds the same paragraphs and leaves
    every other one as it was, and run on the whole body it was a third of a letter's render."""

    def resolved(found: re.Match[str]) -> str:
        paragraph = found.group(0)
        return template.resolve_listing(paragraph) if _LISTING.search(paragraph) else paragraph

    return _PARAGRAPH.sub(resolved, xml)


_compiled_templates: dict[tuple[str, tuple[int, int], str], _Compiled | None] = {}
_compiled_lock = threading.Lock()


def _compiled(path: str, stamp: tuple[int, int], language: str) -> _Compiled | None:
    """The compiled template (read again when the file changes), or None when it uses what the
    quick way does not do (footnotes, properties or parts with tags of their own): then docxtpl's
    own way renders it."""
    key = (path, stamp, language)
    with _compiled_lock:
        if key in _compiled_templates:
            return _compiled_templates[key]
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
        core = package.read("docProps/core.xml") if "docProps/core.xml" in names else b""
        footnotes = any("footnotes" in n or "endnotes" in n for n in names)
    compiled = None if footnotes or b"{" in core else _Compiled(path, language)
    with _compiled_lock:
        if len(_compiled_templates) > 64:
            _compiled_templates.clear()
        _compiled_templates[key] = compiled
    return compiled


def template_variables(template: Path) -> set[str]:
    """The top-level variables a template uses."""
    try:
        return set(DocxTemplate(str(template)).get_undeclared_template_variables(environment()))
    except TemplateError as error:
        raise RenderError(f"{template}: {error.__class__.__name__}: {error}") from None
