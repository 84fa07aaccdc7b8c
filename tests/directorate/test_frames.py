"""Reading the directorate's split: whole kroner, empty is 0, and the frames must add up to the
national budget exactly; each problem in English, bokmål and nynorsk."""

from __future__ import annotations

from decimal import Decimal

import pytest

from formservice.directorate.frames import read_frames

OFFICES = [
    {"id": 1, "slug": "agder", "name_nb": "Statsforvalteren i Agder", "name_nn": "Statsforvaltaren i Agder"},
    {"id": 2, "slug": "innlandet", "name_nb": "Statsforvalteren i Innlandet",
     "name_nn": "Statsforvaltaren i Innlandet"},
]  # fmt: skip


def test_frames_that_add_up_are_read_with_empty_as_zero():
    read = read_frames({"national": "455 000 000 kr", "frame-agder": "455000000"}, OFFICES)
    assert read.errors == {}
    assert read.national == Decimal(455_000_000)
    assert read.frames == {1: Decimal(455_000_000), 2: Decimal(0)}


@pytest.mark.parametrize(
    ("national", "agder", "innlandet", "nb"),
    [
        ("455 000 000", "400 000 000", "32 000 000", "23 000 000 kr mangler"),
        ("455 000 000", "430 000 000", "32 000 000", "7 000 000 kr for mye"),
        ("455 000 000", "0", "0", "455 000 000 kr mangler"),
    ],
)
def test_frames_that_do_not_add_up_say_by_how_much(national, agder, innlandet, nb):
    read = read_frames({"national": national, "frame-agder": agder, "frame-innlandet": innlandet},
                       OFFICES)  # fmt: skip
    assert set(read.errors) == {"national"}
    message = read.errors["national"]
    assert nb in message["nb"].replace("\xa0", " ")
    assert "Rammene er til saman" in message["nn"] and "the frames add up to" in message["en"]


@pytest.mark.parametrize("garbage", ["mye", "-5", "12,5", "1" * 50, "٣", "0", " "])
def test_a_national_budget_that_is_no_whole_amount_above_zero_is_refused(garbage):
    read = read_frames({"national": garbage, "frame-agder": "1"}, OFFICES)
    assert set(read.errors) == {"national"} and "hele kroner" in read.errors["national"]["nb"]


@pytest.mark.parametrize("garbage", ["mye", "-5", "12,5", "10" * 20, "=1+1"])
def test_an_office_frame_that_is_no_whole_amount_is_refused_on_its_field(garbage):
    read = read_frames({"national": "10", "frame-agder": garbage, "frame-innlandet": "10"}, OFFICES)
    assert set(read.errors) == {"frame-agder"}
    assert read.errors["frame-agder"]["nn"].startswith("Statsforvaltaren i Agder: skriv ramma")
