"""The office's round pages: open a round, change its deadline and frame, close it; bad input on
every field gets its message and no round is made."""

from __future__ import annotations

import datetime as dt
import re

from formservice.storage import offices, rounds, submissions
from formservice.storage.db import connect
from tests.helpers.app import csrf_token
from tests.helpers.pages import check_page

LATER = (dt.date.today() + dt.timedelta(days=40)).strftime("%d.%m.%Y")


def test_open_change_and_close_a_round_from_the_web(shipped_app, shipped_login):
    client = shipped_login("saksbehandler")
    home = client.get("/saksbehandler/")
    check_page(home.text)
    assert 'href="/saksbehandler/runder/ny"' in home.text
    form = client.get("/saksbehandler/runder/ny")
    check_page(form.text)
    assert "(nyeste)" in form.text
    token = csrf_token(form.text)
    db = connect(shipped_app.config["DATABASE"])
    count = db["rounds"].count
    bad = {"csrf_token": token, "form_key": "kommunalt_rusarbeid@9", "year": "tjueto",
           "opens_on": "01.01.2020", "deadline": "30.02.2030", "budget_frame": "mye",
           "instalments": "0", "office": "vestland"}  # fmt: skip
    refused = client.post("/saksbehandler/runder/ny", data=bad)
    assert refused.status_code == 400
    check_page(refused.text)
    for text in ("Velg en publisert versjon", "Skriv året med fire siffer",
                 "Datoen kan ikke være tilbake i tid", "Skriv datoen som dd.mm.åååå",
                 "Skriv rammen som et beløp i hele kroner", "fra 1 til 12", "Velg embetet"):  # fmt: skip
        assert text in refused.text, text
    assert 'value="mye"' in refused.text and db["rounds"].count == count
    good = {**bad, "form_key": "kommunalt_rusarbeid@3", "year": "", "opens_on": "",
            "deadline": LATER, "budget_frame": "12 500 000", "instalments": "3", "office": "innlandet"}  # fmt: skip
    wrong_year = client.post("/saksbehandler/runder/ny", data={**good, "year": "2021"})
    assert wrong_year.status_code == 400 and "Skjemaet gjelder 2022" in wrong_year.text
    taken = client.post(
        "/saksbehandler/runder/ny", data={**good, "form_key": "kommunalt_rusarbeid@2"}
    )
    assert taken.status_code == 400 and "Embetet har allerede en runde" in taken.text
    assert db["rounds"].count == count
    made = client.post("/saksbehandler/runder/ny", data=good)
    assert made.status_code == 302 and db["rounds"].count == count + 1
    round_id = int(re.search(r"/runde/(\d+)", made.headers["Location"]).group(1))
    created = rounds.round_by_id(db, round_id)
    assert created["instalments"] == 3 and created["budget_frame"] == "12500000"
    assert created["office_id"] == offices.office_by_slug(db, "innlandet")["id"]
    overview = client.get(made.headers["Location"])
    check_page(overview.text)
    assert "3 utbetaling(er)" in overview.text

    edit_url = f"/saksbehandler/runde/{round_id}/endre"
    edit = client.get(edit_url)
    check_page(edit.text)
    refused = client.post(edit_url, data={"csrf_token": token, "deadline": "01.01.2020",
                                          "budget_frame": "-1"})  # fmt: skip
    assert refused.status_code == 400 and "tilbake i tid" in refused.text
    check_page(refused.text)
    changed = client.post(edit_url, data={"csrf_token": token, "deadline": LATER,
                                          "budget_frame": "13 000 000"})  # fmt: skip
    assert changed.status_code == 302
    assert rounds.round_by_id(db, round_id)["budget_frame"] == "13000000"
    not_ticked = client.post(f"/saksbehandler/runde/{round_id}/avslutt", data={"csrf_token": token})
    assert not_ticked.status_code == 400 and "Kryss av" in not_ticked.text
    check_page(not_ticked.text)
    closed = client.post(f"/saksbehandler/runde/{round_id}/avslutt",
                         data={"csrf_token": token, "confirm": "yes"})  # fmt: skip
    assert closed.status_code == 302 and rounds.round_by_id(db, round_id)["closed_at"]
    after = client.get(edit_url)
    check_page(after.text)
    assert 'id="closed"' in after.text and 'name="budget_frame"' not in after.text
    assert client.get("/saksbehandler/runde/99999/endre").status_code == 404
    assert shipped_login("lillehammer").get(edit_url).status_code == 403


def test_a_closed_round_takes_no_submission(shipped_app, shipped_login):
    db = connect(shipped_app.config["DATABASE"])
    round_row = rounds.round_by_slug(db, "rus-2021")
    client = shipped_login("lillehammer")
    home = client.get("/kommune/").text
    started = client.post(
        f"/kommune/runde/{round_row['id']}/start", data={"csrf_token": csrf_token(home)}
    )
    assert started.status_code == 302
    rounds.close_round(db, round_row["id"], actor=None)
    draft = submissions.submission_for(
        db, round_row["id"], submissions.submission_by_id(db, 1)["organisation_id"]
    )
    assert not rounds.accepts_submission(
        rounds.round_by_id(db, round_row["id"]), draft, rounds.norwegian_today()
    )
    assert (
        "Kommunalt rusarbeid"
        not in client.get("/kommune/").text.split("Åpne søknadsrunder")[1].split("</table>")[0]
    )
