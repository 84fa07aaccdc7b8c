"""The caseworker's assessment form: amounts and instalments read by the one number reader."""

from __future__ import annotations

from decimal import Decimal

import pytest

from formservice.office.assessment import parse_amount, read_assessment

POSITION = {"title": "Rådgiver", "percent": Decimal(100), "year": 1, "suggested": Decimal(660000)}


@pytest.mark.parametrize("amount", ["1e30", "1e20", "9" * 30, "²", "٣٣٣", "-5", "12,5", "NaN"])
def test_amounts_that_are_not_whole_kroner_are_refused_not_a_crash(amount):
    assert parse_amount(amount) is None
    assessment = read_assessment({"outcome": "granted", "granted-0": amount}, [POSITION])
    assert "granted-0" in assessment.errors


def test_amounts_typed_the_norwegian_way():
    assert parse_amount("660 000 kr") == Decimal(660000)
    assert parse_amount("kr 550000") == Decimal(550000)


@pytest.mark.parametrize("instalments", ["²", "٣", "0", "13", "1.5", "", "9223372036854775808"])
def test_instalments_must_be_ascii_whole_numbers_from_1_to_12(instalments):
    form = {"outcome": "granted", "granted-0": "660000", "instalments": instalments}
    assessment = read_assessment(form, [POSITION])
    assert "instalments" in assessment.errors
    assert not assessment.decision


def test_a_valid_assessment_is_a_decision():
    form = {"outcome": "granted", "granted-0": "660 000", "instalments": "4"}
    assessment = read_assessment(form, [POSITION])
    assert assessment.errors == {}
    assert assessment.decision["instalments"] == 4
