"""The in-memory model of a form definition: pages of sections of fields, built from checked JSON.

The model is read-only and knows nothing of answers; :mod:`formservice.engine.evaluate` applies it to
a set of answers. Build one with :func:`build_definition` after the JSON has passed the schema (the
loader in :mod:`formservice.engine.loader` does both).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

Text = dict[str, str]  # {"nb": ..., "nn": ...}
LANGUAGES = ("nb", "nn")

VALUE_FIELD_TYPES = frozenset(
    {
        "text", "textarea", "integer", "decimal", "money", "percent", "date", "email", "phone",
        "orgnr", "kontonr", "municipality", "select", "radio", "checkboxes", "yesno", "likert",
        "group", "computed", "declaration", "file",
    }
)  # fmt: skip
NUMBER_TYPES = frozenset({"integer", "decimal", "money", "percent"})


@dataclass(frozen=True)
class Rule:
    """A cross-field check: when ``assert_`` is not true, ``message`` is shown on ``field``."""

    id: str
    assert_: Any
    message: Text
    severity: str = "error"
    when: Any = True
    field: str | None = None
    pointer: str = ""


@dataclass(frozen=True)
class Option:
    """One choice of a select, radio, checkboxes or Likert scale."""

    value: str
    label: Text


@dataclass(frozen=True)
class Field:
    """One question (or a repeating group of questions, or static help text)."""

    id: str
    type: str
    pointer: str
    label: Text | None = None
    help: Text | None = None
    required: Any = False
    visible_if: Any = True
    read_only: Any = False
    min: Any = None
    max: Any = None
    decimals: int | None = None
    min_length: int | None = None
    max_length: int | None = None
    options: tuple[Option, ...] = ()
    min_selected: int | None = None
    max_selected: int | None = None
    scale: tuple[Option, ...] = ()
    statements: tuple[Option, ...] = ()
    fields: tuple[Field, ...] = ()
    min_rows: int = 0
    max_rows: int = 100
    row_label: Text | None = None
    expression: Any = None
    value_type: str | None = None
    statement: Text | None = None
    max_size_mb: float = 10.0
    rules: tuple[Rule, ...] = ()
    prefill: dict[str, str] | None = None  # {"source": ..., "key": ...}: see engine.prefill

    @property
    def has_value(self) -> bool:
        """Whether the field holds an answer (info text does not)."""
        return self.type in VALUE_FIELD_TYPES

    @property
    def kind(self) -> str:
        """The type that decides how the value looks: a computed field's value type, else its type."""
        return self.value_type or "text" if self.type == "computed" else self.type

    def subfield(self, field_id: str) -> Field | None:
        """A group's sub-field by id."""
        return next((f for f in self.fields if f.id == field_id), None)


@dataclass(frozen=True)
class Section:
    """A titled set of fields on a page; the unit of the task list."""

    id: str
    title: Text
    fields: tuple[Field, ...]
    pointer: str
    intro: Text | None = None
    visible_if: Any = True


@dataclass(frozen=True)
class Page:
    """One step of the form."""

    id: str
    title: Text
    sections: tuple[Section, ...]
    pointer: str
    intro: Text | None = None
    visible_if: Any = True


@dataclass(frozen=True)
class Definition:
    """A whole form definition, identified by ``id`` and ``version``."""

    id: str
    version: int
    status: str
    title: Text
    scheme: dict[str, Any]
    pages: tuple[Page, ...]
    rules: tuple[Rule, ...] = ()
    migrations: tuple[dict[str, Any], ...] = ()
    intro: Text | None = None
    grant: dict[str, Any] | None = None
    source: str = ""
    content_hash: str = ""
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def key(self) -> str:
        """``id@version``, the name submissions are pinned to."""
        return f"{self.id}@{self.version}"

    @property
    def deadline(self) -> dt.date:
        """The scheme's deadline as a date."""
        return dt.date.fromisoformat(self.scheme["deadline"])

    def fields(self) -> Iterator[tuple[Page, Section, Field]]:
        """Every top-level field with its page and section, in form order."""
        for page in self.pages:
            for section in page.sections:
                for item in section.fields:
                    yield page, section, item

    def field(self, field_id: str) -> Field | None:
        """A top-level field by id."""
        return self.fields_by_id.get(field_id)

    @property
    def fields_by_id(self) -> dict[str, Field]:
        """Top-level fields keyed by id (built once; the model is immutable)."""
        cached = self.__dict__.get("_fields_by_id")
        if cached is None:
            cached = {f.id: f for _, _, f in self.fields()}
            object.__setattr__(self, "_fields_by_id", cached)
        return cached

    def page(self, page_id: str) -> Page | None:
        """A page by id."""
        return next((p for p in self.pages if p.id == page_id), None)


def _rule(raw: dict[str, Any], pointer: str) -> Rule:
    return Rule(
        id=raw["id"],
        assert_=raw["assert"],
        message=raw["message"],
        severity=raw.get("severity", "error"),
        when=raw.get("when", True),
        field=raw.get("field"),
        pointer=pointer,
    )


def _options(raw: list[dict[str, Any]] | None) -> tuple[Option, ...]:
    return tuple(Option(o["value"] if "value" in o else o["id"], o["label"]) for o in raw or ())


def _field(raw: dict[str, Any], pointer: str) -> Field:
    simple = {
        key: raw[key]
        for key in (
            "label", "help", "required", "visible_if", "read_only", "min", "max", "decimals",
            "min_length", "max_length", "min_selected", "max_selected", "min_rows", "max_rows",
            "row_label", "expression", "value_type", "statement", "max_size_mb", "prefill",
        )
        if key in raw
    }  # fmt: skip
    return Field(
        id=raw["id"],
        type=raw["type"],
        pointer=pointer,
        options=_options(raw.get("options")),
        scale=_options(raw.get("scale")),
        statements=_options(raw.get("statements")),
        fields=tuple(
            _field(sub, f"{pointer}/fields/{i}") for i, sub in enumerate(raw.get("fields", ()))
        ),
        rules=tuple(_rule(r, f"{pointer}/rules/{i}") for i, r in enumerate(raw.get("rules", ()))),
        **simple,
    )


def build_definition(
    raw: dict[str, Any], *, source: str = "", content_hash: str = ""
) -> Definition:
    """Build the model from JSON that has passed the schema."""
    pages = []
    for p, page in enumerate(raw["pages"]):
        sections = []
        for s, section in enumerate(page["sections"]):
            base = f"/pages/{p}/sections/{s}"
            sections.append(
                Section(
                    id=section["id"],
                    title=section["title"],
                    intro=section.get("intro"),
                    visible_if=section.get("visible_if", True),
                    pointer=base,
                    fields=tuple(
                        _field(f, f"{base}/fields/{i}") for i, f in enumerate(section["fields"])
                    ),
                )
            )
        pages.append(
            Page(
                id=page["id"],
                title=page["title"],
                intro=page.get("intro"),
                visible_if=page.get("visible_if", True),
                pointer=f"/pages/{p}",
                sections=tuple(sections),
            )
        )
    return Definition(
        id=raw["id"],
        version=raw["version"],
        status=raw["status"],
        title=raw["title"],
        intro=raw.get("intro"),
        scheme=raw["scheme"],
        pages=tuple(pages),
        rules=tuple(_rule(r, f"/rules/{i}") for i, r in enumerate(raw.get("rules", ()))),
        migrations=tuple(raw.get("migrations", ())),
        grant=raw.get("grant"),
        source=source,
        content_hash=content_hash,
        raw=raw,
    )
