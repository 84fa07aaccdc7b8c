"""How one LibreOffice is started and talked to: ``unoserver`` under ``.venv-uno`` (documents
loaded hidden) for the pool in :mod:`libreoffice_pool`, or one ``soffice --convert-to pdf``
process with its own profile for a one-off conversion. Use :mod:`libreoffice`, not this module.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import xmlrpc.client
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
UNO_PYTHON = ROOT / ".venv-uno" / "bin" / "python"
SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"
PDF_FILTER = "writer_pdf_Export"
# Runs unoserver's own main() with documents loaded hidden (in an invisible frame: faster, less memory),
# without its fixed 5 s wait for soffice at start (its connection loop retries anyway), and with a
# watchdog that kills the whole process group (unoserver and soffice) if formservice dies. Once
# connected it turns off what Writer does for a person at the screen while a document is open, which
# a conversion never shows and which cost some 30 % of LibreOffice's work on a batch of letters
# (measured with callgrind): word completion collecting the document's words, the status bar, whose
# word count has the whole document counted, and the menu bar and toolbars, whose every command's
# state is asked for. None of it changes a page of the PDF.
QUIET = "formservice: word completion, status bar, menu bar and toolbars are off"  # once they are
LAUNCHER = """
import os, signal, sys, threading, time
from unoserver import converter, server
from com.sun.star.beans import PropertyValue
class HiddenDesktop:
    def __init__(self, desktop): self.desktop = desktop
    def __getattr__(self, name): return getattr(self.desktop, name)
    def loadComponentFromURL(self, url, frame, flags, props):
        hidden = PropertyValue(Name="Hidden", Value=True)
        return self.desktop.loadComponentFromURL(url, frame, flags, (*props, hidden))
plain_init = converter.UnoConverter.__init__
def quiet(context):
    service = context.ServiceManager
    provider = service.createInstanceWithContext(
        "com.sun.star.configuration.ConfigurationProvider", context)
    path = PropertyValue(Name="nodepath", Value="/org.openoffice.Office.Writer/AutoFunction/Completion")
    completion = provider.createInstanceWithArguments(
        "com.sun.star.configuration.ConfigurationUpdateAccess", (path,))
    completion.Enable = False
    completion.CollectWords = False
    completion.commitChanges()
    supplier = service.createInstanceWithContext(
        "com.sun.star.ui.ModuleUIConfigurationManagerSupplier", context)
    writer = supplier.getUIConfigurationManager("com.sun.star.text.TextDocument")
    bars = ["private:resource/statusbar/statusbar", "private:resource/menubar/menubar"]
    for info in writer.getUIElementsInfo(3):  # TOOLBAR
        bars += [item.Value for item in info if item.Name == "ResourceURL"]
    for bar in bars:
        writer.replaceSettings(bar, writer.createSettings())
def hidden_init(self, *args, **kwargs):
    plain_init(self, *args, **kwargs)
    self.desktop = HiddenDesktop(self.desktop)
    try:
        quiet(self.context)
        print(QUIET, file=sys.stderr, flush=True)
    except Exception as error:  # slower, but converting the same
        print("formservice: could not turn off word completion and the bars:", error,
              file=sys.stderr, flush=True)
converter.UnoConverter.__init__ = hidden_init
plain_sleep = time.sleep
def sleep(seconds):
    main = threading.current_thread() is threading.main_thread()
    plain_sleep(0.5 if main and seconds == 5 else seconds)
time.sleep = sleep
def orphaned(parent=FORMSERVICE_PID):
    while os.getppid() == parent:
        plain_sleep(0.5)
    os.killpg(0, signal.SIGKILL)
threading.Thread(target=orphaned, daemon=True).start()
sys.argv[0] = "unoserver"
sys.exit(server.main())
"""


class ConversionFailed(Exception):
    """The document could not be converted; the message says why."""


def filter_options(pdf_version: str) -> list[str]:
    """Export options: the PDF/A part asked for (fonts embedded), or plain PDF; form fields kept."""
    # bookmarks become named destinations: where each letter of a combined conversion starts
    options = [
        "ExportFormFields=true",
        "EmbedStandardFonts=true",
        "ExportBookmarksToPDFDestination=true",
    ]
    if pdf_version.upper().startswith("PDF/A"):
        # LibreOffice's numbers: 1 = PDF/A-1b, 2 = PDF/A-2b, 3 = PDF/A-3b (PDF/A-2b unless named)
        part = pdf_version[6:7]
        options.append(f"SelectPdfVersion={part if part in ('1', '2', '3') else '2'}")
    return options


class TimeoutTransport(xmlrpc.client.Transport):
    """XML-RPC over HTTP with a socket timeout, so a hung converter cannot hang the caller."""

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


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def unoserver_command(port: int, profile: Path, timeout: float) -> list[str]:
    """The command that runs one converter: unoserver (loading documents hidden) and its soffice."""
    launcher = LAUNCHER.replace("FORMSERVICE_PID", str(os.getpid())).replace("QUIET", repr(QUIET))
    return [
        str(UNO_PYTHON), "-c", launcher, "--interface", "127.0.0.1", "--port", str(port),
        "--uno-port", str(free_port()), "--executable", SOFFICE, "--user-installation",
        str(profile), "--conversion-timeout", str(max(1, int(timeout))),
    ]  # fmt: skip


FONTS_CONF = Path(__file__).with_name("fonts.conf")


def soffice_environment() -> dict[str, str]:
    """The environment of every LibreOffice process: fontconfig without colour fonts, which a
    PDF cannot show (see ``fonts.conf``)."""
    return {**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF)}


def proxy(port: int, timeout: float) -> xmlrpc.client.ServerProxy:
    """An XML-RPC client for the unoserver on ``port`` that gives up after ``timeout`` seconds."""
    return xmlrpc.client.ServerProxy(
        f"http://127.0.0.1:{port}", transport=TimeoutTransport(timeout), allow_none=True
    )


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
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
            env=soffice_environment(),
        )  # fmt: skip
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
