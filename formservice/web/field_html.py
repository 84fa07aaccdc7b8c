"""The HTML of a form page's fields: every field type's inputs, messages and hidden state.

Every field is rendered, those the rules hide with ``hidden``, so the live page (live-form.js) can
show them as the person answers; ``data-path`` names the engine path of each part. This was a set
of Jinja macros; as plain functions a page's fields cost a fifth of the CPU (a macro call is some
ten Python calls, and a page makes hundreds). Every text that is not the output of a WTForms
widget (already escaped) goes through :func:`markupsafe.escape`, as Jinja's autoescape did, and
the parts are joined as plain strings (a str added to Markup would be escaped twice).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import url_for
from markupsafe import Markup, escape

from formservice.engine.display import display
from formservice.engine.model import Field, Text
from formservice.engine.result import Evaluation

Lookup = Callable[[str], list[Text]]
_CHOICE_TYPES = ("radio", "yesno", "checkboxes")
_REGISTER_SLUGS = {"account_number": "kontonummer", "postal_address": "postadresse",
                   "email": "epost"}  # fmt: skip
_INPUT_ATTRS = {
    "integer": 'inputmode="decimal"', "decimal": 'inputmode="decimal"',
    "money": 'inputmode="decimal"', "percent": 'inputmode="decimal"',
    "email": 'autocomplete="email" inputmode="email"', "phone": 'autocomplete="tel" inputmode="tel"',
    "orgnr": 'inputmode="numeric"', "kontonr": 'inputmode="numeric"',
}  # fmt: skip


@dataclass(frozen=True)
class _State:
    """What decides a field's HTML besides the field itself, for one page of one request."""

    language: str
    required: Mapping[str, Any]
    visible: Mapping[str, Any] | None  # None: nothing of this part can be hidden
    values: Mapping[str, Any]
    answers: Mapping[str, Any]
    errs: Lookup
    warns: Lookup
    focus_id: str | None

    def tr(self, bokmal: str, nynorsk: str) -> str:
        return nynorsk if self.language == "nn" else bokmal

    def text(self, value: Text | None) -> str:
        return "" if not value else value.get(self.language) or value.get("nb", "")

    def only_required(self, path: str) -> _State:
        """A Likert statement's or declaration part's state: required, never hidden by a rule."""
        return _State(self.language, {path: True}, None, {}, {}, self.errs, self.warns,
                      self.focus_id)  # fmt: skip


@dataclass(frozen=True)
class PageFields:
    """Renders the fields of one page: :meth:`field` for each, as the page template asks."""

    state: _State
    blank_rows: Mapping[str, Any]
    blank_state: _State

    def field(self, item: Field, form: Any) -> Markup:
        """The HTML of one field of the page."""
        return Markup(_field(item, form, self.state, self))  # noqa: S704 every part is escaped


def page_fields(
    evaluation: Evaluation, errs: Lookup, warns: Lookup, *, language: str,
    focus_id: str | None, blank_rows: Mapping[str, Any], blank_evaluation: Mapping[str, Any],
) -> PageFields:  # fmt: skip
    """The renderer of a page's fields for this evaluation and these messages."""
    state = _State(language, evaluation.required, evaluation.visible, evaluation.values,
                   evaluation.answers, errs, warns, focus_id)  # fmt: skip
    blank = _State(language, blank_evaluation["required"], blank_evaluation["visible"],
                   blank_evaluation["values"], {}, errs, warns, focus_id)  # fmt: skip
    return PageFields(state, blank_rows, blank)


def _e(value: Any) -> str:
    """``value`` escaped for HTML, as plain text to join (adding a str to Markup escapes it)."""
    return str(escape(value))


def _attributes(**attributes: Any) -> str:
    """HTML attributes as WTForms' widgets write them (sorted by name; ``class_`` is ``class``,
    ``aria_x`` is ``aria-x``; True is the bare name, False leaves it out), without building a
    Markup for each: a page has hundreds of inputs."""
    parts = []
    for key, value in sorted(attributes.items()):
        name = key.rstrip("_")
        if name.startswith(("data_", "aria_")):
            name = name.replace("_", "-")
        if value is True:
            parts.append(name)
        elif value is not False:
            parts.append(f'{name}="{_e(value)}"')
    return " ".join(parts)


