"""Moving a draft's answers from one version of a definition to a later one.

A definition lists ``migrations`` steps, each ``from_version`` with fields to ``rename``, fields to
``remove``, ``defaults`` for new fields and a ``notice`` telling people what changed. A version
takes over the drafts of every version it declares a step from (an empty step, ``{"from_version":
1}``, takes them over unchanged); :func:`migration_path` finds the versions a draft passes through
when the newest one only declares a step from the one before.

:func:`migrate_draft` moves the answers along that path and says what happened to them: renamed,
removed by a step, filled with a default, or without a field in the new version (*unplaced*: they
are left out of the moved answers, and the caller keeps them in the version history). Nothing is
changed in place.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from formservice.engine.model import Definition, Text


class MigrationError(ValueError):
    """The answers cannot be moved to this definition (a newer or unrelated version)."""


@dataclass
class Migrated:
    """Moved answers and what happened to them on the way (field ids, in the order met)."""

    answers: dict[str, Any]
    path: list[str]
    renamed: list[tuple[str, str]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    defaults: list[str] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)
    new_fields: list[str] = field(default_factory=list)
    notices: list[Text] = field(default_factory=list)


def migrate_answers(
    definition: Definition, answers: dict[str, Any], from_version: int
) -> dict[str, Any]:
    """The answers of a draft started on ``from_version``, moved to ``definition.version``."""
    return _apply(definition, answers, from_version, Migrated({}, []))


def takes_drafts_from(definition: Definition, version: int) -> bool:
    """Whether the definition declares a migration step from ``version``."""
    return any(step["from_version"] == version for step in definition.migrations)


def migration_path(
    versions: Mapping[int, Definition], from_version: int, to_version: int
) -> list[Definition] | None:
    """The definitions a draft on ``from_version`` passes through to reach ``to_version``
    (shortest path over declared steps), or None when no chain of steps leads there."""
    paths: dict[int, list[Definition]] = {from_version: []}
    frontier = [from_version]
    while frontier:
        reached = []
        for version in frontier:
            for candidate in sorted(versions):
                definition = versions[candidate]
                if (
                    version < candidate <= to_version
                    and candidate not in paths
                    and takes_drafts_from(definition, version)
                ):
                    paths[candidate] = [*paths[version], definition]
                    reached.append(candidate)
        if to_version in paths:
            return paths[to_version]
        frontier = reached
    return None


def migrate_draft(old: Definition, path: list[Definition], answers: Mapping[str, Any]) -> Migrated:
    """The answers of a draft on ``old`` moved along ``path`` (see :func:`migration_path`)."""
    if not path:
        raise MigrationError(f"no version to move {old.key} to")
    result = Migrated({}, [d.key for d in path])
    moved = copy.deepcopy(dict(answers))
    version = old.version
    for definition in path:
        moved = _apply(definition, moved, version, result)
        version = definition.version
    final = path[-1]
    known = set(final.fields_by_id)
    result.unplaced = sorted(key for key in moved if key not in known)
    result.answers = {key: value for key, value in moved.items() if key in known}
    renamed_to = {new for _, new in result.renamed}
    result.new_fields = [
        f.id
        for _, _, f in final.fields()
        if f.has_value
        and f.type != "computed"
        and old.field(f.id) is None
        and f.id not in renamed_to
    ]
    return result


def _apply(
    definition: Definition, answers: dict[str, Any], from_version: int, trace: Migrated
) -> dict[str, Any]:
    if from_version > definition.version:
        raise MigrationError(
            f"answers are from version {from_version}, newer than {definition.key}"
        )
    moved = copy.deepcopy(answers)
    for step in sorted(definition.migrations, key=lambda s: s["from_version"]):
        if step["from_version"] < from_version:
            continue
        for old, new in step.get("rename", {}).items():
            if old in moved and new not in moved:
                moved[new] = moved.pop(old)
                trace.renamed.append((old, new))
        for field_id in step.get("remove", ()):
            if moved.pop(field_id, None) is not None:
                trace.removed.append(field_id)
        for field_id, value in step.get("defaults", {}).items():
            if field_id not in moved:
                moved[field_id] = copy.deepcopy(value)
                trace.defaults.append(field_id)
        if step.get("notice"):
            trace.notices.append(step["notice"])
    return moved
