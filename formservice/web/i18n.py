"""The interface language (bokmål or nynorsk) of a request, and the helpers templates use for it.

The language is the one the person chose with the language switch, else their account's, else
bokmål. Templates write both forms side by side, ``tr("Lagre utkast", "Lagre utkast")``, so a text
and its translation are read and changed together.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from flask import Flask, g, session
from flask_login import current_user

from formservice import formatting
from formservice.engine.display import display
from formservice.storage.audit import action_label, detail_items, version_kind_label
from formservice.storage.offices import office_name
from formservice.storage.states import state_label

LANGUAGES = ("nb", "nn")


def current_language() -> str:
    """``nb`` or ``nn`` for this request."""
    chosen = session.get("lang")
    if chosen in LANGUAGES:
        return chosen
    # A page asks some 40 times (every tr() and text()); Flask-Login keeps the request's user in
    # g._login_user once loaded, so read it there instead of through the current_user proxy
    # (three proxy lookups a call were a tenth of a page view's CPU).
    user = g.get("_login_user")
    if user is None:
        user = current_user._get_current_object()
    language = getattr(user, "language", None) if user.is_authenticated else None
    return language if language in LANGUAGES else "nb"


def tr_in(language: str, bokmal: str, nynorsk: str) -> str:
    """The text in ``language``."""
    return nynorsk if language == "nn" else bokmal


def text_in(language: str, value: dict[str, str] | None) -> str:
    """One language of a bilingual text from a definition or message (bokmål if it lacks it)."""
    if not value:
        return ""
    return value.get(language) or value.get("nb", "")


def tr(bokmal: str, nynorsk: str) -> str:
    """The text in the request's language."""
    return tr_in(current_language(), bokmal, nynorsk)


def text(value: dict[str, str] | None) -> str:
    """One language of a bilingual text, in the request's language."""
    return text_in(current_language(), value)


# A template's tr() and text() for each language: what tr() and text() answer in a request of
# that language. A page calls them some forty times; the language is looked up once a render.
TEMPLATE_HELPERS = {
    language: (partial(tr_in, language), partial(text_in, language)) for language in LANGUAGES
}


def init_app(app: Flask) -> None:
    """Make the language helpers and Norwegian formats available in every template."""

    @app.context_processor
    def _helpers() -> dict[str, Any]:
        language = current_language()
        in_language, text_in_language = TEMPLATE_HELPERS[language]
        return {"lang": language, "tr": in_language, "text": text_in_language,
                "document_label": _document_label, "failure": _failure}  # fmt: skip

    language = current_language
    app.jinja_env.filters.update(
        kr=lambda value: formatting.kroner(value, language()),
        number=lambda value: formatting.number(value, language()),
        orgnr=formatting.organisation_number,
        kontonr=formatting.account_number,
        fakta=formatting.register_fact,
        dato=formatting.short_date,
        langdato=lambda value: formatting.long_date(value, language()),
        tidspunkt=formatting.date_time,
        state=lambda state: state_label(state, language()),
        action=lambda action: action_label(action, language()),
        audit_detail=lambda detail: detail_items(detail or {}, language()),
        version_kind=lambda kind: version_kind_label(kind, language()),
        display=lambda value, field: display(field, value, language()),
        office_name=lambda office: office_name(office, language()),
    )


def _document_label(kind_name: str) -> str:
    """A document kind's name in the reader's language (the registry's label)."""
    from formservice.documents.kinds import KINDS

    found = KINDS.get(kind_name)
    return found.label_in(current_language()) if found else kind_name


def _failure(code: str | None) -> str:
    """What a document's failure code means, in the reader's language."""
    from formservice.storage.documents import failure_message

    return failure_message(code, current_language())
