"""The request's database connection: opened on first use, closed when the request ends."""

from __future__ import annotations

import sqlite_utils
from flask import Flask, current_app, g

from formservice.storage.db import connect


def get_db() -> sqlite_utils.Database:
    """The database connection of this request."""
    if "db" not in g:
        g.db = connect(
            current_app.config["DATABASE"], timeout=float(current_app.config["DATABASE_TIMEOUT"])
        )
    return g.db


def init_app(app: Flask) -> None:
    """Close the request's connection at teardown."""

    @app.teardown_appcontext
    def _close_db(_exc: BaseException | None) -> None:
        db = g.pop("db", None)
        if db is not None:
            db.close()
