"""Moving a draft's answers from one version of a definition to a later one.

A definition lists ``migrations`` steps, each ``from_version`` with fields to ``rename``, fields to
``remove`` and ``defaults`` for new fields. :func:`migrate_answers` applies the steps in order from
the draft's version up to the definition's; what a step does not mention is kept as it is, and the
evaluator later drops only what the new version no longer knows.
"""

from __future__ import annotations

import copy
from typing import Any

from formservice.engine.model import Definition


class MigrationError(ValueError):
    """The answers cannot be moved to this definition (a newer or unrelated version)."""


def migrate_answers(
    definition: Definition, answers: dict[str, Any], from_version: int
) -> dict[str, Any]:
    """The answers of a draft started on ``from_version``, moved to ``definition.version``."""
    if from_version > definition.version:
        raise MigrationError(
            f"answers are from version {from_version}, newer than {definition.key}"
        )
    moved = copy.deepcopy(answers)
    steps = sorted(definition.migrations, key=lambda s: s["from_version"])
    for step in steps:
        if step["from_version"] < from_version:
            continue
        for old, new in step.get("rename", {}).items():
            if old in moved and new not in moved:
                moved[new] = moved.pop(old)
        for field_id in step.get("remove", ()):
            moved.pop(field_id, None)
        for field_id, value in step.get("defaults", {}).items():
            moved.setdefault(field_id, copy.deepcopy(value))
    return moved
