"""From 2021 to 2022: the 2022 rusarbeid form shows what the municipality was granted for 2021
(per position and in total) read-only from the decisions, carries the positions into the
application one year higher on the ladder (a position past year 4 leaves with a message), and
shows last year's budget lines beside this year's accounts; the caseworker's suggestion follows."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from werkzeug.datastructures import MultiDict

from formservice.engine.prefill import apply_prefill
from formservice.office.carry_over import last_year_prefill
from formservice.office.overview import histories, proposal_for
from formservice.storage import submissions, users
from tests import factories
from tests.helpers.app import csrf_token
from tests.helpers.pages import check_page

GRANTED_2021 = [
    {"kind": "position", "title": "Ruskonsulent", "percent": "100", "year": 1, "granted": "660000"},
    {"kind": "position", "title": "Erfaringskonsulent", "percent": "50", "year": 3,
     "granted": "220000"},
    {"kind": "position", "title": "Miljøterapeut", "percent": "100", "year": 4, "granted": "330000"},
]  # fmt: skip


@pytest.fixture
def year_2022(shipped_app, shipped_db):
    """Lillehammer granted three positions for 2021; the office has opened the 2022 round."""
    factories.create_submission(shipped_db, state="granted", round="rus-2021", organisation="3405",
                                decision={"positions": GRANTED_2021})  # fmt: skip
    new_round = factories.create_round(shipped_db, form="kommunalt_rusarbeid@3",
                                       budget_frame="31000000", deadline="2099-02-10")  # fmt: skip
    return shipped_db, shipped_app.extensions["formservice.catalog"], new_round


def _start(client, round_id: int) -> str:
    home = client.get("/kommune/").text
    action = f"/kommune/runde/{round_id}/start"
    assert action in home
    return client.post(action, data={"csrf_token": csrf_token(home)}).headers["Location"]


def test_the_municipality_sees_its_2021_grant_and_the_positions_one_year_up(
    year_2022, shipped_login
):
    _, _, round_row = year_2022
    client = shipped_login("lillehammer")
    tasks = _start(client, round_row["id"])
    report = client.get(tasks + "side/rapport_stillinger").text
    check_page(report)
    granted = re.search(r'id="fjor_tildelte".*?</table>', report, re.S).group(0)
    assert granted.count("<tr>") == 4 and "Miljøterapeut" in granted and "4. år" in granted
    assert "1\u00a0210\u00a0000\u00a0kr" in report  # the total granted for 2021
    assert (
        "Fylt ut fra fjorårets vedtak og søknad" in report and 'name="fjor_tildelte' not in report
    )

    page = client.get(tasks + "side/soknad").text
    check_page(page)
    carried = re.search(r'id="videreforte".*?</table>', page, re.S).group(0)
    assert re.search(r"Ruskonsulent</td><td>100\s*%</td><td>2\. år</td><td>550\u00a0000", carried)
    assert re.search(
        r"Erfaringskonsulent</td><td>50\s*%</td><td>4\. år</td><td>165\u00a0000", carried
    )
    assert "Miljøterapeut" not in carried
    assert "Stillinger som går ut av ordningen" in page and "Miljøterapeut" in page

    accounts = client.get(tasks + "side/rapport_regnskap").text
    check_page(accounts)
    assert "Lønnskostnader i stillingene: budsjett 2021" in accounts
    assert "1\u00a0200\u00a0000\u00a0kr" in accounts and "320\u00a0000\u00a0kr" in accounts

    # what is posted for a prefilled field is never taken
    base = re.search(r'name="base_version" value="(\d+)"', page).group(1)
    data = MultiDict([("csrf_token", csrf_token(page)), ("base_version", base), ("action", "save"),
                      ("videreforte-0-tittel", "Noe annet"), ("videreforte-0-aar_i_ordningen", "1"),
                      ("soknadsbelop", "715000")])  # fmt: skip
    saved = client.post(tasks + "side/soknad", data=data)
    assert saved.status_code == 302
    again = client.get(tasks + "side/soknad").text
    assert "Noe annet" not in again and re.search(
        r"Ruskonsulent</td><td>100\s*%</td><td>2\. år", again
    )


def test_nynorsk_and_a_municipality_without_a_2021_grant(year_2022, shipped_login):
    _, _, round_row = year_2022
    client = shipped_login("lom")
    tasks = _start(client, round_row["id"])
    first = client.get(tasks + "side/om_soker").text
    check_page(first)
    assert "Fekk kommunen tilskot til kommunalt rusarbeid for 2021?" in first
    assert "Fylt ut frå vedtaket og søknaden i fjor" in first
    assert "Organisasjonsforma til søkjaren" in first
    assert client.get(tasks + "side/rapport_stillinger").status_code == 302  # no report to give
    page = client.get(tasks + "side/soknad").text
    assert re.search(r'id="videreforte".*?Ingen\.', page, re.S)
    assert "Nye stillingar startar på 1. år i ordninga." in page


def test_the_caseworker_suggestion_for_the_carried_positions(year_2022):
    db, catalog, round_row = year_2022
    definition = catalog.get("kommunalt_rusarbeid", 3)
    actor = users.user_by_username(db, "lillehammer")
    draft = {"id": 0, "organisation_id": actor["organisation_id"]}

    def definition_for(key):
        return catalog.get(key.split("@")[0], int(key.split("@")[1]))

    values = last_year_prefill(db, draft, definition, definition_for)
    assert values["received"] is True and values["total"] == "1210000"
    assert values["positions_leaving"] == "Miljøterapeut"
    assert values["budget_salaries"] == "1200000" and values["budget_own_funding"] == "320000"
    answers = apply_prefill(definition, {"stillinger": [
        {"tittel": "Boveileder", "stillingsprosent": "50", "aar_i_ordningen": "1"}]},
        {"last_year": values})  # fmt: skip
    submission_id = factories.create_submission(db, state="submitted", round=round_row,
                                                organisation="3405", answers=answers)["id"]  # fmt: skip
    history = histories(db, round_row)[actor["organisation_id"]]
    proposal = proposal_for(definition, submissions.current_answers(
        db, submissions.submission_by_id(db, submission_id)), history)  # fmt: skip
    assert [(line["title"], line["year"], line["suggested"]) for line in proposal.lines] == [
        ("Ruskonsulent", 2, Decimal(550000)), ("Erfaringskonsulent", 4, Decimal(165000)),
        ("Boveileder", 1, Decimal(330000))]  # fmt: skip
    assert "Innvilget 220\u00a0000\u00a0kr i 2021 (3. år i ordningen): nå 4. år." in [
        r["nb"] for r in proposal.lines[1]["reasons"]]  # fmt: skip
