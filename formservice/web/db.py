"""The request's database connection: one per server thread, kept open between requests.

Opening a connection costs four statements, and closing the last one of a WAL database makes
SQLite checkpoint the log and remove it, which the next request then creates again: under load
that was over a quarter of the server's time. Each thread therefore keeps its connection (to the
one database it last used) and hands it to its requests in turn; a request that ends inside a
transaction has it rolled back, so nothing carries over.
"""

from __future__ import annotations

import threading

import sqlite_utils
from flask import Flask, current_app, g

from formservice.storage.db import connect

_thread = threading.local()


def get_db() -> sqlite_utils.Database:
    """The database connection of this request."""
    if "db" not in g:
        g.db = _thread_connection(
            current_app.config["DATABASE"], float(current_app.config["DATABASE_TIMEOUT"])
        )
    return g.db


def _thread_connection(path: str, timeout: float) -> sqlite_utils.Database:
    kept = getattr(_thread, "kept", None)
    if kept is not None and kept[0] == (path, timeout):
        return kept[1]
    if kept is not None:
        kept[1].close()
    db = connect(path, timeout=timeout)
    _thread.kept = ((path, timeout), db)
    return db


def init_app(app: Flask) -> None:
    """At the end of each request, leave the connection as a fresh one would be."""

    @app.teardown_appcontext
    def _release_db(_exc: BaseException | None) -> None:
        db = g.pop("db", None)
        if db is not None and db.conn.in_transaction:
            db.execute("ROLLBACK")
