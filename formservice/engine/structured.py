"""Reading the answers that have parts: repeating groups, Likert questions, declarations and files.

Each reader returns the typed value and the JSON to store, and records problems on the part's path
(``group[1].sub``, ``likert.statement``, ``declaration.name``). An unreadable part is stored as it
came, so nothing a person typed is lost while the message asks them to correct it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Protocol

from formservice.engine.messages import Text, message
from formservice.engine.model import Field
from formservice.engine.values import (
    LINE_SEPARATORS,
    Invalid,
    _parse_bool,
    _parse_text,
    _show,
    empty,
    refuse_unusable,
)

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_ATTACHMENT_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_SIGNATORY_FIELD = Field(id="signatory", type="text", pointer="", max_length=200)


class Recorder(Protocol):
    """Where problems go: an Evaluation."""

    def add_error(self, path: str, text: Text) -> None: ...


Reader = Callable[[Field, Any, str, Any], tuple[Any, Any]]


def parse_structured(
    field: Field, raw: Any, path: str, result: Recorder, read: Reader
) -> tuple[Any, Any]:
    """Typed value and stored JSON of a group, Likert, declaration or file answer."""
    if raw is None or (isinstance(raw, str) and raw.strip() == ""):
        return None, None
    return _READERS[field.type](field, raw, path, result, read)


def _group(field: Field, raw: Any, path: str, result: Recorder, read: Reader) -> tuple[Any, Any]:
    if not isinstance(raw, list) or not all(isinstance(row, dict) for row in raw):
        result.add_error(path, message("not_option", field.label))
        return None, None
    typed_rows, stored_rows = [], []
    for index, row in enumerate(raw):
        typed_row: dict[str, Any] = {}
        stored_row: dict[str, Any] = {}
        for sub in field.fields:
            if not sub.has_value or sub.type == "computed":
                continue
            typed_row[sub.id], stored_row[sub.id] = read(
                sub, row.get(sub.id), f"{path}[{index}].{sub.id}", result
            )
        typed_rows.append(typed_row)
        stored_rows.append(stored_row)
    return typed_rows or None, stored_rows or None


def _likert(field: Field, raw: Any, path: str, result: Recorder, read: Reader) -> tuple[Any, Any]:
    if not isinstance(raw, dict):
        result.add_error(path, message("likert_missing", field.label))
        return None, None
    scale = {option.value for option in field.scale}
    typed: dict[str, str] = {}
    for statement in field.statements:
        answer = raw.get(statement.value)
        if answer is None or answer == "":
            continue
        if answer not in scale:
            result.add_error(f"{path}.{statement.value}", message("not_option", statement.label))
            continue
        typed[statement.value] = answer
    if typed and len(typed) < len(field.statements):
        result.add_error(path, message("likert_missing", field.label))
    return typed or None, typed or None


def _declaration(
    field: Field, raw: Any, path: str, result: Recorder, read: Reader
) -> tuple[Any, Any]:
    if not isinstance(raw, dict):
        result.add_error(f"{path}.confirmed", message("declaration_unconfirmed", field.label))
        return None, None
    typed: dict[str, Any] = {"confirmed": False, "name": None, "title": None}
    try:
        typed["confirmed"] = bool(raw.get("confirmed")) and _parse_bool(field, raw["confirmed"])
    except Invalid as problem:
        result.add_error(f"{path}.confirmed", problem.text)
    for part in ("name", "title"):
        value = raw.get(part)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        try:
            if not isinstance(value, str):
                raise Invalid(message("not_text", field.label))
            value = value.translate(LINE_SEPARATORS)
            refuse_unusable(field.label, value)
            typed[part] = _parse_text(_SIGNATORY_FIELD, value)
        except Invalid as problem:
            result.add_error(f"{path}.{part}", problem.text)
            typed[part] = value if isinstance(value, str) else None
    if not typed["confirmed"] and empty(typed["name"]) and empty(typed["title"]):
        return None, None
    if typed["confirmed"]:
        for part in ("name", "title"):
            if empty(typed[part]):
                result.add_error(f"{path}.{part}", message(f"declaration_{part}"))
    return typed, typed


def _file(field: Field, raw: Any, path: str, result: Recorder, read: Reader) -> tuple[Any, Any]:
    keys = {"id", "filename", "size", "content_type", "sha256"}
    if (
        not isinstance(raw, dict)
        or set(raw) != keys
        or not isinstance(raw["id"], str)
        or not _ATTACHMENT_ID.match(raw["id"])
        or not isinstance(raw["filename"], str)
        or not 0 < len(raw["filename"]) <= 255
        or not isinstance(raw["sha256"], str)
        or not _SHA256.match(raw["sha256"])
        or not isinstance(raw["size"], int)
        or isinstance(raw["size"], bool)
    ):
        result.add_error(path, message("not_file", field.label))
        return None, None
    if raw["content_type"] != "application/pdf":
        result.add_error(path, message("not_pdf", field.label))
        return None, None
    if raw["size"] > field.max_size_mb * 1024 * 1024:
        limit = _show(Decimal(str(field.max_size_mb)))  # "10", not Python's "10.0"
        result.add_error(path, message("file_too_large", field.label, max=limit))
        return None, None
    return dict(raw), dict(raw)


_READERS = {"group": _group, "likert": _likert, "declaration": _declaration, "file": _file}
