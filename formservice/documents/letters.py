"""Grant letters and rejections built from decisions, one at a time or for a whole round.

The letter is written in the municipality's own written standard (bokmål or nynorsk). Made files
are recorded as documents of the submission, so the caseworker and the municipality find them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import sqlite_utils

from formservice import formatting
from formservice.documents.batch import BatchResult, Letter, Progress, make_letters
from formservice.documents.contexts import OFFICE, _submission_parts
from formservice.storage import documents, organisations, users
from formservice.storage.db import connect, now_iso
from formservice.storage.decisions import current_decision
from formservice.storage.rounds import round_by_slug

CONFIRM_WITHIN = dt.timedelta(days=30)


def letter_for(db: sqlite_utils.Database, settings: dict[str, Any], submission_id: int) -> Letter:
    """The letter the submission's current decision calls for."""
    submission, organisation, _, definition = _submission_parts(db, settings, submission_id)
    decision = current_decision(db, submission_id)
    if decision is None:
        raise LookupError(f"submission {submission_id} has no decision")
    caseworker = users.user_by_id(db, decision["decided_by"]) or {}
    kind = "tilskuddsbrev" if decision["outcome"] == "granted" else "avslag"
    language = organisation["language"] if organisation["language"] in ("nb", "nn") else "nb"
    context = {
        "office": OFFICE,
        "date": formatting.short_date(now_iso()),
        "reference": submission["reference"] or "",
        "recipient": {
            "name": organisation["name"],
            "orgnr": organisation["orgnr"],
            "address": organisations.letter_recipient(db, organisation["id"])["address"],
            "account": organisation["account_number"] or "",
            "email": organisation["email"] or "",
        },
        "scheme": {
            "name": definition.scheme["name"][language],
            "chapter": definition.scheme["chapter"],
            "post": definition.scheme["post"],
            "year": definition.scheme["year"],
        },
        "caseworker": {
            "name": caseworker.get("full_name") or caseworker.get("username", ""),
            "title": "saksbehandler",
            "email": caseworker.get("email", ""),
        },
        "total": decision["total"],
        "instalments": decision["instalments"] or 1,
        "positions": [
            {
                "title": p["title"],
                "percent": p["percent"],
                "year": p["year"],
                "amount": p["granted"],
            }
            for p in decision["positions"]
        ],
        "conditions": decision["conditions"],
        "reason": decision["reason"] or "",
        "confirm_by": (dt.date.today() + CONFIRM_WITHIN).isoformat(),
    }
    prefill = {"orgnr": organisation["orgnr"], "kontonr": organisation["account_number"] or ""}
    return Letter(f"{submission['reference']}", kind, language, context, prefill)


def letter_context(
    db: sqlite_utils.Database, settings: dict[str, Any], document: dict[str, Any]
) -> dict[str, Any]:
    """The context of a letter document (for the background job)."""
    return letter_for(db, settings, document["submission_id"]).context


def make_round_letters(
    settings: dict[str, Any],
    slug: str,
    *,
    kind: str | None = None,
    out: Path | None = None,
    progress: Progress | None = None,
) -> BatchResult:
    """Letters for every decided submission of the round, with a pool started for the batch."""
    from formservice.documents.libreoffice import ConverterPool, default_pool
    from formservice.services import pool_size

    db = connect(settings["DATABASE"])
    try:
        round_row = round_by_slug(db, slug)
        if round_row is None:
            raise LookupError(f"no round {slug!r}")
        decided = db["submissions"].rows_where(
            "round_id = ? and state in ('granted', 'rejected')", [round_row["id"]], order_by="id"
        )
        letters = [letter_for(db, settings, row["id"]) for row in decided]
        letters = [letter for letter in letters if kind is None or letter.kind == kind]
        if not letters:
            raise LookupError(f"round {slug!r} has no decided submissions to write to")
        instance = Path(settings["INSTANCE_PATH"]).resolve()
        folder = (out or instance / "letters" / slug).resolve()
        pool = default_pool()
        own_pool = None
        if pool is None and len(letters) > 2:
            own_pool = pool = ConverterPool(
                min(pool_size(settings), len(letters)), instance / "libreoffice-batch",
                pdf_version=settings["PDF_VERSION"],
            ).start()  # fmt: skip
        try:
            result = make_letters(letters, folder, Path(settings["TEMPLATES_DIR"]), pool=pool,
                                  progress=progress, merged_name=f"{slug}-alle-brev.pdf")  # fmt: skip
        finally:
            if own_pool is not None:
                own_pool.stop()
        _record(db, instance, letters, result)
        return result
    finally:
        db.close()


