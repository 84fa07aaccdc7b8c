"""Offices kept apart: a caseworker or help-desk user of one office sees and acts on only that
office's rounds, organisations and submissions, in lists, pages, downloads and the API; another
office's records answer 404. The demo has Innlandet (``saksbehandler``, ``hjelp``) and Vestland
(``saksbehandler-vestland``, ``hjelp-vestland``, its own round ``rus-2021-vestland``)."""

from __future__ import annotations

import pytest

from formservice.storage import api_access, offices, organisations, register_changes, rounds, users
from formservice.storage.db import connect
from tests import factories
from tests.helpers.api import bearer
from tests.helpers.app import csrf_token
from tests.helpers.pages import check_page


@pytest.fixture
def world(shipped_app):
    db = connect(shipped_app.config["DATABASE"])
    innlandet = factories.create_submission(
        db, state="submitted", round="rus-2021", organisation="3405"
    )
    vestland = factories.create_submission(db, state="submitted", round="rus-2021-vestland",
                                           organisation="4601")  # fmt: skip
    return db, innlandet, vestland


def test_each_caseworker_lists_only_the_rounds_and_register_of_their_office(shipped_login, world):
    db, innlandet, vestland = world
    own, other = shipped_login("saksbehandler"), shipped_login("saksbehandler-vestland")
    home = own.get("/saksbehandler/").text
    check_page(home)
    assert (
        f"/runde/{innlandet['round_id']}" in home and f"/runde/{vestland['round_id']}" not in home
    )
    home = other.get("/saksbehandler/").text
    check_page(home)
    assert (
        f"/runde/{vestland['round_id']}" in home and f"/runde/{innlandet['round_id']}" not in home
    )
    overview = other.get(f"/saksbehandler/runde/{vestland['round_id']}").text
    check_page(overview)
    assert "Bergen" in overview and "Lillehammer" not in overview
    assert "43 kommunar" in overview  # Vestland's municipalities, in the caseworker's nynorsk
    lillehammer = organisations.organisation_by_kommunenummer(db, "3405")
    register_changes.report_change(db, lillehammer["id"], "email", {"email": "ny@lillehammer.example"},
                                   actor=users.user_by_username(db, "lillehammer"), note="")  # fmt: skip
    listed = other.get("/saksbehandler/register?q=Lillehammer").text
    check_page(listed)
    assert f"/register/{lillehammer['id']}" not in listed and 'id="pending"' not in listed
    pending = own.get("/saksbehandler/register").text  # Innlandet's caseworker sees the report
    assert 'id="pending"' in pending and f"/register/{lillehammer['id']}#endringer" in pending
    assert "Bergen" in other.get("/saksbehandler/register?q=Bergen").text


def test_another_offices_records_answer_not_found_on_every_kind_of_page(shipped_login, world):
    db, innlandet, _ = world
    other = shipped_login("saksbehandler-vestland")
    lillehammer = organisations.organisation_by_kommunenummer(db, "3405")
    round_id, submission_id = innlandet["round_id"], innlandet["id"]
    for url in (f"/saksbehandler/runde/{round_id}", f"/saksbehandler/runde/{round_id}/endre",
                f"/saksbehandler/runde/{round_id}/eksport.xlsx", f"/saksbehandler/runde/{round_id}/utbetaling.csv",
                f"/saksbehandler/runde/{round_id}/paminnelser", f"/saksbehandler/skjema/{submission_id}",
                f"/saksbehandler/register/{lillehammer['id']}", f"/saksbehandler/register/{lillehammer['id']}/endre"):  # fmt: skip
        assert other.get(url).status_code == 404, url
    home = other.get("/saksbehandler/").text
    refused = other.post(f"/saksbehandler/skjema/{submission_id}/status/under_assessment",
                         data={"csrf_token": csrf_token(home)})  # fmt: skip
    assert refused.status_code == 404
    assert factories.submissions.submission_by_id(db, submission_id)["state"] == "submitted"
    assert (
        shipped_login("saksbehandler").get(f"/saksbehandler/skjema/{submission_id}").status_code
        == 200
    )


