"""Making documents in the background: huey with its SQLite storage in the instance folder.

A job carries a document id (or a mail's document id, or a batch id) and nothing else: no
settings, no secret. The worker takes its settings from the process that registered them for the
instance (:func:`use_settings`; ``formservice serve`` loads them from the environment and the
instance's config) or else loads them itself for the instance folder the queue belongs to.

:func:`make_document` (run by the consumer that ``formservice serve`` starts, or directly) makes
one document through :mod:`formservice.documents.make`; a job that runs twice after a crash does no
harm (a document is claimed before it is made). A document that met a full disk is tried again
after :data:`RETRY_WHEN_FULL`, a mail that failed after :data:`RETRY_MAIL`, and at start-up
everything left pending, half-done, held up by a full disk or not mailed is queued again. For
more than one machine, swap :class:`~huey.SqliteHuey` for ``RedisHuey``: nothing else changes.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from huey import SqliteHuey
from huey.api import Huey

from formservice.config import SETTINGS, load_settings
from formservice.documents import mails, make
from formservice.documents.batch import run_batch
from formservice.documents.libreoffice import default_pool
from formservice.documents.outcome import SKIPPED
from formservice.documents.prepare import database
from formservice.storage import document_mails, documents, letters
from formservice.storage.db import connect

log = logging.getLogger(__name__)

RETRY_WHEN_FULL = 600  # seconds until a document that met a full disk is tried again
MAX_FULL_RETRIES = 144  # a day of such retries; after that, start-up or a batch queues it again
RETRY_MAIL = 300  # seconds until a mail that could not be sent is tried again
# A burst's mails wait while documents are still to be made (each acknowledgement downloadable
# sooner: building and filing a mail took a quarter of the worker's Python in a burst), asking
# again every HOLD_MAILS seconds, but never longer than HOLD_MAILS_AT_MOST in all.
HOLD_MAILS, HOLD_MAILS_AT_MOST = 0.5, 30.0
# Documents one job makes at most, its own (if no other job made it) and others waiting of its
# kind, in one LibreOffice call. More to a call costs LibreOffice less an acknowledgement (some
# 36 ms at ten, 47 at five), but everything that arrives during a call waits for the whole of
# it, and in a burst the call's first documents wait longest. Five to a call (some 0.3 s in a
# burst) gave the lowest p95 at 50 sessions: three and nineteen did worse, four and seven about
# the same, six worse by 0.05-0.1 s in three pairs of three.
TOGETHER = 5
# Jobs that make documents go before mail jobs: in a burst of submits every acknowledgement is
# downloadable before the first of their mails is sent (a mail waits seconds, not a person).
DOCUMENTS_FIRST = 10
_NAMES = {setting.name for setting in SETTINGS}
_registered: dict[str, dict[str, Any]] = {}


def _key(settings: dict[str, Any]) -> str:
    return str(Path(settings["INSTANCE_PATH"]).resolve())


def use_settings(settings: dict[str, Any]) -> None:
    """The settings this process's workers use for the instance (kept in memory only)."""
    _registered[_key(settings)] = {k: v for k, v in settings.items() if k in _NAMES}


def worker_settings(instance_path: str) -> dict[str, Any]:
    """The settings for a job of this instance: those registered here, else the instance's own."""
    return _registered.get(instance_path) or load_settings({"INSTANCE_PATH": instance_path})


@cache
def job_queue(instance_path: str) -> Huey:
    """The queue of one instance folder, with its tasks registered."""
    # No result store: nothing reads a job's return value, and huey keeps each one stored
    # until it is read, so jobs.db would grow by a row (and a write) for every job ever run.
    queue = SqliteHuey("formservice", filename=str(Path(instance_path) / "jobs.db"), results=False)

    @queue.task(retries=1, retry_delay=2, name="make_document_by_id", priority=DOCUMENTS_FIRST)
    def _make_document_task(document_id: int) -> str:
        return make_document(worker_settings(instance_path), document_id)

    @queue.task(name="send_document_mail")
    def _send_mail_task(document_id: int) -> bool:
        return send_mail(worker_settings(instance_path), document_id)

    @queue.task(name="send_document_mails")
    def _send_mails_task(document_ids: list[int], held_since: float | None = None) -> int:
        return send_mails_when_made(worker_settings(instance_path), document_ids, held_since)

    @queue.task(name="make_letter_batch")
    def _make_batch_task(batch_id: int) -> int:
        result = run_batch(worker_settings(instance_path), batch_id, pool=default_pool())
        return len(result.made)

    queue.make_document_task = _make_document_task  # type: ignore[attr-defined]
    queue.send_mail_task = _send_mail_task  # type: ignore[attr-defined]
    queue.send_mails_task = _send_mails_task  # type: ignore[attr-defined]
    queue.make_batch_task = _make_batch_task  # type: ignore[attr-defined]
    return queue


