"""What the help desk (hjelp@) does: find submissions, reopen one for correction, restore a version.

Nothing is overwritten: reopening keeps the submitted version in the history and moves the state
back to draft with a date until which the municipality may submit again; restoring copies an
earlier version's answers into a new version. Every action is audited with its reason.

There is no "unlock": saving uses optimistic locking (see :mod:`formservice.storage.submissions`),
so no lock is ever held and a refused stale save resolves itself when the user saves again.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import sqlite_utils

from formservice.storage.audit import record_event
from formservice.storage.db import containing, now_iso, write_transaction
from formservice.storage.states import IllegalTransition, check_transition
from formservice.storage.submissions import DRAFT, _add_version, submission_by_id, version

MAX_REASON = 2000


class HelpdeskRefused(Exception):
    """The action is not possible; the message says why in bokmål, ``nynorsk`` in nynorsk."""

    def __init__(self, bokmal: str, nynorsk: str) -> None:
        super().__init__(bokmal)
        self.nynorsk = nynorsk


def _rows(db: sqlite_utils.Database, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cursor = db.execute(sql, params)
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def find_submissions(
    db: sqlite_utils.Database, query: str, *, office_id: int | None
) -> list[dict[str, Any]]:
    """Submissions whose municipality name, organisation number or reference matches, in one
    office's rounds (``office_id``; None: every office's).

    The name matches as a case-insensitive substring, the organisation number with spaces (and
    dots) ignored, the reference exactly but in any case. Rows carry ``organisation_name``,
    ``orgnr`` and ``round_title``; at most 100, most recently changed first.
    """
    text = query.strip()
    if not text:
        return []
    digits = re.sub(r"[\s.]", "", text)
    pattern = containing(text)
    return _rows(
        db,
        "select s.*, o.name as organisation_name, o.orgnr, r.title as round_title "
        "from submissions s join organisations o on o.id = s.organisation_id "
        "join rounds r on r.id = s.round_id "
        "where (lower(o.name) like lower(?) escape '\\' or o.orgnr = ? "
        "or upper(s.reference) = upper(?)) and (? is null or r.office_id = ?) "
        "order by s.updated_at desc, s.id desc limit 100",
        [pattern, digits, text, office_id, office_id],
    )


def version_history(db: sqlite_utils.Database, submission_id: int) -> list[dict[str, Any]]:
    """Every version of a submission, oldest first, with ``saved_by_name`` (username or None)."""
    return _rows(
        db,
        "select v.version, v.kind, v.saved_by, v.saved_at, u.username as saved_by_name "
        "from submission_versions v left join users u on u.id = v.saved_by "
        "where v.submission_id = ? order by v.version",
        [submission_id],
    )


def reopen_recipients(db: sqlite_utils.Database, submission: dict[str, Any]) -> list[str]:
    """Whom to tell about a reopening: the organisation's address and whoever last submitted."""
    found = _rows(
        db,
        "select o.email as organisation_email, ("
        "  select u.email from submission_versions v join users u on u.id = v.saved_by"
        "  where v.submission_id = s.id and v.kind = 'submit' order by v.version desc limit 1"
        ") as submitter_email "
        "from submissions s join organisations o on o.id = s.organisation_id where s.id = ?",
        [submission["id"]],
    )
    if not found:
        return []
    addresses = [found[0]["organisation_email"], found[0]["submitter_email"]]
    return sorted({address.strip() for address in addresses if address and address.strip()})


def _reason(reason: str | None) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise HelpdeskRefused("Skriv en begrunnelse.", "Skriv ei grunngiving.")
    if len(reason) > MAX_REASON:
        raise HelpdeskRefused(
            f"Begrunnelsen kan være høyst {MAX_REASON} tegn.",
            f"Grunngivinga kan vere høgst {MAX_REASON} teikn.",
        )
    return reason


def reopen_submission(
    db: sqlite_utils.Database,
    submission_id: int,
    *,
    actor: dict[str, Any] | None,
    reason: str,
    reopen_until: dt.date,
) -> dict[str, Any]:
    """Move a submitted submission back to draft so the municipality can correct and resubmit.

    The submitted version stays in the history; ``reopen_until`` lets the municipality submit
    after the round's deadline until (and including) that day. Returns the updated submission.
    """
    reason = _reason(reason)
    with write_transaction(db):
        submission = submission_by_id(db, submission_id)
        if submission is None:
            raise HelpdeskRefused("Innsendingen finnes ikke.", "Innsendinga finst ikkje.")
        if submission["state"] == DRAFT:
            raise HelpdeskRefused(
                "Skjemaet er allerede åpent (utkast) og kan ikke åpnes igjen.",
                "Skjemaet er allereie ope (utkast) og kan ikkje opnast igjen.",
            )
        try:
            check_transition(submission["state"], DRAFT)
        except IllegalTransition:
            raise HelpdeskRefused(
                "Skjemaet kan ikke åpnes igjen etter at det er fattet vedtak.",
                "Skjemaet kan ikkje opnast igjen etter at det er gjort vedtak.",
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
    version_number: int,
    *,
    actor: dict[str, Any] | None,
    reason: str,
) -> int:
    """Save an earlier version's answers as the newest version of a draft; return its number."""
    reason = _reason(reason)
    with write_transaction(db):
        submission = submission_by_id(db, submission_id)
        if submission is None or submission["state"] != DRAFT:
            raise HelpdeskRefused(
                "Bare utkast kan få en tidligere versjon tilbake.",
                "Berre utkast kan få ein tidlegare versjon tilbake.",
            )
        old = version(db, submission_id, version_number)
        if old is None:
            raise HelpdeskRefused(
                f"Versjon {version_number} finnes ikke.", f"Versjon {version_number} finst ikkje."
            )
        new = _add_version(
            db, submission, base_version=submission["current_version"], answers=old["answers"],
            actor=actor, kind="restore",
        )  # fmt: skip
        record_event(
            db, actor=actor, action="restore", submission_id=submission_id,
            detail={"reason": reason, "restored": version_number, "new_version": new},
        )  # fmt: skip
    return new
