"""The office a logged-in caseworker or help-desk user works for, and the one guard that keeps
the office's and the help desk's pages to it.

Every record those pages name in their URL (``round_id``, ``submission_id``, ``organisation_id``,
``change_id``) is checked by :func:`guard_office_records` before the view runs: another office's
record answers 404, as one that does not exist does, so guessing ids tells nothing. Lists are
scoped by passing :func:`current_office_id` to the storage functions. An administrator works
for every office (None); an office account without an office sees nothing (403).
"""

from __future__ import annotations

from flask import abort, request
from flask_login import current_user

from formservice.storage import offices
from formservice.storage.users import OFFICE_ROLES
from formservice.web.db import get_db

# URL argument → the kind of record it names (storage.offices.office_of knows each kind's office)
RECORD_ARGUMENTS = {
    "round_id": "round",
    "submission_id": "submission",
    "organisation_id": "organisation",
    "change_id": "register_change",
}


def current_office_id() -> int | None:
    """The logged-in office user's office; None for an administrator (every office)."""
    if current_user.role not in OFFICE_ROLES:
        return None
    if current_user.office_id is None:
        abort(403)
    return current_user.office_id


def current_office() -> dict | None:
    """The logged-in office user's office row (None for an administrator)."""
    return offices.office_by_id(get_db(), current_office_id())


def guard_office_records() -> None:
    """404 for any record in the URL that belongs to another office than the user's."""
    office_id = current_office_id()
    if office_id is None:
        return
    db = get_db()
    for argument, kind in RECORD_ARGUMENTS.items():
        value = (request.view_args or {}).get(argument)
        if value is not None and offices.office_of(db, kind, value) != office_id:
            abort(404)
