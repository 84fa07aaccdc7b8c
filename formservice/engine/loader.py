"""Loading definition files: JSON, the JSON Schema, the checker and the freeze on published versions.

:func:`load_directory` loads every ``*.json`` file of a folder into a :class:`Catalog`. A file with
any problem is refused with its problems listed; the others still load. A published ``id@version``
is frozen: its content hash is recorded in a :class:`HashRecord` on first load, and a file whose
content differs later is refused with a message saying to bump the version.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

import jsonschema

from formservice.engine.checker import Problem, check_definition
from formservice.engine.model import Definition, build_definition

MAX_FILE_BYTES = 2_000_000
LOCK_FILE = "published.lock.json"


class HashRecord(Protocol):
    """Where the content hashes of published definitions are kept (a lock file, the database)."""

    def recorded_hash(self, key: str) -> str | None: ...

    def record_hash(self, key: str, content_hash: str) -> None: ...


class LockFile:
    """Hashes of published definitions in ``published.lock.json`` beside the definitions."""

    def __init__(self, path: Path, *, write: bool = True) -> None:
        self.path = path
        self.write = write
        try:
            self.hashes: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            self.hashes = {}

    def recorded_hash(self, key: str) -> str | None:
        return self.hashes.get(key)

    def record_hash(self, key: str, content_hash: str) -> None:
        self.hashes[key] = content_hash
        if self.write:
            text = json.dumps(dict(sorted(self.hashes.items())), indent=2) + "\n"
            self.path.write_text(text, encoding="utf-8")


@dataclass
class Catalog:
    """The loaded definitions, keyed by ``id@version``, and the problems of those refused."""

    definitions: dict[str, Definition] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def get(self, form_id: str, version: int | None = None) -> Definition | None:
        """One version, or without ``version`` the newest published one (else the newest draft)."""
        if version is not None:
            return self.definitions.get(f"{form_id}@{version}")
        versions = [d for d in self.definitions.values() if d.id == form_id]
        published = [d for d in versions if d.status == "published"]
        return max(published or versions, key=lambda d: d.version, default=None)


# Content hashes this process found valid against the schema: a server start checks each shipped
# definition once from its file and again as each round's stored version (49 checks, about 90 %
# of the start-up's CPU); the schema is fixed for the process's life.
_VALID_BY_SCHEMA: set[str] = set()


@cache
def schema() -> dict[str, Any]:
    """The published JSON Schema for definitions."""
    text = resources.files("formservice.engine").joinpath("schema/form-definition.schema.json")
    return json.loads(text.read_text(encoding="utf-8"))


def content_hash(raw: Any) -> str:
    """A hash of the definition's content, blind to formatting and key order."""
    canonical = json.dumps(raw, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def parse_definition(
    raw: Any, source: str, record: HashRecord | None = None
) -> tuple[Definition | None, list[Problem]]:
    """Check already-parsed JSON and build the definition, or return why it is refused."""
    digest = content_hash(raw)
    if digest not in _VALID_BY_SCHEMA:
        validator = jsonschema.Draft202012Validator(schema())
        errors = sorted(validator.iter_errors(raw), key=lambda e: list(map(str, e.absolute_path)))
        if errors:
            return None, [
                Problem(source, _pointer(e.absolute_path), _schema_message(e)) for e in errors
            ]
        _VALID_BY_SCHEMA.add(digest)
    definition = build_definition(raw, source=source, content_hash=digest)
    problems = check_definition(definition)
    if problems:
        return None, problems
    if definition.status == "published" and record is not None:
        known = record.recorded_hash(definition.key)
        if known is None:
            record.record_hash(definition.key, digest)
        elif known != digest:
            return None, [
                Problem(
                    source,
                    "/version",
                    (
                        f"{definition.key} is published and its content has changed since; published "
                        f'versions are frozen: give the changed form a new "version"'
                    ),
                )
            ]
    return definition, []


def load_file(
    path: Path, record: HashRecord | None = None
) -> tuple[Definition | None, list[Problem]]:
    """Load and check one definition file."""
    source = str(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return None, [Problem(source, "", f"file is larger than {MAX_FILE_BYTES} bytes")]
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        return None, [Problem(source, "", f"cannot read file: {error.__class__.__name__}")]
    except json.JSONDecodeError as error:
        return None, [
            Problem(
                source,
                "",
                f"not valid JSON (line {error.lineno}, column {error.colno}): {error.msg}",
            )
        ]
    except RecursionError:
        return None, [Problem(source, "", "JSON is nested too deeply")]
    return parse_definition(raw, source, record)


def load_directory(directory: Path, record: HashRecord | None = None) -> Catalog:
    """Load every definition file in a folder; the lock file beside them by default."""
    record = record if record is not None else LockFile(directory / LOCK_FILE)
    catalog = Catalog()
    for path in sorted(directory.glob("*.json")):
        if path.name == LOCK_FILE:
            continue
        definition, problems = load_file(path, record)
        catalog.problems.extend(problems)
        if definition is None:
            continue
        if definition.key in catalog.definitions:
            other = catalog.definitions[definition.key].source
            catalog.problems.append(
                Problem(str(path), "/version", f"{definition.key} is also defined in {other}")
            )
            continue
        catalog.definitions[definition.key] = definition
    return catalog


def _pointer(path: Any) -> str:
    return "".join(f"/{str(part).replace('~', '~0').replace('/', '~1')}" for part in path)


def _schema_message(error: jsonschema.ValidationError) -> str:
    if error.validator == "required" and isinstance(error.instance, dict):
        missing = [key for key in error.validator_value if key not in error.instance]
        names = {"nb": "bokmål text (nb)", "nn": "nynorsk text (nn)"}
        return "missing " + ", ".join(names.get(key, f'"{key}"') for key in missing)
    if error.validator == "additionalProperties":
        return f"unknown property: {error.message.split('(')[-1].rstrip(')')}"
    text = error.message
    return text if len(text) <= 200 else text[:197] + "..."
