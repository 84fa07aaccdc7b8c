"""Decision arithmetic against the regelverk's table (§7), the transitional cap, and the per-form
mapping that says where a form keeps its positions, the amount applied for and last year's grant."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from formservice.engine import load_directory, load_file
from formservice.office.ladder import (
    LADDER,
    applied_amount,
    last_year_amount,
    positions_of,
    proposed_total,
    suggested_amount,
    transitional_amount,
)

ROOT = Path(__file__).resolve().parents[2]
TABLE = {1: 660000, 2: 550000, 3: 440000, 4: 330000}


def test_the_ladder_is_the_regelverks_table():
    assert {year: Decimal(amount) for year, amount in TABLE.items()} == LADDER


@pytest.mark.parametrize("year", [1, 2, 3, 4])
@pytest.mark.parametrize("percent", ["100", "50", "20", "33.3", "75", "10"])
def test_ladder_amount_is_the_rate_of_the_year_times_the_share(year, percent):
    expected = (Decimal(TABLE[year]) * Decimal(percent) / 100).quantize(Decimal(1))
    assert suggested_amount(Decimal(percent), year) == expected


@pytest.mark.parametrize(
    ("percent", "year", "amount"),
    [("100", 1, 660000), ("50", 3, 220000), ("20", 2, 110000), ("33.3", 1, 219780),
     ("33.3", 2, 183150), ("12.5", 4, 41250), ("0.1", 1, 660), ("33.35", 4, 110055)],
)  # fmt: skip
def test_exact_figures(percent, year, amount):
    assert suggested_amount(Decimal(percent), year) == Decimal(amount)


def test_half_a_krone_rounds_up_not_to_even():
    assert suggested_amount(Decimal("0.0225"), 1) == Decimal(149)  # 148.5 (half-even: 148)
    assert suggested_amount(Decimal("0.0075"), 1) == Decimal(50)  # 49.5
    assert suggested_amount(Decimal("0.00015"), 4) == Decimal(0)  # 0.495


@pytest.mark.parametrize(("percent", "year"), [("0", 1), ("101", 1), ("50", 0), ("50", 5)])
def test_outside_the_scheme_nothing_is_suggested(percent, year):
    assert suggested_amount(Decimal(percent), year) == Decimal(0)


def test_transitional_cap_at_last_years_amount_for_at_most_three_more_years():
    assert transitional_amount(Decimal(660000), Decimal(550000), 3) == Decimal(550000)
    assert transitional_amount(Decimal(440000), Decimal(550000), 1) == Decimal(440000)
    assert transitional_amount(Decimal(440000), Decimal(550000), 0) == Decimal(0)
    assert transitional_amount(Decimal(440000), None, 0) == Decimal(440000)  # not under old rules
    with pytest.raises(ValueError, match="years_left must be 0 to 3"):
        transitional_amount(Decimal(440000), Decimal(550000), 4)


def test_positions_are_read_from_the_rusarbeid_form():
    definition = load_directory(ROOT / "form_definitions").get("kommunalt_rusarbeid")
    answers = {"stillinger": [{"tittel": "Ruskonsulent", "stillingsprosent": "100", "aar_i_ordningen": "1"},
                              {"tittel": "Erfaringskonsulent", "stillingsprosent": "33,3", "aar_i_ordningen": "2"}],
               "soknadsbelop": "880 000", "fjor_mottatt": "800000"}  # fmt: skip
    positions = positions_of(definition, answers)
    assert [p["suggested"] for p in positions] == [Decimal(660000), Decimal(183150)]
    assert positions[1]["title"] == "Erfaringskonsulent"
    assert proposed_total(definition.id, answers) == Decimal(843150)
    assert applied_amount(definition.id, answers) == Decimal(880000)
    assert last_year_amount(definition.id, answers) == Decimal(800000)


def test_positions_are_read_from_the_test_form_by_its_own_field_ids():
    definition, _ = load_file(Path(ROOT / "tests/fixtures/definitions/alle-felt.json"))
    answers = {"rader": [{"tittel": "Rådgiver", "pst": "50", "aar": "3"},
                         {"tittel": "Konsulent", "pst": "20", "aar": "2"}], "soknad": "400000"}  # fmt: skip
    assert [p["suggested"] for p in positions_of(definition, answers)] == [220000, 110000]
    assert applied_amount(definition.id, answers) == Decimal(400000)
    assert last_year_amount(definition.id, answers) is None  # the form does not ask


def test_a_form_without_positions_gives_none_and_blank_answers_give_nothing():
    assert proposed_total("unknown_form", {"stillinger": [{"stillingsprosent": "100"}]}) == 0
    assert positions_of(
        load_directory(ROOT / "form_definitions").get("kommunalt_rusarbeid"),
        {"stillinger": [{"tittel": "", "stillingsprosent": "", "aar_i_ordningen": None}]},
    ) == [{"title": "", "percent": Decimal(0), "year": 0, "suggested": Decimal(0)}]
    assert applied_amount("kommunalt_rusarbeid", {"soknadsbelop": "tjue"}) == Decimal(0)
