"""The office's figures come from the engine's evaluation, by the definition's ``grant`` block: the
rates stand only in the definition, so a form with new rates gives new suggestions."""

from __future__ import annotations

import copy
import json
from decimal import Decimal

import pytest

from formservice.engine import evaluate, load_directory
from formservice.engine.checker import check_grant
from formservice.engine.loader import parse_definition
from formservice.office.figures import COST, FROZEN_DECLARATIONS, POSITION, figures
from formservice.office.ladder import propose
from tests.factories import ROOT

RUS = json.loads((ROOT / "form_definitions/kommunalt-rusarbeid-2021.json").read_text("utf-8"))
POSITIONS = {"stillinger": [
    {"tittel": "Ruskonsulent", "stillingsprosent": "100", "aar_i_ordningen": "1"},
    {"tittel": "Erfaringskonsulent", "stillingsprosent": "33,3", "aar_i_ordningen": "2"}],
    "soknadsbelop": "880 000"}  # fmt: skip


@pytest.fixture(scope="module")
def catalog():
    return load_directory(ROOT / "form_definitions")


def test_every_frozen_declaration_names_fields_of_its_own_version(catalog):
    for key, grant in FROZEN_DECLARATIONS.items():
        definition = catalog.definitions[key]
        assert definition.grant is None  # frozen before the block existed
        assert check_grant(definition, grant) == [], key


def test_rusarbeid_suggestions_are_the_engines_ladder_amounts(catalog):
    proposal = propose(evaluate(catalog.get("kommunalt_rusarbeid", 1), POSITIONS))
    assert [line["suggested"] for line in proposal.lines] == [Decimal(660000), Decimal(183150)]
    assert [line["year"] for line in proposal.lines] == [1, 2]
    assert proposal.applied == Decimal(880000) and proposal.suggested == Decimal(843150)
    assert proposal.figures.on_ladder


def test_a_form_with_new_rates_gives_new_suggestions():
    raw = copy.deepcopy(RUS)
    raw["version"], raw["status"] = 2, "draft"
    raw["scheme"]["year"] = 2022
    raw["grant"] = FROZEN_DECLARATIONS["kommunalt_rusarbeid@1"]
    group = next(
        f for s in raw["pages"][3]["sections"] for f in s["fields"] if f["id"] == "stillinger"
    )
    belop = next(f for f in group["fields"] if f["id"] == "belop")
    belop["expression"][1][1][2] = {"1": 700000, "2": 580000, "3": 460000, "4": 350000}
    definition, problems = parse_definition(raw, "new-rates.json")
    assert problems == []
    proposal = propose(evaluate(definition, POSITIONS))
    assert [line["suggested"] for line in proposal.lines] == [Decimal(700000), Decimal(193140)]


def test_post_60_lines_are_positions_and_costs_as_applied_for(catalog):
    answers = {"stillinger": [{"tittel": "FACT-koordinator", "stillingsprosent": "50", "belop": "400 000"}],
               "kostnader": [{"beskrivelse": "Opplæring", "belop": "50 000"}], "soknadsbelop": "450000"}  # fmt: skip
    for form_id in ("voksne_sammensatte", "barn_unge"):
        found = figures(evaluate(catalog.get(form_id), answers))
        assert [(line.kind, line.title, line.amount) for line in found.lines] == [
            (POSITION, "FACT-koordinator", Decimal(400000)), (COST, "Opplæring", Decimal(50000))]  # fmt: skip
        assert found.applied == Decimal(450000) and found.total == Decimal(450000)
        assert not found.on_ladder


def test_a_form_without_a_declaration_and_blank_answers_give_nothing(catalog):
    definition = catalog.get("kommunalt_rusarbeid", 1)
    blank = figures(evaluate(definition, {"stillinger": [{"tittel": "", "stillingsprosent": ""}],
                                          "soknadsbelop": "tjue"}))  # fmt: skip
    assert blank.applied == 0 and [(line.amount, line.year) for line in blank.lines] == [(0, None)]
    raw = copy.deepcopy(RUS)
    raw["version"], raw["status"] = 9, "draft"
    definition, _ = parse_definition(raw, "none.json")
    assert figures(evaluate(definition, POSITIONS)).lines == ()


@pytest.mark.parametrize(
    ("grant", "message"),
    [({"applied": "nope"}, 'unknown field "nope"'),
     ({"applied": "kontakt_navn"}, '"kontakt_navn" must be a money field'),
     ({"applied": "soknadsbelop", "positions": {"group": "soknadsbelop", "title": "t", "amount": "a"}},
      '"soknadsbelop" is not a repeating group'),
     ({"applied": "soknadsbelop", "positions": {"group": "stillinger", "title": "tittel", "amount": "x"}},
      'unknown sub-field "x" of "stillinger"'),
     ({"applied": "soknadsbelop", "positions": {"group": "stillinger", "title": "tittel", "amount": "tittel"}},
      '"tittel" must be one of: money')],
)  # fmt: skip
def test_the_checker_refuses_a_declaration_that_points_wrong(grant, message):
    raw = copy.deepcopy(RUS)
    raw["version"], raw["status"], raw["grant"] = 9, "draft", grant
    definition, problems = parse_definition(raw, "wrong.json")
    assert definition is None and [p.message for p in problems] == [message]
    assert problems[0].pointer.startswith("/grant/")
