"""The mail of a generated document: its state moves ``due`` → ``sending`` → ``sent``, or
``failed`` (tried again later), in the document's own row (:mod:`formservice.storage.documents`
records it as due when the document is made or a letter is sent). Claiming the mail first means
two workers never send it twice.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from formservice.storage.db import now_iso, write_transaction
from formservice.storage.documents import MAIL_FAILED, MAIL_SENDING, MAIL_SENT


def mail_waiting(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Documents whose mail is due or failed, to send (again), oldest first."""
    return list(db["documents"].rows_where("mail_status in ('due', 'failed')", order_by="id"))


def claim_mail(db: sqlite_utils.Database, document_id: int) -> bool:
    """Take the document's due (or failed) mail to send it; False if it is sent or being sent."""
    with write_transaction(db):
        rows = db.execute(
            "update documents set mail_status = ?, updated_at = ? "
            "where id = ? and mail_status in ('due', 'failed') returning id",
            [MAIL_SENDING, now_iso(), document_id],
        ).fetchall()
    return bool(rows)


def mail_sent(db: sqlite_utils.Database, document_id: int) -> None:
    """The document's mail was handed to the mail server."""
    with write_transaction(db):
        db.execute(
            "update documents set mail_status = ?, updated_at = ?, error = case when "
            "error_code = 'mail' then null else error end, error_code = case when "
            "error_code = 'mail' then null else error_code end where id = ?",
            [MAIL_SENT, now_iso(), document_id],
        )


def mail_failed(db: sqlite_utils.Database, document_id: int, detail: str) -> None:
    """The document exists but its mail could not be sent; it is tried again later."""
    db["documents"].update(
        document_id,
        {"mail_status": MAIL_FAILED, "error_code": "mail", "error": detail[:2000],
         "updated_at": now_iso()},
    )  # fmt: skip
