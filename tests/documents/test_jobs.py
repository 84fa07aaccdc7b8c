"""Queued jobs carry a document id and nothing else; the worker finds its settings itself."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from formservice.config import load_settings
from formservice.documents import jobs
from formservice.documents.kinds import LETTER_KINDS
from formservice.documents.outcome import SKIPPED
from formservice.documents.pdf import pdf_text
from formservice.services import log_start_queue
from formservice.storage import documents, letters, rounds
from formservice.storage.db import connect
from tests.helpers.letters import decided


def test_a_queued_job_holds_the_document_id_and_no_secret(shipped_app):
    settings = dict(shipped_app.config)
    submission_id = decided(settings, name="Køkommune", number=21)
    db = connect(settings["DATABASE"])
    document_id = documents.create_document(db, submission_id, "avslag", "nb")
    jobs.queue_documents(settings, [document_id])
    instance = Path(settings["INSTANCE_PATH"]).resolve()
    queue = jobs.job_queue(str(instance))
    tasks = [queue.dequeue() for _ in range(queue.pending_count())]
    assert [t.args for t in tasks] == [(document_id,)]
    stored = b"".join(p.read_bytes() for p in instance.glob("jobs.db*"))
    assert settings["SECRET_KEY"].encode() not in stored
    assert b"SECRET_KEY" not in stored and b"MAIL_SERVER" not in stored


def test_a_worker_without_registered_settings_reads_the_instance(tmp_path):
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "config.json").write_text('{"MAIL_SENDER": "fra@example.invalid"}', "utf-8")
    settings = jobs.worker_settings(str(instance.resolve()))
    assert settings["INSTANCE_PATH"] == str(instance.resolve())
    assert settings["MAIL_SENDER"] == "fra@example.invalid"


def test_start_up_tells_documents_waiting_for_a_worker_from_work_left_half_done(tmp_path, caplog):
    """``init --demo`` asks for its letters in one batch and no worker is running: the worker's
    start makes them, which is routine (information), not a fault; a document a stopped worker
    left half-made is worth a warning."""
    instance = tmp_path / "instance"
    env = {**os.environ, "FORMSERVICE_INSTANCE_PATH": str(instance)}
    subprocess.run([str(Path(sys.executable).parent / "formservice"), "init", "--demo"], env=env,
                   check=True, capture_output=True, timeout=120)  # fmt: skip
    settings = load_settings({"INSTANCE_PATH": str(instance)})
    db = connect(settings["DATABASE"])
    waiting = len(documents.pending_documents(db))
    assert waiting == 10  # the demo's 2021 letters, asked for by init --demo
    found = jobs.queue_at_start(settings)
    assert (found.waiting, found.interrupted, found.full_disk) == (waiting, 0, 0)
    with caplog.at_level(logging.INFO, logger="formservice.services"):
        log_start_queue(found)
    [record] = caplog.records
    assert record.levelno == logging.INFO
    assert f"making {waiting} documents asked for while no worker ran" in record.getMessage()

    first = documents.pending_documents(db)[0]["id"]
    assert documents.claim(db, first) == 1  # a worker started on it, then stopped
    found = jobs.queue_at_start(settings)
    assert (found.waiting, found.interrupted) == (waiting - 1, 1)
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="formservice.services"):
        log_start_queue(found)
    assert [(r.levelno, r.getMessage()) for r in caplog.records][1] == (
        logging.WARNING,
        "making again 1 documents a stopped worker left half-made",
    )
    assert documents.document_by_id(db, first)["status"] == "pending"


@pytest.mark.libreoffice
@pytest.mark.xdist_group("libreoffice")
def test_a_job_makes_the_documents_of_its_kind_waiting_beside_its_own(shipped_app):
    """A burst of submits: the first acknowledgement's job makes the others of its language with
    it (their own jobs then skip them); a letter's job leaves the letters of a batch to it."""
    settings = dict(shipped_app.config)
    burst = [decided(settings, name=f"Kø {n} kommune", number=60 + n) for n in range(3)]
    nynorsk = decided(settings, name="Kø nynorsk kommune", number=63, language="nn")
    db = connect(settings["DATABASE"])
    acks = {r["submission_id"]: r["id"] for r in documents.pending_documents(db)
            if r["kind"] == "kvittering"}  # fmt: skip
    assert jobs.make_document(settings, acks[burst[1]]) == documents.DONE
    status = {s: documents.document_by_id(db, acks[s])["status"] for s in [*burst, nynorsk]}
    assert status == {**dict.fromkeys(burst, documents.DONE), nynorsk: documents.PENDING}
    assert jobs.make_document(settings, acks[burst[0]]) == SKIPPED  # made already, by the first
    for submission_id in burst:
        pdf = Path(settings["INSTANCE_PATH"]) / documents.document_by_id(db, acks[submission_id])[
            "pdf_path"]  # fmt: skip
        assert f"Kø {burst.index(submission_id)} kommune" in pdf_text(pdf)
    round_id = rounds.round_by_slug(db, "rus-2021")["id"]
    batch = letters.start_batch(db, round_id, LETTER_KINDS)
    alone = letters.request_letter(db, burst[0], LETTER_KINDS)
    assert jobs.make_document(settings, alone) == documents.DONE
    in_batch = [documents.document_by_id(db, i)["status"] for i in batch["document_ids"]]
    assert set(in_batch) == {documents.PENDING}  # the batch makes them, with its merged PDF