def _queue(settings: dict[str, Any]) -> Huey:
    use_settings(settings)
    return job_queue(_key(settings))


def queue_documents(
    settings: dict[str, Any], document_ids: list[int], *, delay: float | None = None
) -> None:
    """Put documents on the queue (after ``delay`` seconds); ``formservice serve`` makes them."""
    task = _queue(settings).make_document_task  # type: ignore[attr-defined]
    for document_id in document_ids:
        if delay:
            task.schedule((document_id,), delay=delay)
        else:
            task(document_id)


def queue_mail(settings: dict[str, Any], document_id: int, *, delay: float | None = None) -> None:
    """Send a document's due mail in the background (after ``delay`` seconds)."""
    task = _queue(settings).send_mail_task  # type: ignore[attr-defined]
    if delay:
        task.schedule((document_id,), delay=delay)
    else:
        task(document_id)


def queue_mails(settings: dict[str, Any], document_ids: list[int]) -> None:
    """Send the due mails of documents just made, in one background job after the documents."""
    _queue(settings).send_mails_task(list(document_ids))  # type: ignore[attr-defined]


def queue_batch(settings: dict[str, Any], batch_id: int) -> None:
    """Make a round's batch of letters in the background, with its merged PDF."""
    _queue(settings).make_batch_task(batch_id)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class StartQueue:
    """What start-up queued: documents asked for while no worker ran (``init --demo``'s letters,
    a submit with the worker down), documents a stopped worker left half-made, documents held up
    by a full disk; and the unsent mails and unfinished batches."""

    waiting: int
    interrupted: int
    full_disk: int
    mails: int
    batches: int


def queue_pending_documents(
    settings: dict[str, Any], submission_id: int | None = None, *, db: Any = None
) -> int:
    """Queue every document of the submission (or all) still to be made, including those that
    failed for a full disk; return how many. ``db``: a connection the caller has open (the
    web's request), read instead of opening one of our own."""
    own = db is None
    db = connect(settings["DATABASE"]) if own else db
    try:
        rows = documents.pending_documents(db, submission_id)
        rows += documents.waiting_for_space(db, submission_id)
    finally:
        if own:
            db.close()
    queue_documents(settings, sorted(r["id"] for r in rows))
    return len(rows)


def queue_at_start(settings: dict[str, Any]) -> StartQueue:
    """At the worker's start: queue every document still to be made, what a stopped process
    left half-done, unsent mails and unfinished batches (their documents through the batch)."""
    db = connect(settings["DATABASE"])
    try:
        interrupted = sum(r["status"] == "running" for r in documents.pending_documents(db))
        documents.reset_interrupted(db)
        pending = documents.pending_documents(db)
        full = documents.waiting_for_space(db)
        mail = document_mails.mail_waiting(db)
        batches = letters.open_batches(db)
    finally:
        db.close()
    in_batches = {i for batch in batches for i in batch["document_ids"]}
    queue_documents(settings, sorted(r["id"] for r in pending + full if r["id"] not in in_batches))
    for row in mail:
        queue_mail(settings, row["id"])
    for batch in batches:
        queue_batch(settings, batch["id"])
    return StartQueue(waiting=len(pending) - interrupted, interrupted=interrupted,
                      full_disk=len(full), mails=len(mail), batches=len(batches))  # fmt: skip


def queue_orphaned_documents(settings: dict[str, Any], *, older_than: float) -> int:
    """Queue the documents pending for over ``older_than`` seconds that no queued or scheduled
    job (nor an unfinished batch of letters) will make (a web process died after the submit, before queueing its acknowledgement);
    return how many. A job made twice does no harm, so a race here costs only a claim."""
    cutoff = (dt.datetime.now(dt.UTC) - dt.timedelta(seconds=older_than)).replace(microsecond=0)
    cutoff_iso = cutoff.isoformat()
    db = connect(settings["DATABASE"])
    try:
        rows = documents.pending_documents(db)
        in_batches = {i for batch in letters.open_batches(db) for i in batch["document_ids"]}
    finally:
        db.close()
    stale = [r["id"] for r in rows if r["status"] == "pending" and r["updated_at"] < cutoff_iso
             and r["id"] not in in_batches]  # fmt: skip
    if not stale:
        return 0
    queue = _queue(settings)
    waiting = {
        task.args[0]
        for task in [*queue.pending(), *queue.scheduled()]
        if task.name == "make_document_by_id" and task.args
    }
    orphans = [document_id for document_id in stale if document_id not in waiting]
    queue_documents(settings, orphans)
    return len(orphans)


