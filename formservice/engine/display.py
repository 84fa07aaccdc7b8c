"""Every visible answer as people read it, grouped by page and section.

Check-your-answers, the caseworker's read-only view and the acknowledgement letter all show the same
summary built here, so the municipality and the office see exactly the same thing. Values are
formatted the Norwegian way (``1 234 567 kr``, ``23.11.2026``, ``Ja``/``Nei``); the summary is plain
text, and whoever renders it escapes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from formservice import formatting
from formservice.engine.model import Field
from formservice.engine.municipalities import municipality
from formservice.engine.result import Evaluation

YES_NO = {True: {"nb": "Ja", "nn": "Ja"}, False: {"nb": "Nei", "nn": "Nei"}}
NOT_ANSWERED = {"nb": "Ikke besvart", "nn": "Ikkje svara"}
CONFIRMED = {"nb": "Bekreftet av", "nn": "Stadfesta av"}
LIKERT_COLUMNS = ({"nb": "Påstand", "nn": "Påstand"}, {"nb": "Svar", "nn": "Svar"})


@dataclass
class AnswerItem:
    """One question and its answer: ``text`` for plain answers, ``columns``/``rows`` for tables."""

    field_id: str
    label: str
    text: str = ""
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    is_table: bool = False


@dataclass
class SectionAnswers:
    """The answers of one section."""

    id: str
    title: str
    items: list[AnswerItem]

    @property
    def field_ids(self) -> list[str]:
        """The fields of its answers, in order."""
        return [item.field_id for item in self.items]


@dataclass
class PageAnswers:
    """The answers of one page, with its sections."""

    id: str
    title: str
    sections: list[SectionAnswers]


def summarise(evaluation: Evaluation, language: str = "nb") -> list[PageAnswers]:
    """Every visible page, section and answer field of the evaluated form, in order."""
    pages = []
    for page in evaluation.definition.pages:
        if not evaluation.visible.get(page.id):
            continue
        sections = []
        for section in page.sections:
            if not evaluation.visible.get(section.id):
                continue
            items = [
                _item(item, evaluation, language)
                for item in section.fields
                if item.has_value and evaluation.visible.get(item.id)
            ]
            if items:
                sections.append(SectionAnswers(section.id, _text(section.title, language), items))
        if sections:
            pages.append(PageAnswers(page.id, _text(page.title, language), sections))
    return pages


def _item(item: Field, evaluation: Evaluation, language: str) -> AnswerItem:
    label = _text(item.label, language)
    value = evaluation.values.get(item.id)
    if value is None:
        value = evaluation.answers.get(item.id)
        if isinstance(value, str):  # text the engine could not read is shown as typed, unformatted
            return AnswerItem(item.id, label, text=value)
    if item.type == "group":
        subs = [sub for sub in item.fields if sub.has_value]
        rows = [[display(sub, row.get(sub.id), language) for sub in subs] for row in value or []]
        columns = [_text(sub.label, language) for sub in subs]
        return AnswerItem(item.id, label, columns=columns, rows=rows, is_table=True)
    if item.type == "likert" and isinstance(value, dict):
        scale = {option.value: _text(option.label, language) for option in item.scale}
        rows = [
            [_text(statement.label, language), scale.get(value.get(statement.value), "")]
            for statement in item.statements
        ]
        columns = [heading[language] for heading in LIKERT_COLUMNS]
        return AnswerItem(item.id, label, columns=columns, rows=rows, is_table=True)
    return AnswerItem(item.id, label, text=display(item, value, language))


def display(item: Field, value: Any, language: str = "nb") -> str:
    """One answer as text; empty answers read «Ikke besvart»."""
    if value is None or value == "" or value == []:
        return NOT_ANSWERED[language]
    kind = item.kind
    if isinstance(value, bool):
        return YES_NO[value][language]
    if kind == "money":
        return formatting.kroner(value, language)
    if kind == "percent":
        return formatting.percent(value, language)
    if kind in ("integer", "decimal") or isinstance(value, Decimal):
        return formatting.number(value, language)
    if kind == "date":
        return formatting.short_date(value)
    if kind == "orgnr":
        return formatting.organisation_number(value)
    if kind == "kontonr":
        return formatting.account_number(value)
    if kind == "municipality":
        found = municipality(str(value))
        return f"{found.name} ({found.number})" if found else str(value)
    if kind in ("select", "radio", "checkboxes"):
        labels = {option.value: _text(option.label, language) for option in item.options}
        chosen = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(str(choice), str(choice)) for choice in chosen)
    if kind == "declaration" and isinstance(value, dict):
        if not value.get("confirmed"):
            return NOT_ANSWERED[language]
        who = ", ".join(str(value[part]) for part in ("name", "title") if value.get(part))
        return f"{CONFIRMED[language]} {who}".strip()
    if kind == "file" and isinstance(value, dict):
        return f"{value.get('filename', '')} ({formatting.number(value.get('size', 0), language)} byte)"
    if isinstance(value, list | dict):
        return str(value)
    return str(value)


def _text(value: dict[str, str] | None, language: str) -> str:
    return "" if not value else value.get(language) or value.get("nb", "")
