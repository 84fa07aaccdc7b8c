"""Another process holds the database's write lock: saves wait, or fail with a clear message."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from formservice.storage import submissions
from formservice.storage.db import connect
from tests import factories
from tests.helpers.forms import hidden, post_page

HOLD_LOCK = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
connection.execute("ROLLBACK")
"""


@pytest.fixture
def locked_for(demo_app):
    """Hold the write lock from another process for some seconds."""
    holders = []

    def hold(seconds: float) -> None:
        process = subprocess.Popen(
            [sys.executable, "-c", HOLD_LOCK, demo_app.config["DATABASE"], str(seconds)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert process.stdout.readline().strip() == "locked"
        holders.append(process)

    yield hold
    for process in holders:
        process.wait(timeout=30)


def _draft_page(demo_app) -> tuple[str, str]:
    """The first page of an empty draft of Lillehammer's; its URL and the submission's id."""
    db = connect(demo_app.config["DATABASE"])
    draft = factories.create_submission(db, organisation="3405", answers={})
    db.close()
    return f"/kommune/skjema/{draft['id']}/side/side_en", str(draft["id"])


def _save(client, url: str, name: str):
    return post_page(client, url, {"navn": name})


def _posted(client, page, url: str, name: str):
    """Post ``name`` with the token and base version of a page fetched earlier."""
    data = {"csrf_token": hidden(page, "csrf_token"), "base_version": hidden(page, "base_version")}
    return client.post(url, data={**data, "navn": name})


def test_a_save_waits_for_a_short_lock(demo_app, login, locked_for):
    demo_app.config["DATABASE_TIMEOUT"] = 5
    client = login("lillehammer")
    url, _ = _draft_page(demo_app)
    page = client.get(url)
    locked_for(1.0)
    began = time.monotonic()
    response = _posted(client, page, url, "Ventet")
    assert response.status_code == 302
    assert time.monotonic() - began >= 0.5


def test_a_long_lock_gives_a_clear_message_and_loses_nothing(demo_app, login, locked_for):
    client = login("lillehammer")
    url, submission_id = _draft_page(demo_app)
    assert _save(client, url, "Lagret før låsen").status_code == 302
    demo_app.config["DATABASE_TIMEOUT"] = 0.5
    page = client.get(url)
    locked_for(3.0)
    response = _posted(client, page, url, "Skrevet i låsen")
    assert response.status_code == 503
    assert "Svarene ble ikke lagret" in response.text
    assert 'value="Skrevet i låsen"' in response.text  # still in the form, to save again
    time.sleep(3.0)
    db = connect(demo_app.config["DATABASE"])
    stored = submissions.current_answers(db, submissions.submission_by_id(db, int(submission_id)))
    assert stored["navn"] == "Lagret før låsen"
    demo_app.config["DATABASE_TIMEOUT"] = 5
    assert _save(client, url, "Skrevet etter låsen").status_code == 302
