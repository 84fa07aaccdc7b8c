"""One process of ``formservice serve`` is killed with SIGKILL while submissions are in flight:
a web process (gunicorn starts another), or the document worker (the supervisor starts
another). The other processes go on serving; every submission is whole or still its draft; every
acknowledgement is made, each a PDF that opens and names its submission's reference."""

from __future__ import annotations

import random
import signal
import threading
from collections.abc import Iterator

import httpx
import psutil
import pytest

from tests.helpers.live_server import LiveServer, start_live_server
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


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = start_live_server(tmp_path_factory.mktemp("kill") / "instance")
    yield live
    assert live.stop() == 0


@pytest.fixture(scope="module")
def people(server: LiveServer) -> list[tuple[str, int]]:
    return signatories_with_drafts(server.instance, 12)


def _submit_all_and_kill(
    server: LiveServer, people: list[tuple[str, int]], victim: psutil.Process
) -> int:
    """Everyone submits at once; once a random share has landed, ``victim`` is killed."""
    ids = [submission_id for _, submission_id in people]
    threads = [
        threading.Thread(target=submit_over_http, args=(server.url, u, s)) for u, s in people
    ]
    for thread in threads:
        thread.start()
    landed = wait_until_submitted(server.instance, ids, at_least=random.randint(1, len(ids) - 1))
    victim.send_signal(signal.SIGKILL)
    for thread in threads:
        thread.join(timeout=60)
    assert wait_gone([victim]) == []
    return landed


def _everyone_submits_again(server: LiveServer, people: list[tuple[str, int]]) -> None:
    """What a kill cut off, the municipality sends again; then all are submitted."""
    ids = [submission_id for _, submission_id in people]
    for username, submission_id in people:
        submit_over_http(server.url, username, submission_id)
    assert check_whole_or_draft(server.instance, ids) == len(ids)


def test_sigkill_of_a_web_process_during_submissions(server, people):
    ids = [submission_id for _, submission_id in people]
    random.seed(62)
    for _ in range(3):
        before = serve_processes(server.process.pid)
        _submit_all_and_kill(server, people, random.choice(before.web))
        check_whole_or_draft(server.instance, ids)
        after = serve_processes(server.process.pid)  # gunicorn replaced the dead one
        assert after.web_master.pid == before.web_master.pid
        assert after.worker.pid == before.worker.pid
        assert httpx.get(f"{server.url}/healthz", timeout=10).status_code == 200
        _everyone_submits_again(server, people)
        # a submit whose process died before queueing its acknowledgement is swept up
        check_acknowledgements(server.instance, ids, timeout=150)
        reopen_submitted(server.instance, ids)


def test_sigkill_of_the_worker_during_submissions(server, people):
    ids = [submission_id for _, submission_id in people]
    random.seed(765)
    before = serve_processes(server.process.pid)
    _submit_all_and_kill(server, people, before.worker)
    assert wait_gone(before.libreoffice) == []  # its LibreOffice instances follow it
    check_whole_or_draft(server.instance, ids)
    after = serve_processes(server.process.pid, replacing=before.worker.pid)  # a new worker
    assert after.worker.pid != before.worker.pid
    assert after.web_master.pid == before.web_master.pid
    _everyone_submits_again(server, people)
    check_acknowledgements(server.instance, ids, timeout=90)
    reopen_submitted(server.instance, ids)
