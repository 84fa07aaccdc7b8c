"""Letters of decisions: asking for one, sending one, and a round's batches with their merged PDF.

A letter document names the decision it was made for (``decision_id``). Sending checks, in one
transaction and before any mail leaves, that the submission may move to ``letter_sent``, that
the letter is made for the decision in force (a letter of a superseded decision is never sent),
and records the move; a second click then finds the state moved and sends nothing.

A batch is a round's letters asked for at once: the current letter of every decided submission
(new ones are created for those without). Its merged PDF is written once, when its letters are
made, and recorded on the batch; reading it changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import sqlite_utils

from formservice.storage.db import now_iso, write_transaction
from formservice.storage.decisions import current_decision
from formservice.storage.documents import DONE, FAILED, create_document, mark_sent
from formservice.storage.organisations import organisation_by_id
from formservice.storage.submissions import change_state_within, submission_by_id

DECIDED = ("granted", "rejected")
OPEN, FINISHED = "open", "done"


class NothingToSend(Exception):
    """No letter made for the decision in force; the text says so in bokmål and nynorsk."""

    def __init__(self, nb: str, nn: str) -> None:
        super().__init__(nb)
        self.text = {"nb": nb, "nn": nn}


def request_letter(
    db: sqlite_utils.Database, submission_id: int, letter_kinds: Mapping[str, str]
) -> int | None:
    """A pending letter for the decision in force (``letter_kinds``: outcome → kind), in the
    organisation's written standard; None when there is no decision."""
    with write_transaction(db):
        decision = current_decision(db, submission_id)
        submission = submission_by_id(db, submission_id)
        if decision is None or submission is None:
            return None
        organisation = organisation_by_id(db, submission["organisation_id"]) or {}
        return create_document(db, submission_id, letter_kinds[decision["outcome"]],
                               organisation.get("language") or "nb", decision_id=decision["id"])  # fmt: skip


def release_letter(
    db: sqlite_utils.Database,
    submission_id: int,
    letter_kinds: Mapping[str, str],
    *,
    actor: dict[str, Any],
) -> dict[str, Any]:
    """Record that the letter of the decision in force is sent: the state moves to
    ``letter_sent`` and the letter becomes the municipality's, its mail due. Raises
    ``IllegalTransition`` (already sent, or reopened) or :class:`NothingToSend`."""
    with write_transaction(db):
        decision = current_decision(db, submission_id)
        if decision is None:
            raise NothingToSend(
                "Fatt vedtak før brevet sendes.", "Gjer vedtak før brevet blir sendt."
            )
        letter = _made_for(db, submission_id, letter_kinds[decision["outcome"]], decision["id"])
        if letter is None:
            raise NothingToSend(
                "Lag brevet for vedtaket som gjelder, før det sendes.",
                "Lag brevet for vedtaket som gjeld, før det blir sendt.",
            )
        change_state_within(db, submission_id, "letter_sent", actor=actor,
                            detail={"document": letter["id"], "decision": decision["id"]})  # fmt: skip
        mark_sent(db, letter["id"])
    return letter


def record_sent_before(
    db: sqlite_utils.Database,
    submission_ids: list[int],
    letter_kinds: Mapping[str, str],
    *,
    actor: dict[str, Any] | None,
) -> dict[str, Any] | None:
    """Letters the office sent before this instance held their files (the demo office's year):
    for each decided submission, its letter for the decision in force is asked for and is the
    recipient's at once, with no mail due (it went out then), and the state moves to
    ``letter_sent``; all in one batch, which the worker makes through the one pipeline when it
    starts (:func:`open_batches`). None when there are no submissions."""
    if not submission_ids:
        return None

    def first_round(submission_id: int) -> int:
        return (submission_by_id(db, submission_id) or {}).get("round_id", -1)

    with write_transaction(db):
        document_ids = []
        for submission_id in submission_ids:
            decision = current_decision(db, submission_id)
            submission = submission_by_id(db, submission_id)
            if decision is None or submission is None:
                raise ValueError(f"submission {submission_id} has no decision to send")
            if submission["round_id"] != first_round(submission_ids[0]):
                raise ValueError("a batch holds the letters of one round")
            organisation = organisation_by_id(db, submission["organisation_id"]) or {}
            document_id = create_document(db, submission_id, letter_kinds[decision["outcome"]],
                                          organisation.get("language") or "nb",
                                          decision_id=decision["id"])  # fmt: skip
            change_state_within(db, submission_id, "letter_sent", actor=actor,  # type: ignore[arg-type]
                                detail={"document": document_id, "decision": decision["id"]})  # fmt: skip
            db["documents"].update(document_id, {"sent_at": now_iso()})
            document_ids.append(document_id)
        batch_id = db["letter_batches"].insert({"round_id": submission["round_id"], "status": OPEN,
                                                "document_ids": json.dumps(document_ids),
                                                "created_at": now_iso()}).last_pk  # fmt: skip
    return batch_by_id(db, batch_id)


