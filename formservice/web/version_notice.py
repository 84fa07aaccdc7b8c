"""The notice a person gets when their draft has moved to a new version of the form.

Built from the move's audit entry (:func:`formservice.storage.drafts.bring_up_to_date`): the form
author's own words about the change, then what happened to the person's answers, each named by
the question's label, in the request's language. Shown on the task list until the next save.
"""

from __future__ import annotations

from typing import Any

from formservice.engine.display import display
from formservice.engine.model import Definition
from formservice.storage.drafts import migrations_of
from formservice.web.catalog import definition_for_key
from formservice.web.db import get_db
from formservice.web.i18n import current_language, text, tr


def _label(definition: Definition | None, field_id: str) -> str:
    field = definition.field(field_id) if definition else None
    return text(field.label) if field and field.label else field_id


def version_notice(submission: dict[str, Any]) -> dict[str, Any] | None:
    """Title and lines of the notice, or None when the draft has been saved since its move."""
    events = migrations_of(get_db(), submission["id"])
    if not events or events[-1]["detail"].get("version") != submission["current_version"]:
        return None
    detail = events[-1]["detail"]
    old, new = definition_for_key(detail["from"]), definition_for_key(detail["to"])
    lines = [text(notice) for notice in detail.get("notices", [])]
    for before, after in detail.get("renamed", []):
        lines.append(tr(f"Svaret ditt på «{_label(old, before)}» er flyttet til «{_label(new, after)}».",
                        f"Svaret ditt på «{_label(old, before)}» er flytt til «{_label(new, after)}»."))  # fmt: skip
    for field_id in [*detail.get("removed", []), *detail.get("unplaced", [])]:
        lines.append(tr(f"«{_label(old, field_id)}» er ikke med i det nye skjemaet. Svaret ditt er tatt vare på i historikken, og brukerstøtte kan se det.",
                        f"«{_label(old, field_id)}» er ikkje med i det nye skjemaet. Svaret ditt er teke vare på i historikken, og brukarstøtta kan sjå det."))  # fmt: skip
    for field_id in detail.get("defaults", []):
        lines.append(tr(f"«{_label(new, field_id)}» er fylt ut på forhånd. Se over svaret.",
                        f"«{_label(new, field_id)}» er fylt ut på førehand. Sjå over svaret."))  # fmt: skip
    for field_id, typed in detail.get("prefilled", []):
        field = new.field(field_id) if new else None
        shown = display(field, typed, current_language()) if field else str(typed)
        shown = shown.replace("\n", ", ")
        lines.append(tr(f"«{_label(new, field_id)}»: du hadde skrevet «{shown}». Skjemaet bruker nå det Statsforvalteren har registrert. Stemmer det ikke, meld endring under «Våre opplysninger».",
                        f"«{_label(new, field_id)}»: du hadde skrive «{shown}». Skjemaet bruker no det Statsforvaltaren har registrert. Stemmer det ikkje, meld endring under «Våre opplysningar»."))  # fmt: skip
    asked = [f"«{_label(new, f)}»" for f in detail.get("new_fields", [])
             if not (new and new.field(f) and new.field(f).prefill)]  # fmt: skip
    if asked:
        lines.append(tr("Nye spørsmål: ", "Nye spørsmål: ") + ", ".join(asked) + ".")
    return {"title": tr("Skjemaet er oppdatert", "Skjemaet er oppdatert"), "lines": lines,
            "at": events[-1]["at"]}  # fmt: skip
