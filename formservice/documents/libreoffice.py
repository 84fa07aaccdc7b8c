"""Everything that talks to LibreOffice: a supervised pool of running converters, and a one-shot
fallback for when no pool runs (a single CLI call).

Each pool instance is an ``unoserver`` process (run by ``.venv-uno``, the Python that has
LibreOffice's ``uno`` module) with its own ``soffice``, ports and profile folder, in its own process
group so that killing it leaves nothing behind. An instance converts one document at a time. A
conversion that errors or outlasts its timeout kills and restarts the instance and is tried once
more on another one; an instance is also restarted after ``max_conversions`` documents. Callers
get the PDF, or :class:`ConversionFailed` with the reason: the DOCX is never touched.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import xmlrpc.client
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parents[2]
UNOSERVER = ROOT / ".venv-uno" / "bin" / "unoserver"
SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"
PDF_FILTER = "writer_pdf_Export"
_default_pool: ConverterPool | None = None


class ConversionFailed(Exception):
    """The document could not be converted; the message says why."""


def filter_options(pdf_version: str) -> list[str]:
    """Export options: PDF/A-2b (fonts embedded) unless plain PDF is configured; form fields kept."""
    options = ["ExportFormFields=true", "EmbedStandardFonts=true"]
    if pdf_version.upper().startswith("PDF/A"):
        options.append("SelectPdfVersion=2")
    return options


class _TimeoutTransport(xmlrpc.client.Transport):
    def __init__(self, timeout: float) -> None:
        super().__init__()
        self.timeout = timeout

    def make_connection(self, host: Any) -> Any:
        connection = super().make_connection(host)
        connection.timeout = self.timeout
        return connection


def _descendant_named(pid: int, name: str) -> int | None:
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            if Path(f"/proc/{current}/comm").read_text().strip() == name:
                return current
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        stack.extend(int(child) for child in children)
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class _Instance:
    number: int
    profile: Path
    port: int = 0
    process: subprocess.Popen | None = None
    conversions: int = 0
    soffice: int | None = None  # the converting process, recorded when the instance came up
    restarts: int = 0
    log_file: Any = field(default=None, repr=False)

    def proxy(self, timeout: float) -> xmlrpc.client.ServerProxy:
        return xmlrpc.client.ServerProxy(
            f"http://127.0.0.1:{self.port}", transport=_TimeoutTransport(timeout), allow_none=True
        )

    def soffice_pid(self) -> int | None:
        """The converting process: soffice.bin, started by the soffice script through oosplash."""
        try:
            pid = int((self.profile.parent / f"soffice-{self.number}.pid").read_text())
        except (OSError, ValueError):
            return None
        return _descendant_named(pid, "soffice.bin") or pid


class ConverterPool:
    """N running LibreOffice converters, each doing one document at a time."""

    def __init__(
        self,
        size: int,
        work_dir: Path,
        *,
        pdf_version: str = "PDF/A-2b",
        timeout: float = 60.0,
        max_conversions: int = 200,
        start_timeout: float = 90.0,
    ) -> None:
        self.size = max(1, size)
        self.work_dir = Path(work_dir).resolve()
        self.options = filter_options(pdf_version)
        self.timeout = timeout
        self.max_conversions = max_conversions
        self.start_timeout = start_timeout
        self._instances = [_Instance(n, self.work_dir / f"profile-{n}") for n in range(self.size)]
        self._idle: queue.Queue[_Instance] = queue.Queue()
        self._stopping = False

    def start(self) -> ConverterPool:
        """Start every instance (in parallel) and wait until each answers."""
        self.work_dir.mkdir(parents=True, exist_ok=True)
        threads = [threading.Thread(target=self._launch, args=(i,)) for i in self._instances]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for instance in self._instances:
            if instance.process is not None:
                self._idle.put(instance)
        if self._idle.empty():
            self.stop()
            raise ConversionFailed(
                "no LibreOffice instance started; see the logs in " + str(self.work_dir)
            )
        return self

    def _launch(self, instance: _Instance) -> None:
        """Start (or restart) one instance; leaves ``process`` None if it does not come up."""
        self._kill(instance)
        (self.work_dir / f"soffice-{instance.number}.pid").unlink(missing_ok=True)
        instance.port = _free_port()
        instance.conversions = 0
        if instance.log_file is None:
            instance.log_file = (self.work_dir / f"unoserver-{instance.number}.log").open("ab")
        command = [
            str(UNOSERVER), "--interface", "127.0.0.1", "--port", str(instance.port),
            "--uno-port", str(_free_port()), "--executable", SOFFICE,
            "--user-installation", str(instance.profile),
            "--libreoffice-pid-file", str(self.work_dir / f"soffice-{instance.number}.pid"),
            "--conversion-timeout", str(int(self.timeout)),
        ]  # fmt: skip
        instance.process = subprocess.Popen(
            command, stdout=instance.log_file, stderr=instance.log_file, start_new_session=True
        )
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline and not self._stopping:
            if instance.process.poll() is not None:
                break
            try:
                instance.proxy(5).info()
                instance.soffice = instance.soffice_pid()  # the file is written once soffice is up
                if instance.soffice is not None:
                    return
            except (OSError, xmlrpc.client.Error):
                pass
            time.sleep(0.25)
        log.error("LibreOffice instance %d did not start", instance.number)
        self._kill(instance)

    def _kill(self, instance: _Instance) -> None:
        """Kill an instance's whole process group: unoserver and its soffice."""
        process, instance.process = instance.process, None
        soffice, instance.soffice = instance.soffice, None
        if process is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
        if soffice is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(soffice, signal.SIGKILL)

    def convert(self, docx: Path, pdf: Path) -> Path:
        """Convert ``docx`` to ``pdf``; retried once on another instance; ConversionFailed else."""
        reasons = []
        for _ in range(2):
            instance = self._take()
            try:
                self._convert_on(instance, Path(docx).resolve(), Path(pdf).resolve())
            except ConversionFailed as failure:
                reasons.append(str(failure))
                log.warning("instance %d failed: %s; restarting it", instance.number, failure)
                self._restart_later(instance)
                continue
            instance.conversions += 1
            if instance.conversions >= self.max_conversions:
                self._restart_later(instance)
            else:
                self._idle.put(instance)
            return pdf
        raise ConversionFailed("; ".join(reasons))

    def _take(self) -> _Instance:
        try:
            return self._idle.get(timeout=self.start_timeout + self.timeout * 2)
        except queue.Empty:
            raise ConversionFailed("no LibreOffice instance became free in time") from None

    def _convert_on(self, instance: _Instance, docx: Path, pdf: Path) -> None:
        if instance.process is None or instance.process.poll() is not None:
            raise ConversionFailed("the LibreOffice instance was not running")
        pdf.unlink(missing_ok=True)
        try:
            instance.proxy(self.timeout + 5).convert(
                str(docx), None, str(pdf), None, PDF_FILTER, self.options, False, None, None
            )
        except TimeoutError:
            raise ConversionFailed(f"timed out after {self.timeout:.0f} s") from None
        except (OSError, xmlrpc.client.Error) as error:
            raise ConversionFailed(f"{error.__class__.__name__}: {str(error)[:300]}") from None
        if not pdf.is_file() or pdf.stat().st_size == 0:
            raise ConversionFailed("LibreOffice produced no PDF")

    def _restart_later(self, instance: _Instance) -> None:
        def restart() -> None:
            if self._stopping:
                return
            instance.restarts += 1
            self._launch(instance)
            if instance.process is not None:
                self._idle.put(instance)

        threading.Thread(target=restart, daemon=True).start()

    def status(self) -> list[dict[str, Any]]:
        """Each instance: running or not, conversions since its start, restarts."""
        return [
            {
                "instance": i.number,
                "running": i.process is not None and i.process.poll() is None,
                "conversions": i.conversions,
                "restarts": i.restarts,
            }
            for i in self._instances
        ]

    def process_groups(self) -> list[int]:
        """The process group of each running instance (unoserver and its LibreOffice)."""
        return [i.process.pid for i in self._instances if i.process is not None]

    def soffice_pids(self) -> list[int]:
        """The process ids of the running soffice processes (for tests and health checks)."""
        return [i.soffice for i in self._instances if i.soffice is not None]

    def stop(self) -> None:
        """Kill every instance; no soffice of the pool outlives this."""
        self._stopping = True
        for instance in self._instances:
            self._kill(instance)
            if instance.log_file is not None:
                instance.log_file.close()
                instance.log_file = None


