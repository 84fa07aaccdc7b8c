"""Submissions in flight against a live server, and what must hold after a crash.

For the fault tests that kill processes of ``formservice serve`` while municipalities submit:
signatories with complete drafts, submitting over HTTP as a browser would, and the checks that
every submission is whole or still its draft and that every acknowledgement was made, as a PDF
that opens and names its submission's reference.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from pathlib import Path

import httpx
from pypdf import PdfReader

from formservice.config import load_settings
from formservice.storage import documents, organisations, rounds, submissions
from formservice.storage.db import connect
from formservice.storage.helpdesk import reopen_submission
from tests import factories
from tests.helpers.cookies import send_secure_cookies_over_loopback

ROOT = Path(__file__).resolve().parents[2]
COMPLETE = json.loads((ROOT / "tests/fixtures/answers/rusarbeid-complete.json").read_text("utf-8"))
_CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')
_BASE = re.compile(r'name="base_version" value="(\d+)"')


def _database(instance: Path):
    return connect(load_settings({"INSTANCE_PATH": str(instance)})["DATABASE"])


def signatories_with_drafts(instance: Path, count: int) -> list[tuple[str, int]]:
    """``count`` signatories ``k<kommunenummer>`` (password ``demo``) of Innlandet municipalities
    the demo left without a form, each with a complete draft: ``(username, submission id)``."""
    db = _database(instance)
    made = []
    round_id = rounds.round_by_slug(db, "rus-2021")["id"]
    free = [o["kommunenummer"] for o in organisations.organisations_in_county(db, "34")
            if submissions.submission_for(db, round_id, o["id"]) is None]  # fmt: skip
    for kommune in free[:count]:
        user = factories.create_user(db, username=f"k{kommune}", organisation=kommune)
        draft = factories.create_submission(
            db, round="rus-2021", organisation=kommune, answers=COMPLETE
        )
        made.append((user["username"], draft["id"]))
    db.close()
    assert len(made) == count, f"only {len(made)} municipalities free for drafts"
    return made


def submit_over_http(base: str, username: str, submission_id: int) -> None:
    """Log in and submit as a browser would; a server dying under the request is not an error."""
    try:
        with httpx.Client(base_url=base, timeout=20) as client:
            send_secure_cookies_over_loopback(client)
            page = client.get("/logg-inn")
            client.post("/logg-inn", data={"csrf_token": _CSRF.search(page.text).group(1),
                                           "username": username, "password": "demo"})  # fmt: skip
            check = client.get(f"/kommune/skjema/{submission_id}/oppsummering")
            client.post(f"/kommune/skjema/{submission_id}/send-inn",
                        data={"csrf_token": _CSRF.search(check.text).group(1),
                              "base_version": _BASE.search(check.text).group(1)})  # fmt: skip
    except (httpx.HTTPError, AttributeError):
        pass  # the process serving it died: that is the point of these tests


def _count(db, sql: str, *arguments: object) -> int:
    return db.execute(sql, list(arguments)).fetchone()[0]


def check_whole_or_draft(instance: Path, ids: list[int]) -> int:
    """Each submit is whole (version, audit entry and acknowledgement row together, state to
    match) or absent; return how many are submitted."""
    db = _database(instance)
    submitted = 0
    for submission_id in ids:
        row = submissions.submission_by_id(db, submission_id)
        versions = [v["kind"] for v in submissions.versions(db, submission_id)].count("submit")
        audits, reopens = (
            _count(
                db,
                "select count(*) from audit_log where submission_id = ? and action = ?",
                submission_id,
                action,
            )
            for action in ("submit", "reopen")
        )
        receipts = sum(1 for d in documents.documents_of_submission(db, submission_id)
                       if d["kind"] == "kvittering")  # fmt: skip
        assert versions == audits == receipts, (submission_id, versions, audits, receipts)
        if row["state"] == "submitted":
            assert row["reference"] and audits == reopens + 1
            submitted += 1
        else:
            assert row["state"] == "draft" and audits == reopens
    db.close()
    return submitted


def reopen_submitted(instance: Path, ids: list[int]) -> None:
    """The help desk reopens every one of ``ids`` that is submitted, so it can be sent again."""
    db = _database(instance)
    for submission_id in ids:
        if submissions.submission_by_id(db, submission_id)["state"] == "submitted":
            reopen_submission(db, submission_id, actor=None, reason="ny runde i testen",
                              reopen_until=dt.date(2099, 12, 31))  # fmt: skip
    db.close()


def wait_until_submitted(instance: Path, ids: list[int], at_least: int) -> int:
    """Wait (up to 30 s) until ``at_least`` of ``ids`` are submitted; return how many are."""
    db = _database(instance)
    marks = ",".join("?" * len(ids))
    deadline = time.monotonic() + 30
    try:
        while True:
            landed = db.execute(
                f"select count(*) from submissions where state = 'submitted' and id in ({marks})",
                ids,
            ).fetchone()[0]
            if landed >= at_least or time.monotonic() > deadline:
                return landed
            time.sleep(0.01)
    finally:
        db.close()


def check_acknowledgements(instance: Path, ids: list[int], timeout: float = 120) -> int:
    """Wait until every acknowledgement of ``ids`` is made; each must be a PDF that opens with
    pypdf and whose text holds its submission's reference. Return how many were checked."""
    deadline = time.monotonic() + timeout
    while True:
        db = _database(instance)
        receipts = [
            (document, submissions.submission_by_id(db, submission_id)["reference"])
            for submission_id in ids
            for document in documents.documents_of_submission(db, submission_id)
            if document["kind"] == "kvittering"
        ]
        db.close()
        waiting = [d["id"] for d, _ in receipts if d["status"] != documents.DONE]
        if not waiting:
            break
        assert time.monotonic() < deadline, f"acknowledgements not made: documents {waiting}"
        time.sleep(0.5)
    for document, reference in receipts:
        text = " ".join(
            page.extract_text() or "" for page in PdfReader(instance / document["pdf_path"]).pages
        )
        assert reference and reference in text, (document["id"], reference, text[:200])
    return len(receipts)
