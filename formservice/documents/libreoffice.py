"""Everything that talks to LibreOffice: a supervised pool of running converters, and a one-shot
fallback for when no pool runs (a single CLI call).

Each pool instance is an ``unoserver`` process (run by ``.venv-uno``, the Python that has
LibreOffice's ``uno`` module) with its own ``soffice``, ports and profile folder, in its own process
group so that killing it leaves nothing behind. Documents are loaded hidden (a small launcher adds
``Hidden=True`` to unoserver's load call), which halves LibreOffice's work per letter. An instance
converts one document at a time; idle instances wait in a queue. A conversion that outlasts its
timeout, or an instance that stops answering, kills and restarts that instance; a document
LibreOffice rejects leaves the instance running. Either way the document is tried once more on
another instance. An instance is also restarted after ``max_conversions`` documents. Callers get
the PDF, or :class:`ConversionFailed` with the reason; the DOCX is never touched.
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
UNO_PYTHON = ROOT / ".venv-uno" / "bin" / "python"
SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"
PDF_FILTER = "writer_pdf_Export"
# Runs unoserver's own main() with documents loaded hidden (no frame, no view: faster, less memory).
LAUNCHER = """
import sys
from unoserver import converter, server
from com.sun.star.beans import PropertyValue
class HiddenDesktop:
    def __init__(self, desktop): self.desktop = desktop
    def __getattr__(self, name): return getattr(self.desktop, name)
    def loadComponentFromURL(self, url, frame, flags, props):
        props = (*props, PropertyValue(Name="Hidden", Value=True))
        return self.desktop.loadComponentFromURL(url, frame, flags, props)
plain_init = converter.UnoConverter.__init__
def hidden_init(self, *args, **kwargs):
    plain_init(self, *args, **kwargs)
    self.desktop = HiddenDesktop(self.desktop)
converter.UnoConverter.__init__ = hidden_init
sys.argv[0] = "unoserver"
sys.exit(server.main())
"""
_default_pool: ConverterPool | None = None


class ConversionFailed(Exception):
    """The document could not be converted; the message says why."""


class _InstanceBroken(ConversionFailed):
    """The instance itself failed (crash, hang, no answer): it must be restarted."""


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


def group_processes(pgid: int) -> dict[int, str]:
    """The live (not zombie) processes of a process group: pid → command name."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            name, rest = (entry / "stat").read_text().rsplit(")", 1)
        except OSError:
            continue
        fields = rest.split()
        if int(fields[2]) == pgid and fields[0] != "Z":
            found[int(entry.name)] = name.split("(", 1)[1]
    return found


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
    state: str = "stopped"  # starting, idle, busy, down (gave up restarting), stopped
    conversions: int = 0
    restarts: int = 0
    last_error: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    log_file: Any = field(default=None, repr=False)

    def proxy(self, timeout: float) -> xmlrpc.client.ServerProxy:
        return xmlrpc.client.ServerProxy(
            f"http://127.0.0.1:{self.port}", transport=_TimeoutTransport(timeout), allow_none=True
        )

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None


