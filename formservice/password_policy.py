"""Which new passwords formservice accepts: long enough, and not one that is common or breached.

At least :data:`MIN_LENGTH` characters (ASVS 2.1.1), at most :data:`MAX_LENGTH`. Then zxcvbn
(pinned on PyPI, offline) estimates how many guesses the password takes, using its shipped lists
of the most common passwords from breach corpora, common words and names, keyboard patterns,
l33t spellings, dates and repetitions, plus the person's own username and name and the words of
this service. A score under :data:`MIN_SCORE` (fewer than about 10^10 guesses) is refused:
``password1234``, ``qwerty123456`` and ``lillehammer2024`` are, ``korrekt hest batteri stift``
is not.
"""

from __future__ import annotations

from collections.abc import Iterable

from formservice.engine.messages import Text

MIN_LENGTH = 12
MAX_LENGTH = 1000
MIN_SCORE = 3
_ZXCVBN_MAX = 72  # zxcvbn refuses longer input; the first 72 characters decide
SERVICE_WORDS = ("statsforvalteren", "formservice", "tilskudd", "tilskot", "kommune", "passord")


def password_problem(password: str, *, personal: Iterable[str] = ()) -> Text | None:
    """Why ``password`` may not be used (bokmål, nynorsk, and English for the command line), or
    None when it may."""
    if len(password) < MIN_LENGTH:
        return {
            "nb": f"Passordet må ha minst {MIN_LENGTH} tegn.",
            "nn": f"Passordet må ha minst {MIN_LENGTH} teikn.",
            "en": f"the password must have at least {MIN_LENGTH} characters",
        }
    if len(password) > MAX_LENGTH:
        return {
            "nb": f"Passordet kan ha høyst {MAX_LENGTH} tegn.",
            "nn": f"Passordet kan ha høgst {MAX_LENGTH} teikn.",
            "en": f"the password may have at most {MAX_LENGTH} characters",
        }
    from zxcvbn import zxcvbn

    words = [w for w in (*personal, *SERVICE_WORDS) if w]
    if zxcvbn(password[:_ZXCVBN_MAX], user_inputs=words)["score"] < MIN_SCORE:
        return {
            "nb": "Passordet er for lett å gjette: det ligner passord som er vanlige eller har "
            "lekket, eller navnet ditt. Bruk for eksempel fire tilfeldige ord.",
            "nn": "Passordet er for lett å gjette: det liknar passord som er vanlege eller har "
            "lekt ut, eller namnet ditt. Bruk til dømes fire tilfeldige ord.",
            "en": "the password is too easy to guess (like common or breached passwords, or the "
            "name); use, for example, four random words",
        }
    return None
