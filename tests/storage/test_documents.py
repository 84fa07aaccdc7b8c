"""Document failures are kept as a code and a message in both standards; retries go by the code."""

from __future__ import annotations

import pytest

from formservice.storage import document_mails, documents
from formservice.storage.db import connect
from tests.helpers.letters import decided, demo_instance


def test_every_failure_code_reads_in_bokmal_and_nynorsk():
    for code, texts in documents.FAILURES.items():
        assert texts["nb"] and texts["nn"] and texts["nb"] != texts["nn"], code
    assert documents.failure_message("disk_full", "nn").startswith("Disken er full")
    assert documents.failure_message(None, "nb") == documents.FAILURES["conversion"]["nb"]


def test_a_full_disk_is_retried_by_its_code_whatever_the_text_says(tmp_path):
    settings = demo_instance(tmp_path / "instance")
    submission_id = decided(settings, name="Fullkommune", number=31)
    db = connect(settings["DATABASE"])
    full = documents.create_document(db, submission_id, "avslag", "nb")
    other = documents.create_document(db, submission_id, "tilskuddsbrev", "nb")
    documents.mark_failed(db, full, documents.DISK_FULL, "ENOSPC, worded any way at all")
    documents.mark_failed(db, other, "conversion", "Disken er full (only the words)")
    assert [d["id"] for d in documents.waiting_for_space(db, submission_id)] == [full]
    with pytest.raises(ValueError, match="unknown failure code"):
        documents.mark_failed(db, other, "disk is full", "x")
    assert documents.claim(db, full) == 1 and documents.claim(db, full) == 0  # claimed once


def test_documents_are_claimed_and_recorded_many_in_one_write(tmp_path):
    """A burst's documents are claimed together: each once (a second claim, by another job,
    gets only what is left), a done one never; and recorded made together."""
    settings = demo_instance(tmp_path / "instance")
    submission_id = decided(settings, name="Flerkommune", number=32)
    db = connect(settings["DATABASE"])
    ids = [documents.create_document(db, submission_id, "avslag", "nb") for _ in range(4)]
    documents.mark_failed(db, ids[3], "conversion", "tried once")
    assert documents.claim_many(db, ids[:2]) == {ids[0]: 1, ids[1]: 1}
    assert documents.claim_many(db, ids) == {ids[2]: 1, ids[3]: 1}  # the failed one again
    assert documents.claim_many(db, ids) == {} and documents.claim_many(db, []) == {}
    documents.mark_many_done(db, [
        documents.Made(ids[0], "a.docx", "a.pdf", shown=True, mail_due=True),
        documents.Made(ids[1], "b.docx", "b.pdf"),
    ])  # fmt: skip
    first, second = (documents.document_by_id(db, i) for i in ids[:2])
    assert (first["status"], first["pdf_path"], first["mail_status"]) == ("done", "a.pdf", "due")
    assert first["sent_at"] and first["sent_at"] == first["updated_at"]
    assert (second["status"], second["docx_path"]) == ("done", "b.docx")
    assert second["sent_at"] is None and second["mail_status"] is None
    assert documents.claim_many(db, ids[:2]) == {}  # made: nobody makes them again


def test_a_mail_sent_after_a_failed_one_clears_the_failure(tmp_path):
    settings = demo_instance(tmp_path / "instance")
    submission_id = decided(settings, name="Postkommune", number=33)
    db = connect(settings["DATABASE"])
    document_id = documents.create_document(db, submission_id, "avslag", "nb")
    documents.mark_done(db, document_id, docx_path="a.docx", pdf_path="a.pdf", mail_due=True)
    assert document_mails.claim_mail(db, document_id) and not document_mails.claim_mail(
        db, document_id
    )
    document_mails.mail_failed(db, document_id, "SMTP: refused")
    assert documents.document_by_id(db, document_id)["error_code"] == "mail"
    assert document_mails.claim_mail(db, document_id)
    document_mails.mail_sent(db, document_id)
    sent = documents.document_by_id(db, document_id)
    assert (sent["mail_status"], sent["error_code"], sent["error"]) == ("sent", None, None)
