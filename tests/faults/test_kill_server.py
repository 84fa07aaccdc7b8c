"""The whole of ``formservice serve`` (supervisor, web processes, document worker) is killed with
SIGKILL while submissions are in flight, again and again.

Afterwards every submission is either completely submitted (version, reference, audit entry and
acknowledgement together) or still the draft it was, and the server starts again by itself and
makes every acknowledgement left behind: each a PDF that opens and names its reference. After
each round the help desk reopens what got through, so every round has submits in flight.
"""

from __future__ import annotations

import os
import random
import signal
import threading

import pytest

from tests.helpers.live_server import init_instance, start_live_server
from tests.helpers.processes import serve_processes, wait_gone
from tests.helpers.submits import (
    check_acknowledgements,
    check_whole_or_draft,
    reopen_submitted,
    signatories_with_drafts,
    submit_over_http,
    wait_until_submitted,
)

pytestmark = [pytest.mark.libreoffice, pytest.mark.xdist_group("libreoffice")]
ROUNDS = 4


def test_sigkill_of_the_whole_group_leaves_each_submission_complete_or_untouched(tmp_path):
    instance = tmp_path / "instance"
    init_instance(instance)
    people = signatories_with_drafts(instance, 12)
    ids = [submission_id for _, submission_id in people]
    random.seed(765)
    counts = []
    for _ in range(ROUNDS):
        server = start_live_server(instance, initialise=False)  # as a service manager restarts it
        processes = serve_processes(server.process.pid)
        threads = [
            threading.Thread(target=submit_over_http, args=(server.url, u, s)) for u, s in people
        ]
        for thread in threads:
            thread.start()
        wait_until_submitted(instance, ids, at_least=random.randint(1, len(ids) - 1))
        os.killpg(server.process.pid, signal.SIGKILL)
        server.process.wait()
        for thread in threads:
            thread.join(timeout=30)
        # LibreOffice runs in process groups of its own; it follows the worker it served
        assert wait_gone(processes.every()) == []
        counts.append(check_whole_or_draft(instance, ids))
        reopen_submitted(instance, ids)
    assert any(0 < count < len(ids) for count in counts), (
        f"no kill caught submits in flight: {counts}"
    )
    server = start_live_server(instance, initialise=False)  # starts again without manual repair
    try:
        for username, submission_id in people:
            submit_over_http(server.url, username, submission_id)
        assert check_whole_or_draft(instance, ids) == len(ids)
        # every acknowledgement, those the killed workers left pending too, made after restart
        assert check_acknowledgements(instance, ids) == sum(counts) + len(ids)
    finally:
        server.stop()