def _shown(state: _State, path: str) -> str:
    hidden = state.visible is not None and state.visible.get(path, True) is False
    return f'data-path="{_e(path)}"' + (" hidden" if hidden else "")


def _messages(state: _State, id: str, errors: list[Text], warnings: list[Text],
              path: str | None = None) -> str:  # fmt: skip
    parts = []
    linked = f' data-error-for="{_e(path)}" data-input="{_e(id)}"' if path is not None else ""
    wrong = _e(state.tr("Feil", "Feil"))
    for number, message in enumerate(errors, 1):
        parts.append(f'<p class="field-error" id="{_e(id)}-error-{number}"{linked}><span '
                     f'class="visually-hidden">{wrong}: </span>{_e(state.text(message))}</p>')  # fmt: skip
    parts.append("\n")
    if path is not None:
        parts.append(f'<div class="field-warnings" data-warnings-for="{_e(path)}" '
                     f'data-input="{_e(id)}">')  # fmt: skip
    parts.append("\n")
    note = _e(state.tr("Merk", "Merk"))
    for number, message in enumerate(warnings, 1):
        parts.append(f'<p class="field-warning" id="{_e(id)}-warning-{number}"><span '
                     f'class="visually-hidden">{note}: </span>{_e(state.text(message))}</p>')  # fmt: skip
    if path is not None:
        parts.append("\n</div>")
    return "".join(parts)


def _described(id: str, help: Text | None, errors: list[Text], warnings: list[Text]) -> str:
    ids = [f"{id}-help"] if help else []
    ids += [f"{id}-error-{n}" for n in range(1, len(errors) + 1)]
    ids += [f"{id}-warning-{n}" for n in range(1, len(warnings) + 1)]
    return " ".join(ids)


def _optional(state: _State, path: str) -> str:
    if state.required.get(path):
        return ""
    return f' <span class="optional">({_e(state.tr("valgfritt", "valfritt"))})</span>'


def _simple(state: _State, label: str, help: Text | None, type: str, kind: str, wt: Any,
            path: str) -> str:  # fmt: skip
    errors, warnings = state.errs(path), state.warns(path)
    id = _e(wt.id)
    out = [f'\n<div class="ds-field{" has-error" if errors else ""}" {_shown(state, path)}>\n'
           f'<label class="ds-label" for="{id}">{_e(label)}{_optional(state, path)}</label>\n']  # fmt: skip
    if help:
        out.append(f'<p class="help" id="{id}-help">{_e(state.text(help))}</p>')
    out.append(f"\n{_messages(state, wt.id, errors, warnings, path)}\n")
    describedby = _described(wt.id, help, errors, warnings)
    focus = wt.id == state.focus_id
    if type == "textarea":
        attributes = _attributes(aria_describedby=describedby or False, class_="ds-input",
                                 aria_invalid="true" if errors else False, autofocus=focus,
                                 id=wt.id, name=wt.name, rows=6)  # fmt: skip
        out.append(f"<textarea {attributes}>\r\n{_e(wt._value())}</textarea>")
    elif type in ("select", "municipality"):
        out.append(wt(class_="ds-input", aria_describedby=describedby or False,
                      aria_invalid="true" if errors else False, autofocus=focus))  # fmt: skip
    elif type == "file":
        current = state.answers.get(path)
        if current:
            out.append(f'<p id="{id}-current">{_e(state.tr("Lastet opp", "Lasta opp"))}: '
                       f"{_e(current.get('filename', '') if isinstance(current, Mapping) else '')}</p>")  # fmt: skip
        out.append(f'\n<input class="ds-input" type="file" id="{id}" name="{_e(wt.name)}" '
                   f'accept="application/pdf,.pdf"\n')  # fmt: skip
        if describedby:
            out.append(f'aria-describedby="{_e(describedby)}"')
        out.append(' aria-invalid="true">' if errors else ">")
    else:
        out.append(f'<input class="ds-input" type="text" id="{id}" name="{_e(wt.name)}" '
                   f'value="{_e(wt.data or "")}" {_INPUT_ATTRS.get(kind, "")}\n')  # fmt: skip
        if describedby:
            out.append(f'aria-describedby="{_e(describedby)}"')
        out.append(
            (' aria-invalid="true"' if errors else "") + (" autofocus" if focus else "") + ">"
        )
    out.append("\n</div>\n")
    return "".join(out)


