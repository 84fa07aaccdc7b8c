"""The disk fills while documents are made: a clear reason, the submission untouched, no half files,
and the document made once there is room again.

How a full disk is made without ``mount`` (CI may lack CAP_SYS_ADMIN): the document job writes each
file under a partial name (``make.partial_path``) that it opens by name, following symlinks, and
renames into place when complete. Pointing that partial name at ``/dev/full`` beforehand sends the
document's real bytes through the real ``write(2)``, which the kernel refuses with ENOSPC (errno
28), exactly what a full filesystem answers; nothing of the project is mocked or patched. The app
removes the partial name when it fails (the symlink only, never the device), which is also how the
disk gets "room again" here. A third test sets RLIMIT_FSIZE in a child process with SIGXFSZ
ignored, so the kernel refuses writes past the limit with EFBIG (as for a file size limit).
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from formservice.documents import jobs, libreoffice, make
from formservice.documents.kinds import kind
from formservice.storage import documents
from formservice.storage.db import connect
from tests import factories

DEV_FULL = Path("/dev/full")
ROOT = Path(__file__).resolve().parents[2]
NOT_COMPARED = {"documents", "user_sessions", "login_attempts", "security_events"}


@pytest.fixture
def dev_full():
    """/dev/full must exist, and still be the device after the test (we are root)."""
    if not DEV_FULL.exists() or not stat.S_ISCHR(DEV_FULL.stat().st_mode):
        pytest.skip("/dev/full is not available")
    # the pool removes whatever is at a PDF's path before converting: keep it out
    assert libreoffice.default_pool() is None
    yield
    assert stat.S_ISCHR(DEV_FULL.lstat().st_mode)


def _snapshot(db) -> dict[str, list[tuple]]:
    """Every row of every table but the documents' and the log-ins' (the test logs people in)."""
    tables = [t for t in db.table_names() if t not in NOT_COMPARED]
    return {t: db.execute(f"select * from [{t}] order by rowid").fetchall() for t in tables}


def _fill_disk_at(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(DEV_FULL)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)  # huey's timestamps: naive UTC


@pytest.mark.libreoffice
@pytest.mark.xdist_group("libreoffice")
@pytest.mark.usefixtures("dev_full")
def test_a_full_disk_while_writing_the_docx_fails_clearly_and_keeps_the_submission(demo_app, login):
    municipality = login("lillehammer")
    db = connect(demo_app.config["DATABASE"])
    submission_id = factories.create_submission(db, state="submitted", organisation="3405")["id"]
    jobs.queue_pending_documents(dict(demo_app.config), submission_id)  # as the web's submit does
    instance = Path(demo_app.config["INSTANCE_PATH"]).resolve()
    [document] = documents.documents_of_submission(db, submission_id)
    assert (document["kind"], document["status"]) == ("kvittering", "pending")
    folder = instance / "documents" / str(submission_id)
    docx = folder / f"kvittering-{document['id']}.docx"
    _fill_disk_at(make.partial_path(docx, 1))
    before = _snapshot(db)

    queue = jobs.job_queue(str(instance))  # run the job the submit queued, as the consumer does
    task = queue.dequeue()
    assert task.args == (document["id"],)  # the id, and nothing else (no settings, no secret)
    assert queue.execute(task) == "failed"  # returned, not raised: huey has nothing to retry

    failed = documents.document_by_id(db, document["id"])
    assert failed["status"] == documents.FAILED and failed["error_code"] == documents.DISK_FULL
    assert failed["docx_path"] is None and failed["pdf_path"] is None
    assert list(folder.iterdir()) == []  # no half DOCX, no partial file, no PDF
    assert _snapshot(db) == before  # answers, versions, audit log, state: exactly as before

    office = login("saksbehandler")
    page = office.get(f"/saksbehandler/skjema/{submission_id}")
    assert page.status_code == 200
    assert documents.failure_message(documents.DISK_FULL, "nb") in page.text
    assert "Traceback" not in page.text
    receipt = municipality.get(f"/kommune/skjema/{submission_id}/kvittering")
    assert receipt.status_code == 200
    assert "lages på nytt så snart det er plass igjen" in receipt.text

    retry = queue.dequeue()  # the job asked to be tried again later, by itself
    assert retry.args == (document["id"],) and queue.pending_count() == 0
    assert retry.eta > _now() + dt.timedelta(seconds=jobs.RETRY_WHEN_FULL - 60)
    assert queue.execute(retry) is None  # not due yet: the consumer puts it on the schedule
    assert queue.read_schedule(_now()) == []
    later = _now() + dt.timedelta(seconds=jobs.RETRY_WHEN_FULL + 1)
    [due] = queue.read_schedule(later)  # what the consumer's scheduler picks up then
    assert queue.execute(due, later) == "done"  # the symlink is gone: there is room again

    made = documents.document_by_id(db, document["id"])
    assert made["status"] == documents.DONE and made["error"] is None and made["attempts"] == 2
    assert zipfile.is_zipfile(instance / made["docx_path"])
    assert (instance / made["pdf_path"]).read_bytes()[:5] == b"%PDF-"
    assert sorted(p.name for p in folder.iterdir()) == [docx.name, docx.with_suffix(".pdf").name]
    assert _snapshot(db) == before
    receipt = municipality.get(f"/kommune/skjema/{submission_id}/kvittering").text
    assert f"/dokument/{document['id']}.pdf" in receipt


def _grant_letter(demo_app) -> tuple[int, int]:
    """A submitted demo form granted at the ladder's amounts, its letter asked for: both ids."""
    db = connect(demo_app.config["DATABASE"])
    submission = factories.create_submission(db, state="granted", organisation="3405")
    letter = factories.create_document(db, submission=submission)
    assert letter["kind"] == "tilskuddsbrev" and letter["status"] == documents.PENDING
    return submission["id"], letter["id"]


