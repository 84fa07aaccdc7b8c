"""``formservice serve`` in a subprocess, exactly as production runs it, for browser tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORMSERVICE = Path(sys.executable).parent / "formservice"


@dataclass
class LiveServer:
    """A running server: its base URL, instance folder and process."""

    url: str
    instance: Path
    process: subprocess.Popen
    log: Path

    def stop(self) -> None:
        """SIGTERM, as a service manager would; the server stops its background parts."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_live_server(instance: Path, env: dict[str, str] | None = None) -> LiveServer:
    """``formservice init --demo`` then ``formservice serve`` on a free port; wait until it answers."""
    environment = {**os.environ, "FORMSERVICE_INSTANCE_PATH": str(instance), **(env or {})}
    subprocess.run([str(FORMSERVICE), "init", "--demo"], env=environment, cwd=ROOT, check=True,
                   capture_output=True)  # fmt: skip
    port = free_port()
    log = instance / "serve.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [str(FORMSERVICE), "serve", "--port", str(port)],
            env=environment, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    server = LiveServer(f"http://127.0.0.1:{port}", instance, process, log)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"formservice serve exited:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{server.url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"formservice serve did not answer:\n{log.read_text(errors='replace')}")
