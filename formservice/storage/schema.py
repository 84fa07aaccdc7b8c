"""The database schema, as numbered migrations. Never edit a migration once it has shipped: add one."""

from __future__ import annotations

import sqlite_utils

from formservice.storage.db import migration


@migration(1, "form definitions, organisations and grant rounds")
def _initial(db: sqlite_utils.Database) -> None:
    db["form_definitions"].create(
        {
            "key": str,
            "form_id": str,
            "version": int,
            "status": str,
            "content_hash": str,
            "content": str,
            "recorded_at": str,
        },
        pk="key",
    )
    db["organisations"].create(
        {
            "id": int,
            "orgnr": str,
            "name": str,
            "kommunenummer": str,
            "county_number": str,
            "language": str,
            "email": str,
            "account_number": str,
            "is_demo": int,
        },
        pk="id",
    )
    db["organisations"].create_index(["orgnr"], unique=True)
    db["organisations"].create_index(["kommunenummer"])
    db["rounds"].create(
        {
            "id": int,
            "slug": str,
            "form_key": str,
            "title": str,
            "year": int,
            "deadline": str,
            "county_number": str,
            "budget_frame": str,
            "created_at": str,
        },
        pk="id",
        foreign_keys=[("form_key", "form_definitions", "key")],
    )
    db["rounds"].create_index(["slug"], unique=True)


@migration(2, "users, submissions with versions, audit log, documents and attachments")
def _submissions(db: sqlite_utils.Database) -> None:
    db["users"].create(
        {
            "id": int,
            "username": str,
            "password_hash": str,
            "full_name": str,
            "email": str,
            "role": str,
            "organisation_id": int,
            "is_signatory": int,
            "language": str,
            "is_demo": int,
            "disabled": int,
            "created_at": str,
        },
        pk="id",
        foreign_keys=[("organisation_id", "organisations", "id")],
        not_null={"username", "password_hash", "role"},
        defaults={"is_signatory": 0, "is_demo": 0, "disabled": 0, "language": "nb"},
    )
    db["users"].create_index(["username"], unique=True)
    db["login_attempts"].create({"id": int, "username": str, "ip": str, "at": str}, pk="id")
    db["login_attempts"].create_index(["username", "at"])
    db["submissions"].create(
        {
            "id": int,
            "round_id": int,
            "organisation_id": int,
            "form_key": str,
            "state": str,
            "reference": str,
            "current_version": int,
            "created_at": str,
            "updated_at": str,
            "submitted_at": str,
            "reopen_until": str,
        },
        pk="id",
        foreign_keys=[
            ("round_id", "rounds", "id"),
            ("organisation_id", "organisations", "id"),
            ("form_key", "form_definitions", "key"),
        ],
        not_null={"round_id", "organisation_id", "form_key", "state", "current_version"},
    )
    db["submissions"].create_index(["round_id", "organisation_id"], unique=True)
    db["submissions"].create_index(["reference"], unique=True)
    db["submission_versions"].create(
        {
            "id": int,
            "submission_id": int,
            "version": int,
            "form_key": str,
            "answers": str,
            "kind": str,
            "saved_by": int,
            "saved_at": str,
        },
        pk="id",
        foreign_keys=[("submission_id", "submissions", "id"), ("saved_by", "users", "id")],
        not_null={"submission_id", "version", "answers", "kind"},
    )
    db["submission_versions"].create_index(["submission_id", "version"], unique=True)
    db["reference_counters"].create({"prefix": str, "last_number": int}, pk="prefix")
    db["audit_log"].create(
        {
            "id": int,
            "at": str,
            "actor_id": int,
            "actor": str,
            "action": str,
            "submission_id": int,
            "from_state": str,
            "to_state": str,
            "detail": str,
        },
        pk="id",
    )
    db["audit_log"].create_index(["submission_id", "id"])
    db["documents"].create(
        {
            "id": int,
            "submission_id": int,
            "kind": str,
            "language": str,
            "status": str,
            "docx_path": str,
            "pdf_path": str,
            "error": str,
            "attempts": int,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        foreign_keys=[("submission_id", "submissions", "id")],
        defaults={"attempts": 0},
    )
    db["documents"].create_index(["submission_id", "kind"])
    db["documents"].create_index(["status"])
    db["attachments"].create(
        {
            "id": str,
            "submission_id": int,
            "field_path": str,
            "filename": str,
            "size": int,
            "sha256": str,
            "stored_path": str,
            "uploaded_by": int,
            "uploaded_at": str,
        },
        pk="id",
        foreign_keys=[("submission_id", "submissions", "id")],
    )


@migration(3, "login sessions that logging out ends")
def _sessions(db: sqlite_utils.Database) -> None:
    db["user_sessions"].create(
        {"token_hash": str, "user_id": int, "created_at": str, "last_seen": str},
        pk="token_hash",
        foreign_keys=[("user_id", "users", "id")],
    )
    db["user_sessions"].create_index(["user_id"])


@migration(4, "decisions: every decision kept, the newest one current")
def _decisions(db: sqlite_utils.Database) -> None:
    db["decisions"].create(
        {
            "id": int,
            "submission_id": int,
            "outcome": str,
            "total": str,
            "positions": str,
            "conditions": str,
            "instalments": int,
            "internal_note": str,
            "reason": str,
            "decided_by": int,
            "decided_at": str,
            "superseded_by": int,
        },
        pk="id",
        foreign_keys=[("submission_id", "submissions", "id"), ("decided_by", "users", "id")],
        not_null={"submission_id", "outcome", "decided_at"},
    )
    db["decisions"].create_index(["submission_id", "id"])


@migration(
    10, "documents: failure codes, the decision a letter is for, when it was sent and mailed"
)
def _document_states(db: sqlite_utils.Database) -> None:
    documents = db["documents"]
    documents.add_column("error_code", str)
    documents.add_column("decision_id", int)
    documents.add_column("sent_at", str)
    documents.add_column("mail_status", str)
    # Failure codes for what was recorded as text until now (the disk-full text was Norwegian).
    db.execute(
        "update documents set error_code = case "
        "when error like 'Disken er full%' then 'disk_full' when error like 'render:%' then 'render' "
        "when error like 'mail:%' then 'mail' when error like 'DOCX:%' then 'write' else 'conversion' "
        "end where error is not null"
    )
    # An acknowledgement was the municipality's once made; a letter once it was sent.
    db.execute(
        "update documents set sent_at = updated_at where kind = 'kvittering' and status = 'done'"
    )
    sent = db.execute(
        "select json_extract(detail, '$.document'), at from audit_log "
        "where action = 'state:letter_sent' and detail is not null"
    ).fetchall()
    for document_id, at in sent:
        if document_id is not None:
            db.execute("update documents set sent_at = ? where id = ?", [at, document_id])
    # A letter was made for the decision in force when it was asked for.
    db.execute(
        "update documents set decision_id = (select max(d.id) from decisions d "
        "where d.submission_id = documents.submission_id and d.decided_at <= documents.created_at) "
        "where kind in ('tilskuddsbrev', 'avslag')"
    )
    db["letter_batches"].create(
        {
            "id": int,
            "round_id": int,
            "document_ids": str,
            "status": str,
            "merged_path": str,
            "created_at": str,
            "finished_at": str,
        },
        pk="id",
        foreign_keys=[("round_id", "rounds", "id")],
        not_null={"round_id", "document_ids", "status", "created_at"},
    )
    db["letter_batches"].create_index(["round_id", "id"])
