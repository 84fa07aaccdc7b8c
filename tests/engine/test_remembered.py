"""Remembered evaluations: the same result only for the same definition, day and answers."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

from formservice.engine import evaluate, load_directory, load_file
from formservice.engine.display import summarise
from formservice.engine.remembered import (
    REMEMBERED_PER_DEFINITION,
    evaluate_remembered,
    summary_remembered,
)

ROOT = Path(__file__).resolve().parents[2]
RUS = load_directory(ROOT / "form_definitions").get("kommunalt_rusarbeid", 2)
ANSWERS = json.loads((ROOT / "tests/fixtures/answers/rusarbeid-complete.json").read_text("utf-8"))
DAY = dt.date(2026, 12, 1)


def _fresh_definition():
    definition, _ = load_file(ROOT / "tests/fixtures/definitions/alle-felt.json")
    return definition


def test_the_same_answers_and_day_give_the_one_result_as_evaluate_would():
    first = evaluate_remembered(RUS, dict(ANSWERS), today=DAY)
    assert evaluate_remembered(RUS, json.loads(json.dumps(ANSWERS)), today=DAY) is first
    assert first == evaluate(RUS, ANSWERS, today=DAY)


def test_any_other_answer_day_or_definition_is_evaluated_afresh():
    first = evaluate_remembered(RUS, ANSWERS, today=DAY)
    changed = {**ANSWERS, "kontakt_navn": ANSWERS.get("kontakt_navn", "") + "x"}
    other = evaluate_remembered(RUS, changed, today=DAY)
    assert other is not first and other.values["kontakt_navn"] == changed["kontakt_navn"]
    assert evaluate_remembered(RUS, ANSWERS, today=DAY + dt.timedelta(days=1)) is not first
    typed = {**ANSWERS, "soknadsbelop": 1}  # a number and its text are different answers
    texted = {**ANSWERS, "soknadsbelop": "1"}
    assert evaluate_remembered(RUS, typed, today=DAY) is not evaluate_remembered(
        RUS, texted, today=DAY
    )
    one, two = _fresh_definition(), _fresh_definition()  # a new load is a store of its own
    assert evaluate_remembered(one, {}, today=DAY) is not evaluate_remembered(two, {}, today=DAY)


def test_answers_that_are_not_plain_json_are_evaluated_every_time():
    answers = {**ANSWERS, "soknadsbelop": Decimal("1")}
    assert evaluate_remembered(RUS, answers, today=DAY) is not evaluate_remembered(
        RUS, answers, today=DAY
    )


def test_the_store_keeps_only_the_newest_evaluations():
    definition = _fresh_definition()
    first = evaluate_remembered(definition, {"n": 0}, today=DAY)
    for number in range(1, REMEMBERED_PER_DEFINITION + 1):
        evaluate_remembered(definition, {"n": number}, today=DAY)
    assert evaluate_remembered(definition, {"n": 0}, today=DAY) is not first


def test_a_summary_is_made_once_per_evaluation_and_language():
    evaluation = evaluate_remembered(RUS, ANSWERS, today=DAY)
    bokmal = summary_remembered(evaluation, "nb")
    assert summary_remembered(evaluation, "nb") is bokmal
    assert bokmal == summarise(evaluation, "nb")
    nynorsk = summary_remembered(evaluation, "nn")
    assert nynorsk == summarise(evaluation, "nn") and nynorsk != bokmal
