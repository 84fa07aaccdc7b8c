"""Finding an organisation by what a person types (organisation number with or without spaces,
kommunenummer, ``#id``), and the register page's search: by name, number or kommunenummer,
scoped to one office, with SQL's wildcards taken as the characters typed."""

from __future__ import annotations

import pytest

from formservice.storage import offices
from formservice.storage.organisation_search import find_organisation, search_organisations
from tests import factories


@pytest.fixture
def register(db):
    """Two Innlandet municipalities and one in Vestland."""
    lillehammer = factories.create_organisation(
        db, name="Lillehammer kommune", kommunenummer="3405"
    )
    lom = factories.create_organisation(db, name="Lom kommune", kommunenummer="3434")
    bergen = factories.create_organisation(
        db, name="Bergen kommune", kommunenummer="4601", county_number="46"
    )
    return {"lillehammer": lillehammer, "lom": lom, "bergen": bergen}


def test_an_organisation_is_found_by_each_key_a_person_types(db, register):
    lillehammer = register["lillehammer"]
    spaced = " ".join(
        [lillehammer["orgnr"][:3], lillehammer["orgnr"][3:6], lillehammer["orgnr"][6:]]
    )
    for key in [lillehammer["orgnr"], f" {spaced} ", "3405", f"#{lillehammer['id']}"]:
        assert find_organisation(db, key)["id"] == lillehammer["id"], key
    for garbage in ["", "   ", "#", "#abc", "34O5", "Lillehammer", "#999999", "0000", "12345"]:
        assert find_organisation(db, garbage) is None, garbage


def test_the_search_reads_names_numbers_and_kommunenummer_within_one_office(db, register):
    innlandet = offices.office_by_slug(db, "innlandet")["id"]

    def names(**criteria) -> list[str]:
        return [row["name"] for row in search_organisations(db, **criteria)]

    assert names(query="kommune", office_id=innlandet) == ["Lillehammer kommune", "Lom kommune"]
    assert names(query="kommune", office_id=None) == [
        "Lillehammer kommune", "Lom kommune", "Bergen kommune"]  # fmt: skip
    assert names(query="LILLE", office_id=innlandet) == ["Lillehammer kommune"]
    assert names(query=register["lom"]["orgnr"], office_id=innlandet) == ["Lom kommune"]
    assert names(query="4601", office_id=innlandet) == []  # another office's municipality
    assert names(query="4601", office_id=None) == ["Bergen kommune"]
    assert names(county_number="46", office_id=None) == ["Bergen kommune"]


@pytest.mark.parametrize("typed", ["%", "_", "%kommune", "L_m", "\\", "' or 1=1 --"])
def test_wildcards_and_quotes_in_the_search_are_the_characters_typed(db, register, typed):
    assert search_organisations(db, query=typed, office_id=None) == []
