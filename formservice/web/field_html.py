"""The HTML of a form page's fields: every field type's inputs, messages and hidden state.

Every field is rendered, those the rules hide with ``hidden``, so the live page (live-form.js) can
show them as the person answers; ``data-path`` names the engine path of each part. This was a set
of Jinja macros; as plain functions a page's fields cost a fifth of the CPU. Here are the whole
fields (repeating groups with their blank row, Likert scales, declarations, values from the
register or last year) and the choice between them; the single inputs they are made of are in
:mod:`formservice.web.field_inputs`, which escapes every text as Jinja's autoescape did.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import url_for
from markupsafe import Markup

from formservice.engine.display import display
from formservice.engine.model import Field
from formservice.engine.result import Evaluation
from formservice.web.field_inputs import (
    CHOICE_TYPES,
    FieldState,
    Lookup,
    choices,
    computed,
    escaped,
    messages,
    optional,
    shown,
    simple,
)

_REGISTER_SLUGS = {"account_number": "kontonummer", "postal_address": "postadresse",
                   "email": "epost"}  # fmt: skip


@dataclass(frozen=True)
class PageFields:
    """Renders the fields of one page: :meth:`field` for each, as the page template asks."""

    state: FieldState
    blank_rows: Mapping[str, Any]
    blank_state: FieldState

    def field(self, item: Field, form: Any) -> Markup:
        """The HTML of one field of the page."""
        return Markup(_field(item, form, self.state, self))  # noqa: S704 every part is escaped


def page_fields(
    evaluation: Evaluation, errs: Lookup, warns: Lookup, *, language: str,
    focus_id: str | None, blank_rows: Mapping[str, Any], blank_evaluation: Mapping[str, Any],
) -> PageFields:  # fmt: skip
    """The renderer of a page's fields for this evaluation and these messages."""
    state = FieldState(language, evaluation.required, evaluation.visible, evaluation.values,
                   evaluation.answers, errs, warns, focus_id)  # fmt: skip
    blank = FieldState(language, blank_evaluation["required"], blank_evaluation["visible"],
                   blank_evaluation["values"], {}, errs, warns, focus_id)  # fmt: skip
    return PageFields(state, blank_rows, blank)


def _likert(state: FieldState, item: Field, wt: Any, path: str) -> str:
    errors = state.errs(path)
    id = escaped(wt.id)
    out = [f'\n<fieldset class="ds-fieldset likert{" has-error" if errors else ""}" '
           f'id="{id}-fieldset" tabindex="-1" {shown(state, path)}>\n<legend class="ds-label">'
           f"{escaped(state.text(item.label))}{optional(state, path)}</legend>\n"]  # fmt: skip
    if item.help:
        out.append(f'<p class="help">{escaped(state.text(item.help))}</p>')
    out.append(f"\n{messages(state, wt.id, errors, state.warns(path), path)}\n")
    for statement in item.statements:
        part = f"{path}.{statement.value}"
        out.append(choices(state.only_required(part), state.text(statement.label), None,
                            wt[statement.value], part))  # fmt: skip
    out.append("\n</fieldset>\n")
    return "".join(out)


def _declaration(state: FieldState, item: Field, wt: Any, path: str) -> str:
    errors, confirmed_errors = state.errs(path), state.errs(f"{path}.confirmed")
    id = escaped(wt.id)
    wrong = " has-error" if errors or confirmed_errors else ""
    out = [f'\n<fieldset class="ds-fieldset declaration{wrong}" id="{id}-fieldset" tabindex="-1" '
           f'{shown(state, path)}>\n<legend class="ds-label">{escaped(state.text(item.label))}'
           "</legend>\n"]  # fmt: skip
    if item.statement:
        out.append(f'<p id="{id}-statement">{escaped(state.text(item.statement))}</p>')
    confirmed = wt.confirmed
    box = confirmed(class_="ds-input", autofocus=confirmed.id == state.focus_id,
                    aria_describedby=f"{wt.id}-statement" if item.statement else False)  # fmt: skip
    out.append(
        f"\n{messages(state, wt.id, errors, state.warns(path), path)}\n"
        f"{messages(state, confirmed.id, confirmed_errors, [], f'{path}.confirmed')}\n"
        f'<div class="ds-field choice">\n{box}\n<label class="ds-label" for="{escaped(confirmed.id)}">'
        f"{escaped(confirmed.label.text)}</label>\n</div>\n"
    )  # fmt: skip
    for part in ("name", "title"):
        sub = f"{path}.{part}"
        out.append(simple(state.only_required(sub), wt[part].label.text, None, "text", "text",
                           wt[part], sub))  # fmt: skip
    out.append("\n</fieldset>\n")
    return "".join(out)


