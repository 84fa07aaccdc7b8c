"""One engine, two implementations: the browser's JavaScript engine against the Python engine.

Every shipped definition (and the test form with every field type) is evaluated with every answer
fixture, and with variants of them (each answer left out, each replaced by typing errors and odd
values, each row's answers likewise), by both engines; visibility, requiredness, computed values
(stored and as shown, in bokmål and nynorsk), errors, warnings, dropped and stored answers must be
the same. Any difference is a failure that names the case.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from formservice.engine import load_directory, load_file
from tests.helpers.browser_engine import ENGINE, node, python_result, run_browser_engine

ROOT = Path(__file__).resolve().parents[2]
CATALOG = load_directory(ROOT / "form_definitions")
ALLE_FELT, _ = load_file(ROOT / "tests/fixtures/definitions/alle-felt.json")
DEFINITIONS = {**CATALOG.definitions, ALLE_FELT.key: ALLE_FELT}
FIXTURES = {
    path.stem: json.loads(path.read_text("utf-8"))
    for path in sorted((ROOT / "tests/fixtures/answers").glob("*.json"))
}
ODD_VALUES = ["", "  ", "x", "12,5", "1 234,50", "kr 1000", "1e999", "-0", "0,001", "33.3%",
              "31.02.2021", "01.03.2021", "2021-03-01", "ja", "Nei", True, False, 7, 0.5,
              ["a"], {"confirmed": "ja", "name": " ", "title": "x"}, "١٢", "99993405007",
              "993405000", "3405", "１２３", "a@b.no", "+4799999999", "Tiltak \U0001e290",
              "x\x85y"]  # fmt: skip
TODAYS = ["2021-02-10", "2026-11-23"]


def _variants(answers: dict[str, Any]) -> list[dict[str, Any]]:
    found = [answers, {}]
    for number, (key, value) in enumerate(answers.items()):
        without = {k: v for k, v in answers.items() if k != key}
        found.append(without)
        for odd in ODD_VALUES[number % 2 :: 4 if isinstance(value, list) else 2]:
            found.append({**answers, key: odd})
        if isinstance(value, list) and value and isinstance(value[0], dict):
            for sub in value[0]:
                for odd in ODD_VALUES[::2]:
                    rows = copy.deepcopy(value)
                    rows[-1][sub] = odd
                    found.append({**answers, key: rows})
            found.append({**answers, key: [*value, {}]})
            found.append({**answers, key: value[:1] * 31})
        if isinstance(value, dict):
            for part in value:
                found.append({**answers, key: {**value, part: ""}})
    return found


FORM_OF_FIXTURE = {"alle-felt": "alle_felt", "barn-unge": "barn_unge",
                   "rusarbeid": "kommunalt_rusarbeid", "voksne": "voksne_sammensatte"}  # fmt: skip


def _cases() -> list[dict[str, Any]]:
    """Each fixture and its variants on its own form; the bare fixtures on every other form."""
    cases = []
    for key, definition in DEFINITIONS.items():
        for name, answers in FIXTURES.items():
            prefix = next(p for p in FORM_OF_FIXTURE if name.startswith(p))
            own = FORM_OF_FIXTURE[prefix] == definition.id
            for number, variant in enumerate(_variants(answers) if own else [answers]):
                today = TODAYS[number % 2]
                cases.append({"definition": key, "answers": variant, "today": today, "name": name})
    return cases


def test_both_engines_agree_on_every_shipped_definition_and_fixture(tmp_path):
    cases = _cases()
    assert len(cases) > 2000
    browser = run_browser_engine(DEFINITIONS, cases, tmp_path)
    differences = []
    for case, theirs in zip(cases, browser, strict=True):
        ours = python_result(DEFINITIONS[case["definition"]], case["answers"], case["today"])
        if theirs != ours:
            differences.append((case, ours, theirs))
    if differences:
        case, ours, theirs = differences[0]
        detail = {
            key: {"python": ours.get(key), "browser": theirs.get(key)}
            for key in sorted(set(ours) | set(theirs))
            if ours.get(key) != theirs.get(key)
        }
        pytest.fail(
            f"{len(differences)} of {len(cases)} cases differ; the first, "
            f"{case['definition']} with {case['name']} variant {json.dumps(case['answers'])[:600]}:\n"
            + json.dumps(detail, ensure_ascii=False, indent=1)[:6000]
        )


MUTATIONS = [  # (file, what the code says, a plausible slip)
    ("decimal.js", 'mode === "up" || head % 2n', "head % 2n"),  # round half up becomes half even
    ("decimal.js", "const PRECISION = 28;", "const PRECISION = 16;"),  # float-like precision
    ("functions.js", "comparison((a, b) => !pyEquals(a, b))", "(a, b) => !equals(a, b)"),
    ("evaluate.js", 'if (places !== null) value = dec.quantize(value, places, "up");', ""),
    ("values.js", 'if (kinds[low] !== "p") return', 'if (kinds[low] === "u") return'),  # fonts
]


@pytest.mark.parametrize(("name", "original", "mutated"), MUTATIONS, ids=lambda v: str(v)[:30])
def test_a_mutated_browser_engine_fails_the_shared_tests(tmp_path, name, original, mutated):
    engine = tmp_path / "engine"
    shutil.copytree(ENGINE, engine)
    source = (engine / name).read_text("utf-8")
    assert original in source, f"{name} no longer says {original!r}: update the mutation"
    (engine / name).write_text(source.replace(original, mutated), "utf-8")
    cases = subprocess.run(
        [node(), "--test", *map(str, sorted((ROOT / "tests/js").glob("*.test.mjs")))],
        env={**os.environ, "FORMSERVICE_JS_ENGINE": str(engine)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if cases.returncode != 0:
        assert "not ok" in cases.stdout
        return
    # a slip the expression cases miss must show in the comparison with the Python engine
    results = run_browser_engine(DEFINITIONS, _cases()[::7], tmp_path, engine=engine)
    assert any(
        theirs != python_result(DEFINITIONS[c["definition"]], c["answers"], c["today"])
        for c, theirs in zip(_cases()[::7], results, strict=True)
    ), f"mutation of {name} went unnoticed"


def test_a_mutated_python_engine_fails_the_shared_cases(monkeypatch):
    from decimal import ROUND_HALF_EVEN, Decimal

    from formservice.engine import functions
    from tests.engine import test_expressions

    def half_even(value, places=0):  # the slip: Python's default rounding instead of half up
        try:
            return functions.to_number(value).quantize(Decimal(1), rounding=ROUND_HALF_EVEN)
        except (AttributeError, ArithmeticError):
            return None

    slipped = dataclasses.replace(functions.FUNCTIONS["round"], impl=half_even)
    monkeypatch.setitem(functions.FUNCTIONS, "round", slipped)
    failed = []
    for case in test_expressions.CASES:
        try:
            test_expressions.test_expression_case(case)
        except AssertionError:
            failed.append(case["name"])
    assert "round half up" in failed
