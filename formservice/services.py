"""The document worker, ``formservice worker``: the process that makes documents.

It runs, for as long as it is not asked to stop:

* the pool of running LibreOffice instances (one per core by default) that converts documents;
* the huey consumer that makes queued documents and sends their mails in worker threads;
* a sweep that queues documents no job will make (a web process died between the submit and
  putting its acknowledgement on the queue), every :data:`SWEEP_INTERVAL` seconds, for those
  pending longer than :data:`SWEEP_AFTER`.

At start, documents left pending or half-made by a worker that died, or held up by a full disk,
unsent mails and unfinished batches of letters are queued again. The web processes only put jobs
on the queue (``instance/jobs.db``), so a fault on the document side never takes a page down.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from huey.consumer import Consumer

from formservice.documents import libreoffice
from formservice.documents.jobs import (
    StartQueue,
    job_queue,
    queue_at_start,
    queue_orphaned_documents,
    use_settings,
)
from formservice.documents.libreoffice import pool_size
from formservice.documents.warm_up import warm_up

log = logging.getLogger(__name__)

SWEEP_INTERVAL = 15.0
SWEEP_AFTER = 60.0  # seconds a document waits, unqueued, before the sweep queues it
# An idle consumer looks at the queue this often at most, so a submit's acknowledgement starts
# within a fraction of a second (huey's own default backs off to 10 s).
POLL_INITIAL, POLL_MAX = 0.05, 0.1


class _QuietConsumer(Consumer):
    """A consumer that leaves signal handling to the process that runs it."""

    def _set_signal_handlers(self) -> None:
        return None


@contextmanager
def background_services(settings: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Run the converter pool, the job consumer and the sweep for as long as the block runs."""
    instance = Path(settings["INSTANCE_PATH"]).resolve()
    use_settings(settings)  # the workers' settings: in memory, never in the queue
    size = pool_size(settings)
    pool = libreoffice.ConverterPool(
        size=size, work_dir=instance / "libreoffice", pdf_version=settings["PDF_VERSION"]
    )
    pool.start()
    libreoffice.set_default_pool(pool)
    warm_up(settings, pool)  # before the first job: a burst of submits must not pay for it
    # One job thread per instance: a job claims its documents when an instance is free to convert
    # them, so what arrives meanwhile joins the next call instead of waiting behind a call formed
    # early (mails wait out a burst anyway: jobs.HOLD_MAILS). Two at least, so that a batch of
    # letters on a pool of one leaves a thread for acknowledgements and mails.
    consumer = _QuietConsumer(
        job_queue(str(instance)), workers=max(2, size), worker_type="thread", periodic=False,
        initial_delay=POLL_INITIAL, max_delay=POLL_MAX,
    )  # fmt: skip
    consumer.start()
    stop_sweep = threading.Event()
    sweep = threading.Thread(target=_sweep, args=(settings, stop_sweep), name="sweep", daemon=True)
    try:
        log_start_queue(queue_at_start(settings))
        sweep.start()
        yield {"pool": pool, "consumer": consumer}
    finally:
        stop_sweep.set()
        consumer.stop(graceful=True)
        libreoffice.set_default_pool(None)
        pool.stop()


def log_start_queue(found: StartQueue) -> None:
    """Say what start-up queued: documents simply waiting for a worker are routine (information),
    work a stopped worker or a full disk left behind is worth a look (a warning)."""
    if found.waiting:
        log.info("making %d documents asked for while no worker ran (e.g. by init --demo)",
                 found.waiting)  # fmt: skip
    if found.interrupted:
        log.warning("making again %d documents a stopped worker left half-made", found.interrupted)
    if found.full_disk:
        log.warning("trying again %d documents held up by a full disk", found.full_disk)
    if found.mails:
        log.info("sending %d mails that waited for a worker", found.mails)


def _sweep(settings: dict[str, Any], stop: threading.Event) -> None:
    while not stop.wait(SWEEP_INTERVAL):
        try:
            queued = queue_orphaned_documents(settings, older_than=SWEEP_AFTER)
        except Exception:  # the next sweep tries again; the worker must not die of it
            log.exception("sweep for documents without a job failed")
            continue
        if queued:
            log.warning("queued %d documents no job was going to make", queued)


def run_worker(settings: dict[str, Any], stop: threading.Event) -> None:
    """Make documents until ``stop`` is set (the command's signal handler sets it)."""
    with background_services(settings):
        print("formservice worker: making documents", flush=True)
        while not stop.wait(1.0):
            pass