def _prefilled(state: FieldState, item: Field) -> str:
    """A value the office holds: never typed. From the register a reportable fact links to its
    change report; from last year's decisions and application a group is shown as a table."""
    tr, text = state.tr, state.text
    errors = state.errs(item.id)
    source = item.prefill["source"]
    slug = _REGISTER_SLUGS.get(item.prefill["key"]) if source == "register" else None
    value = state.values.get(item.id)
    id, label = escaped(item.id), escaped(text(item.label))
    out = [f'\n<div class="ds-field prefilled{" has-error" if errors else ""}" id="{id}" '
           f'tabindex="-1" {shown(state, item.id)}>\n<p class="ds-label" id="{id}-label">{label}</p>\n']  # fmt: skip
    if item.help and source == "last_year":
        out.append(f'<p class="help">{escaped(text(item.help))}</p>')
    out.append(f"\n{messages(state, item.id, errors, [])}\n")
    if item.type == "group" and value:
        head = "".join(f'<th scope="col">{escaped(text(sub.label))}</th>' for sub in item.fields)
        body = "".join(
            "<tr>" + "".join(
                "<td>" + ("–" if row.get(sub.id) is None
                          else escaped(display(sub, row.get(sub.id), state.language))) + "</td>"
                for sub in item.fields
            ) + "</tr>"
            for row in value
        )  # fmt: skip
        out.append(f'<table class="ds-table" aria-labelledby="{id}-label">\n<thead><tr>{head}'
                   f"</tr></thead>\n<tbody>{body}</tbody>\n</table>")  # fmt: skip
    elif item.type == "group":
        out.append(f"<p>{escaped(tr('Ingen.', 'Ingen.'))}</p>")
    else:
        if value is not None:
            value_html = escaped(display(item, value, state.language))
        elif source == "register":
            value_html = escaped(tr("Mangler i registeret", "Manglar i registeret"))
        else:
            value_html = "–"
        out.append(f'<p class="prefilled-value" aria-labelledby="{id}-label">{value_html}</p>')
    if source == "last_year":
        out.append('\n<p class="help">' + escaped(tr(
            "Fylt ut fra fjorårets vedtak og søknad og kan ikke endres her. Er noe feil, kontakt "
            "Statsforvalteren.",
            "Fylt ut frå vedtaket og søknaden i fjor og kan ikkje endrast her. Er noko feil, "
            "kontakt Statsforvaltaren.")) + "</p>\n")  # fmt: skip
    else:
        out.append('\n<p class="help">'
                   + escaped(tr("Hentet fra Statsforvalterens register.",
                               "Henta frå registeret til Statsforvaltaren.")) + "\n")  # fmt: skip
        if slug:
            href = escaped(url_for("municipality.report_change", fact=slug))
            out.append(f'<a class="ds-link" href="{href}">{escaped(tr("Meld endring", "Meld endring"))}'
                       f'<span class="visually-hidden"> – {label}</span></a>')  # fmt: skip
        else:
            out.append(escaped(tr("Er noe feil, kontakt Statsforvalteren.",
                                 "Er noko feil, kontakt Statsforvaltaren.")))  # fmt: skip
        out.append("</p>")
    out.append("\n</div>\n")
    return "".join(out)


