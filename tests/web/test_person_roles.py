"""Granting and revoking persons' roles: the signatory for their own organisation, the office for
any of its organisations; bad numbers get a message and change nothing."""

from __future__ import annotations

from formservice.storage import person_roles, security_log, sessions, users
from tests import factories
from tests.helpers.app import csrf_token, log_in

PID, OTHER_PID = "03058010056", "21119210078"


def _grant_form(client, url: str, **fields):
    page = client.get(url)
    assert page.status_code == 200
    return client.post(url, data={"csrf_token": csrf_token(page.text), **fields})


def test_caseworker_grants_a_role_for_an_organisation(demo_app, demo_db, login):
    organisation = factories.create_organisation(demo_db)
    client = login("saksbehandler")
    page = client.get(f"/saksbehandler/register/{organisation['id']}")
    assert page.doc.css_first(f'a[href="/saksbehandler/register/{organisation["id"]}/tilganger"]')
    url = f"/saksbehandler/register/{organisation['id']}/tilganger"
    done = _grant_form(client, url, pid="030580 10056", full_name="Kari", role="signatory")
    assert done.status_code == 302 and done.headers["Location"].endswith("?ok=gitt")
    [grant] = person_roles.roles_of_organisation(demo_db, organisation["id"])
    assert (grant["pid"], grant["role"], grant["granted_by"]) == (
        PID,
        "signatory",
        "Sara Demo (saksbehandler)",
    )
    user = users.user_by_id(demo_db, grant["user_id"])
    assert user["is_signatory"] == 1 and user["organisation_id"] == organisation["id"]
    assert PID not in user["username"] and user["role"] == "municipality"
    listed = client.get(url)
    assert "030580 *****" in listed.doc.css_first("#active-roles").text() and PID not in listed.text
    [event] = security_log.security_events(demo_db, event="role_granted", limit=1)
    assert event["detail"]["role"] == "signatory" and event["detail"]["by"] == "saksbehandler"
    # the same role again is refused; another role replaces it and the history keeps both
    again = _grant_form(client, url, pid=PID, role="signatory")
    assert again.status_code == 400 and "allerede denne rollen" in again.text
    _grant_form(client, url, pid=PID, role="contributor")
    grants = person_roles.roles_of_organisation(demo_db, organisation["id"])
    assert [(g["role"], bool(g["revoked_at"])) for g in grants] == [
        ("contributor", False),
        ("signatory", True),
    ]
    assert users.user_by_id(demo_db, grant["user_id"])["is_signatory"] == 0


def test_bad_numbers_and_roles_get_a_message_and_change_nothing(demo_app, demo_db, login):
    client = login("lillehammer")
    before = demo_db["person_roles"].count  # the demo's test persons
    for pid, role, message in [("123", "signatory", "11 siffer"), ("03058010057", "signatory", "ikke gyldig"),
                               (PID, "admin", "Velg en rolle")]:  # fmt: skip
        refused = _grant_form(client, "/kommune/tilganger", pid=pid, role=role)
        assert (
            refused.status_code == 400 and message in refused.doc.css_first("#error-summary").text()
        )
        assert refused.doc.css_first("#pid").attributes["value"] == pid  # nothing typed is lost
    refused = _grant_form(client, "/kommune/tilganger", pid=PID, role="signatory",
                          full_name="Kari\u202eNord")  # fmt: skip
    assert (
        refused.status_code == 400
        and "kontrolltegn" in refused.doc.css_first("#full_name-error").text()
    )
    assert refused.doc.css_first("#full_name").attributes["value"] == "Kari\u202eNord"
    assert demo_db["person_roles"].count == before


