"""One LibreOffice converter of the pool (:mod:`formservice.documents.libreoffice_pool`): its
state, and one conversion on it, with each failure said to be the document's fault (the
instance goes on) or the instance's (it is restarted)."""

from __future__ import annotations

import subprocess
import threading
import xmlrpc.client
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from formservice.documents.soffice import PDF_FILTER, ConversionFailed, group_processes, proxy


class InstanceBroken(ConversionFailed):
    """The instance itself failed (crash, hang, no answer): it must be restarted."""


@dataclass
class Instance:
    """One running converter of the pool: its unoserver process, port, profile and state."""

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

    def running(self) -> bool:
        """Whether its unoserver process is alive."""
        return self.process is not None and self.process.poll() is None


def convert_on(instance: Instance, docx: Path, pdf: Path, options: Any, timeout: float) -> None:
    """Convert ``docx`` to ``pdf`` on this instance (its XML-RPC call to unoserver): a
    :class:`ConversionFailed` for the document's fault, :class:`InstanceBroken` for the
    instance's (it must be restarted)."""
    if not instance.running():
        raise InstanceBroken("the LibreOffice instance was not running")
    pdf.unlink(missing_ok=True)
    try:
        proxy(instance.port, timeout + 5).convert(
            str(docx), None, str(pdf), None, PDF_FILTER, options, False, None, None
        )
    except xmlrpc.client.Fault as fault:
        reason = fault.faultString.replace("<class '", "").replace("'>", "").strip()
        reason = reason.splitlines()[0][:200] if reason else "no reason given"
        if "TimeoutError" in reason:
            raise InstanceBroken(f"timed out after {timeout:.0f} s") from None
        alive = instance.process is not None and "soffice.bin" in set(
            group_processes(instance.process.pid).values()
        )
        if not alive or "Disposed" in reason:
            raise InstanceBroken(f"LibreOffice died: {reason}") from None
        raise ConversionFailed(f"LibreOffice could not convert it: {reason}") from None
    except TimeoutError:
        raise InstanceBroken(f"no answer within {timeout + 5:.0f} s") from None
    except (OSError, xmlrpc.client.Error) as error:
        raise InstanceBroken(f"{error.__class__.__name__}: {str(error)[:300]}") from None
    if not pdf.is_file() or pdf.stat().st_size == 0:
        raise ConversionFailed("LibreOffice produced no PDF")
