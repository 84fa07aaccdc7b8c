"""The accessibility statement lists what still deviates, and nothing the tests show is fixed."""

from __future__ import annotations

import pytest

from tests.helpers.language import choose_language

# Deviations fixed, each with the test that now guards it: the statement must not list them.
FIXED = {
    "nb": [
        "oppdaterer seg ikke selv",
        "kolonneoverskrifter (WCAG 1.3.1)",
        "bare på bokmål (WCAG 3.1.2)",
        "regnearkfilene",
        "tomme firkanter",
    ],
    "nn": [
        "oppdaterer seg ikkje sjølv",
        "kolonneoverskrifter (WCAG 1.3.1)",
        "berre på bokmål (WCAG 3.1.2)",
        "rekneark-filene",
        "tomme firkantar",
    ],
}  # fmt: skip  -- test_receipt_refresh, test_answer_tables, test_texts, test_nynorsk_walk,
# test_office_exports/test_directorate (spreadsheets in nynorsk) and test_character_cases (boxes)
STILL = {
    "nb": ["PDF/UA", "kan ikke skrives inn", "to eller flere tegn"],
    "nn": ["PDF/UA", "kan ikkje skrivast inn", "to eller fleire teikn"],
}


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_the_statement_lists_only_what_still_deviates(client, language):
    choose_language(client, language, "/tilgjengelighet")
    statement = client.get("/tilgjengelighet")
    deviations = statement.doc.css_first("main ul").text()
    assert not [text for text in FIXED[language] if text in deviations]
    assert all(text in deviations for text in STILL[language]), deviations
