"""Everything shipped is valid and documented: definitions, settings and commands."""

from __future__ import annotations

from pathlib import Path

from formservice.cli import build_parser
from formservice.config import SETTINGS
from formservice.engine import load_directory
from formservice.engine.loader import LockFile

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_shipped_definition_loads_and_checks_clean(tmp_path):
    lock = LockFile(ROOT / "form_definitions" / "published.lock.json", write=False)
    catalog = load_directory(ROOT / "form_definitions", lock)
    assert [str(p) for p in catalog.problems] == []
    files = [
        p for p in (ROOT / "form_definitions").glob("*.json") if p.name != "published.lock.json"
    ]
    assert len(catalog.definitions) == len(files) >= 3


def test_published_definitions_are_in_the_committed_lock_file():
    lock = LockFile(ROOT / "form_definitions" / "published.lock.json", write=False)
    catalog = load_directory(ROOT / "form_definitions", lock)
    for definition in catalog.definitions.values():
        if definition.status == "published":
            assert lock.recorded_hash(definition.key) == definition.content_hash, definition.key


def test_every_setting_is_documented_in_the_readme():
    for setting in SETTINGS:
        assert f"`{setting.name}`" in README, setting.name


def test_every_command_is_documented_in_the_readme():
    commands = build_parser()._subparsers._group_actions[0].choices
    for name in commands:
        assert f"formservice {name}" in README, name
