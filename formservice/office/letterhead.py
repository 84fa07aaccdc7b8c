"""An office's letterhead: the facts its letters, mails and archive packages give about the sender,
how what an administrator typed is read, and what a document needs before it may be made.

Required: the postal address (one to three lines, postcode, post town), the e-mail address for
post and the organisation number (python-stdnum, mod 11). Optional: visiting address, phone and
web address. The name in bokmål and nynorsk is the office's own (``offices.csv``). An office
whose letterhead is missing a required fact gets no document: :class:`LetterheadMissing` says
which facts to fill in and where, in English (logs, CLI), bokmål and nynorsk. Nothing is stored
here, and the text is data only: the renderer, Jinja and lxml escape it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from stdnum.exceptions import ValidationError
from stdnum.no import orgnr

from formservice import formatting
from formservice.register.validation import Message, Problems, problem, read_change

REQUIRED = ("postal_address", "postcode", "post_town", "email", "orgnr")
OPTIONAL = ("visiting_address", "phone", "website")
FIELDS = REQUIRED + OPTIONAL
HELPDESK = "hjelp@statsforvalteren.no"
WHERE = "/admin/embeter"
LABELS: dict[str, Message] = {
    "postal_address": {"en": "postal address", "nb": "postadresse", "nn": "postadresse"},
    "postcode": {"en": "postcode", "nb": "postnummer", "nn": "postnummer"},
    "post_town": {"en": "post town", "nb": "poststed", "nn": "poststad"},
    "email": {"en": "e-mail address for post", "nb": "e-postadresse for post",
              "nn": "e-postadresse for post"},
    "orgnr": {"en": "organisation number", "nb": "organisasjonsnummer",
              "nn": "organisasjonsnummer"},
    "visiting_address": {"en": "visiting address", "nb": "besøksadresse", "nn": "besøksadresse"},
    "phone": {"en": "phone", "nb": "telefon", "nn": "telefon"},
    "website": {"en": "web address", "nb": "nettadresse", "nn": "nettadresse"},
}  # fmt: skip
OPTIONS = {"postal_address": "--address", "postcode": "--postcode", "post_town": "--town",
           "email": "--email", "orgnr": "--orgnr", "visiting_address": "--visiting-address",
           "phone": "--phone", "website": "--web"}  # fmt: skip
_PHONE = re.compile(r"^\+?[0-9 ]{8,20}$")
_WEBSITE = re.compile(r"^(https?://)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(/[^\s<>\"]*)?$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
MESSAGES: dict[str, Message] = {
    "email": {"en": "{value!r} is not an e-mail address",
              "nb": "Skriv e-postadressen embetet tar imot post på, for eksempel "
                    "sfinpost@statsforvalteren.no",
              "nn": "Skriv e-postadressa embetet tek imot post på, til dømes "
                    "sfinpost@statsforvalteren.no"},
    "email_missing": {"en": "give the e-mail address for post",
                      "nb": "Skriv e-postadressen embetet tar imot post på",
                      "nn": "Skriv e-postadressa embetet tek imot post på"},
    "lines": {"en": "at most three lines", "nb": "Adressen kan ha høyst tre linjer",
              "nn": "Adressa kan ha høgst tre linjer"},
    "phone": {"en": "{value!r} is not a phone number (8 to 15 digits, may start with +)",
              "nb": "Telefonnummeret må ha 8 til 15 siffer, for eksempel 12 34 56 78",
              "nn": "Telefonnummeret må ha 8 til 15 siffer, til dømes 12 34 56 78"},
    "website": {"en": "{value!r} is not a web address (e.g. statsforvalteren.no/innlandet)",
                "nb": "Skriv nettadressen, for eksempel statsforvalteren.no/innlandet",
                "nn": "Skriv nettadressa, til dømes statsforvalteren.no/innlandet"},
}  # fmt: skip


def _problem(code: str, **values: Any) -> Message:
    return {language: text.format(**values) for language, text in MESSAGES[code].items()}


class LetterheadMissing(LookupError):
    """The office has no complete letterhead: no document may be made for it. ``args[0]`` is the
    English message; :attr:`message` has it in bokmål and nynorsk too."""

    def __init__(self, office: Mapping[str, Any], missing: tuple[str, ...]) -> None:
        self.office, self.missing = office, missing
        self.message = refusal(office, missing)
        super().__init__(self.message["en"])


def read_letterhead(data: Mapping[str, Any]) -> tuple[dict[str, str], Problems]:
    """The clean facts of a letterhead as typed (a web form, command-line options) and the
    problems found, by fact."""
    raw = {name: str(data.get(name) or "").strip().replace("\r\n", "\n") for name in FIELDS}
    raw["postal_address"] = "\n".join(
        line.strip() for line in raw["postal_address"].split("\n") if line.strip()
    )
    address, found = read_change("postal_address", raw)
    if raw["postal_address"].count("\n") > 2:
        found["postal_address"] = _problem("lines")
    clean = {**raw, **address}
    if not raw["email"]:
        found["email"] = _problem("email_missing")
    elif read_change("email", raw)[1]:
        found["email"] = _problem("email", value=raw["email"])
    if not raw["orgnr"]:
        found["orgnr"] = problem("orgnr_missing")
    else:
        try:
            clean["orgnr"] = orgnr.validate(raw["orgnr"])
        except ValidationError:
            found["orgnr"] = problem("orgnr", value=raw["orgnr"])
    for name, pattern in (("phone", _PHONE), ("website", _WEBSITE)):
        if raw[name] and not pattern.match(raw[name]):
            found[name] = _problem(name, value=raw[name])
    if _CONTROL.search(raw["visiting_address"]):
        found["visiting_address"] = problem("control")
    elif len(raw["visiting_address"]) > 200:
        found["visiting_address"] = problem("too_long", limit=200)
    return clean, found


def missing_facts(letterhead: Mapping[str, Any] | None) -> tuple[str, ...]:
    """The required facts a stored letterhead lacks (all of them when there is none)."""
    return tuple(name for name in REQUIRED if not (letterhead or {}).get(name))


def _listed(names: list[str], language: str) -> str:
    word = {"en": "and", "nb": "og", "nn": "og"}[language]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {word} {names[-1]}"


def refusal(office: Mapping[str, Any], missing: tuple[str, ...]) -> Message:
    """Why no document is made for the office, naming what to fill in and where."""
    name_nb, name_nn, slug = office["name_nb"], office["name_nn"], office["slug"]
    facts = {language: _listed([LABELS[n][language] for n in missing], language)
             for language in ("en", "nb", "nn")}  # fmt: skip
    return {
        "en": f"{name_nb} has no complete letterhead: set its {facts['en']} on {WHERE} "
        f"or with 'formservice office letterhead {slug}'; no document is made until then",
        "nb": f"{name_nb} mangler brevhode: en administrator må fylle inn {facts['nb']} under "
        f"«Embeter» ({WHERE}). Ingen brev, kvitteringer eller årsrapporter blir laget for embetet "
        "før det er gjort.",
        "nn": f"{name_nn} manglar brevhovud: ein administrator må fylle inn {facts['nn']} under "
        f"«Embete» ({WHERE}). Ingen brev, kvitteringar eller årsrapportar blir laga for embetet "
        "før det er gjort.",
    }


def postal_line(letterhead: Mapping[str, Any]) -> str:
    """The postal address on one line: ``Postboks 987, 2604 Lillehammer``."""
    lines = [line for line in str(letterhead.get("postal_address") or "").split("\n") if line]
    return ", ".join([*lines, f"{letterhead['postcode']} {letterhead['post_town']}"])


def sender(
    office: Mapping[str, Any], letterhead: Mapping[str, Any] | None, language: str
) -> dict[str, str]:
    """What a document prints about its sender, in the written standard; :class:`LetterheadMissing`
    when a required fact is missing."""
    missing = missing_facts(letterhead)
    if missing or letterhead is None:
        raise LetterheadMissing(office, missing)
    return {
        "name": office["name_nn"] if language == "nn" else office["name_nb"],
        "address": postal_line(letterhead),
        "email": letterhead["email"],
        "orgnr": formatting.organisation_number(letterhead["orgnr"]),
        "visiting_address": letterhead.get("visiting_address") or "",
        "phone": letterhead.get("phone") or "",
        "website": letterhead.get("website") or "",
        "helpdesk": HELPDESK,
    }


def changes_by_version(history: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Every stored version (newest first, as storage gives them) with when and by whom it was
    set and each fact it changed against the version before: ``(fact, before, after)``."""
    changed = []
    for number, version in enumerate(history):
        before = history[number + 1] if number + 1 < len(history) else {}
        facts = [(fact, before.get(fact) or "", version.get(fact) or "") for fact in FIELDS
                 if (before.get(fact) or "") != (version.get(fact) or "")]  # fmt: skip
        changed.append({"set_at": version["set_at"], "set_by": version["set_by"], "facts": facts})
    return changed
