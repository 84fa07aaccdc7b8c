"""``formservice serve`` in a subprocess, exactly as production runs it, for browser tests.

The real CLI does the work: ``formservice init --demo`` fills a fresh instance folder
(:func:`init_instance`), then ``formservice serve --host 127.0.0.1 --port <free>`` serves it until
SIGTERM: a supervisor with gunicorn's web processes (one per core) and the document worker (job
queue and LibreOffice pool), all in one process group.
The server's output (stdout and stderr, interleaved) goes to ``<instance>/serve.log`` so that a
failing test, or a server that will not start or stop, can show it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from tests.helpers.smtp import free_port

ROOT = Path(__file__).resolve().parents[2]
FORMSERVICE = Path(sys.executable).parent / "formservice"
HOST = "127.0.0.1"
START_TIMEOUT = 120
STOP_TIMEOUT = 60


@dataclass
class LiveServer:
    """A running server: its base URL, instance folder, process and output log."""

    url: str
    instance: Path
    process: subprocess.Popen
    log: Path
    returncode: int | None = field(default=None)

    def output(self, start: int = 0) -> str:
        """What the server has written so far, from byte offset ``start``."""
        with self.log.open("rb") as log:
            log.seek(start)
            return log.read().decode("utf-8", errors="replace")

    def output_size(self) -> int:
        """How many bytes the server has written so far (an offset for :meth:`output`)."""
        return self.log.stat().st_size

    def tail(self, lines: int = 80) -> str:
        """The last lines the server wrote."""
        return "\n".join(self.output().splitlines()[-lines:])

    def stop(self) -> int:
        """SIGTERM, as a service manager would, and wait; return the exit status.

        The whole process group gets the signal, like a systemd unit's cgroup; a server that does
        not stop within STOP_TIMEOUT is killed and the status says so (negative).
        """
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.returncode = self.process.returncode
        return self.returncode


def _environment(instance: Path, env: dict[str, str] | None) -> dict[str, str]:
    """The inherited environment with the instance named and ``env`` added."""
    return {**os.environ, "FORMSERVICE_INSTANCE_PATH": str(instance), **(env or {})}


def init_instance(instance: Path, env: dict[str, str] | None = None) -> dict[str, str]:
    """``formservice init --demo`` into ``instance``; return the environment that names it.

    ``env`` adds settings (``FORMSERVICE_MAIL_SERVER`` and so on) to the inherited environment.
    """
    instance.mkdir(parents=True, exist_ok=True)
    environment = _environment(instance, env)
    init = subprocess.run(
        [str(FORMSERVICE), "init", "--demo"],
        env=environment,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=START_TIMEOUT,
        check=False,
    )
    if init.returncode != 0:
        raise RuntimeError(
            f"formservice init --demo exited with {init.returncode}:\n{init.stdout}\n{init.stderr}"
        )
    return environment


def start_live_server(
    instance: Path,
    env: dict[str, str] | None = None,
    *,
    port: int | None = None,
    initialise: bool = True,
) -> LiveServer:
    """``formservice init --demo`` then ``formservice serve`` on a free port; wait until it answers.

    ``env`` adds settings to the inherited environment; ``port`` is one chosen beforehand (an
    OpenID provider's redirect URIs name it). ``initialise=False`` starts ``serve`` alone on an
    instance made before, as a service manager restarts it after a crash.
    """
    environment = init_instance(instance, env) if initialise else _environment(instance, env)
    port = port or free_port(HOST)
    log = instance / "serve.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [str(FORMSERVICE), "serve", "--host", HOST, "--port", str(port)],
            env=environment,
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so stop() reaches its children
        )
    server = LiveServer(f"http://{HOST}:{port}", instance, process, log)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"formservice serve exited with {process.returncode}:\n{server.output()}"
            )
        try:
            with urllib.request.urlopen(f"{server.url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    server.stop()
    raise RuntimeError(
        f"formservice serve did not answer /healthz in {START_TIMEOUT} s:\n{server.output()}"
    )
