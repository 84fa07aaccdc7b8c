"""Document failures are kept as a code and a message in both standards; retries go by the code."""

from __future__ import annotations

import pytest

from formservice.storage import documents
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
