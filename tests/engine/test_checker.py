"""The checker: one broken definition per kind of problem, each with its exact line."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from formservice.engine.loader import LockFile, load_directory, parse_definition

ROOT = Path(__file__).resolve().parents[2]
BASE = json.loads((ROOT / "tests/fixtures/definitions/alle-felt.json").read_text("utf-8"))
F = "/pages/0/sections/0/fields"


def _fields(definition: dict, page: int = 0) -> list:
    return definition["pages"][page]["sections"][0]["fields"]


def _computed(field_id: str, other: str) -> dict:
    return {"id": field_id, "type": "computed", "label": {"nb": field_id, "nn": field_id},
            "value_type": "money", "expression": ["add", ["field", other], 1]}  # fmt: skip


def _break(kind: str) -> dict:
    d = copy.deepcopy(BASE)
    if kind == "schema":
        d["version"] = "to"
    elif kind == "missing nynorsk":
        del _fields(d)[1]["label"]["nn"]
    elif kind == "unknown field":
        _fields(d)[17]["visible_if"] = ["equals", ["field", "ja_neii"], True]
    elif kind == "unknown function":
        _fields(d)[17]["visible_if"] = ["exec", "x"]
    elif kind == "python internals":
        _fields(d)[17]["visible_if"] = ["__import__", "os"]
    elif kind == "static type error":
        _fields(d)[17]["visible_if"] = ["gt", ["field", "navn"], 5]
    elif kind == "cycle":
        _fields(d, 1).extend([_computed("a", "b"), _computed("b", "a")])
    elif kind == "duplicate id":
        _fields(d)[2]["id"] = "navn"
    elif kind == "bounds":
        _fields(d)[3].update(min=10, max=1)
    elif kind == "migration":
        d.update(version=2, migrations=[{"from_version": 1, "rename": {"gammel": "finnes_ikke"}}])
    elif kind == "row outside a group":
        _fields(d)[17]["visible_if"] = ["row", "x"]
    elif kind == "too deep":
        expression: object = True
        for _ in range(30):
            expression = ["not", expression]
        _fields(d)[17]["visible_if"] = expression
    return d


@pytest.mark.parametrize(
    ("kind", "line"),
    [
        ("schema", "x.json:/version: 'to' is not of type 'integer'"),
        ("missing nynorsk", f"x.json:{F}/1/label: missing nynorsk text (nn)"),
        ("unknown field", f'x.json:{F}/17/visible_if/1/1: unknown field "ja_neii"'),
        ("unknown function", f'x.json:{F}/17/visible_if/0: unknown function "exec"'),
        ("python internals", f'x.json:{F}/17/visible_if/0: unknown function "__import__"'),
        ("static type error", f'x.json:{F}/17/visible_if: "gt" compares text with a number'),
        ("cycle", "x.json:/pages/1/sections/0/fields/8/expression: computed fields depend on each other: b → a → b"),
        ("duplicate id", f'x.json:{F}/2/id: duplicate id "navn" (also used at {F}/1)'),
        ("bounds", f"x.json:{F}/3/min: min is larger than max"),
        ("migration", 'x.json:/migrations/0/rename/gammel: renames to unknown field "finnes_ikke"'),
        ("row outside a group", f'x.json:{F}/17/visible_if: "row" can only be used inside a repeating group'),
    ],
)  # fmt: skip
def test_each_problem_is_one_exact_line(kind, line):
    definition, problems = parse_definition(_break(kind), "x.json", None)
    assert definition is None
    assert [str(p) for p in problems] == [line]


def test_an_expression_nested_too_deep_is_refused_before_evaluation():
    _, problems = parse_definition(_break("too deep"), "x.json", None)
    assert any("nested deeper than 24" in str(p) for p in problems)


def test_a_changed_published_definition_must_get_a_new_version(tmp_path):
    published = copy.deepcopy(BASE) | {"status": "published"}
    lock = LockFile(tmp_path / "published.lock.json")
    assert parse_definition(published, "x.json", lock)[0] is not None
    published["title"] = {"nb": "Endret", "nn": "Endra"}
    definition, problems = parse_definition(published, "x.json", lock)
    assert definition is None
    assert len(problems) == 1 and 'give the changed form a new "version"' in str(problems[0])


def test_a_broken_file_does_not_stop_the_others(tmp_path):
    (tmp_path / "ok.json").write_text(json.dumps(BASE), "utf-8")
    (tmp_path / "broken.json").write_text('{"id": "x", ', "utf-8")
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000, "utf-8")
    catalog = load_directory(tmp_path)
    assert list(catalog.definitions) == ["alle_felt@1"]
    messages = [str(p) for p in catalog.problems]
    assert any(
        m.startswith(f"{tmp_path / 'broken.json'}:/: ") and "not valid JSON" in m for m in messages
    )
    assert any(str(tmp_path / "deep.json") in m for m in messages)
