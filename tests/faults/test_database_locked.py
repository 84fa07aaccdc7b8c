"""Another process holds the database's write lock: saves wait, or fail with a clear message."""

from __future__ import annotations

import re
import subprocess
import sys
import time

import pytest

from formservice.storage import submissions
from formservice.storage.db import connect
from tests.helpers.app import csrf_token

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


def _draft_page(client) -> tuple[str, str]:
    home = client.get("/kommune/").text
    action = re.search(r'action="(/kommune/runde/\d+/start)"', home).group(1)
    tasks = client.post(action, data={"csrf_token": csrf_token(home)}).headers["Location"]
    return tasks + "side/side_en", re.search(r"/skjema/(\d+)/", tasks).group(1)


def _save(client, url: str, name: str):
    page = client.get(url).text
    base = re.search(r'name="base_version" value="(\d+)"', page).group(1)
    return client.post(
        url, data={"csrf_token": csrf_token(page), "base_version": base, "navn": name}
    )


def test_a_save_waits_for_a_short_lock(demo_app, login, locked_for):
    demo_app.config["DATABASE_TIMEOUT"] = 5
    client = login("lillehammer")
    url, _ = _draft_page(client)
    page = client.get(url).text
    locked_for(1.0)
    began = time.monotonic()
    base = re.search(r'name="base_version" value="(\d+)"', page).group(1)
    response = client.post(
        url, data={"csrf_token": csrf_token(page), "base_version": base, "navn": "Ventet"}
    )
    assert response.status_code == 302
    assert time.monotonic() - began >= 0.5


def test_a_long_lock_gives_a_clear_message_and_loses_nothing(demo_app, login, locked_for):
    client = login("lillehammer")
    url, submission_id = _draft_page(client)
    assert _save(client, url, "Lagret før låsen").status_code == 302
    demo_app.config["DATABASE_TIMEOUT"] = 0.5
    page = client.get(url).text
    base = re.search(r'name="base_version" value="(\d+)"', page).group(1)
    locked_for(3.0)
    response = client.post(
        url, data={"csrf_token": csrf_token(page), "base_version": base, "navn": "Skrevet i låsen"}
    )
    assert response.status_code == 503
    assert "Svarene ble ikke lagret" in response.text
    assert 'value="Skrevet i låsen"' in response.text  # still in the form, to save again
    time.sleep(3.0)
    db = connect(demo_app.config["DATABASE"])
    stored = submissions.current_answers(db, submissions.submission_by_id(db, int(submission_id)))
    assert stored["navn"] == "Lagret før låsen"
    demo_app.config["DATABASE_TIMEOUT"] = 5
    assert _save(client, url, "Skrevet etter låsen").status_code == 302
