"""``formservice reset``, ``history`` and ``backup`` from the command line."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from formservice.config import load_settings
from formservice.storage import submissions
from formservice.storage.db import connect
from tests import factories

ROOT = Path(__file__).resolve().parents[2]
FORMSERVICE = str(Path(sys.executable).parent / "formservice")


def _run(instance: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "FORMSERVICE_INSTANCE_PATH": str(instance)}
    return subprocess.run([FORMSERVICE, *args], env=env, cwd=ROOT, capture_output=True, text=True,
                          timeout=120, check=False)  # fmt: skip


def test_reset_history_and_backup(tmp_path, shipped_instance):
    instance = shipped_instance
    settings = load_settings({"INSTANCE_PATH": str(instance)})
    db = connect(settings["DATABASE"])
    submission = factories.create_submission(db, state="submitted", organisation="3405")
    reference = submission["reference"]

    no_reason = _run(instance, "reset", reference)
    assert no_reason.returncode == 2 and "--reason" in no_reason.stderr
    unknown = _run(instance, "reset", "RUS-2021-9999", "--reason", "x")
    assert unknown.returncode == 1 and "no submission with reference" in unknown.stderr
    reset = _run(
        instance,
        "reset",
        reference.lower(),
        "--reason",
        "Feil kontonummer",
        "--until",
        "2099-12-31",
    )
    assert reset.returncode == 0, reset.stderr
    assert submissions.submission_by_id(db, submission["id"])["state"] == "draft"
    twice = _run(instance, "reset", reference, "--reason", "igjen")
    assert twice.returncode == 1 and "allerede åpent" in twice.stderr

    past = _run(instance, "reset", reference, "--reason", "x", "--until", "2020-01-01")
    assert past.returncode == 1 and "in the past" in past.stderr

    history = _run(instance, "history", reference)
    assert history.returncode == 0
    lines = history.stdout.splitlines()
    assert any(line.startswith("version   1") and "submit" in line and "lillehammer" in line
               for line in lines)  # fmt: skip
    [reopen] = [line for line in lines if line.startswith("audit") and "reopen" in line]
    assert "cli" in reopen and "submitted -> draft" in reopen and "Feil kontonummer" in reopen

    # The app holds a connection in the middle of a write while the backup runs.
    holder = sqlite3.connect(settings["DATABASE"], isolation_level=None)
    holder.execute("begin immediate")
    holder.execute("update submissions set state = 'paid'")
    copy = tmp_path / "kopi.db"
    backup = _run(instance, "backup", str(copy))
    assert backup.returncode == 0, backup.stderr
    assert backup.stdout.strip() == str(copy)
    holder.execute("rollback")
    restored = sqlite3.connect(copy)
    assert restored.execute("select reference, state from submissions").fetchall() == [
        (reference, "draft")
    ]
    for table in ("submission_versions", "audit_log", "users", "organisations"):
        count = f"select count(*) from {table}"
        assert restored.execute(count).fetchone() == holder.execute(count).fetchone()
    restored.close()
    holder.close()
    size = copy.stat().st_size
    again = _run(instance, "backup", str(copy))
    assert again.returncode == 1 and "exists" in again.stderr  # never overwrites
    assert copy.stat().st_size == size
    nowhere = _run(instance, "backup", str(tmp_path / "no-such-dir" / "kopi.db"))
    assert nowhere.returncode == 1 and "no such directory" in nowhere.stderr
