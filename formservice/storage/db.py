"""Opening the database and applying numbered migrations, recorded in the ``_migrations`` table.

A migration is a function decorated with ``@migration(number, name)`` in a module listed in
:data:`MIGRATION_MODULES`; :func:`migrate` applies those not yet recorded, in number order, each in
its own transaction.
"""

from __future__ import annotations

import datetime as dt
import importlib
import sqlite3
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

MIGRATION_MODULES = ("formservice.storage.schema",)
_MIGRATIONS: dict[int, tuple[str, Callable[[sqlite_utils.Database], None]]] = {}


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


def connect(path: str | Path, *, timeout: float = 10.0) -> sqlite_utils.Database:
    """Open the database file with WAL, foreign keys and a busy timeout."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(
        str(path), timeout=timeout, isolation_level=None, check_same_thread=False
    )
    db = sqlite_utils.Database(connection)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("PRAGMA synchronous=NORMAL")
    return db


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
        with db.conn:
            db.execute("BEGIN IMMEDIATE")
            function(db)
            db["_migrations"].insert({"number": number, "name": name, "applied_at": now_iso()})
        applied.append(f"{number:04d} {name}")
    return applied


def now_iso() -> str:
    """The current UTC time as an ISO 8601 string with seconds precision."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
