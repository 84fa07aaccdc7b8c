"""``formservice publish FILE``: a new version of a form, and the rounds and drafts that move to it.

The file is checked like ``formservice check`` does, must be published (``"status":
"published"``) and newer than every version the database has; it is copied into the definitions
folder, frozen in ``published.lock.json`` and the database, and every round that is not closed
moves to it from the versions it declares a migration step from. Drafts move when next opened
(:func:`formservice.storage.drafts.bring_up_to_date`); submitted forms keep their version. The
running server finds the new version in the database, so no restart is needed.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from formservice.cli.common import CommandError, read_json_file
from formservice.engine.loader import LOCK_FILE, LockFile, parse_definition
from formservice.storage import submissions
from formservice.storage.db import connect, migrate
from formservice.storage.definitions import stored_definition
from formservice.storage.drafts import publish_definition, versions_of


def publish_file(settings: dict[str, Any], path: Path) -> list[str]:
    """Publish the file; the report, one line per step. CommandError if it cannot be published."""
    raw = read_json_file(str(path))
    definition, problems = parse_definition(raw, str(path), None)
    if problems:
        raise CommandError("; ".join(str(p) for p in problems[:5]) + (
            f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""))  # fmt: skip
    if definition.status != "published":
        raise CommandError(f'{path}:/status: set "status": "published" to publish this version')
    db = connect(settings["DATABASE"])
    migrate(db)
    known = stored_definition(db, definition.key)
    if known is not None and known.status == "published":
        if known.content_hash == definition.content_hash:
            return [f"{definition.key} is published already; nothing to do"]
        raise CommandError(f"{path}:/version: {definition.key} is published with other content; "
                           'published versions are frozen: give the changed form a new "version"')  # fmt: skip
    newest = max(versions_of(db, definition.id), default=0)
    if definition.version < newest:
        raise CommandError(f"{path}:/version: {definition.key} is older than the newest published "
                           f"version {definition.id}@{newest}")  # fmt: skip
    folder = Path(settings["DEFINITIONS_DIR"])
    lock = LockFile(folder / LOCK_FILE)
    recorded = lock.recorded_hash(definition.key)
    if recorded and recorded != definition.content_hash:
        raise CommandError(f"{path}:/version: {LOCK_FILE} froze {definition.key} with other "
                           'content; give the changed form a new "version"')  # fmt: skip
    target = folder / path.name
    if target.exists() and target.resolve() != path.resolve():
        other, _ = parse_definition(read_json_file(str(target)), str(target), None)
        if other is None or other.content_hash != definition.content_hash:
            raise CommandError(f"{target} exists with other content; rename {path.name}")
    report = []
    if not target.exists():
        partial = target.with_name(f".{target.name}.partial")
        shutil.copyfile(path, partial)
        partial.replace(target)
        report.append(f"copied to {target}")
    lock.record_hash(definition.key, definition.content_hash)
    moved = publish_definition(db, definition)
    report.append(f"published {definition.key}")
    steps = sorted({step["from_version"] for step in definition.migrations})
    if not steps:
        report.append("no migration declared: drafts and rounds stay on their versions")
    for row in moved:
        drafts = submissions.drafts_in_round(db, row["id"], other_than_form=definition.key)
        report.append(f"round {row['slug']} moved to {definition.key}; {drafts} draft(s) move "
                      "when next opened")  # fmt: skip
    return report