def _made_for(
    db: sqlite_utils.Database, submission_id: int, kind: str, decision_id: int
) -> dict[str, Any] | None:
    rows = db["documents"].rows_where(
        "submission_id = ? and kind = ? and decision_id = ? and status = ?",
        [submission_id, kind, decision_id, DONE],
        order_by="id desc",
    )
    return next(rows, None)


def has_current_letter(
    db: sqlite_utils.Database, submission_id: int, letter_kinds: Mapping[str, str]
) -> bool:
    """Whether a made letter for the decision in force exists (so it can be sent)."""
    decision = current_decision(db, submission_id)
    if decision is None:
        return False
    return (
        _made_for(db, submission_id, letter_kinds[decision["outcome"]], decision["id"]) is not None
    )


def start_batch(
    db: sqlite_utils.Database,
    round_id: int,
    letter_kinds: Mapping[str, str],
    *,
    only_kind: str | None = None,
) -> dict[str, Any] | None:
    """A batch of the round's letters: for every decided submission (of ``only_kind``) its
    letter for the decision in force, asked for now where none is made or being made (a failed
    one is asked for again). None when no submission of the round is decided."""
    with write_transaction(db):
        submissions = db["submissions"].rows_where(
            "round_id = ? and state in (?, ?)", [round_id, *DECIDED], order_by="id"
        )
        document_ids = []
        for submission in submissions:
            decision = current_decision(db, submission["id"])
            kind = decision and letter_kinds[decision["outcome"]]
            if decision is None or (only_kind and kind != only_kind):
                continue
            existing = next(db["documents"].rows_where(
                "submission_id = ? and kind = ? and decision_id = ? and status != ?",
                [submission["id"], kind, decision["id"], FAILED], order_by="id desc"), None)  # fmt: skip
            if existing is not None:
                document_ids.append(existing["id"])
                continue
            organisation = organisation_by_id(db, submission["organisation_id"]) or {}
            document_ids.append(create_document(db, submission["id"], kind,
                                                organisation.get("language") or "nb",
                                                decision_id=decision["id"]))  # fmt: skip
        if not document_ids:
            return None
        batch_id = db["letter_batches"].insert({"round_id": round_id, "status": OPEN,
                                                "document_ids": json.dumps(document_ids),
                                                "created_at": now_iso()}).last_pk  # fmt: skip
    return batch_by_id(db, batch_id)


def batch_by_id(db: sqlite_utils.Database, batch_id: int) -> dict[str, Any] | None:
    """One batch with ``document_ids`` decoded, or None."""
    row = next(db["letter_batches"].rows_where("id = ?", [batch_id]), None)
    return {**row, "document_ids": json.loads(row["document_ids"])} if row else None


def newest_batch(db: sqlite_utils.Database, round_id: int) -> dict[str, Any] | None:
    """The round's newest batch, or None."""
    rows = db["letter_batches"].rows_where("round_id = ?", [round_id], order_by="id desc")
    row = next(rows, None)
    return batch_by_id(db, row["id"]) if row else None


def newest_merged(db: sqlite_utils.Database, round_id: int) -> dict[str, Any] | None:
    """The round's newest batch whose merged PDF is written, or None."""
    rows = db["letter_batches"].rows_where(
        "round_id = ? and merged_path is not null", [round_id], order_by="id desc"
    )
    return next(rows, None)


def open_batches(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Batches not finished (a process died during them), oldest first."""
    rows = db["letter_batches"].rows_where("status = ?", [OPEN], order_by="id")
    return [{**row, "document_ids": json.loads(row["document_ids"])} for row in rows]


def finish_batch(db: sqlite_utils.Database, batch_id: int, merged_path: str | None) -> None:
    """The batch's letters are made (or failed); its merged PDF, if any letter was made."""
    db["letter_batches"].update(
        batch_id, {"status": FINISHED, "merged_path": merged_path, "finished_at": now_iso()}
    )


def batch_documents(db: sqlite_utils.Database, batch: dict[str, Any]) -> list[dict[str, Any]]:
    """The batch's documents in the batch's order."""
    ids = batch["document_ids"]
    marks = ", ".join("?" * len(ids))
    rows = {row["id"]: row for row in db["documents"].rows_where(f"id in ({marks})", ids)}
    return [rows[i] for i in ids if i in rows]
