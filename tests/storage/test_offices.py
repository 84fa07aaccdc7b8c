"""The ten offices and their counties from ``formservice/data/offices.csv``; every organisation,
round and office account belongs to one; a move is audited; what a record's office is."""

from __future__ import annotations

import pytest

from formservice.accounts import hash_password
from formservice.storage import offices, organisations, rounds, users
from formservice.storage.audit import events_for_organisation
from tests import factories


def test_the_shipped_offices_serve_all_fifteen_counties_and_load_once(db):
    every = offices.all_offices(db)
    assert len(every) == 10 and offices.load_offices(db) == 10
    counties = [county for office in every for county in office["counties"]]
    assert len(counties) == len(set(counties)) == 15
    assert offices.office_for_county(db, "34")["slug"] == "innlandet"
    assert offices.office_for_county(db, "03")["name_nn"].startswith("Statsforvaltaren i Østfold")
    assert offices.office_for_county(db, "99") is None
    assert (
        offices.office_name(offices.office_by_slug(db, "vestland"), "nn")
        == "Statsforvaltaren i Vestland"
    )


def test_organisations_and_rounds_belong_to_their_countys_office(db):
    bergen = factories.create_organisation(db, county_number="46")
    vestland = offices.office_by_slug(db, "vestland")
    assert bergen["office_id"] == vestland["id"]
    round_row = factories.create_round(db, office="vestland")
    assert round_row["office_id"] == vestland["id"] and round_row["county_number"] == "46"
    assert [r["id"] for r in rounds.rounds_for_office(db, vestland["id"])] == [round_row["id"]]
    assert offices.office_of(db, "round", round_row["id"]) == vestland["id"]
    assert offices.office_of(db, "organisation", bergen["id"]) == vestland["id"]
    assert (
        offices.office_of(db, "round", 10**6) is None
        and offices.office_of(db, "round", 2**70) is None
    )


def test_office_accounts_need_an_office_and_others_may_not_have_one(db):
    innlandet = offices.office_by_slug(db, "innlandet")["id"]
    common = {"password_hash": hash_password("demo")}
    with pytest.raises(ValueError, match="belong to an office"):
        users.create_user(db, username="ingen", role="caseworker", **common)
    with pytest.raises(ValueError, match="belong to an office"):
        users.create_user(db, username="dir", role="directorate", office_id=innlandet, **common)
    made = factories.create_user(db, role="helpdesk", office="vestland")
    assert made["office_id"] == offices.office_by_slug(db, "vestland")["id"]
    assert users.office_users(db, made["office_id"]) == [made]


def test_moving_an_organisation_is_audited_and_moving_it_again_changes_nothing(db):
    lillehammer = factories.create_organisation(db)
    vestland = offices.office_by_slug(db, "vestland")["id"]
    change = organisations.move_organisation(db, lillehammer["id"], vestland, actor=None)
    assert change == {"office_id": [lillehammer["office_id"], vestland]}
    assert organisations.organisation_by_id(db, lillehammer["id"])["office_id"] == vestland
    assert events_for_organisation(db, lillehammer["id"])[-1]["action"] == "register:move"
    assert organisations.move_organisation(db, lillehammer["id"], vestland, actor=None) is None
    with pytest.raises(LookupError):
        organisations.move_organisation(db, lillehammer["id"], 999, actor=None)
