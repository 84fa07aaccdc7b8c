"""WTForms classes built from one page of a form definition.

The classes carry the inputs and the CSRF token; they hold no validators of their own, because the
engine validates every answer on the server (:func:`formservice.engine.evaluate`). Names follow
WTForms (``group-0-sub``, ``likert-statement``), and :func:`html_id` maps an engine path to them,
so the error summary can link to the right input.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from markupsafe import Markup
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms import (
    Field as WTField,
)
from wtforms.fields.choices import Choice
from wtforms.widgets import CheckboxInput, ListWidget, Select, html_params

from formservice.engine.model import Field, Page
from formservice.engine.municipalities import municipalities

_TEXT_INPUTS = {"text", "email", "phone", "orgnr", "kontonr", "integer", "decimal", "money",
                "percent", "date"}  # fmt: skip
YES_NO = [SelectChoice("true", "Ja"), SelectChoice("false", "Nei")]
_CHOOSE = {"nb": "Velg …", "nn": "Vel …"}


class BoundedFieldList(FieldList):
    """The rows of a repeating group as posted: at most the definition's ``max_rows`` (the rest of
    a post that carries more is not read), and only rows numbered with ASCII digits. WTForms'
    own reading took ``rader-²-x`` for a row number and failed in ``int('²')``."""

    def _extract_indices(self, prefix: str, formdata: Any) -> Any:
        offset = len(prefix) + 1
        for key in formdata:
            if key.startswith(prefix):
                number = key[offset:].split(self._field_separator, 1)[0]
                if number.isascii() and number.isdigit() and len(number) <= 6:
                    yield int(number)


class MultiCheckboxField(SelectMultipleField):
    """Checkboxes: a multiple choice rendered as a list of checkbox inputs."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def text(value: dict[str, str] | None, language: str) -> str:
    """One language of a bilingual text (bokmål when the language is missing)."""
    return "" if not value else value.get(language) or value.get("nb", "")


def _choices(options: Any, language: str) -> list[SelectChoice]:
    return [SelectChoice(option.value, text(option.label, language)) for option in options]


def _wtfield(field: Field, language: str) -> WTField | None:
    label = text(field.label, language)
    kind = field.type
    if kind in _TEXT_INPUTS:
        return StringField(label)
    if kind == "textarea":
        return TextAreaField(label)
    if kind == "municipality":
        choices, widget = _municipality_choices(language)
        return SelectField(label, choices=choices, validate_choice=False, widget=widget)
    if kind == "select":
        choices = [SelectChoice("", _CHOOSE[language]), *_choices(field.options, language)]
        return SelectField(label, choices=choices, validate_choice=False)
    if kind == "radio":
        return RadioField(label, choices=_choices(field.options, language), validate_choice=False)
    if kind == "yesno":
        return RadioField(label, choices=YES_NO, validate_choice=False)
    if kind == "checkboxes":
        return MultiCheckboxField(
            label, choices=_choices(field.options, language), validate_choice=False
        )
    if kind == "likert":
        return FormField(_likert_form(field, language), label=label)
    if kind == "declaration":
        return FormField(_declaration_form(language), label=label)
    if kind == "group":
        return BoundedFieldList(
            FormField(_row_form(field, language)),
            label=label,
            min_entries=0,
            max_entries=field.max_rows,
        )
    if kind == "file":
        return FileField(label)
    return None  # computed values and help texts are shown, not entered


@cache
def _municipality_choices(language: str) -> tuple[list[SelectChoice], LongSelect]:
    choices = [SelectChoice("", _CHOOSE[language])] + [
        SelectChoice(m.number, f"{m.name} ({m.number})") for m in municipalities().values()
    ]
    return choices, LongSelect(choices)


