"""The HTML of a form page's single inputs: text, choices and computed values, their messages.

Plain functions, not Jinja macros: a macro call is some ten Python calls and a page makes
hundreds. Every text that is not already escaped goes through :func:`escaped`, as Jinja's
autoescape did, and the parts are joined as plain strings (a str added to Markup would be escaped
twice). :mod:`formservice.web.field_html` builds whole fields (groups, Likert scales,
declarations, values from the register) from these.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import escape

from formservice.engine.display import display
from formservice.engine.model import Field, Text

Lookup = Callable[[str], list[Text]]
CHOICE_TYPES = ("radio", "yesno", "checkboxes")
_INPUT_ATTRS = {
    "integer": 'inputmode="decimal"', "decimal": 'inputmode="decimal"',
    "money": 'inputmode="decimal"', "percent": 'inputmode="decimal"',
    "email": 'autocomplete="email" inputmode="email"', "phone": 'autocomplete="tel" inputmode="tel"',
    "orgnr": 'inputmode="numeric"', "kontonr": 'inputmode="numeric"',
}  # fmt: skip


@dataclass(frozen=True)
class FieldState:
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

    def only_required(self, path: str) -> FieldState:
        """A Likert statement's or declaration part's state: required, never hidden by a rule."""
        return FieldState(self.language, {path: True}, None, {}, {}, self.errs, self.warns,
                      self.focus_id)  # fmt: skip


def escaped(value: Any) -> str:
    """``value`` escaped for HTML, as plain text to join (adding a str to Markup escapes it)."""
    return str(escape(value))


def attributes(**given: Any) -> str:
    """HTML attributes as WTForms' widgets write them (sorted by name; ``class_`` is ``class``,
    ``aria_x`` is ``aria-x``; True is the bare name, False leaves it out), without building a
    Markup for each: a page has hundreds of inputs."""
    parts = []
    for key, value in sorted(given.items()):
        name = key.rstrip("_")
        if name.startswith(("data_", "aria_")):
            name = name.replace("_", "-")
        if value is True:
            parts.append(name)
        elif value is not False:
            parts.append(f'{name}="{escaped(value)}"')
    return " ".join(parts)


def shown(state: FieldState, path: str) -> str:
    hidden = state.visible is not None and state.visible.get(path, True) is False
    return f'data-path="{escaped(path)}"' + (" hidden" if hidden else "")


def messages(state: FieldState, id: str, errors: list[Text], warnings: list[Text],
              path: str | None = None) -> str:  # fmt: skip
    parts = []
    linked = (
        f' data-error-for="{escaped(path)}" data-input="{escaped(id)}"' if path is not None else ""
    )
    wrong = escaped(state.tr("Feil", "Feil"))
    for number, message in enumerate(errors, 1):
        parts.append(f'<p class="field-error" id="{escaped(id)}-error-{number}"{linked}><span '
                     f'class="visually-hidden">{wrong}: </span>{escaped(state.text(message))}</p>')  # fmt: skip
    parts.append("\n")
    if path is not None:
        parts.append(f'<div class="field-warnings" data-warnings-for="{escaped(path)}" '
                     f'data-input="{escaped(id)}">')  # fmt: skip
    parts.append("\n")
    note = escaped(state.tr("Merk", "Merk"))
    for number, message in enumerate(warnings, 1):
        parts.append(f'<p class="field-warning" id="{escaped(id)}-warning-{number}"><span '
                     f'class="visually-hidden">{note}: </span>{escaped(state.text(message))}</p>')  # fmt: skip
    if path is not None:
        parts.append("\n</div>")
    return "".join(parts)


def described(id: str, help: Text | None, errors: list[Text], warnings: list[Text]) -> str:
    ids = [f"{id}-help"] if help else []
    ids += [f"{id}-error-{n}" for n in range(1, len(errors) + 1)]
    ids += [f"{id}-warning-{n}" for n in range(1, len(warnings) + 1)]
    return " ".join(ids)


def optional(state: FieldState, path: str) -> str:
    if state.required.get(path):
        return ""
    return f' <span class="optional">({escaped(state.tr("valgfritt", "valfritt"))})</span>'


def simple(state: FieldState, label: str, help: Text | None, type: str, kind: str, wt: Any,
            path: str) -> str:  # fmt: skip
    errors, warnings = state.errs(path), state.warns(path)
    id = escaped(wt.id)
    out = [f'\n<div class="ds-field{" has-error" if errors else ""}" {shown(state, path)}>\n'
           f'<label class="ds-label" for="{id}">{escaped(label)}{optional(state, path)}</label>\n']  # fmt: skip
    if help:
        out.append(f'<p class="help" id="{id}-help">{escaped(state.text(help))}</p>')
    out.append(f"\n{messages(state, wt.id, errors, warnings, path)}\n")
    describedby = described(wt.id, help, errors, warnings)
    focus = wt.id == state.focus_id
    if type == "textarea":
        params = attributes(aria_describedby=describedby or False, class_="ds-input",
                                 aria_invalid="true" if errors else False, autofocus=focus,
                                 id=wt.id, name=wt.name, rows=6)  # fmt: skip
        out.append(f"<textarea {params}>\r\n{escaped(wt._value())}</textarea>")
    elif type in ("select", "municipality"):
        out.append(wt(class_="ds-input", aria_describedby=describedby or False,
                      aria_invalid="true" if errors else False, autofocus=focus))  # fmt: skip
    elif type == "file":
        current = state.answers.get(path)
        if current:
            out.append(f'<p id="{id}-current">{escaped(state.tr("Lastet opp", "Lasta opp"))}: '
                       f"{escaped(current.get('filename', '') if isinstance(current, Mapping) else '')}</p>")  # fmt: skip
        out.append(f'\n<input class="ds-input" type="file" id="{id}" name="{escaped(wt.name)}" '
                   f'accept="application/pdf,.pdf"\n')  # fmt: skip
        if describedby:
            out.append(f'aria-describedby="{escaped(describedby)}"')
        out.append(' aria-invalid="true">' if errors else ">")
    else:
        out.append(f'<input class="ds-input" type="text" id="{id}" name="{escaped(wt.name)}" '
                   f'value="{escaped(wt.data or "")}" {_INPUT_ATTRS.get(kind, "")}\n')  # fmt: skip
        if describedby:
            out.append(f'aria-describedby="{escaped(describedby)}"')
        out.append(
            (' aria-invalid="true"' if errors else "") + (" autofocus" if focus else "") + ">"
        )
    out.append("\n</div>\n")
    return "".join(out)


def choices(state: FieldState, label: str, help: Text | None, wt: Any, path: str) -> str:
    errors, warnings = state.errs(path), state.warns(path)
    id = escaped(wt.id)
    ids = described(wt.id, help, errors, warnings)
    out = [f'\n<fieldset class="ds-fieldset{" has-error" if errors else ""}" {shown(state, path)} '
           + (f'aria-describedby="{escaped(ids)}"' if ids else "")
           + f'>\n<legend class="ds-label">{escaped(label)}{optional(state, path)}</legend>\n']  # fmt: skip
    if help:
        out.append(f'<p class="help" id="{id}-help">{escaped(state.text(help))}</p>')
    out.append(f"\n{messages(state, wt.id, errors, warnings, path)}\n")
    for option in wt:
        rendered = "<input " + attributes(
            autofocus=option.id == state.focus_id, checked=bool(option.checked), class_="ds-input",
            id=option.id, name=option.name, type=option.widget.input_type, value=option._value(),
        ) + ">"  # fmt: skip
        out.append(f'\n<div class="ds-field choice">\n{rendered} <label class="ds-label" '
                   f'for="{escaped(option.id)}">{escaped(option.label.text)}</label>\n</div>\n')  # fmt: skip
    out.append("\n</fieldset>\n")
    return "".join(out)


def computed(state: FieldState, item: Field, value: Any, id: str, path: str) -> str:
    id = escaped(id)
    out = [f'\n<div class="ds-field" {shown(state, path)}>\n'
           f'<p class="ds-label" id="{id}-label">{escaped(state.text(item.label))}</p>\n']  # fmt: skip
    if item.help:
        out.append(f'<p class="help">{escaped(state.text(item.help))}</p>')
    value_html = "–" if value is None else escaped(display(item, value, state.language))
    out.append(f"\n{messages(state, id, [], state.warns(path), path)}\n"
               f'<output class="computed" id="{id}" aria-labelledby="{id}-label" aria-live="off" '
               f'data-computed="{escaped(path)}">{value_html}</output>\n</div>\n')  # fmt: skip
    return "".join(out)
