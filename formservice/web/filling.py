"""Between a page of the form in the browser and the stored answers of a submission.

Drafts store the answers as people typed them, merged page by page, so an answer on a page that a
later choice hides is still there if the choice is undone, and a value with a typing error is kept
for correction. Submitting stores the engine's clean answers instead (hidden answers dropped).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from formservice.engine.messages import Text
from formservice.engine.model import Definition, Field, Page
from formservice.engine.result import Evaluation
from formservice.web.forms import html_id

_NO_FIELD = Field(id="", type="text", pointer="")
_ROW_ACTION = re.compile(r"^(add|remove):([a-z0-9_]{1,64})(?::(\d{1,4}))?$")


@dataclass(frozen=True)
class Message:
    """One message for the error summary: the input it links to and the text."""

    anchor: str
    text: Text
    path: str


def form_data(page: Page, answers: dict[str, Any]) -> dict[str, Any]:
    """Stored answers shaped as WTForms data for ``page``'s form."""
    data: dict[str, Any] = {}
    for section in page.sections:
        for item in section.fields:
            if not item.has_value or item.type in ("computed", "file") or item.prefill:
                continue
            data[item.id] = _for_input(item, answers.get(item.id))
    return data


def _for_input(item: Field, value: Any) -> Any:
    if item.type == "group":
        rows = value if isinstance(value, list) else []
        return [
            {sub.id: _for_input(sub, row.get(sub.id)) for sub in item.fields if sub.has_value}
            for row in rows
            if isinstance(row, dict)
        ]
    if item.type in ("likert", "declaration"):
        return value if isinstance(value, dict) else {}
    if item.type == "checkboxes":
        return [str(v) for v in value] if isinstance(value, list) else []
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


def merge_page(answers: dict[str, Any], page: Page, posted: dict[str, Any]) -> dict[str, Any]:
    """The answers with this page's fields replaced by what was posted (files kept as stored).

    A new mapping; the answers of other pages are shared with ``answers``, not copied (a save
    replaces whole answers, and the prefill that follows copies them all anyway)."""
    merged = dict(answers)
    for section in page.sections:
        for item in section.fields:
            if item.id in posted:
                merged[item.id] = posted[item.id]
    return merged


def apply_row_action(answers: dict[str, Any], page: Page, action: str) -> bool:
    """Add a row to, or remove a row from, a repeating group on the page; True if one changed."""
    match = _ROW_ACTION.match(action or "")
    if not match:
        return False
    verb, group_id, index = match.group(1), match.group(2), match.group(3)
    group = next(
        (f for s in page.sections for f in s.fields if f.id == group_id and f.type == "group"),
        None,
    )
    if group is None:
        return False
    rows = answers.get(group_id)
    rows = list(rows) if isinstance(rows, list) else []
    if verb == "add" and len(rows) < group.max_rows:
        rows.append({})
    elif verb == "remove" and index is not None and int(index) < len(rows):
        del rows[int(index)]
    else:
        return False
    answers[group_id] = rows
    return True


def row_focus(answers: dict[str, Any], page: Page, action: str) -> str | None:
    """The id that takes focus after a row action: the new row's first input, or after a removal
    the first input of the row now in its place (the add button when none is left)."""
    match = _ROW_ACTION.match(action or "")
    group = match and next((f for s in page.sections for f in s.fields if f.id == match[2]), None)
    if not group or group.type != "group":
        return None
    rows = answers.get(group.id) if isinstance(answers.get(group.id), list) else []
    if not rows:
        return f"{group.id}-add"
    index = len(rows) - 1 if match[1] == "add" else min(int(match[3] or 0), len(rows) - 1)
    return first_input(group, index)


def first_input(group: Field, index: int) -> str:
    """The id of the first input of a group's row (its first choice for a radio or checkbox)."""
    sub = next(f for f in group.fields if f.has_value and f.type != "computed")
    suffix = "-0" if sub.type in ("radio", "yesno", "checkboxes") else ""
    return f"{group.id}-{index}-{sub.id}{suffix}"


