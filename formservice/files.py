"""Writing files so that a file under its real name is always a complete one, and private.

What formservice stores (documents, attachments) is written under a partial name, synced to disk
(where a delayed "disk full" shows), and only then renamed into place; on any error the partial
file is removed and the error raised. :func:`is_disk_full` tells a full disk, a quota or a file
size limit from other errors, so callers can say so plainly.

The instance folder is made private (0700) and every file formservice writes is created 0600 from
the start (never written first and ``chmod``-ed after), whatever the process umask; the secret key
is at least :data:`MIN_SECRET_KEY_LENGTH` characters.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

DISK_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700
MIN_SECRET_KEY_LENGTH = 32


def is_disk_full(error: BaseException) -> bool:
    """Whether the error means no more could be written: disk full, quota or file size limit."""
    return isinstance(error, OSError) and error.errno in DISK_FULL_ERRNOS


def write_atomically(path: Path, data: bytes, partial: Path | None = None) -> Path:
    """Write ``data`` to ``path`` through ``partial`` (``path`` + ``.part`` by default): synced,
    renamed in only when complete; on any error the partial file is removed and the error raised."""
    partial = partial or path.with_name(path.name + ".part")
    try:
        with synced_file(partial) as out:
            out.write(data)
        replace_when_complete(partial, final=path, synced=True)
    finally:
        discard(partial)
    return path


@contextlib.contextmanager
def synced_file(path: Path) -> Iterator[BinaryIO]:
    """A new private file to write into, synced to disk (where a delayed ENOSPC shows) before it
    is closed, so that it can be renamed in without opening it again."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    with os.fdopen(descriptor, "wb") as out:
        yield out
        out.flush()
        os.fsync(descriptor)


def replace_when_complete(partial: Path, final: Path, *, synced: bool = False) -> None:
    """Sync a complete file (where a delayed ENOSPC shows) and rename it to its real name;
    ``synced``: its writer synced it already (:func:`synced_file`)."""
    if not synced:
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


def private_folder(path: Path) -> Path:
    """Create the folder (and parents) if needed, and make it readable by this user only."""
    path.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    if path.stat().st_mode & 0o077:
        path.chmod(PRIVATE_FOLDER)
    return path


def create_private_file(path: Path, data: bytes = b"") -> bool:
    """Create ``path`` with mode 0600 holding ``data``, unless it exists; True if it was made."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        return False
    with os.fdopen(descriptor, "wb") as out:
        out.write(data)
    return True


def instance_secret_key(instance: Path) -> str:
    """The secret key in ``instance/secret_key``, made private on first use (64 hex characters)."""
    import secrets

    key_file = private_folder(instance) / "secret_key"
    create_private_file(key_file, secrets.token_hex(32).encode("ascii"))
    return checked_secret_key(key_file.read_text(encoding="utf-8").strip(), str(key_file))


def checked_secret_key(key: str, source: str = "SECRET_KEY") -> str:
    """The key, or ValueError when it is too short to sign sessions safely."""
    if len(key) < MIN_SECRET_KEY_LENGTH:
        raise ValueError(f"{source} must be at least {MIN_SECRET_KEY_LENGTH} characters long")
    return key
