"""Queued jobs carry a document id and nothing else; the worker finds its settings itself."""

from __future__ import annotations

import logging
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfWriter

from formservice.config import load_settings
from formservice.documents import jobs
from formservice.documents.kinds import LETTER_KINDS
from formservice.documents.libreoffice import ConverterPool, set_default_pool
from formservice.documents.outcome import SKIPPED
from formservice.documents.pdf import pdf_text
from formservice.services import log_start_queue
from formservice.storage import documents, letters, rounds, submissions
from formservice.storage.db import connect
from tests.helpers.jobs import run_queued_jobs
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


def test_a_job_that_ran_leaves_nothing_in_the_queue(shipped_app):
    """huey stores a task's return value until someone reads it, and nobody does: the queue
    keeps no results, so jobs.db does not grow with every job the worker ever ran."""
    settings = dict(shipped_app.config)
    submission_id = decided(settings, name="Tomkø kommune", number=22)
    db = connect(settings["DATABASE"])
    document_id = documents.create_document(db, submission_id, "avslag", "nb")
    queue = jobs.job_queue(str(Path(settings["INSTANCE_PATH"]).resolve()))
    queue.flush()
    jobs.queue_documents(settings, [document_id])
    jobs.queue_mail(settings, document_id)
    assert run_queued_jobs(settings) == ["make_document_by_id", "send_document_mail"]
    assert documents.document_by_id(db, document_id)["status"] == documents.DONE
    assert queue.pending_count() == 0 and queue.result_count() == 0
    stored = sqlite3.connect(Path(settings["INSTANCE_PATH"]) / "jobs.db")
    assert stored.execute("select count(*) from kv").fetchone() == (0,)
    stored.close()


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


def _acknowledgements(db, submission_ids: list[int]) -> list[int]:
    return [r["id"] for r in documents.pending_documents(db)
            if r["kind"] == "kvittering" and r["submission_id"] in submission_ids]  # fmt: skip


@pytest.mark.libreoffice
@pytest.mark.xdist_group("libreoffice")
def test_acknowledgements_are_downloadable_before_a_job_of_their_own_mails_them(
    shipped_app, smtp_server
):
    """The job records a burst's acknowledgements made (shown, their mails due) and leaves the
    mails to one job after it, which any document job asked for meanwhile goes before (and
    waits for: it sends nothing while a document is still to be made); that job sends each
    one, with its PDF, to the real SMTP server."""
    settings = dict(shipped_app.config)
    burst = [decided(settings, name=f"Postkø {n} kommune", number=70 + n) for n in range(2)]
    db = connect(settings["DATABASE"])
    acks = _acknowledgements(db, burst)
    assert jobs.make_document(settings, acks[0]) == documents.DONE
    made = [documents.document_by_id(db, i) for i in acks]
    assert [(d["status"], d["mail_status"], bool(d["sent_at"])) for d in made] == [
        (documents.DONE, documents.MAIL_DUE, True)] * 2  # fmt: skip
    assert smtp_server.inbox.messages == []
    letter = documents.create_document(db, burst[0], "avslag", "nb")
    jobs.queue_documents(settings, [letter])  # asked for after: made before the mails
    queue = jobs.job_queue(str(Path(settings["INSTANCE_PATH"]).resolve()))
    tasks = [queue.dequeue() for _ in range(queue.pending_count())]
    assert [t.name for t in tasks] == ["make_document_by_id", "send_document_mails"]
    assert set(acks) <= set(tasks[1].args[0])
    queue.execute(tasks[1])  # the letter is still to be made: the mails wait for it
    assert [documents.document_by_id(db, i)["mail_status"] for i in acks] == ["due"] * 2
    [held] = queue.pending()  # queued again with a time to run (huey schedules it when taken)
    assert held.name == "send_document_mails" and held.args[0] == tasks[1].args[0]
    assert held.eta is not None
    queue.execute(tasks[0])
    assert documents.document_by_id(db, letter)["status"] == documents.DONE
    queue.execute(held)
    assert [documents.document_by_id(db, i)["mail_status"] for i in acks] == ["sent"] * 2
    for submission_id in burst:
        reference = submissions.submission_by_id(db, submission_id)["reference"]
        [mail] = [m for m in smtp_server.inbox.messages if reference in m["Subject"]]
        [attachment] = list(mail.iter_attachments())
        assert attachment.get_filename() == f"kvittering-{reference}.pdf"
        assert attachment.get_content().startswith(b"%PDF")


