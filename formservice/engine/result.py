"""The outcome of evaluating a form: values, visibility, requiredness, errors and warnings.

An :class:`Evaluation` is what the web layer renders and what ``formservice eval`` prints. Messages
are bilingual ``{"nb": ..., "nn": ...}`` texts; :meth:`Evaluation.to_json` picks one language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from formservice.engine.messages import Text
from formservice.engine.model import Definition, Page, Section
from formservice.engine.values import empty

NOT_STARTED, IN_PROGRESS, COMPLETE = "not_started", "in_progress", "complete"


@dataclass
class Evaluation:
    """Everything the rules say about one set of answers."""

    definition: Definition
    values: dict[str, Any] = field(default_factory=dict)
    answers: dict[str, Any] = field(default_factory=dict)
    visible: dict[str, bool] = field(default_factory=dict)
    required: dict[str, bool] = field(default_factory=dict)
    read_only: dict[str, bool] = field(default_factory=dict)
    errors: dict[str, list[Text]] = field(default_factory=dict)
    warnings: dict[str, list[Text]] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)

    def add_error(self, path: str, text: Text) -> None:
        """Record an error (it blocks submit) on a field path."""
        self.errors.setdefault(path, []).append(text)

    def add_warning(self, path: str, text: Text) -> None:
        """Record a warning (shown, not blocking) on a field path."""
        self.warnings.setdefault(path, []).append(text)

    def forget(self, path: str) -> None:
        """Drop every message on a path and below it (its answer was dropped)."""
        for messages in (self.errors, self.warnings):
            for key in [k for k in messages if k == path or k.startswith((f"{path}[", f"{path}."))]:
                del messages[key]

    @property
    def is_valid(self) -> bool:
        """No errors anywhere: the form can be submitted."""
        return not self.errors

    def messages_on(self, page: Page) -> tuple[dict[str, list[Text]], dict[str, list[Text]]]:
        """The errors and warnings whose paths belong to fields on ``page``."""
        ids = {f.id for s in page.sections for f in s.fields}

        def mine(messages: dict[str, list[Text]]) -> dict[str, list[Text]]:
            return {p: m for p, m in messages.items() if _root(p) in ids}

        return mine(self.errors), mine(self.warnings)

    def section_status(self, section: Section) -> str:
        """Ikke påbegynt / Påbegynt / Fullført for the task list."""
        fields = [f for f in section.fields if f.has_value and f.type != "computed"]
        answered = [f for f in fields if not empty(self.values.get(f.id))]
        if not answered:
            return (
                NOT_STARTED if any(self.required.get(f.id) for f in fields) or fields else COMPLETE
            )
        ids = {f.id for f in section.fields}
        if any(_root(path) in ids for path in self.errors):
            return IN_PROGRESS
        return COMPLETE

    def to_json(self, language: str = "nb") -> dict[str, Any]:
        """A JSON-ready summary in one language, as ``formservice eval`` prints it."""

        def pick(messages: dict[str, list[Text]]) -> dict[str, list[str]]:
            return {path: [m[language] for m in texts] for path, texts in sorted(messages.items())}

        computed = {
            path: value for path, value in _computed_paths(self).items() if value is not None
        }
        return {
            "form": self.definition.key,
            "valid": self.is_valid,
            "computed": computed,
            "visible_pages": [p.id for p in self.definition.pages if self.visible.get(p.id)],
            "hidden_fields": sorted(k for k, v in self.visible.items() if not v and "[" not in k),
            "required": sorted(k for k, v in self.required.items() if v),
            "errors": pick(self.errors),
            "warnings": pick(self.warnings),
            "dropped": sorted(set(self.dropped)),
            "answers": self.answers,
        }


def _root(path: str) -> str:
    return path.split("[", 1)[0].split(".", 1)[0]


def _computed_paths(evaluation: Evaluation) -> dict[str, Any]:
    from formservice.engine.values import to_json

    found: dict[str, Any] = {}
    for _, _, item in evaluation.definition.fields():
        if item.type == "computed":
            found[item.id] = to_json(item, evaluation.values.get(item.id))
        for sub in item.fields:
            if sub.type != "computed":
                continue
            for index, row in enumerate(evaluation.values.get(item.id) or []):
                found[f"{item.id}[{index}].{sub.id}"] = to_json(sub, row.get(sub.id))
    return found
