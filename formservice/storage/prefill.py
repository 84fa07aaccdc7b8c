"""The values forms prefill, looked up for one submission (see :mod:`formservice.engine.prefill`).

Each source of :data:`formservice.engine.prefill.SOURCES` has its lookup here: ``register`` is the
organisation's facts as the register holds them now (the approved account number, never one
waiting for approval). A source for the office's own decisions (last year's grant and positions)
is one more entry built from the submission's round and organisation.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from formservice.storage.organisations import organisation_by_id, register_facts


def prefill_values(db: sqlite_utils.Database, submission: dict[str, Any]) -> dict[str, dict]:
    """source → key → value for the submission's organisation."""
    organisation = organisation_by_id(db, submission["organisation_id"]) or {"name": ""}
    return {"register": register_facts(organisation)}
