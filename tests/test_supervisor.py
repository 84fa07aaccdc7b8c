"""``formservice serve`` starts its processes together, restarts the document worker when it dies,
and stops them all: on SIGTERM to the supervisor alone, and even when the supervisor is killed."""

from __future__ import annotations

import signal

import pytest

from tests.helpers.live_server import start_live_server
from tests.helpers.processes import serve_processes, wait_gone

pytestmark = [pytest.mark.libreoffice, pytest.mark.xdist_group("libreoffice")]


def test_a_dead_worker_is_started_again_and_sigterm_stops_every_process(tmp_path):
    server = start_live_server(tmp_path / "instance")
    try:
        first = serve_processes(server.process.pid, libreoffice=2)
        assert len(first.web) == 2  # one web process per core (2 here)
        first.worker.send_signal(signal.SIGKILL)
        again = serve_processes(server.process.pid, libreoffice=2, replacing=first.worker.pid)
        assert again.worker.pid != first.worker.pid
        assert wait_gone(first.libreoffice) == []
        assert "worker (pid" in server.output() and "starting it again" in server.output()
        everything = again.every()
        # the supervisor alone gets SIGTERM (not its group): it stops the others itself
        server.process.send_signal(signal.SIGTERM)
        assert server.process.wait(timeout=60) == 0
    finally:
        server.stop()
    assert "formservice: stopped" in server.output()
    assert wait_gone(everything) == []


def test_a_killed_supervisor_takes_its_processes_with_it(tmp_path):
    server = start_live_server(tmp_path / "instance")
    try:
        processes = serve_processes(server.process.pid)
        server.process.send_signal(signal.SIGKILL)
        server.process.wait()
        assert wait_gone(processes.every()) == []
    finally:
        server.stop()
