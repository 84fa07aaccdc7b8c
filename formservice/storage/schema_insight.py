"""Migrations of insight (numbers 150–159): documents that belong to a round, not a submission
(the office's annual report)."""

from __future__ import annotations

import sqlite_utils

from formservice.storage.db import migration


@migration(150, "documents: a round's own documents (the annual report) name their round")
def _round_documents(db: sqlite_utils.Database) -> None:
    db["documents"].add_column("round_id", int)
    db["documents"].create_index(["round_id", "kind"])
