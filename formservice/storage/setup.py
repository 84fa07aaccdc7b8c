"""Preparing an instance: folders, secret key, database migrations, definitions and demo data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from formservice.accounts import use_password_hashing
from formservice.engine import load_directory
from formservice.files import instance_secret_key, private_folder
from formservice.storage.db import connect, migrate
from formservice.storage.drafts import sync_published
from formservice.storage.offices import load_offices


def initialise(
    settings: dict[str, Any], *, demo: bool = False, demo_history: bool = False
) -> list[str]:
    """Create or migrate everything in the instance folder; return a report, one line per step.

    ``demo_history`` (what ``init --demo`` asks for) adds the demo office's decided 2020 round and
    its 2021 round in every state; without it the demo rounds are empty, as tests start them."""
    use_password_hashing(settings["PASSWORD_HASHING"])
    instance = private_folder(Path(settings["INSTANCE_PATH"]))
    report = [f"instance: {instance.resolve()}"]
    if not (instance / "secret_key").exists():
        report.append("created secret key")
    instance_secret_key(instance)
    db = connect(settings["DATABASE"])
    applied = migrate(db)
    report += [f"migration {name}" for name in applied] or ["database schema up to date"]
    report.append(f"offices: {load_offices(db)}")
    catalog = load_directory(Path(settings["DEFINITIONS_DIR"]))
    for moved in sync_published(db, catalog):
        report.append(f"round {moved['slug']} moved to {moved['form_key']}")
    report += [f"refused: {problem}" for problem in catalog.problems]
    report.append(f"definitions: {', '.join(sorted(catalog.definitions)) or 'none'}")
    if demo:
        from formservice.storage.demo import load_demo_data

        report += load_demo_data(db, catalog, history=demo_history)
    db.close()
    return report
