"""The caseworker sees last year's grants per position and the suggestion they lead to: the next
year on the ladder, the transitional cap with its reasoning, and new municipalities marked as a
priority on the overview; the decision records the year and the rule it was made under."""

from __future__ import annotations

import re

from formservice.storage import decisions, rounds
from tests import factories
from tests.helpers.app import csrf_token
from tests.helpers.pages import check_page

GRANTED_2020 = [
    {"kind": "position", "title": "Ruskonsulent", "percent": "100", "year": 1, "granted": "660000"},
    {"kind": "position", "title": "Erfaringskonsulent", "percent": "50", "year": 2,
     "granted": "200000", "transitional": True},
]  # fmt: skip


def _with_2020_grant(db) -> tuple[int, int]:
    """Lillehammer granted two positions in a 2020 round; its 2021 form submitted."""
    old = rounds.create_round(db, slug="rus-2020", definition=factories.definition("kommunalt_rusarbeid@1"),
                              county_number="34", budget_frame="30000000", deadline="2020-02-10",
                              year=2020, title="Kommunalt rusarbeid 2020")  # fmt: skip
    earlier = factories.create_submission(db, state="submitted", round=rounds.round_by_id(db, old),
                                          organisation="3405")  # fmt: skip
    factories.create_decision(db, submission=earlier, positions=GRANTED_2020)
    current = factories.create_submission(
        db, state="submitted", round="rus-2021", organisation="3405"
    )
    return current["id"], current["round_id"]


def test_the_caseworker_sees_the_history_and_the_capped_suggestion_with_reasons(
    shipped_db, shipped_login
):
    submission_id, round_id = _with_2020_grant(shipped_db)
    office = shipped_login("saksbehandler")
    page = office.get(f"/saksbehandler/skjema/{submission_id}").text
    check_page(page)
    assert 'value="550\u00a0000"' in page and 'value="200\u00a0000"' in page
    assert "Innvilget 660\u00a0000\u00a0kr i 2020 (1. år i ordningen): nå 2. år." in page
    assert "Kommunen oppga 1. år; vedtakene gir 2. år." in page
    assert (
        "Overgangsregelen, år 2 av høyst 3: satsen gir 220\u00a0000\u00a0kr, men høyst fjorårets 200\u00a0000"
        in page
    )
    history = re.search(r'<table class="ds-table" id="history">.*?</table>', page, re.S).group(0)
    assert "Sum 2020" in history and "860\u00a0000\u00a0kr" in history
    assert "overgangsregelen" in history
    assert "Samlet forslag etter satsene: <strong>750\u00a0000\u00a0kr</strong>" in page
    assert 'id="priority"' not in page  # granted before: no priority

    overview = office.get(f"/saksbehandler/runde/{round_id}").text
    check_page(overview)
    assert overview.count("Ny: prioriteres") == 45 + 1  # 45 marks and the explanation
    lillehammer = re.search(r"Lillehammer kommune</a>(.*?)</th>", overview, re.S).group(1)
    assert "prioriteres" not in lillehammer
    assert "750\u00a0000\u00a0kr" in overview

    decided = office.post(f"/saksbehandler/skjema/{submission_id}/vedtak", data={
        "csrf_token": csrf_token(page), "outcome": "granted", "granted-0": "550 000",
        "granted-1": "200000", "instalments": "2"})  # fmt: skip
    assert decided.status_code == 302
    recorded = decisions.current_decision(shipped_db, submission_id)["positions"]
    assert [(p["year"], p["transitional"], p["granted"]) for p in recorded] == [
        (2, False, "550000"), (3, True, "200000")]  # fmt: skip


def test_nynorsk_reasons_and_a_new_municipality_marked_as_priority(shipped_db, shipped_login):
    _with_2020_grant(shipped_db)
    lom = factories.create_submission(shipped_db, state="submitted", round="rus-2021",
                                      organisation="3434")["id"]  # fmt: skip
    office = shipped_login("saksbehandler")
    url = f"/saksbehandler/skjema/{lom}"
    page = office.get(url).text
    assert "nye kommuner prioriteres (§ 7)" in page
    # the first at year 1; the second stands at the 3rd year Lom states, flagged to check
    assert 'value="660\u00a0000"' in page and 'value="220\u00a0000"' in page
    office.post("/sprak", data={"csrf_token": csrf_token(page), "lang": "nn", "next": url})
    page = office.get(url).text
    check_page(page)
    assert "nye kommunar skal prioriterast (§ 7)" in page
    assert "Ny stilling: startar på 1. år i ordninga." in page
    assert "Kommunen oppgav 3. år, men vedtaka her har ikkje tilskot til stillinga" in page