def test_the_help_desk_finds_only_its_own_offices_submissions(shipped_login, world):
    _, innlandet, vestland = world
    other = shipped_login("hjelp-vestland")
    found = other.get(f"/hjelp/?q={innlandet['reference']}").text
    check_page(found)
    assert f"/hjelp/skjema/{innlandet['id']}" not in found
    assert f"/hjelp/skjema/{vestland['id']}" in other.get(f"/hjelp/?q={vestland['reference']}").text
    assert other.get(f"/hjelp/skjema/{innlandet['id']}").status_code == 404
    assert (
        f"/hjelp/skjema/{innlandet['id']}"
        in shipped_login("hjelp").get("/hjelp/?q=Lillehammer").text
    )


def test_the_api_answers_each_office_with_its_own_rounds_and_submissions(shipped_app, world):
    db, innlandet, vestland = world
    token = api_access.create_token(db, users.user_by_username(db, "saksbehandler-vestland"),
                                    name="test", days=30)[0]  # fmt: skip
    client = shipped_app.test_client()
    listed = client.get("/api/v1/rounds", headers=bearer(token)).json["rounds"]
    assert [r["id"] for r in listed] == [vestland["round_id"]]
    for path in (f"/rounds/{innlandet['round_id']}", f"/rounds/{innlandet['round_id']}/submissions",
                 f"/rounds/{innlandet['round_id']}/export", f"/submissions/{innlandet['id']}",
                 f"/submissions/{innlandet['id']}/decision"):  # fmt: skip
        assert client.get(f"/api/v1{path}", headers=bearer(token)).status_code == 404, path
    assert (
        client.get(f"/api/v1/submissions/{vestland['id']}", headers=bearer(token)).status_code
        == 200
    )
    # a token is the office's it was made at: moving the caseworker to Innlandet ends it
    user = users.user_by_username(db, "saksbehandler-vestland")
    users.change_role(db, user, role="caseworker", organisation_id=None, is_signatory=False,
                      office_id=offices.office_by_slug(db, "innlandet")["id"], changed_by="test")  # fmt: skip
    assert client.get("/api/v1/rounds", headers=bearer(token)).status_code == 401


def test_a_municipality_applies_to_its_own_offices_rounds(shipped_login, world):
    _, innlandet, vestland = world
    bergen = shipped_login("bergen")
    home = bergen.get("/kommune/").text
    check_page(home)
    assert (
        f"/kommune/runde/{vestland['round_id']}/start" in home
        or f"/skjema/{vestland['id']}" in home
    )
    assert f"/kommune/runde/{innlandet['round_id']}/start" not in home
    started = bergen.post(f"/kommune/runde/{innlandet['round_id']}/start",
                          data={"csrf_token": csrf_token(home)})  # fmt: skip
    assert started.status_code == 404


def test_moving_an_organisation_hands_it_to_the_new_office_and_leaves_its_cases(
    shipped_login, world
):
    db, innlandet, _ = world
    lillehammer = organisations.organisation_by_kommunenummer(db, "3405")
    vestland = offices.office_by_slug(db, "vestland")
    organisations.move_organisation(db, lillehammer["id"], vestland["id"], actor=None)
    own, other = shipped_login("saksbehandler"), shipped_login("saksbehandler-vestland")
    assert other.get(f"/saksbehandler/register/{lillehammer['id']}").status_code == 200
    assert own.get(f"/saksbehandler/register/{lillehammer['id']}").status_code == 404
    # the submission stays with the office whose round it is in
    assert own.get(f"/saksbehandler/skjema/{innlandet['id']}").status_code == 200
    assert other.get(f"/saksbehandler/skjema/{innlandet['id']}").status_code == 404
    home = shipped_login("lillehammer").get("/kommune/").text
    vestland_round = rounds.round_by_slug(db, "rus-2021-vestland")
    assert f"/kommune/runde/{vestland_round['id']}/start" in home  # its new office's round
    assert f"/skjema/{innlandet['id']}" in home  # and its case in the old office's