def test_signatory_manages_their_own_organisation_only(demo_app, demo_db, login):
    lillehammer = factories.organisation_row(demo_db, "3405")
    gjovik = factories.organisation_row(demo_db, "3407")
    client = login("lillehammer")
    assert 'href="/kommune/tilganger"' in client.get("/kommune/").text
    _grant_form(client, "/kommune/tilganger", pid=PID, role="contributor")
    own = person_roles.active_role(demo_db, PID, lillehammer["id"])
    person_roles.grant_role(demo_db, pid=OTHER_PID, organisation=gjovik, role="signatory",
                            full_name="", actor=None)  # fmt: skip
    theirs = person_roles.active_role(demo_db, OTHER_PID, gjovik["id"])
    token = csrf_token(client.get("/kommune/tilganger").text)
    assert (
        client.post(
            f"/kommune/tilganger/{theirs['id']}/fjern", data={"csrf_token": token}
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"/saksbehandler/register/{gjovik['id']}/tilganger", data={"csrf_token": token}
        ).status_code
        == 403
    )
    removed = client.post(f"/kommune/tilganger/{own['id']}/fjern", data={"csrf_token": token})
    assert removed.status_code == 302
    assert users.user_by_id(demo_db, own["user_id"])["disabled"] == 1
    [event] = security_log.security_events(demo_db, event="role_revoked")
    assert event["detail"]["grant_id"] == own["id"]
    audit = demo_db.execute("select action from audit_log where organisation_id = ? order by id",
                            [lillehammer["id"]]).fetchall()  # fmt: skip
    assert [a[0] for a in audit][-2:] == ["person_role:grant", "person_role:revoke"]


def test_contributor_may_not_grant(demo_app, login):
    client = login("lillehammer-medarbeider")
    assert 'href="/kommune/tilganger"' not in client.get("/kommune/").text
    assert client.get("/kommune/tilganger").status_code == 403


def test_signatory_cannot_revoke_their_own_role(demo_app, demo_db):
    organisation = factories.create_organisation(demo_db)
    grant_id = person_roles.grant_role(demo_db, pid=PID, organisation=organisation,
                                       role="signatory", full_name="", actor=None)  # fmt: skip
    grant = person_roles.grant_by_id(demo_db, grant_id)
    # act as that person's user row, as an ID-porten login would
    from formservice.accounts import hash_password

    users.set_password_hash(demo_db, grant["user_id"], hash_password("demo"))
    client = log_in(demo_app, users.user_by_id(demo_db, grant["user_id"])["username"])
    page = client.get("/kommune/tilganger")
    assert "Deg selv" in page.text and not page.doc.css(f'form[action$="/{grant_id}/fjern"]')
    refused = client.post(
        f"/kommune/tilganger/{grant_id}/fjern", data={"csrf_token": csrf_token(page.text)}
    )
    assert refused.status_code == 403 and person_roles.active_role(demo_db, PID, organisation["id"])


def test_revoking_ends_the_persons_sessions(demo_db):
    organisation = factories.create_organisation(demo_db)
    grant_id = person_roles.grant_role(demo_db, pid=PID, organisation=organisation,
                                       role="signatory", full_name="", actor=None)  # fmt: skip
    grant = person_roles.grant_by_id(demo_db, grant_id)
    token = sessions.create_session(demo_db, grant["user_id"])
    person_roles.revoke_role(demo_db, grant, actor=None)
    assert sessions.live_session(demo_db, token) is None
    assert person_roles.logins_of_person(demo_db, PID) == []


def test_tenor_numbers_are_granted_only_on_an_instance_for_test_identities(
    demo_app, demo_db, login
):
    tenor = "10915596784"  # Skatteetaten's synthetic population: month + 80
    lillehammer = factories.organisation_row(demo_db, "3405")
    client = login("lillehammer")
    refused = _grant_form(client, "/kommune/tilganger", pid=tenor, role="contributor")
    assert refused.status_code == 400
    assert "syntetisk testnummer (Tenor" in refused.doc.css_first("#error-summary").text()
    assert person_roles.active_role(demo_db, tenor, lillehammer["id"]) is None
    demo_app.config["TEST_IDENTITIES"] = True
    done = _grant_form(client, "/kommune/tilganger", pid=tenor, role="contributor")
    assert done.status_code == 302
    assert person_roles.active_role(demo_db, tenor, lillehammer["id"])["role"] == "contributor"
    wrong = _grant_form(client, "/kommune/tilganger", pid="10915596785", role="contributor")
    assert wrong.status_code == 400 and "ikke gyldig" in wrong.text  # check digits still count
