"""Prefill: the checker's one-line problems, values taken from the source, never from the answers."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from formservice.engine import evaluate
from formservice.engine.loader import parse_definition
from formservice.engine.prefill import apply_prefill, differences

ROOT = Path(__file__).resolve().parents[2]
BASE = json.loads((ROOT / "tests/fixtures/definitions/alle-felt.json").read_text("utf-8"))
F = "/pages/0/sections/0/fields"
FORMSERVICE = str(Path(sys.executable).parent / "formservice")


def _with_prefill(**by_index: dict) -> dict:
    raw = copy.deepcopy(BASE)
    for index, prefill in by_index.items():
        raw["pages"][0]["sections"][0]["fields"][int(index[1:])]["prefill"] = prefill
    return raw


def _definition(raw: dict):
    definition, problems = parse_definition(raw, "x.json", None)
    assert problems == [], [str(p) for p in problems]
    return definition


@pytest.mark.parametrize(
    ("prefill", "index", "line"),
    [
        ({"source": "registr", "key": "orgnr"}, 10,
         f'x.json:{F}/10/prefill/source: unknown prefill source "registr" (known: last_year, register)'),
        ({"source": "register", "key": "kontonummer"}, 11,
         f'x.json:{F}/11/prefill/key: unknown register key "kontonummer" (known: account_number, '
         "email, kommunenummer, name, organisation_kind, orgnr, postal_address)"),
        ({"source": "register", "key": "account_number"}, 3,
         f'x.json:{F}/3/type: a field filled from register key "account_number" must be of type '
         "kontonr or text, not integer"),
        ({"source": "register", "key": "organisation_kind"}, 14,
         f'x.json:{F}/14/options: the options must include every value of register key '
         '"organisation_kind"; missing: fylkeskommunal, helseforetak, kommune, statlig'),
    ],
)  # fmt: skip
def test_each_prefill_problem_is_one_exact_line(prefill, index, line):
    definition, problems = parse_definition(_with_prefill(**{f"f{index}": prefill}), "x.json", None)
    assert definition is None
    assert [str(p) for p in problems] == [line]


def test_a_sub_field_cannot_be_prefilled():
    raw = copy.deepcopy(BASE)
    raw["pages"][1]["sections"][0]["fields"][1]["fields"][0]["prefill"] = {
        "source": "register",
        "key": "name",
    }
    _, problems = parse_definition(raw, "x.json", None)
    assert [str(p) for p in problems] == [
        "x.json:/pages/1/sections/0/fields/1/fields/0/prefill: only a top-level field can be "
        "prefilled"
    ]


def test_a_prefill_without_a_key_is_a_schema_problem():
    _, problems = parse_definition(_with_prefill(f10={"source": "register"}), "x.json", None)
    assert [str(p) for p in problems] == [f'x.json:{F}/10/prefill: missing "key"']


def test_formservice_check_prints_the_problem_and_exits_1(tmp_path):
    path = tmp_path / "x.json"
    raw = _with_prefill(f11={"source": "register", "key": "kontonummer"})
    path.write_text(json.dumps(raw), "utf-8")
    done = subprocess.run([FORMSERVICE, "check", str(path)], capture_output=True, text=True,
                          check=False, timeout=60)  # fmt: skip
    assert done.returncode == 1
    assert done.stdout.splitlines()[0].startswith(
        f'{path}:{F}/11/prefill/key: unknown register key "kontonummer"'
    )


def test_the_source_wins_over_any_answer_and_a_missing_value_leaves_the_field_empty():
    definition = _definition(
        _with_prefill(
            f10={"source": "register", "key": "orgnr"},
            f11={"source": "register", "key": "account_number"},
        )
    )
    posted = {"orgnr": "123456785", "kontonr": "99991234000", "navn": "Typed"}
    filled = apply_prefill(definition, posted, {"register": {"orgnr": "993405000"}})
    assert filled == {"orgnr": "993405000", "navn": "Typed"}
    assert posted["orgnr"] == "123456785"  # the caller's answers are not changed
    assert apply_prefill(definition, posted, {}) == {"navn": "Typed"}  # no source: nothing


def test_a_prefilled_field_is_read_only_and_a_missing_value_says_where_it_comes_from():
    raw = _with_prefill(f11={"source": "register", "key": "account_number"})
    raw["pages"][0]["sections"][0]["fields"][11]["required"] = True
    definition = _definition(raw)
    result = evaluate(definition, apply_prefill(definition, {}, {"register": {}}))
    assert result.read_only["kontonr"] is True
    assert result.errors["kontonr"][0]["nb"].startswith("Kontonummer mangler i Statsforvalterens")
    assert "Våre opplysningar" in result.errors["kontonr"][0]["nn"]


def test_differences_compare_values_as_read_not_as_typed():
    definition = _definition(_with_prefill(f11={"source": "register", "key": "account_number"}))
    register = {"register": {"account_number": "99991234000"}}
    assert differences(definition, {"kontonr": "9999 12 34000"}, register) == []
    assert differences(definition, {"kontonr": "12345678903"}, register) == [
        ("kontonr", "12345678903", "99991234000")
    ]
    assert differences(definition, {}, register) == []