class LongSelect(Select):
    """A select of a long, fixed list (the 357 municipalities), its options escaped once.

    WTForms' own widget escapes and formats every option on every page view, which took most
    of a form page's time; here only the selected option is rendered afresh.
    """

    def __init__(self, choices: list[SelectChoice]) -> None:
        super().__init__()
        self._options = [self._option(choice, selected=False) for choice in choices]
        self._position = {choice.value: n for n, choice in enumerate(choices)}
        self._choices = choices

    def _option(self, choice: SelectChoice, *, selected: bool) -> str:
        return self.render_option(
            Choice(value=choice.value, label=choice.label, selected=selected, render_kw=None)
        )

    def __call__(self, field: WTField, **kwargs: Any) -> Markup:
        kwargs.setdefault("id", field.id)
        flags = getattr(field, "flags", {})
        for name in self.validation_attrs:
            if name not in kwargs and getattr(flags, name, False):
                kwargs[name] = True
        options = list(self._options)
        position = self._position.get(field.data)
        if position is not None:
            options[position] = self._option(self._choices[position], selected=True)
        params = html_params(name=field.name, **kwargs)  # escapes every value, as WTForms does
        return Markup(f"<select {params}>{''.join(options)}</select>")  # noqa: S704 options are Markup


def _likert_form(field: Field, language: str) -> type[Form]:
    scale = _choices(field.scale, language)
    attributes = {
        statement.value: RadioField(
            text(statement.label, language), choices=scale, validate_choice=False
        )
        for statement in field.statements
    }
    return type(f"Likert_{field.id}", (Form,), attributes)


def _declaration_form(language: str) -> type[Form]:
    labels = {
        "nb": ("Jeg bekrefter", "Navn på den som signerer", "Stilling"),
        "nn": ("Eg stadfestar", "Namn på den som signerer", "Stilling"),
    }[language]
    return type(
        "Declaration",
        (Form,),
        {
            "confirmed": BooleanField(labels[0]),
            "name": StringField(labels[1]),
            "title": StringField(labels[2]),
        },
    )


def _row_form(group: Field, language: str) -> type[Form]:
    attributes = {}
    for sub in group.fields:
        field = _wtfield(sub, language)
        if field is not None:
            attributes[sub.id] = field
    return type(f"Row_{group.id}", (Form,), attributes)


def blank_row(group: Field, language: str) -> Form:
    """A row of a group with ``__ROW__`` for its index: the live page's template for a new row."""
    return _row_form(group, language)(formdata=None, prefix=f"{group.id}-__ROW__-")


def page_form_class(page: Page, language: str = "nb") -> type[FlaskForm]:
    """A FlaskForm class with one input (or sub-form) per answer field on ``page``.

    Made once per page and language and kept with the page (a definition's pages are read-only,
    and a new version is new pages): the class holds only the inputs' labels and choices, each
    request's answers and token are in its own instance. WTForms sorts a class's fields on its
    first instance, which with the class itself cost a save a twentieth of its CPU."""
    made = page.__dict__.get("_form_classes")
    if made is None:
        made = {}
        object.__setattr__(page, "_form_classes", made)
    if language not in made:
        made[language] = _page_form_class(page, language)
    return made[language]


def _page_form_class(page: Page, language: str) -> type[FlaskForm]:
    attributes: dict[str, Any] = {}
    for section in page.sections:
        for field in section.fields:
            if field.prefill:  # shown read-only from its source: no input, nothing posted is read
                continue
            wtfield = _wtfield(field, language)
            if wtfield is not None:
                attributes[field.id] = wtfield
    return type(f"Page_{page.id}", (FlaskForm,), attributes)


def answers_from_form(form: FlaskForm, page: Page) -> dict[str, Any]:
    """The raw answers of a submitted page form, shaped as the engine reads them."""
    answers: dict[str, Any] = {}
    for section in page.sections:
        for field in section.fields:
            if field.id not in form._fields or field.type == "file" or field.prefill:
                continue
            data = form[field.id].data
            if field.type == "declaration":
                data = {**data, "confirmed": bool(data.get("confirmed"))}
            answers[field.id] = data
    return answers


def html_id(path: str) -> str:
    """The id of the input an engine path names: ``g[0].sub`` → ``g-0-sub``, ``l.s`` → ``l-s``."""
    return re.sub(r"\[(\d+)\]\.?", r"-\1-", path).replace(".", "-").rstrip("-")


class SubmitForm(FlaskForm):
    """A button-only form (submit, start, send): the CSRF token and the version it is based on."""

    base_version = HiddenField()
