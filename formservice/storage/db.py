"""Opening the database and applying numbered migrations, recorded in the ``_migrations`` table.

A migration is a function decorated with ``@migration(number, name)`` in a module listed in
:data:`MIGRATION_MODULES`; :func:`migrate` applies those not yet recorded, in number order, each in
its own transaction.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import importlib
import os
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlite_utils

from formservice.files import create_private_file

MIGRATION_MODULES = (
    "formservice.storage.schema",
    "formservice.storage.schema_register",
    "formservice.storage.schema_security",
    "formservice.storage.schema_offices",
    "formservice.storage.schema_insight",
    "formservice.storage.schema_oidc",
    "formservice.storage.schema_letterhead",
    "formservice.storage.schema_exchange",
)
_MIGRATIONS: dict[int, tuple[str, Callable[[sqlite_utils.Database], None]]] = {}
_WRITE_LOCKS: dict[str, threading.Lock] = {}
_LOCK_FILES: dict[str, int] = {}
_SCHEMA_CHANGE = re.compile(r"\s*(create|drop|alter)\b", re.IGNORECASE)
_WRITE_LOCKS_GUARD = threading.Lock()


def migration(
    number: int, name: str
) -> Callable[[Callable[[sqlite_utils.Database], None]], Callable[[sqlite_utils.Database], None]]:
    """Register a schema change under a unique, never reused number."""

    def register(function: Callable[[sqlite_utils.Database], None]) -> Callable:
        if number in _MIGRATIONS and _MIGRATIONS[number][1] is not function:
            raise RuntimeError(f"migration number {number} is used twice")
        _MIGRATIONS[number] = (name, function)
        return function

    return register


def connect(
    path: str | Path, *, timeout: float = 10.0, lock_file: bool = True
) -> sqlite_utils.Database:
    """Open the database file with WAL, foreign keys and a busy timeout; a new file is made
    private (0600), and SQLite gives its -wal and -shm files the same mode. Writers queue on the
    lock file ``<database>.lock`` (see :func:`write_transaction`) unless ``lock_file`` is false
    (``bench/write_lock.py`` measures SQLite's own waiting that way)."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    create_private_file(Path(path))
    connection = sqlite3.connect(
        str(path), timeout=timeout, isolation_level=None, check_same_thread=False
    )
    db = _Database(connection)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("PRAGMA synchronous=NORMAL")
    db.write_lock = _write_lock(Path(path))  # type: ignore[attr-defined]
    db.lock_file = f"{Path(path).resolve()}.lock" if lock_file else None  # type: ignore[attr-defined]
    db.busy_timeout = timeout  # type: ignore[attr-defined]
    return db


class _Database(sqlite_utils.Database):
    """sqlite-utils' Database, remembering the names of its tables.

    sqlite-utils looks the table (and views) up in ``sqlite_master`` before nearly every read and
    write (35 queries for one page view and save). Every query lets the other threads of the server run
    first, so under load each of them could cost a request milliseconds of waiting. A name not
    remembered is looked up afresh, and any statement that changes the schema forgets them.
    """

    _names: list[str] | None = None
    _views: list[str] | None = None

    def table_names(self, fts4: bool = False, fts5: bool = False) -> list[str]:
        if fts4 or fts5:
            return super().table_names(fts4=fts4, fts5=fts5)
        if self._names is None:
            self._names = super().table_names()
        return list(self._names)

    def view_names(self) -> list[str]:
        if self._views is None:
            self._views = super().view_names()
        return list(self._views)

    def table(self, table_name: str, **kwargs: Any) -> Any:
        if self._names is not None and table_name not in self._names:
            self._names = self._views = None  # perhaps another connection created it since
        return super().table(table_name, **kwargs)

    def execute(self, sql: str, parameters: Any = None) -> sqlite3.Cursor:
        if _SCHEMA_CHANGE.match(sql):
            self._names = self._views = None
        return super().execute(sql, parameters)

    def executescript(self, sql: str) -> sqlite3.Cursor:
        self._names = self._views = None
        return super().executescript(sql)


def _write_lock(path: Path) -> threading.Lock:
    """The lock this process's writers to one database file queue on first (one per process:
    a lock inherited through ``fork`` is not shared with the parent)."""
    key = f"{os.getpid()}:{path.resolve()}"
    with _WRITE_LOCKS_GUARD:
        return _WRITE_LOCKS.setdefault(key, threading.Lock())


def _lock_file(path: str) -> int:
    """This process's descriptor of the lock file beside the database (``<database>.lock``).

    Opened once per process: ``flock`` belongs to an open file, so a descriptor inherited
    through ``fork`` would let parent and child hold the lock at once.
    """
    key = f"{os.getpid()}:{path}"
    with _WRITE_LOCKS_GUARD:
        if key not in _LOCK_FILES:
            _LOCK_FILES[key] = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        return _LOCK_FILES[key]


def _take_file_lock(descriptor: int, timeout: float) -> None:
    """Take the lock file, trying again after 0.1 ms, doubling to at most 2 ms, for ``timeout``
    seconds; then :class:`DatabaseBusy`.

    Measured (``bench/write_lock.py``): SQLite's own busy handler sleeps up to 100 ms between
    tries, so a writer often sleeps on long after the lock is free, and the p95 of a write under
    contention was about twice this lock's. The kernel releases the lock of a process that dies.
    """
    deadline = time.monotonic() + timeout
    delay = 0.0001
    while True:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise DatabaseBusy("another process held the database too long") from None
            time.sleep(delay)
            delay = min(delay * 2, 0.002)


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Apply every pending migration; return the names of those applied."""
    for module in MIGRATION_MODULES:
        importlib.import_module(module)
    db["_migrations"].create(
        {"number": int, "name": str, "applied_at": str}, pk="number", if_not_exists=True
    )
    done = {row["number"] for row in db["_migrations"].rows}
    applied = []
    for number in sorted(_MIGRATIONS):
        if number in done:
            continue
        name, function = _MIGRATIONS[number]
        with write_transaction(db):
            function(db)
            db["_migrations"].insert({"number": number, "name": name, "applied_at": now_iso()})
        applied.append(f"{number:04d} {name}")
    return applied


class DatabaseBusy(Exception):
    """Another process held the database's write lock for longer than the busy timeout."""


@contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One atomic write: ``BEGIN IMMEDIATE`` takes the write lock up front, so two writers never
    deadlock upgrading a read lock; sqlite-utils calls inside nest as savepoints.

    Writers queue first on their process's lock, then across processes (the web processes and
    the document worker) on the lock file beside the database, and only then meet SQLite's lock,
    which a process outside formservice (a backup, the ``sqlite3`` shell) may hold. Each wait is
    bounded by the connection's busy timeout, then :class:`DatabaseBusy`.
    """
    timeout = getattr(db, "busy_timeout", 10.0)
    lock = getattr(db, "write_lock", None) or threading.Lock()
    if not lock.acquire(timeout=timeout):
        raise DatabaseBusy("another writer in this process held the database too long")
    lock_file = getattr(db, "lock_file", None)
    descriptor = None
    try:
        if lock_file:
            descriptor = _lock_file(lock_file)
            _take_file_lock(descriptor, timeout)
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            if "locked" in str(error) or "busy" in str(error):
                raise DatabaseBusy(str(error)) from error
            raise
        try:
            yield db
        except BaseException:
            if db.conn.in_transaction:
                db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
    finally:
        if descriptor is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(descriptor, fcntl.LOCK_UN)
        lock.release()


def now_iso() -> str:
    """The current UTC time as an ISO 8601 string with seconds precision."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def containing(text: str) -> str:
    """A LIKE pattern (with ``escape '\\'``) for values that contain ``text`` as typed: its
    ``%``, ``_`` and backslashes are characters, not wildcards."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
