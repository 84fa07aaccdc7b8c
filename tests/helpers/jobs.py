"""Running the jobs a test's requests put on an instance's queue, as the worker would."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from formservice.documents.jobs import job_queue


def run_queued_jobs(settings: dict[str, Any]) -> list[str]:
    """Run every job waiting on the instance's queue, in the order the worker takes them
    (priority, then age), jobs they queue included; return their names in that order."""
    queue = job_queue(str(Path(settings["INSTANCE_PATH"]).resolve()))
    names = []
    while queue.pending_count():
        task = queue.dequeue()
        queue.execute(task)
        names.append(task.name)
    return names
