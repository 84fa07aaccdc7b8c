"""Reading an office's letterhead as typed: every fact has a defined answer to garbage, in English,
bokmål and nynorsk; a letterhead missing a required fact refuses to make a sender, naming what to
fill in and where."""

from __future__ import annotations

import pytest

from formservice.office.letterhead import (
    FIELDS,
    LetterheadMissing,
    missing_facts,
    read_letterhead,
    refusal,
    sender,
)

GOOD = {"postal_address": "Postboks 987", "postcode": "2604", "post_town": "Lillehammer",
        "email": "sfinpost@statsforvalteren.no", "orgnr": "974 762 501"}  # fmt: skip
VESTLAND = {"slug": "vestland", "name_nb": "Statsforvalteren i Vestland",
            "name_nn": "Statsforvaltaren i Vestland"}  # fmt: skip


def test_a_good_letterhead_is_read_clean():
    clean, problems = read_letterhead({**GOOD, "postal_address": " Postboks 987 \r\n\r\n Bygg 2 ",
                                       "phone": "+47 61 26 60 00", "website": "statsforvalteren.no/innlandet"})  # fmt: skip
    assert problems == {}
    assert clean["orgnr"] == "974762501" and clean["postal_address"] == "Postboks 987\nBygg 2"
    assert set(clean) == set(FIELDS)


@pytest.mark.parametrize(
    ("fact", "typed", "english", "nynorsk"),
    [
        ("orgnr", "974762500", "is not an organisation number", "gyldig kontrollsiffer"),
        ("orgnr", "", "give the organisation number", "Skriv organisasjonsnummeret"),
        ("orgnr", "abc", "is not an organisation number", "til dømes 974 762 501"),
        ("postcode", "26O4", "is not a postcode", "Postnummeret må ha 4 siffer"),
        ("post_town", "", "give the post town", "Skriv poststaden"),
        ("postal_address", "", "give the address line", "Skriv adressa"),
        ("postal_address", "a\nb\nc\nd", "at most three lines", "høgst tre linjer"),
        ("postal_address", "Postboks\x00987", "control characters", "kontrollteikn"),
        ("postal_address", "x" * 201, "at most 200 characters", "Høgst 200 teikn"),
        ("email", "sfinpost", "is not an e-mail address", "e-postadressa embetet tek imot post på"),
        ("email", "", "give the e-mail address for post", "Skriv e-postadressa"),
        ("phone", "ring oss", "is not a phone number", "Telefonnummeret må ha 8 til 15 siffer"),
        ("website", "<script>", "is not a web address", "Skriv nettadressa"),
        ("visiting_address", "x" * 201, "at most 200 characters", "Høgst 200 teikn"),
    ],
)
def test_garbage_in_each_fact_gets_its_own_message_in_three_languages(
    fact, typed, english, nynorsk
):
    _, problems = read_letterhead({**GOOD, fact: typed})
    assert list(problems) == [fact]
    assert english in problems[fact]["en"] and nynorsk in problems[fact]["nn"]
    assert problems[fact]["nb"] and problems[fact]["nb"] != problems[fact]["en"]


def test_template_code_and_markup_are_kept_as_typed_text():
    clean, problems = read_letterhead({**GOOD, "postal_address": "{{ 7*7 }} <b>Gate</b>"})
    assert problems == {} and clean["postal_address"] == "{{ 7*7 }} <b>Gate</b>"


def test_the_sender_is_the_letterhead_in_the_written_standard_with_its_number_grouped():
    stored = {**read_letterhead(GOOD)[0], "phone": "55 57 20 00"}
    nynorsk = sender(VESTLAND, stored, "nn")
    assert nynorsk["name"] == "Statsforvaltaren i Vestland"
    assert sender(VESTLAND, stored, "nb")["name"] == "Statsforvalteren i Vestland"
    assert nynorsk["address"] == "Postboks 987, 2604 Lillehammer"
    assert nynorsk["orgnr"] == "974\u00a0762\u00a0501" and nynorsk["phone"] == "55 57 20 00"


def test_a_missing_letterhead_names_what_to_fill_in_and_where():
    assert missing_facts(None) == ("postal_address", "postcode", "post_town", "email", "orgnr")
    assert missing_facts({**GOOD, "email": ""}) == ("email",)
    with pytest.raises(LetterheadMissing) as raised:
        sender(VESTLAND, None, "nn")
    message = raised.value.message
    assert str(raised.value) == message["en"]
    assert "Statsforvalteren i Vestland has no complete letterhead" in message["en"]
    assert (
        "formservice office letterhead vestland" in message["en"]
        and "/admin/embeter" in message["en"]
    )
    assert message["nn"].startswith("Statsforvaltaren i Vestland manglar brevhovud")
    assert (
        "postadresse, postnummer, poststad, e-postadresse for post og organisasjonsnummer"
        in message["nn"]
    )
    assert message["nb"].startswith("Statsforvalteren i Vestland mangler brevhode")
    assert "«Embeter» (/admin/embeter)" in message["nb"]
    assert refusal(VESTLAND, ("orgnr",))["nb"].count("organisasjonsnummer") == 1