def default_pool() -> ConverterPool | None:
    """The pool registered for this process, if any."""
    return _default_pool


def set_default_pool(pool: ConverterPool | None) -> None:
    """The pool that :func:`convert_to_pdf` uses in this process (set by ``formservice serve``)."""
    global _default_pool
    _default_pool = pool


def convert_to_pdf(
    docx: Path, pdf: Path, *, pool: ConverterPool | None = None, pdf_version: str = "PDF/A-2b",
    timeout: float = 120.0,
) -> Path:  # fmt: skip
    """Convert with the given or running pool, else with a one-shot ``soffice`` process."""
    pool = pool or _default_pool
    if pool is not None:
        return pool.convert(docx, pdf)
    return convert_once(Path(docx), Path(pdf), pdf_version=pdf_version, timeout=timeout)


def convert_once(
    docx: Path, pdf: Path, *, pdf_version: str = "PDF/A-2b", timeout: float = 120.0
) -> Path:
    """One ``soffice --convert-to pdf`` process with its own profile, killed on timeout."""
    options = ",".join(
        f'"{name}":{{"type":"{_uno_type(value)}","value":"{value}"}}'
        for name, value in (option.split("=", 1) for option in filter_options(pdf_version))
    )
    with tempfile.TemporaryDirectory(prefix="formservice-soffice-") as folder:
        command = [
            SOFFICE, "--headless", "--norestore", "--nologo", "--nodefault",
            f"-env:UserInstallation=file://{folder}/profile",
            "--convert-to", f"pdf:{PDF_FILTER}:{{{options}}}", "--outdir", folder, str(docx),
        ]  # fmt: skip
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            output, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise ConversionFailed(f"soffice timed out after {timeout:.0f} s") from None
        produced = Path(folder) / (Path(docx).stem + ".pdf")
        if process.returncode != 0 or not produced.is_file():
            text = output.decode("utf-8", "replace").strip().splitlines()
            raise ConversionFailed(
                f"soffice could not convert {Path(docx).name}: {text[-1:] or ''}"
            )
        Path(pdf).parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(produced), pdf)
    return Path(pdf)


def _uno_type(value: str) -> str:
    if value in ("true", "false"):
        return "boolean"
    return "long" if value.isdigit() else "string"
