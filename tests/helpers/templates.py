"""Template instances: migrated (and demo-seeded) databases made once per test session, copied per test.

Migrating and seeding the demo data for every test cost a quarter of a second each; instead
:class:`Templates` builds each kind of database once per session (per xdist worker: each worker is
its own session) with the project's own :func:`~formservice.storage.setup.initialise`, and
:meth:`Templates.instance` copies the finished file into a test's fresh instance folder. The copy is
exactly what ``initialise`` would make there, since it is what ``initialise`` made.

The kinds:

- ``plain``: the shipped definitions, migrated, no demo data (the ``app`` fixture);
- ``shipped``: the shipped definitions with the demo data (``shipped_app``, ``shipped_instance``);
- ``alle_felt``: only the test form ``alle_felt``, published, with the demo data and its round
  open for 30 days (``demo_app``).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from formservice.config import load_settings
from formservice.storage import demo
from formservice.storage.setup import initialise

ROOT = Path(__file__).resolve().parents[2]
SHIPPED_DEFINITIONS = ROOT / "form_definitions"
TEMPLATES_DIR = ROOT / "letter_templates"
ALLE_FELT = ROOT / "tests/fixtures/definitions/alle-felt.json"
DATABASE = "formservice.db"
KINDS = ("plain", "shipped", "alle_felt")


class Templates:
    """The session's template databases, each built the first time a test asks for it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._built: dict[str, Path] = {}

    def definitions(self, kind: str) -> Path:
        """The definitions folder the kind's apps load (read-only: tests share it)."""
        if kind != "alle_felt":
            return SHIPPED_DEFINITIONS
        folder = self.folder / "alle-felt-definitions"
        if not folder.is_dir():
            folder.mkdir(parents=True)
            raw = json.loads(ALLE_FELT.read_text("utf-8"))
            raw["status"] = "published"
            (folder / "alle-felt.json").write_text(json.dumps(raw, ensure_ascii=False), "utf-8")
        return folder

    def settings(self, kind: str, instance: Path) -> dict[str, Any]:
        """The settings of an instance of this kind (add mail settings and the like to them)."""
        return {
            "INSTANCE_PATH": str(instance),
            "DEFINITIONS_DIR": str(self.definitions(kind)),
            "TEMPLATES_DIR": str(TEMPLATES_DIR),
            "DEMO_MODE": kind != "plain",  # the demo accounts log in only in demo mode
        }

    def database(self, kind: str) -> Path:
        """The template database file of a kind, built on first use."""
        if kind not in KINDS:
            raise ValueError(f"no template {kind!r}; the kinds are {', '.join(KINDS)}")
        if kind not in self._built:
            instance = self.folder / kind
            with pytest.MonkeyPatch.context() as patch:
                if kind == "alle_felt":
                    patch.setitem(demo.DEMO_OPEN_DAYS, "alle_felt", 30)
                settings = load_settings(self.settings(kind, instance))
                initialise(settings, demo=kind != "plain")
            path = Path(settings["DATABASE"])
            # initialise closed its connection, so SQLite folded the log into the file
            assert not path.with_name(path.name + "-wal").exists(), "template left a WAL file"
            self._built[kind] = path
        return self._built[kind]

    def instance(self, kind: str, instance: Path) -> dict[str, Any]:
        """A fresh instance folder holding a copy of the kind's database; its settings."""
        instance.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.database(kind), instance / DATABASE)
        return self.settings(kind, instance)
