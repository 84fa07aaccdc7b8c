"""Granting and revoking a person's role for an organisation, as every caller does it: the office's
and the signatory's pages, and ``formservice person grant|revoke``.

The typed identity number is read by :func:`formservice.persons.read_pid` (Tenor's synthetic
numbers only with ``test_identities``), the role must be one of :data:`~formservice.persons.
PERSON_ROLES`, the actor must be one :func:`~formservice.persons.may_manage_roles` allows, and a
signatory cannot take away their own right. Storage then records the grant or revocation with its
audit and security-log entries. Every refusal is a :class:`GrantRefused` whose ``problems`` say
what is wrong with which field, in English (the command line), bokmål and nynorsk.
"""

from __future__ import annotations

import unicodedata
from typing import Any

import sqlite_utils

from formservice.engine.messages import Text
from formservice.persons import PERSON_ROLES, PidRefused, may_manage_roles, read_pid
from formservice.storage import person_roles

ROLE_REFUSED: Text = {"en": f"the role must be one of {', '.join(PERSON_ROLES)}",
                      "nb": "Velg en rolle.", "nn": "Vel ei rolle."}  # fmt: skip
HELD_ALREADY: Text = {"en": "the person holds this role for the organisation already",
                      "nb": "Personen har allerede denne rollen.",
                      "nn": "Personen har allereie denne rolla."}  # fmt: skip
NOT_ALLOWED: Text = {"en": "may not grant or revoke roles for this organisation",
                     "nb": "Du kan ikke gi eller fjerne tilganger for denne organisasjonen.",
                     "nn": "Du kan ikkje gi eller fjerne tilgangar for denne organisasjonen."}  # fmt: skip
NO_SUCH_GRANT: Text = {"en": "the person holds no role for the organisation",
                       "nb": "Personen har ingen rolle for organisasjonen.",
                       "nn": "Personen har inga rolle for organisasjonen."}  # fmt: skip
NAME_REFUSED: Text = {"en": "the name contains control characters",
                      "nb": "Navnet inneholder kontrolltegn. Skriv det på nytt.",
                      "nn": "Namnet inneheld kontrollteikn. Skriv det på nytt."}  # fmt: skip
OWN_RIGHT: Text = {"en": "a signatory cannot revoke their own role (the office can)",
                   "nb": "Du kan ikke fjerne din egen tilgang. Statsforvalteren kan.",
                   "nn": "Du kan ikkje fjerne din eigen tilgang. Statsforvaltaren kan."}  # fmt: skip


class GrantRefused(Exception):
    """A grant or revocation refused; ``problems`` by field (``pid``, ``role``, ``full_name``,
    ``actor``, ``grant``), each in ``en``, ``nb`` and ``nn``."""

    def __init__(self, problems: dict[str, Text]) -> None:
        super().__init__("; ".join(text["en"] for text in problems.values()))
        self.problems = problems


def grant_person_role(
    db: sqlite_utils.Database,
    *,
    actor: dict[str, Any],
    organisation: dict[str, Any],
    typed_pid: str,
    role: str,
    full_name: str = "",
    test_identities: bool = False,
    ip: str = "",
) -> int:
    """Give the person ``role`` for the organisation (a different role they held there ends);
    return the grant's id. GrantRefused says what is wrong with which field."""
    if not may_manage_roles(actor, organisation):
        raise GrantRefused({"actor": NOT_ALLOWED})
    problems: dict[str, Text] = {}
    pid = ""
    try:
        pid = read_pid(typed_pid, test_identities=test_identities)
    except PidRefused as refused:
        problems["pid"] = refused.text
    if role not in PERSON_ROLES:
        problems["role"] = ROLE_REFUSED
    if any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn") for c in full_name):
        problems["full_name"] = NAME_REFUSED  # it is shown in lists and printed by the CLI
    if problems:
        raise GrantRefused(problems)
    try:
        return person_roles.grant_role(db, pid=pid, organisation=organisation, role=role,
                                       full_name=full_name[:200], actor=actor, ip=ip)  # fmt: skip
    except person_roles.RoleConflict:
        raise GrantRefused({"pid": HELD_ALREADY}) from None


def revoke_person_role(
    db: sqlite_utils.Database,
    *,
    actor: dict[str, Any],
    organisation: dict[str, Any],
    grant: dict[str, Any] | None,
    ip: str = "",
) -> None:
    """End an active grant of the organisation; GrantRefused if it is none, if the actor may not
    manage the organisation's roles, or if it is the actor's own."""
    if not may_manage_roles(actor, organisation):
        raise GrantRefused({"actor": NOT_ALLOWED})
    if grant is None or grant["organisation_id"] != organisation["id"] or grant["revoked_at"]:
        raise GrantRefused({"grant": NO_SUCH_GRANT})
    if actor.get("id") is not None and grant["user_id"] == actor["id"]:
        raise GrantRefused({"grant": OWN_RIGHT})
    person_roles.revoke_role(db, grant, actor=actor, ip=ip)


def read_typed_pid(typed: str, *, test_identities: bool = False) -> str:
    """The identity number typed to look a person up (``person revoke``, a search): as
    :func:`read_pid` reads it; GrantRefused with the ``pid`` problem otherwise."""
    try:
        return read_pid(typed, test_identities=test_identities)
    except PidRefused as refused:
        raise GrantRefused({"pid": refused.text}) from None
