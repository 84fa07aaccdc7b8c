"""The supervisor behind ``formservice serve``: starts its processes, restarts one that dies, and
stops them all together.

Each child (the web server's master, the document worker) is a ``python -m formservice``
command in the supervisor's process group, so a terminal's Ctrl-C or a service manager's signal
to the group reaches every one. A child is also asked to stop (SIGTERM) by the kernel when the
supervisor itself dies, even by SIGKILL (``PR_SET_PDEATHSIG``), so nothing is left behind. A child
that exits while the supervisor is not stopping is started again, after a pause that grows while
it keeps dying young (so a child that cannot start does not spin), and is logged.
"""

from __future__ import annotations

import ctypes
import logging
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

STOP_TIMEOUT = 30.0  # seconds a child has to stop after SIGTERM before it is killed
HEALTHY_AFTER = 10.0  # a child that ran this long is healthy again: the restart pause starts over
MAX_PAUSE = 30.0
_PR_SET_PDEATHSIG = 1


@dataclass
class Child:
    """One supervised process: its name, its ``formservice`` arguments, and its state."""

    name: str
    arguments: list[str]
    process: subprocess.Popen | None = None
    started: float = 0.0
    restarts: int = 0
    pause: float = field(default=0.5)
    due: float = 0.0  # when a dead child is to be started again

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None


def _die_with_parent() -> None:
    """In the child, before exec: the kernel sends SIGTERM when the supervisor dies."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)


class Supervisor:
    """Runs the children until :meth:`request_stop` (a signal handler calls it)."""

    def __init__(self, children: list[Child], *, environment: dict[str, str] | None = None) -> None:
        self.children = children
        self.environment = environment
        self.stopping = False

    def request_stop(self, signum: int = signal.SIGTERM, frame: object = None) -> None:
        self.stopping = True

    def _start(self, child: Child) -> None:
        child.process = subprocess.Popen(
            [sys.executable, "-m", "formservice", *child.arguments],
            env=self.environment,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        )
        child.started = time.monotonic()
        log.info("started %s (pid %d)", child.name, child.process.pid)

    def run(self, *, poll: float = 0.2) -> int:
        """Start every child, keep them running, stop them when asked; return 0."""
        for child in self.children:
            self._start(child)
        while not self.stopping:
            time.sleep(poll)
            for child in self.children:
                self._look_after(child)
        self.stop_all()
        return 0

    def _look_after(self, child: Child) -> None:
        if self.stopping or child.running():
            return
        now = time.monotonic()
        if child.due == 0.0:  # just found dead
            status = child.process.returncode if child.process else None
            if now - child.started >= HEALTHY_AFTER:
                child.pause = 0.5
            child.due = now + child.pause
            log.error(
                "%s (pid %s) exited with status %s; starting it again in %.1f s",
                child.name, child.process.pid if child.process else "?", status, child.pause,
            )  # fmt: skip
            child.pause = min(child.pause * 2, MAX_PAUSE)
            return
        if now >= child.due:
            child.due = 0.0
            child.restarts += 1
            self._start(child)

    def stop_all(self, timeout: float = STOP_TIMEOUT) -> None:
        """SIGTERM to every running child, wait, and SIGKILL what is still there."""
        for child in self.children:
            if child.running():
                child.process.send_signal(signal.SIGTERM)  # type: ignore[union-attr]
        deadline = time.monotonic() + timeout
        for child in self.children:
            if child.process is None:
                continue
            try:
                child.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                log.error("%s did not stop in %.0f s; killing it", child.name, timeout)
                child.process.kill()
                child.process.wait()


def serve_forever(supervisor: Supervisor) -> int:
    """Run ``supervisor`` with SIGTERM, SIGINT and SIGHUP asking it to stop."""
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, supervisor.request_stop)
    return supervisor.run()
