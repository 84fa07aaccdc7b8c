"""Decision arithmetic against the regelverk's table (§7), and the transitional cap."""

from __future__ import annotations

from decimal import Decimal

import pytest

from formservice.engine import load_directory
from formservice.office.ladder import positions_of, suggested_amount, transitional_amount
from tests.engine.test_real_forms import ROOT

TABLE = {1: 660000, 2: 550000, 3: 440000, 4: 330000}


@pytest.mark.parametrize("year", [1, 2, 3, 4])
@pytest.mark.parametrize("percent", ["100", "50", "20", "33.3", "75", "10"])
def test_ladder_amount_is_the_rate_of_the_year_times_the_share(year, percent):
    expected = (Decimal(TABLE[year]) * Decimal(percent) / 100).quantize(Decimal(1))
    assert suggested_amount(Decimal(percent), year) == expected


def test_the_regelverks_own_example_and_exact_figures():
    assert suggested_amount(Decimal(50), 3) == Decimal(220000)  # the regelverk's example
    assert suggested_amount(Decimal("33.3"), 1) == Decimal(219780)
    assert suggested_amount(Decimal("33.3"), 2) == Decimal(183150)
    assert suggested_amount(Decimal("12.5"), 4) == Decimal(41250)


@pytest.mark.parametrize(("percent", "year"), [("0", 1), ("101", 1), ("50", 0), ("50", 5)])
def test_outside_the_scheme_nothing_is_suggested(percent, year):
    assert suggested_amount(Decimal(percent), year) == Decimal(0)


def test_transitional_cap_at_last_years_amount():
    assert transitional_amount(Decimal(660000), Decimal(550000)) == Decimal(550000)
    assert transitional_amount(Decimal(440000), Decimal(550000)) == Decimal(440000)
    assert transitional_amount(Decimal(440000), None) == Decimal(440000)


def test_positions_are_read_from_the_rusarbeid_form():
    definition = load_directory(ROOT / "form_definitions").get("kommunalt_rusarbeid")
    answers = {"stillinger": [{"tittel": "Ruskonsulent", "stillingsprosent": "100", "aar_i_ordningen": "1"},
                              {"tittel": "Erfaringskonsulent", "stillingsprosent": "33,3", "aar_i_ordningen": "2"}]}  # fmt: skip
    positions = positions_of(definition, answers)
    assert [p["suggested"] for p in positions] == [Decimal(660000), Decimal(183150)]
    assert positions[1]["title"] == "Erfaringskonsulent"