def _choices(state: _State, label: str, help: Text | None, wt: Any, path: str) -> str:
    errors, warnings = state.errs(path), state.warns(path)
    id = _e(wt.id)
    described = _described(wt.id, help, errors, warnings)
    out = [f'\n<fieldset class="ds-fieldset{" has-error" if errors else ""}" {_shown(state, path)} '
           + (f'aria-describedby="{_e(described)}"' if described else "")
           + f'>\n<legend class="ds-label">{_e(label)}{_optional(state, path)}</legend>\n']  # fmt: skip
    if help:
        out.append(f'<p class="help" id="{id}-help">{_e(state.text(help))}</p>')
    out.append(f"\n{_messages(state, wt.id, errors, warnings, path)}\n")
    for option in wt:
        rendered = "<input " + _attributes(
            autofocus=option.id == state.focus_id, checked=bool(option.checked), class_="ds-input",
            id=option.id, name=option.name, type=option.widget.input_type, value=option._value(),
        ) + ">"  # fmt: skip
        out.append(f'\n<div class="ds-field choice">\n{rendered} <label class="ds-label" '
                   f'for="{_e(option.id)}">{_e(option.label.text)}</label>\n</div>\n')  # fmt: skip
    out.append("\n</fieldset>\n")
    return "".join(out)


def _computed(state: _State, item: Field, value: Any, id: str, path: str) -> str:
    id = _e(id)
    out = [f'\n<div class="ds-field" {_shown(state, path)}>\n'
           f'<p class="ds-label" id="{id}-label">{_e(state.text(item.label))}</p>\n']  # fmt: skip
    if item.help:
        out.append(f'<p class="help">{_e(state.text(item.help))}</p>')
    shown = "–" if value is None else _e(display(item, value, state.language))
    out.append(f"\n{_messages(state, id, [], state.warns(path), path)}\n"
               f'<output class="computed" id="{id}" aria-labelledby="{id}-label" aria-live="off" '
               f'data-computed="{_e(path)}">{shown}</output>\n</div>\n')  # fmt: skip
    return "".join(out)


def _likert(state: _State, item: Field, wt: Any, path: str) -> str:
    errors = state.errs(path)
    id = _e(wt.id)
    out = [f'\n<fieldset class="ds-fieldset likert{" has-error" if errors else ""}" '
           f'id="{id}-fieldset" tabindex="-1" {_shown(state, path)}>\n<legend class="ds-label">'
           f"{_e(state.text(item.label))}{_optional(state, path)}</legend>\n"]  # fmt: skip
    if item.help:
        out.append(f'<p class="help">{_e(state.text(item.help))}</p>')
    out.append(f"\n{_messages(state, wt.id, errors, state.warns(path), path)}\n")
    for statement in item.statements:
        part = f"{path}.{statement.value}"
        out.append(_choices(state.only_required(part), state.text(statement.label), None,
                            wt[statement.value], part))  # fmt: skip
    out.append("\n</fieldset>\n")
    return "".join(out)


def _declaration(state: _State, item: Field, wt: Any, path: str) -> str:
    errors, confirmed_errors = state.errs(path), state.errs(f"{path}.confirmed")
    id = _e(wt.id)
    wrong = " has-error" if errors or confirmed_errors else ""
    out = [f'\n<fieldset class="ds-fieldset declaration{wrong}" id="{id}-fieldset" tabindex="-1" '
           f'{_shown(state, path)}>\n<legend class="ds-label">{_e(state.text(item.label))}'
           "</legend>\n"]  # fmt: skip
    if item.statement:
        out.append(f'<p id="{id}-statement">{_e(state.text(item.statement))}</p>')
    confirmed = wt.confirmed
    box = confirmed(class_="ds-input", autofocus=confirmed.id == state.focus_id,
                    aria_describedby=f"{wt.id}-statement" if item.statement else False)  # fmt: skip
    out.append(
        f"\n{_messages(state, wt.id, errors, state.warns(path), path)}\n"
        f"{_messages(state, confirmed.id, confirmed_errors, [], f'{path}.confirmed')}\n"
        f'<div class="ds-field choice">\n{box}\n<label class="ds-label" for="{_e(confirmed.id)}">'
        f"{_e(confirmed.label.text)}</label>\n</div>\n"
    )  # fmt: skip
    for part in ("name", "title"):
        sub = f"{path}.{part}"
        out.append(_simple(state.only_required(sub), wt[part].label.text, None, "text", "text",
                           wt[part], sub))  # fmt: skip
    out.append("\n</fieldset>\n")
    return "".join(out)


