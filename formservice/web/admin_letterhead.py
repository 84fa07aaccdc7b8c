"""The administrator's letterhead page of one office (``/admin/embeter/<slug>/brevhode``): what its
letters, mails and archive packages say about the sender.

Each fact is checked on the server (:func:`formservice.office.letterhead.read_letterhead`); a
problem is shown on its field in the page's written standard, with what was typed kept. A saved
letterhead is a new version (the old ones are kept and listed on the page with what each changed),
audited as ``office:letterhead`` and in the security log as ``letterhead_changed``; documents that
waited for it are queued again.
"""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user

from formservice.documents.jobs import queue_waiting_for_letterhead
from formservice.office.letterhead import (
    FIELDS,
    LABELS,
    changes_by_version,
    missing_facts,
    read_letterhead,
)
from formservice.storage import letterheads, offices
from formservice.web.admin import bp
from formservice.web.auth import security_event
from formservice.web.db import get_db
from formservice.web.forms import SubmitForm
from formservice.web.i18n import current_language


def _office(slug: str) -> dict[str, Any]:
    return offices.office_by_slug(get_db(), slug) or abort(404)


def _page(office: dict[str, Any], values: dict[str, str], errors: dict[str, str],
          status: int = 200) -> Any:  # fmt: skip
    stored = letterheads.letterhead_of(get_db(), office["id"])
    versions = changes_by_version(letterheads.letterhead_history(get_db(), office["id"]))
    page = render_template(
        "admin/letterhead.html", office=office, values=values, errors=errors, stored=stored,
        missing=missing_facts(stored), form=SubmitForm(), done=request.args.get("ok", ""),
        versions=versions, labels=LABELS,
    )  # fmt: skip
    return page, status


@bp.get("/embeter/<slug>/brevhode")
def letterhead(slug: str) -> Any:
    """The office's letterhead as it is, in a form to change it."""
    office = _office(slug)
    stored = letterheads.letterhead_of(get_db(), office["id"]) or {}
    return _page(office, {name: stored.get(name) or "" for name in FIELDS}, {})


@bp.post("/embeter/<slug>/brevhode")
def set_letterhead(slug: str) -> Any:
    """Check and store the office's letterhead; on a problem, the form again with what was typed."""
    office = _office(slug)
    if not SubmitForm().validate_on_submit():
        abort(400)
    typed = {name: request.form.get(name, "")[:1000] for name in FIELDS}
    clean, problems = read_letterhead(typed)
    if problems:
        language = current_language()
        errors = {name: problems[name][language] for name in FIELDS if name in problems}
        return _page(office, {name: typed[name].strip() for name in FIELDS}, errors, 400)
    db = get_db()
    changes = letterheads.set_letterhead(db, office["id"], clean, actor=current_user.row)
    if changes:
        security_event("letterhead_changed",
                       detail={"office_id": office["id"], "facts": sorted(changes)})  # fmt: skip
        queue_waiting_for_letterhead(current_app.config, office["id"])
    return redirect(url_for(".letterhead", slug=office["slug"], ok="saved" if changes else "same"))
