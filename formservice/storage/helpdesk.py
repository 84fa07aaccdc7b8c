"""What the help desk (hjelp@) does: find submissions, reopen one for correction, restore a version.

Nothing is overwritten: reopening keeps the submitted version in the history and moves the state
back to draft with a date until which the municipality may submit again; restoring copies an
earlier version's answers into a new version. Every action is audited with its reason.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import sqlite_utils

from formservice.storage.audit import record_event
from formservice.storage.db import now_iso, write_transaction
from formservice.storage.states import check_transition
from formservice.storage.submissions import DRAFT, _add_version, submission_by_id, version

MAX_REASON = 2000


class HelpdeskRefused(Exception):
    """The action is not possible; the message says why (in Norwegian, for the help desk)."""


def find_submissions(db: sqlite_utils.Database, query: str) -> list[dict[str, Any]]:
    """Submissions whose municipality name, organisation number or reference matches."""
    text = query.strip()
    if not text:
        return []
    digits = re.sub(r"[\s.]", "", text)
    sql = (
        "select s.*, o.name as organisation_name, o.orgnr, r.title as round_title "
        "from submissions s join organisations o on o.id = s.organisation_id "
        "join rounds r on r.id = s.round_id "
        "where o.name like ? escape '\\' or o.orgnr = ? or upper(s.reference) = upper(?) "
        "order by s.updated_at desc limit 100"
    )
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    cursor = db.execute(sql, [pattern, digits, text])
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise HelpdeskRefused("Skriv en begrunnelse.")
    if len(reason) > MAX_REASON:
        raise HelpdeskRefused(f"Begrunnelsen kan være høyst {MAX_REASON} tegn.")
    return reason


def reopen_submission(
    db: sqlite_utils.Database,
    submission_id: int,
    *,
    actor: dict[str, Any] | None,
    reason: str,
    reopen_until: dt.date,
) -> dict[str, Any]:
    """Move a submitted submission back to draft so the municipality can correct and resubmit."""
    reason = _reason(reason)
    with write_transaction(db):
        submission = submission_by_id(db, submission_id)
        if submission is None:
            raise HelpdeskRefused("Innsendingen finnes ikke.")
        if submission["state"] == DRAFT:
            raise HelpdeskRefused("Skjemaet er allerede åpent (utkast).")
        try:
            check_transition(submission["state"], DRAFT)
        except Exception:
            raise HelpdeskRefused(
                "Skjemaet kan ikke åpnes igjen etter at det er fattet vedtak og sendt brev."
            ) from None
        db["submissions"].update(
            submission_id,
            {"state": DRAFT, "reopen_until": reopen_until.isoformat(), "updated_at": now_iso()},
        )
        record_event(
            db, actor=actor, action="reopen", submission_id=submission_id,
            from_state=submission["state"], to_state=DRAFT,
            detail={"reason": reason, "reopen_until": reopen_until.isoformat(),
                    "submitted_version": submission["current_version"]},
        )  # fmt: skip
    return submission_by_id(db, submission_id)  # type: ignore[return-value]


def restore_version(
    db: sqlite_utils.Database,
    submission_id: int,
    number: int,
    *,
    actor: dict[str, Any] | None,
    reason: str,
) -> int:
    """Save an earlier version's answers as the newest version of a draft; return its number."""
    reason = _reason(reason)
    with write_transaction(db):
        submission = submission_by_id(db, submission_id)
        if submission is None or submission["state"] != DRAFT:
            raise HelpdeskRefused("Bare utkast kan få en tidligere versjon tilbake.")
        old = version(db, submission_id, number)
        if old is None:
            raise HelpdeskRefused(f"Versjon {number} finnes ikke.")
        new = _add_version(
            db, submission, base_version=submission["current_version"], answers=old["answers"],
            actor=actor, kind="restore",
        )  # fmt: skip
        record_event(
            db, actor=actor, action="restore", submission_id=submission_id,
            detail={"reason": reason, "restored": number, "new_version": new},
        )  # fmt: skip
    return new
