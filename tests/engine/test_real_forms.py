"""The shipped 2021 forms on realistic answers: ladder amounts, the report part, numbers, warnings."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from stdnum.no import kontonr, orgnr

from formservice.engine import evaluate, load_directory

ROOT = Path(__file__).resolve().parents[2]
CATALOG = load_directory(ROOT / "form_definitions")
RUS = CATALOG.get("kommunalt_rusarbeid", 2)
ANSWERS = ROOT / "tests/fixtures/answers"


def _answers(name: str) -> dict:
    return json.loads((ANSWERS / f"{name}.json").read_text("utf-8"))


def _with_position(percent: str, year: str) -> dict:
    answers = _answers("rusarbeid-complete")
    answers["stillinger"] = [dict(answers["stillinger"][0], stillingsprosent=percent,
                                  aar_i_ordningen=year)]  # fmt: skip
    return answers


@pytest.mark.parametrize(
    ("percent", "year", "amount"),
    [("100", "1", "660000"), ("100", "2", "550000"), ("100", "3", "440000"), ("100", "4", "330000"),
     ("50", "3", "220000"), ("50", "1", "330000"), ("20", "2", "110000"), ("20", "4", "66000"),
     ("33,3", "1", "219780"), ("33.3", "2", "183150"), ("33,3", "4", "109890")],
)  # fmt: skip
def test_ladder_amount_per_position(percent, year, amount):
    result = evaluate(RUS, _with_position(percent, year))
    assert result.values["stillinger"][0]["belop"] == Decimal(amount)
    assert result.values["sum_stiger"] == Decimal(amount)


def test_complete_answers_have_no_errors_and_the_right_total():
    result = evaluate(RUS, _answers("rusarbeid-complete"))
    assert result.errors == {}
    assert result.warnings == {}
    computed = result.to_json()["computed"]
    assert computed["stillinger[0].belop"] == "660000"
    assert computed["stillinger[1].belop"] == "220000"
    assert computed["sum_stiger"] == "880000"


def test_report_is_hidden_without_a_grant_last_year_and_its_answers_dropped():
    result = evaluate(RUS, _answers("rusarbeid-new-applicant"))
    assert result.errors == {}
    assert not result.visible["rapport_stillinger"] and not result.visible["rapport_regnskap"]
    assert {"fjor_stillinger", "kapasitet", "fjor_mottatt", "fjor_lonn", "egen_vurdering",
            "tiltak_gjennomfort", "regnskap_bekreftet"} <= set(result.dropped)  # fmt: skip
    assert "kapasitet" not in result.answers and "fjor_mottatt" not in result.answers
    assert result.values["sum_stiger"] == Decimal("219780")


def test_report_is_required_after_a_grant_last_year():
    answers = _answers("rusarbeid-complete")
    del answers["kapasitet"], answers["fjor_mottatt"]
    result = evaluate(RUS, answers)
    assert "kapasitet" in result.errors and "fjor_mottatt" in result.errors


def test_amount_above_the_ladder_and_budget_below_it_are_warnings_not_errors():
    result = evaluate(RUS, _answers("rusarbeid-warnings"))
    assert result.is_valid
    assert [m["nb"] for m in result.warnings["soknadsbelop"]] == [
        "Søknadsbeløpet er høyere enn det satsene gir for stillingene. Tilskuddet blir normalt "
        "ikke høyere enn satsene."
    ]
    assert result.warnings["budsjett_lonn"][0]["nn"].startswith(
        "Lønnskostnadene i budsjettet er lågare"
    )


NUMBERS = ["993405000", "993 405 000", "993405001", "123456785", "12345678", "1234567890",
           "99x405000", "974760673", "974 760 673", "974.760.673"]  # fmt: skip
ACCOUNTS = ["99993405007", "9999.34.05007", "9999 34 05007", "99993405008", "12345678903",
            "1234567", "86011117947", "8601 11 17947", "860111179470", "abc"]  # fmt: skip


@pytest.mark.parametrize("number", NUMBERS)
def test_organisation_numbers_as_python_stdnum_decides(number):
    answers = dict(_answers("rusarbeid-complete"), orgnr=number)
    accepted = "orgnr" not in evaluate(RUS, answers).errors
    assert accepted == orgnr.is_valid(number)


@pytest.mark.parametrize("number", ACCOUNTS)
def test_account_numbers_as_python_stdnum_decides_with_eleven_digits(number):
    answers = dict(_answers("rusarbeid-complete"), kontonr=number)
    accepted = "kontonr" not in evaluate(RUS, answers).errors
    expected = kontonr.is_valid(number) and len(kontonr.compact(number)) == 11
    assert accepted == expected


@pytest.mark.parametrize("name", ["voksne-complete", "barn-unge-complete"])
def test_post_60_forms_accept_complete_answers(name):
    form = "voksne_sammensatte" if name.startswith("voksne") else "barn_unge"
    result = evaluate(CATALOG.get(form), _answers(name))
    assert result.errors == {}
    assert result.values["sum_kostnader"] == Decimal("750000")


def test_post_60_report_asks_for_the_auditors_pdf():
    answers = copy.deepcopy(_answers("barn-unge-complete"))
    del answers["revisor_regnskap"]
    result = evaluate(CATALOG.get("barn_unge"), answers)
    assert "revisor_regnskap" in result.errors
    assert CATALOG.get("barn_unge").field("revisor_regnskap").type == "file"


@pytest.mark.parametrize("key", sorted(CATALOG.definitions))
def test_every_text_is_in_bokmal_and_nynorsk(key):
    for _, _, item in CATALOG.definitions[key].fields():
        for text in (item.label, item.help, *(o.label for o in item.options)):
            if text is not None:
                assert text.get("nb") and text.get("nn"), item.id


def test_the_eval_command_shows_ladder_amounts_and_both_warnings():
    command = [str(Path(sys.executable).parent / "formservice"), "eval", "kommunalt_rusarbeid@1",
               str(ANSWERS / "rusarbeid-warnings.json")]  # fmt: skip
    output = json.loads(
        subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT).stdout
    )
    assert output["computed"]["stillinger[0].belop"] == "660000"
    assert output["computed"]["sum_stiger"] == "880000"
    assert set(output["warnings"]) == {"soknadsbelop", "budsjett_lonn"}
    assert output["valid"] is True
