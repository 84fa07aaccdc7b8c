"""The background parts ``formservice serve`` runs beside the web server, started and stopped together.

* the pool of running LibreOffice instances (one per core by default) that converts documents;
* the huey consumer that makes documents in worker threads of the same process, so a queued
  acknowledgement is made while the server runs and no separate process needs starting.

At start-up, documents left pending by a process that died, or held up by a full disk, unsent
mails and unfinished batches of letters are queued again.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from huey.consumer import Consumer

from formservice.documents import libreoffice
from formservice.documents.jobs import job_queue, queue_pending_documents, use_settings
from formservice.documents.libreoffice import pool_size

log = logging.getLogger(__name__)


class _QuietConsumer(Consumer):
    """A consumer that leaves signal handling to the web server's process."""

    def _set_signal_handlers(self) -> None:
        return None


@contextmanager
def background_services(settings: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Run the converter pool and the job consumer for as long as the block runs."""
    instance = Path(settings["INSTANCE_PATH"]).resolve()
    use_settings(settings)  # the workers' settings: in memory, never in the queue
    size = pool_size(settings)
    pool = libreoffice.ConverterPool(
        size=size, work_dir=instance / "libreoffice", pdf_version=settings["PDF_VERSION"]
    )
    pool.start()
    libreoffice.set_default_pool(pool)
    consumer = _QuietConsumer(
        job_queue(str(instance)), workers=size + 1, worker_type="thread", periodic=False
    )
    consumer.start()
    try:
        requeued = queue_pending_documents(settings, at_start=True)
        if requeued:
            log.warning("queued %d documents left pending or held up by a full disk", requeued)
        yield {"pool": pool, "consumer": consumer}
    finally:
        consumer.stop(graceful=True)
        libreoffice.set_default_pool(None)
        pool.stop()