def _field(item: Field, form: Any, state: FieldState, page: PageFields) -> str:
    text = state.text
    if item.prefill:
        return _prefilled(state, item)
    if item.type == "info":
        label = f"<p><strong>{escaped(text(item.label))}</strong></p>" if item.label else ""
        help = f"<p>{escaped(text(item.help))}</p>" if item.help else ""
        return f'\n<div class="info-text" {shown(state, item.id)}>{label}{help}</div>\n'
    if item.type == "computed":
        return computed(state, item, state.values.get(item.id), item.id, item.id)
    if item.type in CHOICE_TYPES:
        return choices(state, text(item.label), item.help, form[item.id], item.id)
    if item.type == "likert":
        return _likert(state, item, form[item.id], item.id)
    if item.type == "declaration":
        return _declaration(state, item, form[item.id], item.id)
    if item.type == "group":
        return _group(state, item, form[item.id], page)
    return simple(state, text(item.label), item.help, item.type, item.kind, form[item.id], item.id)


def _group_row(state: FieldState, item: Field, entry: Any, index: Any, number: Any,
               row: Mapping[str, Any]) -> str:  # fmt: skip
    row_label = state.text(item.row_label) or state.tr("Rad", "Rad")
    out = [f'\n<fieldset class="ds-fieldset group-row" id="{escaped(item.id)}-{escaped(index)}-fieldset" '
           f"data-row>\n<legend>{escaped(row_label)} <span data-row-number>{escaped(number)}</span>"
           "</legend>\n"]  # fmt: skip
    for sub in item.fields:
        path = f"{item.id}[{index}].{sub.id}"
        if sub.type == "computed":
            out.append(computed(state, sub, row.get(sub.id), f"{item.id}-{index}-{sub.id}", path))
        elif sub.type in CHOICE_TYPES:
            out.append(choices(state, state.text(sub.label), sub.help, entry[sub.id], path))
        elif sub.type != "info":
            out.append(simple(state, state.text(sub.label), sub.help, sub.type, sub.kind,
                               entry[sub.id], path))  # fmt: skip
    remove = escaped(state.tr("Fjern", "Fjern"))
    out.append(f'\n<button class="ds-button" data-variant="secondary" type="submit" name="action" '
               f'value="remove:{escaped(item.id)}:{escaped(index)}">{remove} '
               f"{escaped(row_label.lower())} {escaped(number)}</button>\n</fieldset>\n")  # fmt: skip
    return "".join(out)


def _group(state: FieldState, item: Field, wt: Any, page: PageFields) -> str:
    tr = state.tr
    errors = state.errs(item.id)
    row_label = state.text(item.row_label) or tr("rad", "rad")
    id = escaped(item.id)
    out = [f'\n<fieldset class="ds-fieldset group{" has-error" if errors else ""}" id="{id}-fieldset" '
           f'tabindex="-1" data-group="{id}" data-max-rows="{item.max_rows}" '
           f'data-row-label="{escaped(row_label)}" {shown(state, item.id)}>\n'
           f'<legend class="ds-label">{escaped(state.text(item.label))}</legend>\n']  # fmt: skip
    if item.help:
        out.append(f'<p class="help">{escaped(state.text(item.help))}</p>')
    out.append(f"\n{messages(state, item.id, errors, state.warns(item.id), item.id)}\n")
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
        f"{escaped(tr('Du kan ikke legge til flere enn', 'Du kan ikkje leggje til fleire enn'))} "
        f"{item.max_rows}.</p>\n"
        f'<button class="ds-button" data-variant="secondary" type="submit" name="action" '
        f'value="add:{id}" id="{id}-add"{" hidden" if full else ""}>\n'
        f"{escaped(tr('Legg til', 'Legg til'))} {escaped(row_label.lower())}\n</button>\n</fieldset>\n"
    )
    return "".join(out)
