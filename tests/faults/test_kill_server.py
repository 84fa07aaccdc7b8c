"""The server is killed (SIGKILL) while submissions are in flight, again and again.

Afterwards every submission is either completely submitted (version, reference, audit entry and
acknowledgement together) or still the draft it was, and the server starts again by itself. After
each round the help desk reopens what got through, so every round has submits in flight.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import signal
import threading
import time
from pathlib import Path

import httpx
import pytest

from formservice.config import load_settings
from formservice.storage import organisations, rounds, submissions
from formservice.storage.db import connect
from formservice.storage.helpdesk import reopen_submission
from tests import factories
from tests.helpers.cookies import send_secure_cookies_over_loopback
from tests.helpers.live_server import start_live_server

pytestmark = [pytest.mark.libreoffice, pytest.mark.xdist_group("libreoffice")]
ROOT = Path(__file__).resolve().parents[2]
COMPLETE = json.loads((ROOT / "tests/fixtures/answers/rusarbeid-complete.json").read_text("utf-8"))
KOMMUNER = [
    "3401",
    "3403",
    "3411",
    "3412",
    "3413",
    "3414",
    "3415",
    "3416",
    "3417",
    "3418",
    "3419",
    "3420",
]
_CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')
_BASE = re.compile(r'name="base_version" value="(\d+)"')


def _prepare(instance: Path) -> list[tuple[str, int]]:
    """A signatory ``k<kommunenummer>`` and a complete draft for each municipality."""
    settings = load_settings({"INSTANCE_PATH": str(instance)})
    db = connect(settings["DATABASE"])
    made = []
    round_id = rounds.round_by_slug(db, "rus-2021")["id"]
    free = [o["kommunenummer"] for o in organisations.organisations_in_county(db, "34")
            if submissions.submission_for(db, round_id, o["id"]) is None]  # fmt: skip
    for kommune in free[: len(KOMMUNER)]:  # init --demo's office has forms of its own
        user = factories.create_user(db, username=f"k{kommune}", organisation=kommune)
        draft = factories.create_submission(
            db, round="rus-2021", organisation=kommune, answers=COMPLETE
        )
        made.append((user["username"], draft["id"]))
    db.close()
    return made


def _submit(base: str, username: str, submission_id: int) -> None:
    try:
        with httpx.Client(base_url=base, timeout=10) as client:
            send_secure_cookies_over_loopback(client)
            page = client.get("/logg-inn")
            client.post("/logg-inn", data={"csrf_token": _CSRF.search(page.text).group(1),
                                           "username": username, "password": "demo"})  # fmt: skip
            check = client.get(f"/kommune/skjema/{submission_id}/oppsummering")
            client.post(f"/kommune/skjema/{submission_id}/send-inn",
                        data={"csrf_token": _CSRF.search(check.text).group(1),
                              "base_version": _BASE.search(check.text).group(1)})  # fmt: skip
    except (httpx.HTTPError, AttributeError):
        pass  # the server died under us: that is the point


def _count(db, sql: str, submission_id: int) -> int:
    return db.execute(sql, [submission_id]).fetchone()[0]


def _check_all_or_nothing(instance: Path, ids: list[int]) -> int:
    """Each submit is whole: version, audit entry and acknowledgement together, state to match."""
    db = connect(load_settings({"INSTANCE_PATH": str(instance)})["DATABASE"])
    submitted = 0
    for submission_id in ids:
        row = submissions.submission_by_id(db, submission_id)
        versions = [v["kind"] for v in submissions.versions(db, submission_id)].count("submit")
        audits = _count(
            db,
            "select count(*) from audit_log where submission_id = ? and action = 'submit'",
            submission_id,
        )
        reopens = _count(
            db,
            "select count(*) from audit_log where submission_id = ? and action = 'reopen'",
            submission_id,
        )
        receipts = _count(
            db,
            "select count(*) from documents where submission_id = ? and kind = 'kvittering'",
            submission_id,
        )
        assert versions == audits == receipts, (submission_id, versions, audits, receipts)
        if row["state"] == "submitted":
            assert row["reference"] and audits == reopens + 1
            submitted += 1
        else:
            assert row["state"] == "draft" and audits == reopens
    db.close()
    return submitted


def _reopen_all(instance: Path, ids: list[int]) -> None:
    db = connect(load_settings({"INSTANCE_PATH": str(instance)})["DATABASE"])
    for submission_id in ids:
        if submissions.submission_by_id(db, submission_id)["state"] == "submitted":
            reopen_submission(db, submission_id, actor=None, reason="ny runde i testen",
                              reopen_until=dt.date(2099, 12, 31))  # fmt: skip
    db.close()


def _wait_until_submitted(instance: Path, ids: list[int], at_least: int) -> None:
    """Wait until a random share of the submits has landed, so the kill falls among the rest."""
    db = connect(load_settings({"INSTANCE_PATH": str(instance)})["DATABASE"])
    marks = ",".join("?" * len(ids))
    deadline = time.monotonic() + 30
    try:
        while time.monotonic() < deadline:
            landed = db.execute(
                f"select count(*) from submissions where state = 'submitted' and id in ({marks})",
                ids,
            ).fetchone()[0]
            if landed >= at_least:
                return
            time.sleep(0.01)
    finally:
        db.close()


def test_sigkill_during_submissions_leaves_each_one_complete_or_untouched(tmp_path):
    instance = tmp_path / "instance"
    server = start_live_server(instance)
    server.stop()
    people = _prepare(instance)
    ids = [submission_id for _, submission_id in people]
    random.seed(765)
    counts = []
    for _ in range(6):
        server = start_live_server(instance)
        threads = [threading.Thread(target=_submit, args=(server.url, u, s)) for u, s in people]
        for thread in threads:
            thread.start()
        _wait_until_submitted(instance, ids, at_least=random.randint(1, len(ids) - 1))
        os.killpg(server.process.pid, signal.SIGKILL)
        server.process.wait()
        for thread in threads:
            thread.join(timeout=30)
        counts.append(_check_all_or_nothing(instance, ids))
        _reopen_all(instance, ids)
    assert any(0 < count < len(ids) for count in counts), (
        f"no kill caught submits in flight: {counts}"
    )
    server = start_live_server(instance)  # starts again without manual repair
    try:
        for username, submission_id in people:
            _submit(server.url, username, submission_id)
        assert _check_all_or_nothing(instance, ids) == len(ids)
    finally:
        server.stop()
