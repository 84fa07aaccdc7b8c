"""Shared pieces of the command line: the error type and argument helpers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


class CommandError(Exception):
    """A problem the user can fix; printed as one line, with a non-zero exit status."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status


def read_json_file(path: str) -> Any:
    """Parse a JSON file named on the command line, or raise CommandError saying what is wrong."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CommandError(f"{path}: no such file") from None
    except (IsADirectoryError, PermissionError, UnicodeDecodeError) as error:
        raise CommandError(f"{path}: cannot read: {error.__class__.__name__}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise CommandError(
            f"{path}:{error.lineno}:{error.colno}: not valid JSON: {error.msg}"
        ) from None
