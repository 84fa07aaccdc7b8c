"""The audit log: every state change and every action on a submission, an organisation in the
register or a round, with who, when and what."""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from formservice.storage.db import now_iso


def record_event(
    db: sqlite_utils.Database,
    *,
    actor: dict[str, Any] | None,
    action: str,
    submission_id: int | None = None,
    from_state: str | None = None,
    to_state: str | None = None,
    detail: dict[str, Any] | None = None,
    organisation_id: int | None = None,
    round_id: int | None = None,
) -> None:
    """Append one entry; ``actor`` is a user row, or None for the system itself."""
    db["audit_log"].insert(
        {
            "at": now_iso(),
            "actor_id": actor["id"] if actor else None,
            "actor": actor["username"] if actor else "system",
            "action": action,
            "submission_id": submission_id,
            "from_state": from_state,
            "to_state": to_state,
            "detail": json.dumps(detail or {}, ensure_ascii=False),
            "organisation_id": organisation_id,
            "round_id": round_id,
        }
    )


def events_for_submission(db: sqlite_utils.Database, submission_id: int) -> list[dict[str, Any]]:
    """A submission's audit entries, oldest first, with ``detail`` decoded."""
    rows = db["audit_log"].rows_where("submission_id = ?", [submission_id], order_by="id")
    return [{**row, "detail": json.loads(row["detail"] or "{}")} for row in rows]


def events_for_organisation(
    db: sqlite_utils.Database, organisation_id: int
) -> list[dict[str, Any]]:
    """An organisation's register history, oldest first, with ``detail`` decoded."""
    rows = db["audit_log"].rows_where("organisation_id = ?", [organisation_id], order_by="id")
    return [{**row, "detail": json.loads(row["detail"] or "{}")} for row in rows]


def events_for_round(db: sqlite_utils.Database, round_id: int) -> list[dict[str, Any]]:
    """What the office did to a round (opened, changed, closed, moved to a new form version)."""
    rows = db["audit_log"].rows_where("round_id = ?", [round_id], order_by="id")
    return [{**row, "detail": json.loads(row["detail"] or "{}")} for row in rows]


def state_changes_in_round(db: sqlite_utils.Database, round_id: int) -> list[dict[str, Any]]:
    """Every move of a submission of the round into a state (started, submitted, decided, reset,
    sent, paid ...): ``submission_id``, ``at`` and ``to_state``, in the order they happened."""
    rows = db.execute(
        "select a.submission_id, a.at, a.to_state from audit_log a "
        "join submissions s on s.id = a.submission_id "
        "where s.round_id = ? and a.to_state is not null order by a.at, a.id",
        [round_id],
    ).fetchall()
    return [{"submission_id": row[0], "at": row[1], "to_state": row[2]} for row in rows]


# What each action is called in the history people read (a state change: "state:<state>").
ACTIONS: dict[str, dict[str, str]] = {
    "start": {"nb": "Startet", "nn": "Starta"},
    "submit": {"nb": "Sendt inn", "nn": "Sendt inn"},
    "reopen": {"nb": "Åpnet for retting", "nn": "Opna for retting"},
    "restore": {"nb": "Versjon hentet tilbake", "nn": "Versjon henta tilbake"},
    "migrate": {"nb": "Flyttet til ny skjemaversjon", "nn": "Flytt til ny skjemaversjon"},
    "decision": {"nb": "Vedtak", "nn": "Vedtak"},
    "reminders": {"nb": "Påminnelser sendt", "nn": "Påminningar sende"},
    "register:add": {"nb": "Registrert", "nn": "Registrert"},
    "register:edit": {"nb": "Endret", "nn": "Endra"},
    "register:import": {"nb": "Importert", "nn": "Importert"},
    "register:report": {"nb": "Endring meldt", "nn": "Endring meld"},
    "register:approve": {"nb": "Endring godkjent", "nn": "Endring godkjend"},
    "register:reject": {"nb": "Endring avvist", "nn": "Endring avvist"},
    "round:create": {"nb": "Runde opprettet", "nn": "Runde oppretta"},
    "round:edit": {"nb": "Runde endret", "nn": "Runde endra"},
    "round:close": {"nb": "Runde avsluttet", "nn": "Runde avslutta"},
    "round:new_version": {"nb": "Ny skjemaversjon", "nn": "Ny skjemaversjon"},
    "person_role:grant": {"nb": "Tilgang gitt", "nn": "Tilgang gitt"},
    "person_role:revoke": {"nb": "Tilgang fjernet", "nn": "Tilgang fjerna"},
}
STATE_CHANGE = {"nb": "Status endret", "nn": "Status endra"}
# What made each saved version of a submission.
VERSION_KINDS: dict[str, dict[str, str]] = {
    "save": {"nb": "Lagret", "nn": "Lagra"},
    "submit": {"nb": "Sendt inn", "nn": "Sendt inn"},
    "restore": {"nb": "Hentet tilbake", "nn": "Henta tilbake"},
    "migrate": {"nb": "Flyttet til ny skjemaversjon", "nn": "Flytt til ny skjemaversjon"},
}
# The facts of an entry's detail people are shown, by key, in the order shown; the rest are ids
# and values for programs.
DETAILS: dict[str, dict[str, str]] = {
    "reason": {"nb": "Begrunnelse", "nn": "Grunngiving"},
    "reopen_until": {"nb": "Åpent til", "nn": "Ope til"},
    "reference": {"nb": "Referanse", "nn": "Referanse"},
    "version": {"nb": "Versjon", "nn": "Versjon"},
    "restored": {"nb": "Hentet tilbake versjon", "nn": "Henta tilbake versjon"},
    "new_version": {"nb": "Ny versjon", "nn": "Ny versjon"},
    "total": {"nb": "Sum", "nn": "Sum"},
    "from": {"nb": "Fra", "nn": "Frå"},
    "to": {"nb": "Til", "nn": "Til"},
    "note": {"nb": "Merknad", "nn": "Merknad"},
}


def action_label(action: str, language: str = "nb") -> str:
    """An action as people read it; a state change is "Status endret" (the state follows)."""
    if action.startswith("state:"):
        return STATE_CHANGE[language]
    found = ACTIONS.get(action)
    return found[language] if found else action


def detail_items(detail: dict[str, Any], language: str = "nb") -> list[tuple[str, str]]:
    """The (label, value) pairs of an entry's detail that people are shown."""
    return [
        (label[language], str(detail[key]))
        for key, label in DETAILS.items()
        if detail.get(key) not in (None, "", [], {})
    ]


def version_kind_label(kind: str, language: str = "nb") -> str:
    """What made a version (saved, submitted, restored, moved), as people read it."""
    found = VERSION_KINDS.get(kind)
    return found[language] if found else kind
