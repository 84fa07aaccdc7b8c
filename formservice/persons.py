"""Persons who log in with ID-porten, and the roles they hold for an organisation.

ID-porten says who a person is (the national identity number, its ``pid`` claim), never which
municipality they act for: formservice keeps that link as a role, ``signatory`` (may submit and
confirm, and grant roles in their own organisation) or ``contributor`` (may fill in). This module
owns the rules: how an identity number is read (python-stdnum), how it is shown, who may grant
or revoke a role for which organisation.
"""

from __future__ import annotations

from typing import Any

from stdnum.exceptions import ValidationError
from stdnum.no import fodselsnummer

from formservice.engine.messages import Text

PERSON_ROLES: dict[str, Text] = {
    "signatory": {"nb": "Signaturberettiget", "nn": "Signaturrett"},
    "contributor": {"nb": "Medarbeider (fyller ut)", "nn": "Medarbeidar (fyller ut)"},
}
OFFICE_ROLES = ("caseworker", "admin")


class PidRefused(ValueError):
    """A national identity number that is not one; ``text`` says why in bokmål and nynorsk."""

    def __init__(self, text: Text) -> None:
        super().__init__(text["nb"])
        self.text = text


def read_pid(typed: str) -> str:
    """The eleven digits of a valid national identity number (fødselsnummer or D-nummer), spaces
    and dots allowed between them; PidRefused otherwise."""
    number = fodselsnummer.compact((typed or "")[:40])
    if not number:
        raise PidRefused({"nb": "Skriv fødselsnummeret (11 siffer).",
                          "nn": "Skriv fødselsnummeret (11 siffer)."})  # fmt: skip
    if len(number) != 11 or not number.isascii() or not number.isdigit():
        raise PidRefused({"nb": "Et fødselsnummer har 11 siffer.",
                          "nn": "Eit fødselsnummer har 11 siffer."})  # fmt: skip
    try:
        return fodselsnummer.validate(number)
    except ValidationError:
        raise PidRefused({"nb": "Fødselsnummeret er ikke gyldig. Sjekk sifrene.",
                          "nn": "Fødselsnummeret er ikkje gyldig. Sjekk sifra."}) from None  # fmt: skip


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
