"""The ladder with history, as a table: the year on the ladder from earlier decisions (years 1–4
and beyond), the percentages, the transitional cap per position, new positions and new
municipalities. Amounts are the engine's, from the shipped rusarbeid definition."""

from __future__ import annotations

from decimal import Decimal

import pytest

from formservice.engine import evaluate, load_directory
from formservice.office.history import history_from
from formservice.office.ladder import NEW_RECIPIENT, propose
from tests.factories import ROOT

RUS = load_directory(ROOT / "form_definitions").get("kommunalt_rusarbeid", 1)


def _grant(year, title, ladder_year, granted, percent="100", transitional=False, total=None):
    return {"year": year, "total": Decimal(total or granted), "positions": [
        {"kind": "position", "title": title, "percent": percent, "year": ladder_year,
         "granted": str(granted), "transitional": transitional}]}  # fmt: skip


def _propose(history_rows, *, typed="1", percent="100", title="Ruskonsulent"):
    answers = {"soknadsbelop": "1", "stillinger": [
        {"tittel": title, "stillingsprosent": percent, "aar_i_ordningen": typed}]}  # fmt: skip
    history = None if history_rows is None else history_from(history_rows)
    return propose(evaluate(RUS, answers), history)


OTHER = [_grant(2020, "Annen stilling", 1, 660000)]  # the municipality has history, not this one

# (history, typed year, percent) → (year used, suggestion, leaves, transitional, a reason)
TABLE = [
    # no history in the database: the form's year and the engine's amount stand
    (None, "3", "50", 3, 220000, False, False, None),
    (None, "4", "100", 4, 330000, False, False, None),
    # a new position of a municipality with history starts at year 1 ...
    (OTHER, "1", "100", 1, 660000, False, False, "Ny stilling: starter på 1. år i ordningen."),
    ([], "1", "50", 1, 330000, False, False, "Ny stilling: starter på 1. år i ordningen."),
    # ... but a later year the applicant states for it stands, flagged: an earlier grant the
    # decisions do not hold never restarts the position at the top of the ladder
    (OTHER, "3", "50", 3, 220000, False, False,
     "Kommunen oppga 3. år, men vedtakene her har ikke tilskudd til stillingen: forslaget følger"),
    ([], "2", "100", 2, 550000, False, False, "Kontroller tidligere vedtak."),
    # granted last year at year n: now n + 1
    ([_grant(2020, "Ruskonsulent", 1, 660000)], "2", "100", 2, 550000, False, False,
     "Innvilget 660\u00a0000\u00a0kr i 2020 (1. år i ordningen): nå 2. år."),
    ([_grant(2020, "Ruskonsulent", 2, 550000)], "3", "100", 3, 440000, False, False, "nå 3. år."),
    ([_grant(2020, "Ruskonsulent", 3, 220000, "50")], "4", "50", 4, 165000, False, False, "nå 4. år"),
    ([_grant(2020, "RUSKONSULENT ", 1, 330000, "50")], "1", "33,3", 2, 183150, False, False,
     "Kommunen oppga 1. år; vedtakene gir 2. år."),
    # past year 4 the position leaves the scheme
    ([_grant(2019, "Ruskonsulent", 3, 440000), _grant(2020, "Ruskonsulent", 4, 330000)],
     "4", "100", 5, 0, True, False, "går ut av ordningen (høyst 4 år, § 7)"),
    # transitional: no more than last year's amount for the position ...
    ([_grant(2020, "Ruskonsulent", 1, 400000, transitional=True)], "2", "100", 2, 400000, False,
     True, "Overgangsregelen, år 2 av høyst 3: satsen gir 550\u00a0000\u00a0kr, men høyst fjorårets 400\u00a0000"),
    ([_grant(2020, "Ruskonsulent", 2, 500000, transitional=True)], "3", "100", 3, 440000, False,
     True, "år 2 av høyst 3: høyst fjorårets 500\u00a0000\u00a0kr, og satsen gir mindre."),
    # ... and for at most three years under the rule
    ([_grant(y, "Ruskonsulent", n, 300000, transitional=True) for y, n in ((2018, 1), (2019, 2))],
     "3", "100", 3, 300000, False, True, "Overgangsregelen, år 3 av høyst 3"),
    ([_grant(y, "Ruskonsulent", n, 300000, transitional=True)
      for y, n in ((2017, 1), (2018, 2), (2019, 3))], "4", "100", 4, 0, True, True,
     "har hatt tilskudd i 3 år etter overgangsregelen og går ut av ordningen"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("history", "typed", "percent", "year", "suggested", "leaves", "transitional", "reason"), TABLE
)
def test_the_ladder_with_history(history, typed, percent, year, suggested, leaves, transitional,
                                 reason):  # fmt: skip
    [line] = _propose(history, typed=typed, percent=percent).lines
    assert (line["year"], line["suggested"], line["leaves"], line["transitional"]) == (
        year, Decimal(suggested), leaves, transitional)  # fmt: skip
    reasons = " ".join(r["nb"] for r in line["reasons"])
    assert (reason in reasons) if reason else reasons == ""
    assert all(r["nn"] and r["nn"] != r["nb"] for r in line["reasons"])  # nynorsk too


def test_a_municipality_never_granted_is_a_priority_and_one_granted_is_not():
    fresh = _propose([])
    assert fresh.priority and fresh.notes == [NEW_RECIPIENT]
    assert not _propose(OTHER).priority and not _propose(None).priority


def test_history_keeps_totals_per_year_and_ignores_costs_and_nothing_granted():
    rows = [_grant(2019, "A", 1, 660000), _grant(2020, "A", 2, 550000, total=700000)]
    rows[1]["positions"] += [{"kind": "cost", "title": "Kurs", "granted": "150000"},
                             {"kind": "position", "title": "B", "year": 1, "granted": "0"}]  # fmt: skip
    history = history_from(rows)
    assert history.totals == {2019: 660000, 2020: 700000} and history.last_year == 2020
    assert list(history.positions) == ["a"] and history.position(" a ").last.amount == 550000