def _prefilled(state: _State, item: Field) -> str:
    """A value the office holds: never typed. From the register a reportable fact links to its
    change report; from last year's decisions and application a group is shown as a table."""
    tr, text = state.tr, state.text
    errors = state.errs(item.id)
    source = item.prefill["source"]
    slug = _REGISTER_SLUGS.get(item.prefill["key"]) if source == "register" else None
    value = state.values.get(item.id)
    id, label = _e(item.id), _e(text(item.label))
    out = [f'\n<div class="ds-field prefilled{" has-error" if errors else ""}" id="{id}" '
           f'tabindex="-1" {_shown(state, item.id)}>\n<p class="ds-label" id="{id}-label">{label}</p>\n']  # fmt: skip
    if item.help and source == "last_year":
        out.append(f'<p class="help">{_e(text(item.help))}</p>')
    out.append(f"\n{_messages(state, item.id, errors, [])}\n")
    if item.type == "group" and value:
        head = "".join(f'<th scope="col">{_e(text(sub.label))}</th>' for sub in item.fields)
        body = "".join(
            "<tr>" + "".join(
                "<td>" + ("–" if row.get(sub.id) is None
                          else _e(display(sub, row.get(sub.id), state.language))) + "</td>"
                for sub in item.fields
            ) + "</tr>"
            for row in value
        )  # fmt: skip
        out.append(f'<table class="ds-table" aria-labelledby="{id}-label">\n<thead><tr>{head}'
                   f"</tr></thead>\n<tbody>{body}</tbody>\n</table>")  # fmt: skip
    elif item.type == "group":
        out.append(f"<p>{_e(tr('Ingen.', 'Ingen.'))}</p>")
    else:
        if value is not None:
            shown = _e(display(item, value, state.language))
        elif source == "register":
            shown = _e(tr("Mangler i registeret", "Manglar i registeret"))
        else:
            shown = "–"
        out.append(f'<p class="prefilled-value" aria-labelledby="{id}-label">{shown}</p>')
    if source == "last_year":
        out.append('\n<p class="help">' + _e(tr(
            "Fylt ut fra fjorårets vedtak og søknad og kan ikke endres her. Er noe feil, kontakt "
            "Statsforvalteren.",
            "Fylt ut frå vedtaket og søknaden i fjor og kan ikkje endrast her. Er noko feil, "
            "kontakt Statsforvaltaren.")) + "</p>\n")  # fmt: skip
    else:
        out.append('\n<p class="help">'
                   + _e(tr("Hentet fra Statsforvalterens register.",
                               "Henta frå registeret til Statsforvaltaren.")) + "\n")  # fmt: skip
        if slug:
            href = _e(url_for("municipality.report_change", fact=slug))
            out.append(f'<a class="ds-link" href="{href}">{_e(tr("Meld endring", "Meld endring"))}'
                       f'<span class="visually-hidden"> – {label}</span></a>')  # fmt: skip
        else:
            out.append(_e(tr("Er noe feil, kontakt Statsforvalteren.",
                                 "Er noko feil, kontakt Statsforvaltaren.")))  # fmt: skip
        out.append("</p>")
    out.append("\n</div>\n")
    return "".join(out)


