"""The drawing: valid SVG named by its title and description, every text escaped, every colour
at least 4.5:1 against white, and no two of the ten series alike."""

from __future__ import annotations

import itertools

from lxml import etree

from formservice.documents.template_colours import contrast_on_white
from formservice.insight.svg import (
    AXIS,
    INK,
    SERIES,
    Bar,
    Line,
    bar_chart,
    line_chart,
    stacked_chart,
)

NS = {"s": "http://www.w3.org/2000/svg"}
HOSTILE = "<script>alert(1)</script> & «{{ x }}»"


def _ratio(colour: str) -> float:
    return contrast_on_white(colour.removeprefix("#"))


def test_every_colour_stands_out_from_white_and_each_series_is_its_own():
    assert all(_ratio(colour) >= 4.5 for colour, _ in SERIES)
    assert _ratio(INK) >= 4.5 and _ratio(AXIS) >= 4.5
    assert len(set(SERIES)) == len(SERIES) == 10


def test_each_chart_is_an_image_named_by_its_title_and_description_with_text_escaped():
    charts = [
        bar_chart(
            "a", HOSTILE, "Beskrivelse", [(HOSTILE, [Bar(0, 10, HOSTILE)])], reference=(5, "Ramme")
        ),
        stacked_chart(
            "b", "Tittel", HOSTILE, [("Område", [Bar(1, 3, "3"), Bar(2, 0, "0")])], [(1, HOSTILE)]
        ),
        line_chart(
            "c",
            "Tittel",
            "Beskrivelse",
            [(0, "01.01")],
            [Line(HOSTILE, [0, 2, 1])],
            3,
            (1, "Frist"),
        ),
    ]
    for chart in charts:
        svg = etree.fromstring(str(chart).encode())
        assert svg.get("role") == "img"
        title, desc = svg.find("s:title", NS), svg.find("s:desc", NS)
        assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        assert not svg.findall(".//s:script", NS)
        assert HOSTILE in " ".join(svg.itertext())  # a line's long label wraps at its spaces


def test_a_long_line_label_wraps_and_labels_never_overlap():
    svg = line_chart("c", "Title", "Description", [(0, "1.1")],
                     [Line("Østfold, Buskerud, Oslo og Akershus", [0, 3]), Line("Agder", [0, 3]),
                      Line("Vestland", [0, 3])], points=2)  # fmt: skip
    texts = etree.fromstring(str(svg).encode()).findall(".//{http://www.w3.org/2000/svg}text")
    ends = sorted((float(t.get("y")), t.text) for t in texts if float(t.get("x")) > 470)
    assert len(ends) == 4  # the long name took two rows
    assert all(len(words) * 13 * 0.56 <= 720 - 470 - 16 for _, words in ends)
    assert all(b[0] - a[0] >= 16 for a, b in itertools.pairwise(ends))
