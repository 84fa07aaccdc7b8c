"""Writing files so that a file under its real name is always a complete one.

What formservice stores (documents, attachments) is written under a partial name, synced to disk
(where a delayed "disk full" shows), and only then renamed into place; on any error the partial
file is removed and the error raised. :func:`is_disk_full` tells a full disk, a quota or a file
size limit from other errors, so callers can say so plainly.
"""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

DISK_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


def is_disk_full(error: BaseException) -> bool:
    """Whether the error means no more could be written: disk full, quota or file size limit."""
    return isinstance(error, OSError) and error.errno in DISK_FULL_ERRNOS


def write_atomically(path: Path, data: bytes, partial: Path | None = None) -> Path:
    """Write ``data`` to ``path`` through ``partial`` (``path`` + ``.part`` by default): synced,
    renamed in only when complete; on any error the partial file is removed and the error raised."""
    partial = partial or path.with_name(path.name + ".part")
    try:
        with partial.open("wb") as out:
            out.write(data)
        replace_when_complete(partial, path)
    finally:
        discard(partial)
    return path


def replace_when_complete(partial: Path, final: Path) -> None:
    """Sync a complete file (where a delayed ENOSPC shows) and rename it to its real name."""
    descriptor = os.open(partial, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    os.replace(partial, final)


def discard(*paths: Path) -> None:
    """Remove what is left of partial files (a symlink itself, never what it points to)."""
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)
