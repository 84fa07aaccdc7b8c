"""The serving commands: their help, and a port already taken as a one-line error."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORMSERVICE = str(Path(sys.executable).parent / "formservice")


@pytest.mark.parametrize("command", ["serve", "web", "worker"])
def test_each_serving_command_has_help(command):
    result = subprocess.run([FORMSERVICE, command, "--help"], capture_output=True, text=True,
                            timeout=60, check=False)  # fmt: skip
    assert result.returncode == 0 and "usage: formservice " + command in result.stdout


def test_serve_on_a_taken_port_is_a_one_line_error(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {**os.environ, "FORMSERVICE_INSTANCE_PATH": str(tmp_path / "instance")}
        result = subprocess.run([FORMSERVICE, "serve", "--port", str(port)], env=env, cwd=ROOT,
                                capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        f"formservice serve: error: cannot listen on 127.0.0.1:{port}: Address already in use"
    )
