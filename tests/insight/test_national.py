"""The directorate's figures: each office's rounds side by side, a series per office, each chart
with its table; an office without a round of the scheme shows zeros, not an error."""

from __future__ import annotations

from decimal import Decimal

from lxml import etree

from formservice.insight.national import OfficeRounds, national_charts, national_figures
from tests.factories import (
    complete_answers,
    create_organisation,
    create_round,
    create_submission,
    definition,
)

AREAS = ("brukermedvirkning", "tidlig_innsats", "ambulant_team", "bolig", "arbeid_aktivitet",
         "lavterskel")  # fmt: skip


def _answers(scores: str):
    answers = complete_answers("kommunalt_rusarbeid")
    answers["kapasitet"] = dict(zip(AREAS, scores, strict=True))
    return answers


def _offices(db):
    innlandet = create_round(db, budget_frame="2000000")
    vestland = create_round(
        db, county_number="46", budget_frame="1000000", slug="rus-2021-vestland"
    )
    create_submission(db, round=innlandet, state="granted", answers=_answers("555555"))
    create_submission(db, round=innlandet, state="submitted", answers=_answers("111111"))
    create_submission(db, round=vestland, state="granted", answers=_answers("443322"),
                      organisation=create_organisation(db, county_number="46"))  # fmt: skip
    return [OfficeRounds({"nb": "Statsforvalteren i Innlandet", "nn": "Statsforvaltaren i Innlandet"},
                         [innlandet["id"]]),
            OfficeRounds({"nb": "Statsforvalteren i Vestland", "nn": "Statsforvaltaren i Vestland"},
                         [vestland["id"]]),
            OfficeRounds({"nb": "Statsforvalteren i Agder", "nn": "Statsforvaltaren i Agder"}, [])]  # fmt: skip


def test_each_office_has_its_own_figures(db):
    innlandet, vestland, agder = national_figures(db, _offices(db), definition)
    assert innlandet.total("frame") == 2000000 and innlandet.total("granted") == 880000
    assert vestland.total("applied") == 880000 and agder.total("granted") == Decimal(0)
    assert innlandet.high_share("bolig") == (1, 2) and vestland.high_share("bolig") == (0, 1)
    assert vestland.high_share("brukermedvirkning") == (1, 1) and agder.high_share("bolig") == (
        0,
        0,
    )
    assert list(innlandet.submitted_by_day().values())[-1] == 2


def test_the_charts_have_a_series_per_office_and_their_tables(db):
    made = national_charts(national_figures(db, _offices(db), definition), "nb")
    assert list(made) == ["amounts", "timeline", "attainment"]
    chart, table = made["amounts"]
    assert chart.description == "Nasjonalt innvilget 1\xa0760\xa0000\xa0kr (58,7\xa0% av rammene)."
    assert [row[0] for row in table.formatted("nb")] == [
        "Statsforvalteren i Innlandet", "Statsforvalteren i Vestland", "Statsforvalteren i Agder"]  # fmt: skip
    assert table.formatted("nb")[1][1:] == [
        "1\xa0000\xa0000\xa0kr",
        "880\xa0000\xa0kr",
        "880\xa0000\xa0kr",
        "88\xa0%",
    ]
    assert table.formatted("nb")[2][-1] == "–"  # no frame, no share
    chart, table = made["attainment"]
    assert table.columns[1:] == [
        "Statsforvalteren i Innlandet",
        "Statsforvalteren i Vestland",
        "Statsforvalteren i Agder",
    ]
    assert table.formatted("nb")[3] == [
        "tjenester knyttet til bolig og oppfølging i bolig",
        "50\xa0%",
        "0\xa0%",
        "–",
    ]
    svg = etree.fromstring(str(made["timeline"][0].svg).encode())
    lines = svg.findall(".//{http://www.w3.org/2000/svg}polyline")
    assert len(lines) == 3 and len({line.get("stroke") for line in lines}) == 3
    assert made["timeline"][1].formatted("nn")[0][1] == "2"
