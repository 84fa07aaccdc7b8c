"""The supervised pool of running LibreOffice converters (used through ``libreoffice.py``; one instance is started as ``soffice.py`` says).

Each instance is an ``unoserver`` process (run by ``.venv-uno``, the Python that has LibreOffice's
``uno`` module) with its own ``soffice``, ports and profile folder, in its own process group so
that killing it leaves nothing behind. Documents are loaded hidden (a small launcher adds
``Hidden=True`` to unoserver's load call), which halves LibreOffice's work per letter. An instance
converts one document at a time; idle instances wait in a queue. A conversion that outlasts its
timeout, or an instance that dies or stops answering, kills and restarts that instance; a document
LibreOffice rejects leaves the instance running. Either way the document is tried again on
another instance, up to three times in all. An instance is also restarted after ``max_conversions`` documents (1000 by
default: measured on grant letters, soffice grows from 133 MB to about 180 MB over its first 100
conversions and then by some 10 MB per 500, so restarting more often only costs time; the
instances' limits are staggered so they never restart together).
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import shutil
import signal
import subprocess
import threading
import time
import xmlrpc.client
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from formservice.documents.libreoffice_instance import Instance, InstanceBroken, convert_on
from formservice.documents.soffice import (
    UNO_PYTHON,
    ConversionFailed,
    filter_options,
    free_port,
    group_processes,
    proxy,
    soffice_environment,
    unoserver_command,
)

log = logging.getLogger(__name__)


ATTEMPTS = 3  # per document: a crash, then a hang, then an instance started afresh


class ConverterPool:
    """N running LibreOffice converters, each doing one document at a time; thread-safe."""

    def __init__(
        self,
        size: int,
        work_dir: Path,
        *,
        pdf_version: str = "PDF/A-2b",
        timeout: float = 60.0,
        max_conversions: int = 1000,
        start_timeout: float = 90.0,
    ) -> None:
        self.size = max(1, size)
        self.work_dir = Path(work_dir).resolve()
        self.options = filter_options(pdf_version)
        self.timeout = timeout
        self.max_conversions = max_conversions
        self.start_timeout = start_timeout
        self._instances = [Instance(n, self.work_dir / f"profile-{n}") for n in range(self.size)]
        self._idle: queue.Queue[Instance] = queue.Queue()
        self._restarters: list[threading.Thread] = []
        self._stopping = False

    def __enter__(self) -> ConverterPool:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    def start(self) -> ConverterPool:
        """Start every instance (in parallel) and wait until each answers; returns the pool."""
        if not UNO_PYTHON.is_file():
            raise ConversionFailed(f"{UNO_PYTHON} is missing: run scripts/setup-uno.sh")
        self._stopping = False
        self.work_dir.mkdir(parents=True, exist_ok=True)
        with ThreadPoolExecutor(max_workers=self.size) as starting:
            started = list(starting.map(self._launch_retrying, self._instances))
        for instance, up in zip(self._instances, started, strict=True):
            if up:
                self._idle.put(instance)
        if self._idle.empty():
            self.stop()
            raise ConversionFailed(f"no LibreOffice instance started; see logs in {self.work_dir}")
        return self

    def _launch_retrying(self, instance: Instance) -> bool:
        """Start an instance, trying three times (a port taken meanwhile, a slow first start)."""
        return any(self._launch(instance) for _ in range(3))

    def _launch(self, instance: Instance) -> bool:
        """Start (or restart) one instance and wait until it answers; False if it does not."""
        with instance.lock:
            self._kill(instance)
            if self._stopping:
                return False
            instance.state, instance.port, instance.conversions = "starting", free_port(), 0
            log_path = self.work_dir / f"unoserver-{instance.number}.log"
            too_big = log_path.is_file() and log_path.stat().st_size > 5_000_000
            if instance.log_file is None or too_big:  # the log starts afresh at 5 MB
                if instance.log_file is not None:
                    instance.log_file.close()
                instance.log_file = log_path.open("wb" if too_big else "ab")
            command = unoserver_command(instance.port, instance.profile, self.timeout)
            instance.process = subprocess.Popen(
                command, stdout=instance.log_file, stderr=instance.log_file, start_new_session=True,
                env=soffice_environment(),
            )  # fmt: skip
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline and not self._stopping and instance.running():
            try:
                proxy(instance.port, 5).info()
                instance.state = "idle"
                return True
            except (OSError, xmlrpc.client.Error):
                time.sleep(0.25)
        if not self._stopping:
            instance.last_error = "did not start"
            log.error(
                "LibreOffice instance %d did not start; see %s", instance.number, self.work_dir
            )
        with instance.lock:
            self._kill(instance)
        return False

    def _kill(self, instance: Instance) -> None:
        """Kill an instance's whole process group: unoserver and its soffice (lock held)."""
        process, instance.process = instance.process, None
        instance.state = "stopped"
        if process is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)

    def convert(self, docx: Path, pdf: Path) -> Path:
        """Convert ``docx`` to ``pdf``, tried up to three times, never twice running on the same
        instance (one may crash while another hangs); ConversionFailed with every reason else."""
        # the output path is made absolute without following a symlink at its end: the old file
        # there is removed first, and that must be the link itself, never what it points to
        docx, pdf = Path(docx).resolve(), Path(os.path.abspath(pdf))
        if not docx.is_file():
            raise ConversionFailed(f"{docx} does not exist")
        pdf.parent.mkdir(parents=True, exist_ok=True)
        reasons: list[str] = []
        tried: Instance | None = None
        for _ in range(ATTEMPTS):
            instance = tried = self._take(avoid=tried)
            try:
                convert_on(instance, docx, pdf, self.options, self.timeout)
            except InstanceBroken as failure:
                reasons.append(str(failure))
                instance.last_error = str(failure)
                log.warning("instance %d failed: %s; restarting it", instance.number, failure)
                self._restart_later(instance)
                continue
            except ConversionFailed as failure:  # the document's fault; the instance is fine
                reasons.append(str(failure))
                self._release(instance)
                continue
            instance.conversions += 1
            self._release(instance)
            return pdf
        raise ConversionFailed(f"{docx.name}: " + "; then ".join(reasons))

    def _take(self, avoid: Instance | None = None) -> Instance:
        """An idle instance, preferably not ``avoid`` (the one a retry must not go back to)."""
        waited_until = time.monotonic() + self.start_timeout + 2 * self.timeout
        patience = time.monotonic() + 2 * self.timeout
        while time.monotonic() < waited_until:
            if self._stopping:
                raise ConversionFailed("the LibreOffice pool is stopped")
            if all(i.state == "down" for i in self._instances):
                raise ConversionFailed("no LibreOffice instance is running")
            with contextlib.suppress(queue.Empty):
                instance = self._idle.get(timeout=0.5)
                if not instance.running():  # died while idle: restart it, take another
                    instance.last_error = "died while idle"
                    self._restart_later(instance)
                    continue
                others = any(i.state != "down" for i in self._instances if i is not avoid)
                if instance is avoid and others and time.monotonic() < patience:
                    self._idle.put(instance)
                    time.sleep(0.05)
                    continue
                instance.state = "busy"
                return instance
        raise ConversionFailed("no LibreOffice instance became free in time")

    def _release(self, instance: Instance) -> None:
        # Instances recycle at staggered counts, so that they are not all restarting at once.
        limit = self.max_conversions - instance.number * self.max_conversions // (2 * self.size)
        if instance.conversions >= limit or not instance.running():
            self._restart_later(instance)
        else:
            instance.state = "idle"
            self._idle.put(instance)

    def _restart_later(self, instance: Instance) -> None:
        """Restart an instance in the background (three tries, fresh profile on the last)."""

        def restart() -> None:
            for attempt in range(3):
                if self._stopping:
                    return
                instance.restarts += 1
                if attempt == 2:
                    shutil.rmtree(instance.profile, ignore_errors=True)
                if self._launch(instance):
                    self._idle.put(instance)
                    return
                time.sleep(2)
            instance.state = "down"

        instance.state = "starting"
        thread = threading.Thread(target=restart, daemon=True, name=f"lo-restart-{instance.number}")
        self._restarters = [t for t in self._restarters if t.is_alive()] + [thread]
        thread.start()

    def status(self) -> list[dict[str, Any]]:
        """Each instance: state, running, conversions since its start, restarts, last error."""
        return [
            {"instance": i.number, "state": i.state, "conversions": i.conversions,
             "running": i.running() and i.state in ("idle", "busy"), "restarts": i.restarts,
             "last_error": i.last_error}
            for i in self._instances
        ]  # fmt: skip

    def process_groups(self) -> list[int]:
        """The process group of each running instance (unoserver and its LibreOffice)."""
        return [i.process.pid for i in self._instances if i.process is not None]

    def soffice_pids(self) -> list[int]:
        """The running ``soffice.bin`` processes of the pool (for tests and health checks)."""
        groups = [group_processes(group) for group in self.process_groups()]
        return [pid for group in groups for pid, name in group.items() if name == "soffice.bin"]

    def stop(self) -> None:
        """Kill every instance and wait for restarts in flight; no soffice of the pool remains."""
        self._stopping = True
        for instance in self._instances:
            with instance.lock:
                self._kill(instance)
        for thread in self._restarters:
            thread.join(timeout=self.start_timeout)
        for instance in self._instances:
            if instance.log_file is not None:
                instance.log_file.close()
                instance.log_file = None
        self._idle = queue.Queue()
