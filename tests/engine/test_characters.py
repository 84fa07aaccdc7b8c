"""Characters: what no document can show is refused with a message naming it, in both standards;
line and paragraph separators become line breaks; every script, CJK and emoji is kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from formservice.engine import evaluate, load_directory, load_file
from formservice.engine.printable import refused_character

ROOT = Path(__file__).resolve().parents[2]
ALLE_FELT, _ = load_file(ROOT / "tests/fixtures/definitions/alle-felt.json")
RUS = load_directory(ROOT / "form_definitions").get("kommunalt_rusarbeid")


@pytest.mark.parametrize(
    ("character", "code"),
    [("\u0085", "U+0085"), ("\ufdd0", "U+FDD0"), ("\x9f", "U+009F"), ("\ue000", "U+E000"),
     ("\U0001fffe", "U+1FFFE"), ("\U0010ffff", "U+10FFFF"), ("\u0378", "U+0378"), ("\x07", "U+0007")],
)  # fmt: skip
def test_a_character_no_document_can_show_is_refused_by_name_in_both_standards(character, code):
    result = evaluate(ALLE_FELT, {"beskrivelse": f"Før{character}etter", "navn": f"A{character}"})
    for path in ("beskrivelse", "navn"):
        [message] = result.errors[path]
        assert code in message["nb"] and code in message["nn"]
        assert "ikke kan brukes" in message["nb"] and "ikkje kan brukast" in message["nn"]
    assert not result.is_valid  # kept for correction, but never submitted


def test_the_signatorys_name_is_checked_the_same_way():
    declaration = {"confirmed": True, "name": "Kari\u0085Nordmann", "title": "Rådmann\ufdd0"}
    result = evaluate(ALLE_FELT, {"erklaering": declaration})
    assert "U+0085" in result.errors["erklaering.name"][0]["nn"]
    assert "U+FDD0" in result.errors["erklaering.title"][0]["nb"]


def test_line_and_paragraph_separators_become_line_breaks():
    result = evaluate(ALLE_FELT, {"beskrivelse": "første\u2028andre\u2029tredje"})
    assert result.answers["beskrivelse"] == "første\nandre\ntredje"
    assert not result.errors.get("beskrivelse")


def test_the_nynorsk_users_purpose_of_the_issue_is_kept_exactly():
    text = "👩🏽 ＜x＞ 田中"
    result = evaluate(RUS, {"formaal": text})
    assert result.answers["formaal"] == text and not result.errors.get("formaal")


def test_letters_of_every_script_emoji_joiners_and_marks_are_usable():
    kept = "Sámi čđŋšŧž Ελληνικά Кириллица עברית العربية हिन्दी ไทย 한국어 日本語 👩‍👩‍👧 ✔️ e\u0301 \u200f\t\n"
    assert refused_character(kept) is None


@pytest.mark.parametrize(
    ("character", "code"),
    [("\U0001e290", "U+1E290"), ("\U00010570", "U+10570"), ("\U00018b00", "U+18B00"),
     ("\U00030000", "U+30000"), ("\U0001fae0", "U+1FAE0")],
)  # fmt: skip
def test_a_character_no_installed_font_draws_is_refused_by_name_in_both_standards(character, code):
    """Toto, Vithkuqi, Khitan, CJK extension G and a Unicode 14 emoji: no font, so a box."""
    result = evaluate(RUS, {"formaal": f"Tiltak {character} her"})
    [message] = result.errors["formaal"]
    assert f"«{character}» ({code})" in message["nb"] and f"«{character}» ({code})" in message["nn"]
    assert "ikke kan skrives ut i brevet" in message["nb"]
    assert "ikkje kan skrivast ut i brevet" in message["nn"]
    assert result.answers["formaal"] == f"Tiltak {character} her"  # kept for correction
    assert not result.is_valid


def test_cjk_extension_b_to_f_is_drawn_by_hanazono_and_kept():
    text = "𠀀𪜀𫝀𫠠𬺰 田中"
    result = evaluate(RUS, {"formaal": text})
    assert result.answers["formaal"] == text and not result.errors.get("formaal")
