"""Persons who log in with ID-porten, and the roles they hold for an organisation.

ID-porten says who a person is (the national identity number, its ``pid`` claim), never which
municipality they act for: formservice keeps that link as a role, ``signatory`` (may submit and
confirm, and grant roles in their own organisation) or ``contributor`` (may fill in). This module
owns the rules: how an identity number is read (python-stdnum), how it is shown, who may grant
or revoke a role for which organisation.

Skatteetaten's synthetic test population (Tenor), which ID-porten's test environment logs in,
has numbers whose month is raised by 80 (81-92; with a D-number's day raised by 40 as well),
check digits computed on the digits as they stand. python-stdnum refuses them; they are read only
where the instance is set up for test identities (the setting ``TEST_IDENTITIES``), and refused
with a message saying so everywhere else.
"""

from __future__ import annotations

from typing import Any

from stdnum.exceptions import InvalidComponent, ValidationError
from stdnum.no import fodselsnummer

from formservice.engine.messages import Text
from formservice.formatting import norwegian_today

PERSON_ROLES: dict[str, Text] = {
    "signatory": {"nb": "Signaturberettiget", "nn": "Signaturrett"},
    "contributor": {"nb": "Medarbeider (fyller ut)", "nn": "Medarbeidar (fyller ut)"},
}
OFFICE_ROLES = ("caseworker", "admin")


class PidRefused(ValueError):
    """A national identity number that is not one; ``text`` says why in bokmål and nynorsk (and
    in English, ``en``, for the command line)."""

    def __init__(self, text: Text) -> None:
        super().__init__(text["en"])
        self.text = text


def read_pid(typed: str, *, test_identities: bool = False) -> str:
    """The eleven digits of a valid national identity number (fødselsnummer or D-nummer), spaces
    and dots allowed between them; with ``test_identities`` also a Tenor synthetic number.
    PidRefused otherwise."""
    number = fodselsnummer.compact((typed or "")[:40])
    if not number:
        raise PidRefused({"en": "give the national identity number (11 digits)",
                          "nb": "Skriv fødselsnummeret (11 siffer).",
                          "nn": "Skriv fødselsnummeret (11 siffer)."})  # fmt: skip
    if len(number) != 11 or not number.isascii() or not number.isdigit():
        raise PidRefused({"en": f"{typed[:40]!r} is not a national identity number (11 digits)",
                          "nb": "Et fødselsnummer har 11 siffer.",
                          "nn": "Eit fødselsnummer har 11 siffer."})  # fmt: skip
    if is_synthetic(number):
        if not test_identities:
            raise PidRefused(SYNTHETIC_REFUSED)
        return _synthetic(number)
    try:
        return fodselsnummer.validate(number)
    except ValidationError:
        raise PidRefused(_INVALID) from None


SYNTHETIC_REFUSED: Text = {
    "en": "a synthetic test number (Tenor, month + 80), not a real national identity number: "
    "accepted only where the setting TEST_IDENTITIES is on",
    "nb": "Dette er et syntetisk testnummer (Tenor, måned + 80), ikke et ekte fødselsnummer. "
    "Testnumre godtas bare der formservice er satt opp for testpersoner.",
    "nn": "Dette er eit syntetisk testnummer (Tenor, månad + 80), ikkje eit ekte fødselsnummer. "
    "Testnummer blir berre godtekne der formservice er sett opp for testpersonar.",
}
_INVALID: Text = {"en": "not a valid national identity number (check digits or birth date)",
                  "nb": "Fødselsnummeret er ikke gyldig. Sjekk sifrene.",
                  "nn": "Fødselsnummeret er ikkje gyldig. Sjekk sifra."}  # fmt: skip


def is_synthetic(number: str) -> bool:
    """Whether eleven digits are shaped as a Tenor synthetic number: the month raised by 80."""
    return len(number) == 11 and number.isdigit() and 81 <= int(number[2:4]) <= 92


def _synthetic(number: str) -> str:
    """A Tenor number checked as python-stdnum checks a real one: both check digits on the digits
    as they are, then the birth date (the month less 80) and its century from the individual
    number, not in the future."""
    if (fodselsnummer.calc_check_digit1(number) != number[9]
            or fodselsnummer.calc_check_digit2(number) != number[10]):  # fmt: skip
        raise PidRefused(_INVALID)
    real_month = f"{int(number[2:4]) - 80:02d}"
    try:
        born = fodselsnummer.get_birth_date(number[:2] + real_month + number[4:])
    except InvalidComponent:
        raise PidRefused(_INVALID) from None
    if born > norwegian_today():
        raise PidRefused(_INVALID)
    return number


def masked_pid(pid: str) -> str:
    """The number as pages show it: the birth date, the rest hidden (``150765 *****``)."""
    return f"{pid[:6]} *****" if len(pid) == 11 else "*****"


def office_covers(actor: dict[str, Any], organisation: dict[str, Any]) -> bool:
    """Whether an office user (caseworker, admin) acts for the organisation's office.

    SEAM(offices): until every user and organisation belongs to one of the ten offices (branch
    ``offices``), there is one office and it covers every organisation. Once offices land this
    compares the actor's office with the organisation's.
    """
    actor_office = actor.get("office_id")
    organisation_office = organisation.get("office_id")
    if actor_office is None or organisation_office is None:
        return True
    return actor_office == organisation_office


def may_manage_roles(actor: dict[str, Any], organisation: dict[str, Any]) -> bool:
    """Whether the actor may grant and revoke persons' roles for the organisation: a caseworker
    or administrator of its office, or a signatory of the organisation itself."""
    if actor.get("role") in OFFICE_ROLES:
        return office_covers(actor, organisation)
    return (
        actor.get("role") == "municipality"
        and bool(actor.get("is_signatory"))
        and actor.get("organisation_id") == organisation["id"]
    )


def actor_label(actor: dict[str, Any]) -> str:
    """Who granted or revoked, as the list of roles shows it."""
    return actor.get("full_name") or actor.get("username") or "system"
