"""The shared character cases (``character_cases.json``): each text typed into a text field, a
text area and a declaration's name is kept or refused as the case says, naming the first refused
character in both standards, and the browser's engine gives exactly the Python engine's result."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from formservice.engine import evaluate, load_file
from tests.helpers.browser_engine import python_result, run_browser_engine

ROOT = Path(__file__).resolve().parents[2]
ALLE_FELT, _ = load_file(ROOT / "tests/fixtures/definitions/alle-felt.json")
CASES = json.loads((ROOT / "tests/engine/character_cases.json").read_text("utf-8"))
PHRASES = {  # what each kind of refusal says, in bokmål and nynorsk
    "u": ("som ikke kan brukes", "som ikkje kan brukast"),
    "n": ("ikke kan skrives ut i brevet", "ikkje kan skrivast ut i brevet"),
}
PATHS = ("navn", "beskrivelse", "erklaering.name")


def _answers(text: str) -> dict:
    return {"navn": text, "beskrivelse": text,
            "erklaering": {"confirmed": True, "name": text, "title": "Rådmann"}}  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_the_python_engine_keeps_or_refuses_as_the_case_says(case):
    result = evaluate(ALLE_FELT, _answers(case["text"]))
    for path in PATHS:
        errors = result.errors.get(path, [])
        if case["refused"] is None:
            assert errors == [], (path, errors)
            continue
        [message] = errors
        character = chr(int(case["refused"][2:], 16))
        nb, nn = PHRASES[case["kind"]]
        assert case["refused"] in message["nb"] and nb in message["nb"], message
        assert case["refused"] in message["nn"] and nn in message["nn"], message
        if case["kind"] == "n":  # a drawable name: show the character itself
            assert f"«{character}»" in message["nb"] and f"«{character}»" in message["nn"]
    typed = case["text"].replace("\u2028", "\n").replace("\u2029", "\n")
    assert result.answers["beskrivelse"] == typed  # kept, refused or not


def test_the_browser_engine_agrees_on_every_case(tmp_path):
    cases = [{"definition": ALLE_FELT.key, "answers": _answers(c["text"]), "today": "2021-02-10"}
             for c in CASES]  # fmt: skip
    browser = run_browser_engine({ALLE_FELT.key: ALLE_FELT}, cases, tmp_path)
    for case, theirs in zip(CASES, browser, strict=True):
        ours = python_result(ALLE_FELT, _answers(case["text"]), "2021-02-10")
        assert theirs == ours, case["name"]
