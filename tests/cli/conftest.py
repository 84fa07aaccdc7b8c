"""The CLI tests' fixtures: a demo instance, and ``formservice`` run in this process.

- ``instance``: an instance folder with the shipped forms and demo data (a copy of the session's
  template database, :mod:`tests.helpers.templates`).
- ``run(*args, stdin="")``: ``formservice <args>`` through :func:`formservice.cli.main` in this
  process, on ``instance``, exactly as the script runs it; ``(exit status, stdout, stderr)``.
  A subprocess would spend most of these tests' time starting up.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest

from formservice.cli import main


@pytest.fixture
def instance(shipped_instance: Path) -> Path:
    """A fresh instance folder with the shipped forms and demo data."""
    return shipped_instance


@pytest.fixture
def run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], instance: Path
) -> Callable[..., tuple[int, str, str]]:
    """``run(*args, stdin="")``: the command on ``instance``; its status, stdout and stderr."""

    def call(*args: str, stdin: str = "") -> tuple[int, str, str]:
        monkeypatch.setenv("FORMSERVICE_INSTANCE_PATH", str(instance))
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        status = main(list(args))
        out = capsys.readouterr()
        return status, out.out, out.err

    return call