def test_mails_held_for_documents_still_to_be_made_go_after_the_longest_hold(
    shipped_app, smtp_server
):
    """A document that stays pending (no worker gets to it) holds a mail back at most
    HOLD_MAILS_AT_MOST seconds: then it is sent all the same."""
    settings = dict(shipped_app.config)
    submission_id = decided(settings, name="Ventekommune", number=81)
    db = connect(settings["DATABASE"])
    [ack] = _acknowledgements(db, [submission_id])
    pdf = Path(settings["INSTANCE_PATH"]) / "documents" / "venter.pdf"
    pdf.parent.mkdir(parents=True, exist_ok=True)
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.write(pdf)
    documents.claim(db, ack)
    documents.mark_done(db, ack, docx_path="documents/venter.docx",
                        pdf_path="documents/venter.pdf", shown=True, mail_due=True)  # fmt: skip
    other = documents.create_document(db, submission_id, "avslag", "nb")  # stays pending
    assert documents.being_made(db) >= 1
    assert jobs.send_mails_when_made(settings, [ack]) == 0  # held: asked again shortly
    queue = jobs.job_queue(str(Path(settings["INSTANCE_PATH"]).resolve()))
    [held] = [t for t in queue.pending() if t.name == "send_document_mails"]
    first_held = held.args[1]
    assert held.args[0] == [ack] and first_held <= time.time()
    assert jobs.send_mails_when_made(settings, [ack], first_held) == 0  # still held
    assert documents.document_by_id(db, ack)["mail_status"] == documents.MAIL_DUE
    assert smtp_server.inbox.messages == []
    long_ago = time.time() - jobs.HOLD_MAILS_AT_MOST - 1
    assert jobs.send_mails_when_made(settings, [ack], long_ago) == 1  # held long enough: sent
    assert documents.document_by_id(db, ack)["mail_status"] == "sent"
    reference = submissions.submission_by_id(db, submission_id)["reference"]
    [mail] = [m for m in smtp_server.inbox.messages if reference in m["Subject"]]
    assert [a.get_content()[:5] for a in mail.iter_attachments()] == [b"%PDF-"]
    assert documents.document_by_id(db, other)["status"] == documents.PENDING


@pytest.mark.libreoffice
@pytest.mark.xdist_group("libreoffice")
def test_a_job_makes_at_most_five_of_a_burst_the_oldest_first(shipped_app, tmp_path):
    """Eleven acknowledgements waiting and a pool of two: the job makes five (its own and the
    four oldest beside it) in one call, without splitting them between the instances, so that
    the next job, on the other instance, starts on the sixth while the first call still runs.
    The job of a document made already makes the next five waiting (not four beside its own)."""
    settings = dict(shipped_app.config)
    burst = [decided(settings, name=f"Delkø {n} kommune", number=80 + n) for n in range(11)]
    db = connect(settings["DATABASE"])
    others = [r["id"] for r in documents.pending_documents(db) if r["submission_id"] not in burst]
    documents.claim_many(db, others)  # the demo's own documents are some other job's
    acks = _acknowledgements(db, burst)
    with ConverterPool(size=2, work_dir=tmp_path / "pool") as pool:
        set_default_pool(pool)
        try:
            assert jobs.make_document(settings, acks[0]) == documents.DONE
            status = [documents.document_by_id(db, i)["status"] for i in acks]
            assert jobs.TOGETHER == 5
            assert status == [documents.DONE] * 5 + [documents.PENDING] * 6
            assert jobs.make_document(settings, acks[1]) == SKIPPED  # made by the first job
            status = [documents.document_by_id(db, i)["status"] for i in acks]
            assert status == [documents.DONE] * 10 + [documents.PENDING]
            assert jobs.make_document(settings, acks[10]) == documents.DONE
        finally:
            set_default_pool(None)
    assert {documents.document_by_id(db, i)["status"] for i in acks} == {documents.DONE}
