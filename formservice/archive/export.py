"""Writing hand-over packages: per submission, a folder with ``arkivmelding.xml`` and its files.

A package carries the case folder (always, so the archive finds or creates it by its external key)
and only the journal entries not handed over before; a submission with nothing new gets no
package. The message is validated against the official schema before anything is recorded, the
folder is written under a temporary name and renamed when complete, and the hand-over is recorded
in storage only then, so a failed export leaves nothing half-sent.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from formservice.archive.arkivmelding import build_message, to_bytes, validate
from formservice.archive.collect import case_for_submission
from formservice.files import write_atomically
from formservice.storage import handovers, office, rounds, submissions

MESSAGE_FILE = "arkivmelding.xml"


class ExportError(Exception):
    """The export cannot be made; the message says why."""


@dataclass(frozen=True)
class Package:
    """One package written: its folder, message id and the journal entries' keys."""

    reference: str
    folder: Path
    message_id: str
    entries: tuple[str, ...]
    file_count: int


def export_submission(
    db: sqlite_utils.Database, instance: Path, submission_id: int, out: Path, *, actor: str
) -> Package | None:
    """The package of what is new for one submission, or None when nothing is."""
    found = case_for_submission(db, instance, submission_id)
    if found is None:
        return None
    sent = handovers.handed_over_keys(db, submission_id)
    new = tuple(entry for entry in found.case.entries if entry.key not in sent)
    if not new:
        return None
    case = dataclasses.replace(found.case, entries=new)
    message_id = str(uuid.uuid4())
    message = build_message(case, message_id=message_id, at=dt.datetime.now(dt.UTC))
    problems = validate(message)
    if problems:  # a defect of formservice, never of the data: refuse rather than send it
        raise ExportError(f"{case.key}: the arkivmelding is not valid: {problems[0]}")
    number = len(handovers.packages_of_submission(db, submission_id)) + 1
    folder = out / f"{case.key}-{number}"
    if folder.exists():
        raise ExportError(f"{folder} exists already")
    partial = out / f".{case.key}-{number}.{message_id[:8]}.part"
    partial.mkdir(parents=True)
    try:
        for entry in new:
            for file in entry.files:
                shutil.copyfile(found.sources[file.name], partial / file.name)
        write_atomically(partial / MESSAGE_FILE, to_bytes(message))
        partial.rename(folder)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    entries = [{"key": e.key, "title": e.title, "files": [f.name for f in e.files]} for e in new]
    try:
        handovers.record_package(db, submission_id=submission_id, message_id=message_id,
                                 folder=str(folder), entries=entries, actor=actor)  # fmt: skip
    except sqlite3.IntegrityError:  # another export handed these over meanwhile
        shutil.rmtree(folder, ignore_errors=True)
        return None
    return Package(case.key, folder, message_id, tuple(e.key for e in new),
                   sum(len(e.files) for e in new))  # fmt: skip


def submissions_to_export(db: sqlite_utils.Database, target: str) -> list[int]:
    """The submissions a target names: a round's slug (every submitted one) or a reference."""
    submission = submissions.submission_by_reference(db, target)
    if submission is not None:
        return [submission["id"]]
    round_row = rounds.round_by_slug(db, target)
    if round_row is None:
        raise ExportError(f"no round or reference {target!r}")
    return [
        row["submission_id"]
        for row in office.round_overview(db, round_row["id"])
        if row["state"] not in office.NOT_SUBMITTED and row["reference"]
    ]


def export(
    db: sqlite_utils.Database, instance: Path, target: str, out: Path, *, actor: str
) -> list[Package]:
    """One package per submission of ``target`` that has something new; return those written."""
    out.mkdir(parents=True, exist_ok=True)
    packages = []
    for submission_id in submissions_to_export(db, target):
        package = export_submission(db, instance, submission_id, out, actor=actor)
        if package is not None:
            packages.append(package)
    return packages
