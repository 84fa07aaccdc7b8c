"""Granting and revoking as the web and the command line both do: who may, what is read, what is
refused (each problem by field, in English, bokmål and nynorsk), on a real SQLite file."""

from __future__ import annotations

import pytest

from formservice.person_grants import GrantRefused, grant_person_role, revoke_person_role
from formservice.storage import person_roles
from tests import factories

PID = "03058010056"


def test_every_problem_of_a_grant_is_named_by_its_field(db):
    organisation = factories.create_organisation(db)
    caseworker = factories.actor(db, "caseworker")
    with pytest.raises(GrantRefused) as refused:
        grant_person_role(db, actor=caseworker, organisation=organisation, typed_pid="123",
                          role="boss")  # fmt: skip
    assert set(refused.value.problems) == {"pid", "role"}
    for problem in refused.value.problems.values():
        assert set(problem) == {"en", "nb", "nn"} and all(problem.values())
    assert person_roles.roles_of_organisation(db, organisation["id"]) == []


def test_only_those_who_may_manage_roles_grant_or_revoke(db):
    organisation = factories.create_organisation(db)
    helpdesk = factories.actor(db, "helpdesk")
    with pytest.raises(GrantRefused) as refused:
        grant_person_role(db, actor=helpdesk, organisation=organisation, typed_pid=PID,
                          role="contributor")  # fmt: skip
    assert set(refused.value.problems) == {"actor"}
    caseworker = factories.actor(db, "caseworker")
    grant_id = grant_person_role(db, actor=caseworker, organisation=organisation, typed_pid=PID,
                                 role="signatory")  # fmt: skip
    grant = person_roles.grant_by_id(db, grant_id)
    with pytest.raises(GrantRefused):
        revoke_person_role(db, actor=helpdesk, organisation=organisation, grant=grant)
    # the signatory may manage their organisation's roles, but not take away their own
    signatory = {**dict(db["users"].get(grant["user_id"])), "role": "municipality"}
    with pytest.raises(GrantRefused) as own:
        revoke_person_role(db, actor=signatory, organisation=organisation, grant=grant)
    assert "own role" in own.value.problems["grant"]["en"]
    other = factories.create_organisation(db)
    with pytest.raises(GrantRefused) as elsewhere:
        revoke_person_role(db, actor=caseworker, organisation=other, grant=grant)
    assert set(elsewhere.value.problems) == {"grant"}
    revoke_person_role(db, actor=caseworker, organisation=organisation, grant=grant)
    assert person_roles.active_role(db, PID, organisation["id"]) is None
    with pytest.raises(GrantRefused):  # revoked already
        revoke_person_role(db, actor=caseworker, organisation=organisation,
                           grant=person_roles.grant_by_id(db, grant_id))  # fmt: skip
