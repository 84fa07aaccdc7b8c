"""The one place that renders documents: Word templates filled by docxtpl in a sandbox.

Templates run in :class:`jinja2.sandbox.SandboxedEnvironment` with autoescaping, so text a user
typed (``<``, ``&``, quotes, ``{{ }}``, ``{% %}``) is data and comes out literally, and a template
cannot reach Python internals. Characters XML 1.0 forbids are removed from the context first, so
the DOCX always opens. Norwegian filters: ``kr``, ``dato``, ``langdato``, ``prosent``, ``tall``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from formservice import formatting
from formservice.files import write_atomically

_XML_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


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
    )
    return env


def render_docx(
    template: Path, context: Mapping[str, Any], out: Path | None = None, *, language: str = "nb"
) -> bytes:
    """Render ``template`` with ``context``; write to ``out`` if given; return the DOCX bytes."""
    try:
        document = _Template(str(template))
        document.render(clean(dict(context)), jinja_env=environment(language), autoescape=True)
        buffer = io.BytesIO()
        document.save(buffer)
    except SecurityError as error:
        raise RenderError(
            f"{template}: the template tried something not allowed: {error}"
        ) from None
    except TemplateError as error:
        raise RenderError(f"{template}: {error.__class__.__name__}: {error}") from None
    except (OSError, KeyError, ValueError) as error:
        raise RenderError(f"{template}: cannot read the template: {error}") from None
    data = buffer.getvalue()
    if out is not None:
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(out, data)
    return data


def template_variables(template: Path) -> set[str]:
    """The top-level variables a template uses."""
    try:
        return set(DocxTemplate(str(template)).get_undeclared_template_variables(environment()))
    except TemplateError as error:
        raise RenderError(f"{template}: {error.__class__.__name__}: {error}") from None
