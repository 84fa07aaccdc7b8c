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


NUMBERS = ("antall", "faktor", "belop", "prosent")  # integer, decimal, money and percent
CONTROLS = ["0\x1f", "1\x1c2", "\x1e5", "7\x0b", "3\x0c", "4\x85", "12\x07"]  # \s holds most


@pytest.mark.parametrize("text", CONTROLS, ids=repr)
def test_a_number_with_a_control_character_is_refused_by_both_engines(text, tmp_path):
    """Python's and JavaScript's ``\\s`` strip some control characters, so a number that held
    one read as if it did not, while the draft kept the character."""
    answers = {field: text for field in NUMBERS}
    result = evaluate(ALLE_FELT, answers)
    for field in NUMBERS:
        [message] = result.errors[field]
        assert "som ikke kan brukes" in message["nb"] and "som ikkje kan brukast" in message["nn"]
    case = {"definition": ALLE_FELT.key, "answers": answers, "today": "2021-02-10"}
    [theirs] = run_browser_engine({ALLE_FELT.key: ALLE_FELT}, [case], tmp_path)
    assert theirs == python_result(ALLE_FELT, answers, "2021-02-10")


def test_a_number_with_spaces_people_type_is_still_read():
    result = evaluate(ALLE_FELT, {"belop": " 1 000\u00a0000 kr ", "faktor": "2,5\n"})
    assert result.answers["belop"] == "1000000" and result.answers["faktor"] == "2.5"
    assert not result.errors.get("belop") and not result.errors.get("faktor")
