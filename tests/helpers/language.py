"""Words that give a text away as the wrong language: bokmål in a nynorsk text, nynorsk in a
bokmål one, and English (or Python) that should never reach a person.

Only words that cannot occur in the other written standard are listed (``ikke`` is never
nynorsk, ``ikkje`` never bokmål); words both share, such as ``søknad`` or ``vedtak``, prove
nothing. Used by the static check of every text in the code and templates
(``tests/test_texts.py``) and by the nynorsk walk of every role's pages in Chromium
(``tests/browser/test_nynorsk_walk.py``).
"""

from __future__ import annotations

import re

BOKMAL_ONLY = (
    "ikke", "hva", "hvem", "hvor", "hvordan", "hvorfor", "hvis", "hvilken", "hvilke", "hjem",
    "noen", "noe", "være", "fra", "bare", "jeg", "dere", "finnes", "allerede", "tidligere",
    "gjelder", "mye", "mottatt", "selv", "hele", "høyst", "tegn", "søknaden er sendt",
)  # fmt: skip
NYNORSK_ONLY = (
    "ikkje", "kva", "kven", "korleis", "kvifor", "vere", "frå", "berre", "eit", "dykk", "dykkar",
    "finst", "allereie", "tidlegare", "motteke", "nokon", "noko", "heile", "mykje", "sjølv",
    "høgst", "teikn",
)  # fmt: skip
# Case matters: "None" is Python's, "Error" a heading nobody translated; "state" is no
# Norwegian word, "Illegal transition" is what storage says to logs, "submit" a version's kind.
ENGLISH = (
    "Error", "Submit", "Illegal", "transition", "None", "cannot", "allowed", "Not Found",
    "Forbidden", "Internal Server Error", "Bad Request", "Method Not Allowed", "Traceback",
    "state", "True", "False", "undefined", "NaN",
    # the program's own names for states and kinds of versions, never shown as they are
    "submit", "draft", "submitted", "granted", "rejected", "restore", "migrate", "none",
)  # fmt: skip


def _pattern(words: tuple[str, ...], *, ignore_case: bool) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE if ignore_case else 0)


_WRONG = {
    "nn": _pattern(BOKMAL_ONLY, ignore_case=True),
    "nb": _pattern(NYNORSK_ONLY, ignore_case=True),
}
_ENGLISH = _pattern(ENGLISH, ignore_case=False)


def wrong_language_words(text: str, language: str) -> list[str]:
    """The words of ``text`` that belong to the other written standard than ``language``."""
    return [found.group() for found in _WRONG[language].finditer(text)]


def english_words(text: str) -> list[str]:
    """The English (or Python) words of ``text`` no Norwegian page should show."""
    return [found.group() for found in _ENGLISH.finditer(text)]


def choose_language(client, language: str, page: str = "/") -> None:
    """Switch a test client's interface language with the header's switch, as a person does."""
    from tests.helpers.app import csrf_token

    token = csrf_token(client.get(page).text)
    answer = client.post("/sprak", data={"csrf_token": token, "lang": language, "next": page})
    assert answer.status_code == 302, answer.status_code
