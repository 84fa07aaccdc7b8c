"""Queued jobs carry a document id and nothing else; the worker finds its settings itself."""

from __future__ import annotations

from pathlib import Path

from formservice.documents import jobs
from formservice.storage import documents
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
