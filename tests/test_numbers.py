"""The one number reader: what every part of formservice accepts as a number, and what it refuses."""

from __future__ import annotations

from decimal import Decimal

import pytest

from formservice import formatting
from formservice.engine.functions import to_number
from formservice.numbers import MAX_EXPONENT, to_decimal, to_whole_number


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("660000", Decimal(660000)),
        ("660 000", Decimal(660000)),
        ("1\u00a0234,50", Decimal("1234.50")),
        ("-0", Decimal(0)),
        (".5", Decimal("0.5")),
        ("1e3", Decimal(1000)),
        (12, Decimal(12)),
        (2.5, Decimal("2.5")),
        (Decimal("7.25"), Decimal("7.25")),
    ],
)
def test_numbers_people_type_or_files_hold_are_read_exactly(typed, expected):
    assert to_decimal(typed) == expected


@pytest.mark.parametrize(
    "refused",
    [
        "²", "٣", "١٢٣", "３", "1²", "NaN", "Infinity", "-inf", "1e30", "1e999999999", "1e-30",
        "1" * 41, "1_000", "0x10", "", " ", "12 kr", True, None, [], float("nan"), float("inf"),
        10**30, Decimal("1e21"), Decimal("NaN"),
    ],
)  # fmt: skip
def test_what_is_not_a_number_formservice_can_reckon_with_is_none(refused):
    assert to_decimal(refused) is None
    assert to_number(refused) is None
    assert to_whole_number(refused) is None


def test_the_bound_leaves_room_for_decimals_rounding():
    largest = Decimal(10) ** (MAX_EXPONENT + 1) - 1
    assert to_decimal(largest) == largest
    assert largest.quantize(Decimal("0.01")) == largest  # never InvalidOperation


def test_stored_numbers_are_read_as_written():
    assert to_decimal("1 234", typed=False) is None
    assert to_decimal("1234.5", typed=False) == Decimal("1234.5")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("3", 3), (" 12 ", 12), ("2,0", 2), ("0", None), ("13", None), ("2,5", None), ("²", None),
     ("٣", None), ("9223372036854775808", None), ("-1", None), ("abc", None)],
)  # fmt: skip
def test_whole_numbers_within_bounds(text, expected):
    assert to_whole_number(text, low=1, high=12) == expected


def test_formatting_shows_what_it_cannot_read_as_it_is():
    assert formatting.kroner("1e30") == "1e30"
    assert formatting.kroner("٣") == "٣"
    assert formatting.kroner(Decimal(660000)) == "660\u00a0000\u00a0kr"


@pytest.mark.parametrize(
    ("shown", "value", "expected"),
    [
        (formatting.organisation_number, "974760673", "974\u00a0760\u00a0673"),
        (formatting.organisation_number, "974 760 673", "974\u00a0760\u00a0673"),
        (formatting.organisation_number, "97476067", "97476067"),  # not nine digits: as it is
        (formatting.organisation_number, "٩٧٤٧٦٠٦٧٣", "٩٧٤٧٦٠٦٧٣"),  # ASCII digits only
        (formatting.organisation_number, None, ""),
        (formatting.account_number, "12345678903", "1234\u00a056\u00a078903"),
        (formatting.account_number, "1234.56.78903", "1234\u00a056\u00a078903"),
        (formatting.account_number, "1234567", "1234567"),  # a postgiro number: as it is
        (formatting.account_number, "<b>", "<b>"),
    ],
)
def test_register_numbers_are_grouped_as_people_read_them(shown, value, expected):
    assert shown(value) == expected
    assert formatting.register_fact(value, "name") == ("" if value is None else value)
