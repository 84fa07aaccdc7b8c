"""Moving drafts between versions: the declared path, and what happened to every answer."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from formservice.engine.loader import parse_definition
from formservice.engine.migrate import (
    MigrationError,
    migrate_answers,
    migrate_draft,
    migration_path,
    takes_drafts_from,
)

ROOT = Path(__file__).resolve().parents[2]
BASE = json.loads((ROOT / "tests/fixtures/definitions/alle-felt.json").read_text("utf-8"))
NOTICE = {"nb": "Navnet heter nå tittel.", "nn": "Namnet heiter no tittel."}


def _version(number: int, migrations: list, rename_field: bool = False):
    raw = copy.deepcopy(BASE) | {"version": number, "migrations": migrations}
    if rename_field:
        raw["pages"][0]["sections"][0]["fields"][1]["id"] = "tittel"
        raw["pages"][0]["sections"][0]["fields"][17]["id"] = "vis_mer_ny"
    definition, problems = parse_definition(raw, "x.json", None)
    assert problems == [], [str(p) for p in problems]
    return definition


def test_a_version_takes_drafts_only_from_versions_it_declares():
    two = _version(2, [{"from_version": 1}])
    three = _version(3, [{"from_version": 2}])
    versions = {1: _version(1, []), 2: two, 3: three}
    assert takes_drafts_from(two, 1) and not takes_drafts_from(three, 1)
    assert migration_path(versions, 1, 3) == [two, three]  # through 2, which declares 1
    assert migration_path({1: versions[1], 3: three}, 1, 3) is None  # 2 never published
    assert migration_path(versions, 2, 3) == [three]
    direct = _version(3, [{"from_version": 1}, {"from_version": 2}])
    assert migration_path({**versions, 3: direct}, 1, 3) == [direct]


def test_every_answer_is_accounted_for_and_nothing_is_changed_in_place():
    old = _version(1, [])
    step = {"from_version": 1, "rename": {"navn": "tittel"}, "remove": ["telefon"],
            "defaults": {"antall": 3}, "notice": NOTICE}  # fmt: skip
    new = _version(2, [step], rename_field=True)
    answers = {"navn": "Rusteam", "telefon": "12345678", "vis_mer": "x", "epost": "a@b.no",
               "gammelt": "fra før"}  # fmt: skip
    kept = copy.deepcopy(answers)
    moved = migrate_draft(old, [new], answers)
    assert answers == kept
    assert moved.answers == {"tittel": "Rusteam", "antall": 3, "epost": "a@b.no"}
    assert moved.renamed == [("navn", "tittel")]
    assert moved.removed == ["telefon"]
    assert moved.defaults == ["antall"]
    assert moved.unplaced == ["gammelt", "vis_mer"]  # no field for them in version 2
    assert moved.new_fields == ["vis_mer_ny"]  # tittel is navn renamed
    assert moved.notices == [NOTICE]
    assert moved.path == ["alle_felt@2"]


def test_a_default_never_replaces_an_answer_and_a_rename_never_overwrites():
    new = _version(2, [{"from_version": 1, "rename": {"navn": "epost"}, "defaults": {"antall": 3}}])
    moved = migrate_answers(new, {"navn": "x", "epost": "a@b.no", "antall": 7}, 1)
    assert moved == {"navn": "x", "epost": "a@b.no", "antall": 7}


def test_answers_from_a_newer_version_are_refused():
    with pytest.raises(MigrationError):
        migrate_answers(_version(1, []), {}, 2)
    with pytest.raises(MigrationError):
        migrate_draft(_version(1, []), [], {})