def _field(item: Field, form: Any, state: _State, page: PageFields) -> str:
    text = state.text
    if item.prefill:
        return _prefilled(state, item)
    if item.type == "info":
        label = f"<p><strong>{_e(text(item.label))}</strong></p>" if item.label else ""
        help = f"<p>{_e(text(item.help))}</p>" if item.help else ""
        return f'\n<div class="info-text" {_shown(state, item.id)}>{label}{help}</div>\n'
    if item.type == "computed":
        return _computed(state, item, state.values.get(item.id), item.id, item.id)
    if item.type in _CHOICE_TYPES:
        return _choices(state, text(item.label), item.help, form[item.id], item.id)
    if item.type == "likert":
        return _likert(state, item, form[item.id], item.id)
    if item.type == "declaration":
        return _declaration(state, item, form[item.id], item.id)
    if item.type == "group":
        return _group(state, item, form[item.id], page)
    return _simple(state, text(item.label), item.help, item.type, item.kind, form[item.id], item.id)


def _group_row(state: _State, item: Field, entry: Any, index: Any, number: Any,
               row: Mapping[str, Any]) -> str:  # fmt: skip
    row_label = state.text(item.row_label) or state.tr("Rad", "Rad")
    out = [f'\n<fieldset class="ds-fieldset group-row" id="{_e(item.id)}-{_e(index)}-fieldset" '
           f"data-row>\n<legend>{_e(row_label)} <span data-row-number>{_e(number)}</span>"
           "</legend>\n"]  # fmt: skip
    for sub in item.fields:
        path = f"{item.id}[{index}].{sub.id}"
        if sub.type == "computed":
            out.append(_computed(state, sub, row.get(sub.id), f"{item.id}-{index}-{sub.id}", path))
        elif sub.type in _CHOICE_TYPES:
            out.append(_choices(state, state.text(sub.label), sub.help, entry[sub.id], path))
        elif sub.type != "info":
            out.append(_simple(state, state.text(sub.label), sub.help, sub.type, sub.kind,
                               entry[sub.id], path))  # fmt: skip
    remove = _e(state.tr("Fjern", "Fjern"))
    out.append(f'\n<button class="ds-button" data-variant="secondary" type="submit" name="action" '
               f'value="remove:{_e(item.id)}:{_e(index)}">{remove} '
               f"{_e(row_label.lower())} {_e(number)}</button>\n</fieldset>\n")  # fmt: skip
    return "".join(out)


def _group(state: _State, item: Field, wt: Any, page: PageFields) -> str:
    tr = state.tr
    errors = state.errs(item.id)
    row_label = state.text(item.row_label) or tr("rad", "rad")
    id = _e(item.id)
    out = [f'\n<fieldset class="ds-fieldset group{" has-error" if errors else ""}" id="{id}-fieldset" '
           f'tabindex="-1" data-group="{id}" data-max-rows="{item.max_rows}" '
           f'data-row-label="{_e(row_label)}" {_shown(state, item.id)}>\n'
           f'<legend class="ds-label">{_e(state.text(item.label))}</legend>\n']  # fmt: skip
    if item.help:
        out.append(f'<p class="help">{_e(state.text(item.help))}</p>')
    out.append(f"\n{_messages(state, item.id, errors, state.warns(item.id), item.id)}\n")
    rows = state.values.get(item.id) or []
    out.append("\n<div data-rows>\n")
    entries = wt.entries
    for index, entry in enumerate(entries):
        row = rows[index] if index < len(rows) else {}
        out.append(_group_row(state, item, entry, index, index + 1, row))
    out.append("\n</div>\n")
    if page.blank_rows and item.id in page.blank_rows:
        blank = _group_row(page.blank_state, item, page.blank_rows[item.id], "__ROW__",
                           "__NUMBER__", {})  # fmt: skip
        out.append(f"\n<template data-row-template>{blank}</template>\n")
    full = len(entries) >= item.max_rows
    out.append(
        f'\n<p class="help" data-max-rows-note{"" if full else " hidden"}>'
        f"{_e(tr('Du kan ikke legge til flere enn', 'Du kan ikkje leggje til fleire enn'))} "
        f"{item.max_rows}.</p>\n"
        f'<button class="ds-button" data-variant="secondary" type="submit" name="action" '
        f'value="add:{id}" id="{id}-add"{" hidden" if full else ""}>\n'
        f"{_e(tr('Legg til', 'Legg til'))} {_e(row_label.lower())}\n</button>\n</fieldset>\n"
    )
    return "".join(out)
