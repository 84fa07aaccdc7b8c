"""The form definitions the app serves: the loaded folder, and what the database recorded."""

from __future__ import annotations

from flask import current_app

from formservice.engine.model import Definition
from formservice.storage.definitions import stored_definition
from formservice.web.db import get_db


def definition_for_key(key: str) -> Definition | None:
    """The definition ``id@version``: from the loaded folder, else as the database recorded it
    (a version published with ``formservice publish`` while the server runs)."""
    catalog = current_app.extensions["formservice.catalog"]
    form_id, _, version = key.partition("@")
    found = catalog.get(form_id, int(version)) if version.isdigit() else None
    if found is None:
        found = stored_definition(get_db(), key)
        if found is not None:
            catalog.definitions[key] = found
    return found
