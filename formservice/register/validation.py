"""Reading what the office (or a municipality) typed about an organisation, fact by fact.

:func:`read_organisation` takes text as typed (a web form, command-line options, a CSV row) and
returns the clean values to store, or a :class:`Problems` mapping each fact to a message in
English (the command line), bokmål and nynorsk (the web). Organisation numbers are checked with
python-stdnum (mod 11); account numbers too, and must have exactly 11 digits (stdnum also accepts
7-digit postgiro numbers). Nothing is stored here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from stdnum.exceptions import ValidationError
from stdnum.no import kontonr, orgnr

from formservice.engine.municipalities import municipalities, municipality
from formservice.register.kinds import MUNICIPALITY, ORGANISATION_KINDS, WRITTEN_STANDARDS

Message = dict[str, str]  # {"en": ..., "nb": ..., "nn": ...}
Problems = dict[str, Message]
FACTS = ("kind", "name", "orgnr", "account_number", "postal_address", "postcode", "post_town",
         "email", "language", "county_number", "kommunenummer")  # fmt: skip
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s.]{2,}$")
_POSTCODE = re.compile(r"^\d{4}$")
LIMITS = {"name": 200, "postal_address": 200, "post_town": 60, "email": 254}

MESSAGES: dict[str, Message] = {
    "kind": {"en": "the kind must be one of {kinds}", "nb": "Velg hva slags organisasjon det er",
             "nn": "Vel kva slags organisasjon det er"},
    "name": {"en": "give the organisation's name", "nb": "Skriv navnet på organisasjonen",
             "nn": "Skriv namnet på organisasjonen"},
    "orgnr_missing": {"en": "give the organisation number", "nb": "Skriv organisasjonsnummeret",
                      "nn": "Skriv organisasjonsnummeret"},
    "orgnr": {"en": "{value!r} is not an organisation number (9 digits with a valid check digit)",
              "nb": "Organisasjonsnummeret må ha 9 siffer med gyldig kontrollsiffer, for eksempel 974 762 501",
              "nn": "Organisasjonsnummeret må ha 9 siffer med gyldig kontrollsiffer, til dømes 974 762 501"},
    "account_number": {"en": "{value!r} is not an account number (11 digits with a valid check digit)",
                       "nb": "Kontonummeret må ha 11 siffer med gyldig kontrollsiffer, for eksempel 9999 12 34000",
                       "nn": "Kontonummeret må ha 11 siffer med gyldig kontrollsiffer, til dømes 9999 12 34000"},
    "postcode": {"en": "{value!r} is not a postcode (4 digits)",
                 "nb": "Postnummeret må ha 4 siffer", "nn": "Postnummeret må ha 4 siffer"},
    "postcode_missing": {"en": "a postal address needs a postcode and a post town",
                         "nb": "Skriv postnummer og poststed til adressen",
                         "nn": "Skriv postnummer og poststad til adressa"},
    "address_missing": {"en": "give the address line", "nb": "Skriv adressen, for eksempel Postboks 986",
                        "nn": "Skriv adressa, til dømes Postboks 986"},
    "town_missing": {"en": "give the post town", "nb": "Skriv poststedet", "nn": "Skriv poststaden"},
    "email": {"en": "{value!r} is not an e-mail address",
              "nb": "Skriv en e-postadresse, for eksempel postmottak@kommune.no",
              "nn": "Skriv ei e-postadresse, til dømes postmottak@kommune.no"},
    "language": {"en": "the written standard must be nb or nn", "nb": "Velg bokmål eller nynorsk",
                 "nn": "Vel bokmål eller nynorsk"},
    "county_number": {"en": "{value!r} is not a county number (two digits, e.g. 34)",
                      "nb": "Velg fylket", "nn": "Vel fylket"},
    "kommunenummer": {"en": "{value!r} is not a kommunenummer in the register (4 digits, e.g. 3405)",
                      "nb": "Kommunenummeret finnes ikke i kommunelisten (4 siffer, for eksempel 3405)",
                      "nn": "Kommunenummeret finst ikkje i kommunelista (4 siffer, til dømes 3405)"},
    "kommunenummer_missing": {"en": "a municipality needs its kommunenummer",
                              "nb": "Skriv kommunenummeret", "nn": "Skriv kommunenummeret"},
    "kommunenummer_county": {"en": "kommunenummer {value} is not in county {county}",
                             "nb": "Kommunen ligger ikke i fylket som er valgt",
                             "nn": "Kommunen ligg ikkje i fylket som er valt"},
    "too_long": {"en": "at most {limit} characters", "nb": "Høyst {limit} tegn",
                 "nn": "Høgst {limit} teikn"},
    "control": {"en": "contains control characters", "nb": "Teksten inneholder kontrolltegn",
                "nn": "Teksten inneheld kontrollteikn"},
}  # fmt: skip


def problem(code: str, **values: Any) -> Message:
    """The message ``code`` in the three languages, with its placeholders filled."""
    return {language: text.format(**values) for language, text in MESSAGES[code].items()}


def counties() -> dict[str, str]:
    """County number → county name, from the municipality register."""
    return {m.county_number: m.county for m in municipalities().values()}


def read_account_number(text: str) -> str:
    """The 11 digits of an account number as typed; ValueError if it is not one."""
    try:
        number = kontonr.validate(text or "")
    except ValidationError:
        raise ValueError(text) from None
    if len(number) != 11:
        raise ValueError(text)
    return number


def read_organisation(
    data: Mapping[str, Any], *, require_orgnr: bool = True
) -> tuple[dict[str, Any], Problems]:
    """Clean values of the facts in ``data`` (missing ones as empty) and the problems found."""
    raw = {fact: str(data.get(fact) or "").strip() for fact in FACTS}
    found: Problems = {}
    clean: dict[str, Any] = {}
    for fact in ("name", "postal_address", "post_town", "email"):
        text = raw[fact].replace("\r\n", "\n")
        if _CONTROL.search(text):
            found[fact] = problem("control")
        elif len(text) > LIMITS[fact]:
            found[fact] = problem("too_long", limit=LIMITS[fact])
        clean[fact] = text
    clean["kind"] = raw["kind"] or MUNICIPALITY
    if clean["kind"] not in ORGANISATION_KINDS:
        found["kind"] = problem("kind", kinds=", ".join(ORGANISATION_KINDS))
    if not clean["name"] and "name" not in found:
        found["name"] = problem("name")
    clean["orgnr"] = _number(raw["orgnr"], orgnr.validate, "orgnr", found)
    if clean["orgnr"] is None and not raw["orgnr"] and require_orgnr:
        found["orgnr"] = problem("orgnr_missing")
    clean["account_number"] = _number(raw["account_number"], read_account_number,
                                      "account_number", found)  # fmt: skip
    clean["postcode"] = raw["postcode"]
    if raw["postcode"] and not _POSTCODE.match(raw["postcode"]):
        found["postcode"] = problem("postcode", value=raw["postcode"])
    elif clean["postal_address"] and not (raw["postcode"] and clean["post_town"]):
        found["postcode"] = problem("postcode_missing")
    if clean["email"] and not _EMAIL.match(clean["email"]) and "email" not in found:
        found["email"] = problem("email", value=clean["email"])
    clean["language"] = raw["language"] or "nb"
    if clean["language"] not in WRITTEN_STANDARDS:
        found["language"] = problem("language")
    _place(raw, clean, found)
    return clean, found


def _number(text: str, validate: Any, fact: str, found: Problems) -> str | None:
    if not text:
        return None
    try:
        return validate(text)
    except (ValidationError, ValueError):
        found[fact] = problem(fact, value=text)
        return None


def _place(raw: dict[str, str], clean: dict[str, Any], found: Problems) -> None:
    """County and kommunenummer: a municipality has one, and it lies in the county."""
    number, county = raw["kommunenummer"], raw["county_number"]
    clean["kommunenummer"] = number or None
    found_municipality = municipality(number) if number else None
    if number and found_municipality is None:
        found["kommunenummer"] = problem("kommunenummer", value=number)
    elif clean["kind"] == MUNICIPALITY and not number:
        found["kommunenummer"] = problem("kommunenummer_missing")
    if not county and found_municipality:
        county = found_municipality.county_number
    clean["county_number"] = county
    if county not in counties():
        found["county_number"] = problem("county_number", value=county)
    elif found_municipality and found_municipality.county_number != county:
        found["kommunenummer"] = problem("kommunenummer_county", value=number, county=county)


def read_change(fact: str, data: Mapping[str, Any]) -> tuple[dict[str, str], Problems]:
    """The new value of a reported fact (the register's columns for it), or its problems."""
    raw = {key: str(data.get(key) or "").strip().replace("\r\n", "\n") for key in
           ("account_number", "postal_address", "postcode", "post_town", "email")}  # fmt: skip
    found: Problems = {}
    if fact == "account_number":
        try:
            return {"account_number": read_account_number(raw["account_number"])}, found
        except ValueError:
            return {}, {"account_number": problem("account_number", value=raw["account_number"])}
    if fact == "email":
        if not _EMAIL.match(raw["email"]) or len(raw["email"]) > LIMITS["email"]:
            found["email"] = problem("email", value=raw["email"])
        return {"email": raw["email"]}, found
    for key in ("postal_address", "post_town"):
        if _CONTROL.search(raw[key]):
            found[key] = problem("control")
        elif len(raw[key]) > LIMITS[key]:
            found[key] = problem("too_long", limit=LIMITS[key])
    if not raw["postal_address"]:
        found.setdefault("postal_address", problem("address_missing"))
    if not _POSTCODE.match(raw["postcode"]):
        found["postcode"] = problem("postcode", value=raw["postcode"])
    if not raw["post_town"]:
        found.setdefault("post_town", problem("town_missing"))
    return {key: raw[key] for key in ("postal_address", "postcode", "post_town")}, found
