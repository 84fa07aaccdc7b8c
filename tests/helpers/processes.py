"""The processes of a running ``formservice serve``, found by their parentage (psutil).

``formservice serve`` (the supervisor) starts ``python -m formservice web`` (gunicorn's master,
whose children are the web processes) and ``python -m formservice worker`` (whose children are
the LibreOffice instances, each ``unoserver`` with its ``soffice``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import psutil


@dataclass
class ServeProcesses:
    """The supervisor and what it runs, as psutil processes."""

    supervisor: psutil.Process
    web_master: psutil.Process
    web: list[psutil.Process]
    worker: psutil.Process
    libreoffice: list[psutil.Process]

    def every(self) -> list[psutil.Process]:
        return [self.supervisor, self.web_master, *self.web, self.worker, *self.libreoffice]


def _role(process: psutil.Process) -> str:
    command = process.cmdline()
    if "-m" in command and "formservice" in command:
        return command[command.index("formservice") + 1]
    return ""


def serve_processes(
    pid: int,
    *,
    web: int = 2,
    libreoffice: int = 1,
    timeout: float = 60,
    replacing: int | None = None,
) -> ServeProcesses:
    """The processes under the supervisor ``pid``, once ``web`` web processes and at least
    ``libreoffice`` LibreOffice instances run (waiting up to ``timeout`` seconds); with
    ``replacing``, once a worker other than that (killed) one runs. A process that has exited
    but is not yet reaped (a zombie) is not counted."""
    supervisor = psutil.Process(pid)
    deadline = time.monotonic() + timeout
    while True:
        try:
            children = {_role(c): c for c in supervisor.children() if _running(c)}
            master, worker = children.get("web"), children.get("worker")
            if worker is not None and worker.pid == replacing:
                worker = None
            workers = [c for c in master.children() if _running(c)] if master else []
            offices = (
                [c for c in worker.children() if "unoserver" in " ".join(c.cmdline())]
                if worker
                else []
            )
            if master and worker and len(workers) == web and len(offices) >= libreoffice:
                soffice = [p for o in offices for p in o.children(recursive=True)]
                return ServeProcesses(supervisor, master, workers, worker, offices + soffice)
        except psutil.NoSuchProcess:
            pass
        assert time.monotonic() < deadline, "formservice serve's processes did not all start"
        time.sleep(0.2)


def _running(process: psutil.Process) -> bool:
    try:
        return process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def wait_gone(processes: list[psutil.Process], timeout: float = 30) -> list[psutil.Process]:
    """Wait until every one of ``processes`` has exited; return those still running."""
    _, alive = psutil.wait_procs(processes, timeout=timeout)
    return [p for p in alive if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