@pytest.mark.libreoffice
@pytest.mark.xdist_group("libreoffice")
@pytest.mark.usefixtures("dev_full")
def test_a_full_disk_in_the_pdf_step_keeps_the_docx_and_records_no_pdf(demo_app, login):
    submission_id, letter_id = _grant_letter(demo_app)
    instance = Path(demo_app.config["INSTANCE_PATH"]).resolve()
    settings = dict(demo_app.config)
    queue = jobs.job_queue(str(instance))
    queue.flush()  # what the web queued; the test runs the jobs itself
    db = connect(settings["DATABASE"])
    folder = instance / "documents" / str(submission_id)
    docx = folder / f"tilskuddsbrev-{letter_id}.docx"
    pdf = docx.with_suffix(".pdf")
    # The letter converts; writing its confirmation page (a PDF cut from it) meets the full disk.
    _fill_disk_at(make.partial_path(pdf.with_name(pdf.stem + "-bekreftelse.pdf"), 1))
    before = _snapshot(db)

    assert jobs.make_document(settings, letter_id) == "failed"  # as the CLI calls it

    failed = documents.document_by_id(db, letter_id)
    assert failed["status"] == documents.FAILED and failed["error_code"] == documents.DISK_FULL
    assert failed["pdf_path"] is None
    assert failed["docx_path"] == str(docx.relative_to(instance))  # complete, so it is kept
    assert zipfile.ZipFile(docx).testzip() is None
    files = kind("tilskuddsbrev").files(letter_id)
    # the DOCX files are complete and kept; no PDF, no confirmation PDF, no partial file
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [docx.name, files.companions["bekreftelse"]]
    )
    assert _snapshot(db) == before
    page = login("saksbehandler").get(f"/saksbehandler/skjema/{submission_id}")
    assert page.status_code == 200
    assert documents.failure_message(documents.DISK_FULL, "nb") in page.text
    assert f"dokument/{letter_id}.pdf" not in page.text  # nothing offered as if it were made

    queue.flush()  # leave the timed retry; queue it again as start-up or a batch does
    assert jobs.queue_pending_documents(settings, submission_id) == 2  # the receipt and the letter
    tasks = [queue.dequeue() for _ in range(queue.pending_count())]
    [task] = [t for t in tasks if t.args == (letter_id,)]
    assert queue.execute(task) == "done"

    made = documents.document_by_id(db, letter_id)
    assert made["status"] == documents.DONE and made["pdf_path"] == str(pdf.relative_to(instance))
    assert pdf.read_bytes()[:5] == b"%PDF-"
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [docx.name, pdf.name, files.companions["bekreftelse"], files.confirmation_pdf,
         files.fillable_pdf]
    )  # fmt: skip
    assert _snapshot(db) == before
    assert jobs.queue_pending_documents(settings, submission_id) == 1  # only the receipt now


CHILD = """
import os, resource, signal, sys
from pathlib import Path
from formservice.documents import make
from formservice.files import is_disk_full, write_atomically
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # past the limit, write(2) fails with EFBIG instead
resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
try:
    target = Path(sys.argv[1])
    write_atomically(target, os.urandom(64 * 1024), make.partial_path(target, 1))
except OSError as error:
    print(error.errno, is_disk_full(error))
else:
    print("written")
"""


def test_a_file_size_limit_is_a_full_disk_too_and_leaves_no_partial_file(tmp_path):
    target = tmp_path / "documents" / "kvittering-1.docx"
    target.parent.mkdir(parents=True)
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(target)],
        capture_output=True, text=True, timeout=60, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(errno.EFBIG), "True"]
    assert list(target.parent.iterdir()) == []