def _record(
    db: sqlite_utils.Database, instance: Path, letters: list[Letter], result: BatchResult
) -> None:
    """Each made letter becomes a document of its submission (when it lies in the instance)."""
    for letter, files in zip(letters, result.files, strict=True):
        if files.error or files.letter_pdf is None or not files.letter_pdf.is_relative_to(instance):
            continue
        submission = db["submissions"].rows_where("reference = ?", [letter.key])
        row = next(submission, None)
        if row is None:
            continue
        document_id = documents.create_document(db, row["id"], letter.kind, letter.language)
        documents.mark_done(
            db, document_id,
            docx_path=str(files.letter_docx.relative_to(instance)),
            pdf_path=str(files.letter_pdf.relative_to(instance)),
        )  # fmt: skip


LETTER_MAIL = {
    "tilskuddsbrev": {
        "nb": ("Tilskuddsbrev", "Vedlagt er tilskuddsbrevet for {ref} med bekreftelsesskjemaet. Tilskuddet "
               "utbetales når bekreftelsen er mottatt: bekreft i formservice, eller fyll ut og signer det "
               "utfyllbare skjemaet og last det opp der."),
        "nn": ("Tilskotsbrev", "Vedlagt er tilskotsbrevet for {ref} med stadfestingsskjemaet. Tilskotet blir "
               "utbetalt når stadfestinga er motteken: stadfest i formservice, eller fyll ut og signer det "
               "utfyllbare skjemaet og last det opp der."),
    },
    "avslag": {
        "nb": ("Svar på søknad", "Vedlagt er svaret på søknaden med referanse {ref}."),
        "nn": ("Svar på søknad", "Vedlagt er svaret på søknaden med referanse {ref}."),
    },
}  # fmt: skip


def letter_mail(
    db: sqlite_utils.Database, settings: dict[str, Any], document: dict[str, Any]
) -> Any:
    """The message that sends a finished letter (and the fillable confirmation) to the municipality."""
    from formservice.documents.jobs import fillable_path
    from formservice.mail import Attachment, build_message

    submission, organisation, _, _ = _submission_parts(db, settings, document["submission_id"])
    instance = Path(settings["INSTANCE_PATH"]).resolve()
    pdf = instance / document["pdf_path"]
    language = document["language"] if document["language"] in ("nb", "nn") else "nb"
    subject, body = LETTER_MAIL[document["kind"]][language]
    attachments = [
        Attachment(f"{document['kind']}-{submission['reference']}.pdf", pdf.read_bytes())
    ]
    if document["kind"] == "tilskuddsbrev" and fillable_path(pdf).is_file():
        attachments.append(Attachment(f"bekreftelse-{submission['reference']}-utfyllbar.pdf",
                                      fillable_path(pdf).read_bytes()))  # fmt: skip
    people = [u["email"] for u in users.users_of_organisation(db, organisation["id"]) if u["email"]]
    recipients = sorted({organisation["email"], *people} - {None, ""})
    return build_message(
        settings, to=recipients, subject=f"{subject} – {submission['reference']}",
        body=body.format(ref=submission["reference"]) + f"\n\n{OFFICE['name']}\n",
        attachments=tuple(attachments),
    )  # fmt: skip