class ConverterPool:
    """N running LibreOffice converters, each doing one document at a time; thread-safe."""

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
        threads = [threading.Thread(target=self._launch, args=(i,)) for i in self._instances]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for instance in self._instances:
            if instance.state == "idle":
                self._idle.put(instance)
        if self._idle.empty():
            self.stop()
            raise ConversionFailed(f"no LibreOffice instance started; see logs in {self.work_dir}")
        return self

    def _launch(self, instance: _Instance) -> bool:
        """Start (or restart) one instance and wait until it answers; False if it does not."""
        with instance.lock:
            self._kill(instance)
            if self._stopping:
                return False
            instance.state, instance.port, instance.conversions = "starting", _free_port(), 0
            if instance.log_file is None:
                instance.log_file = (self.work_dir / f"unoserver-{instance.number}.log").open("ab")
            command = [
                str(UNO_PYTHON), "-c", LAUNCHER, "--interface", "127.0.0.1",
                "--port", str(instance.port), "--uno-port", str(_free_port()),
                "--executable", SOFFICE, "--user-installation", str(instance.profile),
                "--conversion-timeout", str(max(1, int(self.timeout))),
            ]  # fmt: skip
            instance.process = subprocess.Popen(
                command, stdout=instance.log_file, stderr=instance.log_file, start_new_session=True
            )
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline and not self._stopping and instance.running():
            try:
                instance.proxy(5).info()
                instance.state = "idle"
                return True
            except (OSError, xmlrpc.client.Error):
                time.sleep(0.25)
        instance.last_error = "did not start"
        log.error("LibreOffice instance %d did not start; see %s", instance.number, self.work_dir)
        with instance.lock:
            self._kill(instance)
        return False

    def _kill(self, instance: _Instance) -> None:
        """Kill an instance's whole process group: unoserver and its soffice (lock held)."""
        process, instance.process = instance.process, None
        instance.state = "stopped"
        if process is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)

    def convert(self, docx: Path, pdf: Path) -> Path:
        """Convert ``docx`` to ``pdf``; retried once on another instance; ConversionFailed else."""
        docx, pdf = Path(docx).resolve(), Path(pdf).resolve()
        if not docx.is_file():
            raise ConversionFailed(f"{docx} does not exist")
        pdf.parent.mkdir(parents=True, exist_ok=True)
        reasons = []
        for _ in range(2):
            instance = self._take()
            try:
                self._convert_on(instance, docx, pdf)
            except _InstanceBroken as failure:
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

    def _take(self) -> _Instance:
        waited_until = time.monotonic() + self.start_timeout + 2 * self.timeout
        while time.monotonic() < waited_until:
            if self._stopping:
                raise ConversionFailed("the LibreOffice pool is stopped")
            if all(i.state == "down" for i in self._instances):
                raise ConversionFailed("no LibreOffice instance is running")
            with contextlib.suppress(queue.Empty):
                instance = self._idle.get(timeout=0.5)
                instance.state = "busy"
                return instance
        raise ConversionFailed("no LibreOffice instance became free in time")

    def _release(self, instance: _Instance) -> None:
        if instance.conversions >= self.max_conversions or not instance.running():
            self._restart_later(instance)
        else:
            instance.state = "idle"
            self._idle.put(instance)

    def _convert_on(self, instance: _Instance, docx: Path, pdf: Path) -> None:
        if not instance.running():
            raise _InstanceBroken("the LibreOffice instance was not running")
        pdf.unlink(missing_ok=True)
        try:
            instance.proxy(self.timeout + 5).convert(
                str(docx), None, str(pdf), None, PDF_FILTER, self.options, False, None, None
            )
        except xmlrpc.client.Fault as fault:
            reason = fault.faultString.replace("<class '", "").replace("'>", "").strip()[:300]
            if "TimeoutError" in reason:
                raise _InstanceBroken(f"timed out after {self.timeout:.0f} s") from None
            raise ConversionFailed(f"LibreOffice could not convert it: {reason}") from None
        except TimeoutError:
            raise _InstanceBroken(f"no answer within {self.timeout + 5:.0f} s") from None
        except (OSError, xmlrpc.client.Error) as error:
            raise _InstanceBroken(f"{error.__class__.__name__}: {str(error)[:300]}") from None
        if not pdf.is_file() or pdf.stat().st_size == 0:
            raise ConversionFailed("LibreOffice produced no PDF")

    def _restart_later(self, instance: _Instance) -> None:
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
            {
                "instance": i.number,
                "state": i.state,
                "running": i.running() and i.state in ("idle", "busy"),
                "conversions": i.conversions,
                "restarts": i.restarts,
                "last_error": i.last_error,
            }
            for i in self._instances
        ]

    def process_groups(self) -> list[int]:
        """The process group of each running instance (unoserver and its LibreOffice)."""
        return [i.process.pid for i in self._instances if i.process is not None]

    def soffice_pids(self) -> list[int]:
        """The running ``soffice.bin`` processes of the pool (for tests and health checks)."""
        return [
            pid
            for group in self.process_groups()
            for pid, name in group_processes(group).items()
            if name == "soffice.bin"
        ]

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
        while not self._idle.empty():
            self._idle.get_nowait()


def default_pool() -> ConverterPool | None:
    """The pool registered for this process, if any."""
    return _default_pool


def set_default_pool(pool: ConverterPool | None) -> None:
    """The pool that :func:`convert_to_pdf` uses in this process (set by ``formservice serve``)."""
    global _default_pool
    _default_pool = pool


def pool_status() -> dict[str, Any]:
    """For a health page: whether a pool runs in this process, and each instance's state."""
    pool = _default_pool
    if pool is None:
        return {"pool": False, "mode": "one soffice process per document", "instances": []}
    instances = pool.status()
    return {
        "pool": True,
        "mode": f"pool of {pool.size}",
        "healthy": sum(1 for i in instances if i["running"]),
        "instances": instances,
    }


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
        with contextlib.suppress(ProcessLookupError):  # nothing of it may linger
            os.killpg(process.pid, signal.SIGKILL)
        produced = Path(folder) / (Path(docx).stem + ".pdf")
        if process.returncode != 0 or not produced.is_file():
            text = output.decode("utf-8", "replace").strip().splitlines()
            raise ConversionFailed(
                f"soffice could not convert {Path(docx).name}: {' '.join(text[-1:])}"
            )
        Path(pdf).parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(produced), pdf)
    return Path(pdf)


def _uno_type(value: str) -> str:
    if value in ("true", "false"):
        return "boolean"
    return "long" if value.isdigit() else "string"