def page_messages(evaluation: Evaluation, page: Page) -> tuple[list[Message], list[Message]]:
    """The errors and warnings of the fields on ``page``, in the order the fields come."""
    errors, warnings = evaluation.messages_on(page)
    order = {f.id: n for n, (_, _, f) in enumerate(_fields_of(page))}

    def listed(messages: dict[str, list[Text]]) -> list[Message]:
        found = [
            Message(anchor=_anchor(evaluation.definition, path), text=text, path=path)
            for path, texts in messages.items()
            for text in texts
        ]
        return sorted(found, key=lambda m: (order.get(_root(m.path), 0), m.path))

    return listed(errors), listed(warnings)


def all_messages(evaluation: Evaluation) -> list[tuple[Page, list[Message]]]:
    """Every visible page's errors, for check-your-answers."""
    pages = []
    for page in evaluation.definition.pages:
        if evaluation.visible.get(page.id):
            errors, _ = page_messages(evaluation, page)
            if errors:
                pages.append((page, errors))
    return pages


def _fields_of(page: Page) -> list[tuple[Page, Any, Field]]:
    return [(page, s, f) for s in page.sections for f in s.fields]


def _root(path: str) -> str:
    return path.split("[", 1)[0].split(".", 1)[0]


def first_anchor(definition: Definition, field_ids: list[str]) -> str:
    """The id that takes focus for the first of these fields a person can answer (computed and
    register values are shown, not answered): its input, the first choice of a radio group or checkboxes, a
    group's fieldset (focusable), a Likert's first choice or a declaration's tick box."""

    def typed_here(field_id: str) -> bool:  # not computed, not a value from the register
        item = definition.field(field_id) or _NO_FIELD
        return item.type != "computed" and not item.prefill

    answerable = [f for f in field_ids if typed_here(f)]
    return _anchor(definition, (answerable or field_ids)[0])


def _anchor(definition: Definition, path: str) -> str:
    """The id of the input a message belongs to (the first choice of a radio group)."""
    item = definition.field(_root(path))
    anchor = html_id(path)
    if item is None:
        return anchor
    if item.type in ("radio", "yesno", "checkboxes") and path == item.id:
        return f"{anchor}-0"
    if item.type == "likert" and path == item.id and item.statements:
        return f"{anchor}-{item.statements[0].value}-0"
    if item.type == "likert":  # one statement: the first choice of its scale
        return f"{anchor}-0"
    if item.type == "group" and path == item.id:
        return f"{anchor}-fieldset"
    if item.type == "declaration" and path == item.id:
        return f"{anchor}-confirmed"
    sub_path = re.match(r"^[^\[]+\[\d+\]\.([a-z0-9_]+)$", path)
    if item.type == "group" and sub_path:
        sub = item.subfield(sub_path.group(1))
        if sub is not None and sub.type in ("radio", "yesno", "checkboxes"):
            return f"{anchor}-0"
    return anchor


def posted_pairs(page: Page, answers: dict[str, Any]) -> list[tuple[str, str]]:
    """The (name, value) pairs a browser posts for ``page`` filled with ``answers`` (files aside).

    The inverse of reading a posted page: scripts, tests and the load benchmark fill pages with it.
    """
    pairs: list[tuple[str, str]] = []
    for name, value in _flatten(page, form_data(page, answers)):
        pairs.extend((name, v) for v in (value if isinstance(value, list) else [value]))
    return pairs


def _flatten(page: Page, data: dict[str, Any]) -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    for item in (f for s in page.sections for f in s.fields):
        value = data.get(item.id)
        if value is None:
            continue
        if item.type == "group":
            for index, row in enumerate(value):
                found += [(f"{item.id}-{index}-{k}", v) for k, v in row.items() if v is not None]
        elif item.type == "declaration":
            if value.get("confirmed"):
                found.append((f"{item.id}-confirmed", "y"))
            found += [(f"{item.id}-{k}", value[k]) for k in ("name", "title") if value.get(k)]
        elif item.type == "likert":
            found += [(f"{item.id}-{k}", v) for k, v in value.items() if v is not None]
        else:
            found.append((item.id, value))
    return found