def make_document(settings: dict[str, Any], document_id: int) -> str:
    """Make one document (the job's work), and with it others of its kind and language waiting
    to be made, in one LibreOffice call where they can share one (a burst of submits: their
    acknowledgements): at most :data:`TOGETHER`, the oldest first. A job runs when an instance
    is free, so with a pool of several the jobs beside it take the next ones waiting, and the
    instances' calls end at different times: what arrives meanwhile waits for the first to end,
    not for all of them. (Splitting what waits evenly among the instances made their calls end
    together.) Their own jobs then find them made, and take the next ones waiting instead
    (:data:`TOGETHER` of them, returning ``skipped``); a document in an unfinished batch of
    letters is left to its batch. The documents are downloadable before their mails,
    which a job of their own sends after. Schedule the retries each needs; return the status of
    the job's own document."""
    db = database(settings)
    in_batches = {i for batch in letters.open_batches(db) for i in batch["document_ids"]}
    waiting = [i for i in documents.pending_beside(db, document_id, TOGETHER + len(in_batches))
               if i not in in_batches]  # fmt: skip
    own = documents.document_by_id(db, document_id)
    mine = [document_id] if own is not None and own["status"] in documents.CLAIMABLE else []
    chosen = mine + waiting[: TOGETHER - len(mine)]  # as many, whether or not its own is left
    outcomes = make.make_documents(settings, chosen, mail=False) if chosen else []
    for outcome in outcomes:
        if outcome.retry_later:
            document = documents.document_by_id(db, outcome.document_id)
            if document and document["attempts"] < MAX_FULL_RETRIES:
                try:
                    queue_documents(settings, [outcome.document_id], delay=RETRY_WHEN_FULL)
                except Exception as error:  # jobs.db may lie on the full disk too
                    log.error("document %s: retry not scheduled: %s", outcome.document_id, error)
    due = [outcome.document_id for outcome in outcomes if outcome.mail_due]
    if due:
        try:
            queue_mails(settings, due)
        except Exception as error:  # jobs.db may lie on a full disk: send them now instead
            log.error("documents %s: mail job not queued (%s); sending them now", due, error)
            send_mails(settings, due)
    return outcomes[0].status if mine else SKIPPED  # another job made (or makes) its own


def send_mail(settings: dict[str, Any], document_id: int) -> bool:
    """Send a document's due mail (the job's work); on failure try again later."""
    sent = mails.deliver(database(settings), settings, document_id)
    if not sent:
        queue_mail(settings, document_id, delay=RETRY_MAIL)
    return sent


def send_mails_when_made(
    settings: dict[str, Any], document_ids: list[int], held_since: float | None = None
) -> int:
    """Send the mails once no document is waiting to be made (the job's work): while one is,
    ask again in :data:`HOLD_MAILS` seconds, until they have waited :data:`HOLD_MAILS_AT_MOST`
    (``held_since``: when they were first held). Return how many were sent now."""
    now = time.time()
    held_since = now if held_since is None else held_since
    if now - held_since < HOLD_MAILS_AT_MOST and documents.being_made(database(settings)):
        task = _queue(settings).send_mails_task  # type: ignore[attr-defined]
        task.schedule((list(document_ids), held_since), delay=HOLD_MAILS)
        return 0
    return send_mails(settings, document_ids)


def send_mails(settings: dict[str, Any], document_ids: list[int]) -> int:
    """Send the due mails of several documents (the job's work); each that fails is tried again
    later on its own. Return how many were sent (or not needed)."""
    return sum(send_mail(settings, document_id) for document_id in document_ids)


def queue_waiting_for_letterhead(settings: dict[str, Any], office_id: int) -> int:
    """Queue the office's documents that failed for want of its letterhead (it has one now);
    return how many."""
    db = connect(settings["DATABASE"])
    try:
        rows = documents.waiting_for_letterhead(db, office_id)
    finally:
        db.close()
    queue_documents(settings, [row["id"] for row in rows])
    return len(rows)
