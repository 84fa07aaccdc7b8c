"""Every GET URL of the app × every role → the answer it must get. A new URL without a rule fails.

The ids in the URLs are Innlandet's records (Lillehammer's submission, its round, organisation and
reported change). Innlandet's caseworker and help desk get what the administrator (who sees every
office) gets; Vestland's get 404 for every URL that names one of them, as for an id that does not
exist, and what the administrator gets for the URLs that name none.
"""

from __future__ import annotations

import re

import pytest

from formservice.storage import organisations, register_changes, submissions, users
from tests import factories

ROLES = ["anonymous", "lillehammer", "saksbehandler", "hjelp", "saksbehandler-vestland",
         "hjelp-vestland", "direktoratet", "admin"]  # fmt: skip
OFFICE_STAFF = {"saksbehandler", "hjelp", "saksbehandler-vestland", "hjelp-vestland"}
OTHER_OFFICE = {
    "saksbehandler-vestland",
    "hjelp-vestland",
}  # not Innlandet's, whose records these are
RECORDS = ("round_id", "submission_id", "organisation_id", "change_id")  # each belongs to an office
# URL prefix → roles that may enter; everyone else gets 403 (anonymous: sent to the login page).
AREAS = {
    "/kommune/": {"lillehammer"},
    "/saksbehandler/": {"saksbehandler", "saksbehandler-vestland", "admin"},
    "/hjelp/": {"hjelp", "hjelp-vestland", "admin"},
    "/admin/": {"admin"},
    "/direktoratet/": {"direktoratet", "admin"},
    "/api-nokler/": {"lillehammer", "direktoratet", "admin", *OFFICE_STAFF},
    "/konto/": {"lillehammer", "direktoratet", "admin", *OFFICE_STAFF},  # each person's own account
}
# The API takes tokens only (tests/web/test_api.py): a login session is not one, so 401 for all.
API = "/api/v1/"
PUBLIC = {
    "/",
    "/tilgjengelighet",
    "/healthz",
    "/logg-inn",
    "/assets/<name>",
    "/assets/files/<font>",
    "/static/<path:filename>",
    "/api/v1/",
    "/api/v1/openapi.json",
}
# Login with an OpenID provider, and the provider's logout calls: anyone may reach them; without a
# provider configured (as here) or a login waiting, they answer 404 or send to the login page.
LOGIN_FLOW = {
    "/logg-inn/<any(idporten, staff):name>",
    "/logg-inn/<any(idporten, staff):name>/tilbake",
    "/logg-inn/velg",
    "/logg-inn/ingen-tilgang",
    "/logg-inn/avvist",
    "/logg-ut/ferdig",
    "/logg-ut/<any(idporten, staff):name>/frontkanal",
}
ARGUMENTS = {
    "name": "designsystemet.css",
    "font": "inter-latin-400-normal.woff2",
    "filename": "app.css",
    "kind": "pdf",
    "page_id": "side_en",
    "form_id": "alle_felt",
    "year": 2021,
    "slug": "vestland",  # an office
}


def _url(rule, values: dict) -> str:
    url = rule.rule
    for name in rule.arguments:
        url = re.sub(rf"<(?:\w+:)?{name}>", str(values.get(name, 1)), url)
    return url


@pytest.fixture
def clients(demo_app, demo_db, login):
    made = {"anonymous": demo_app.test_client()}
    for role in ROLES[1:]:
        made[role] = login(role)
    draft = factories.create_submission(demo_db, organisation="3405", answers={})
    assert draft["id"] == 1  # submission 1 exists, Lillehammer's draft
    return made


@pytest.fixture
def values(demo_db, clients):
    """The URL arguments: ids of Innlandet's records, and the other arguments' values."""
    lillehammer = organisations.organisation_by_kommunenummer(demo_db, "3405")
    signatory = users.user_by_username(demo_db, "lillehammer")
    change_id = register_changes.report_change(
        demo_db, lillehammer["id"], "email", {"email": "ny@lillehammer.kommune.example"},
        actor=signatory, note="")  # fmt: skip
    submission = submissions.submission_by_id(demo_db, 1)
    return {**ARGUMENTS, "round_id": submission["round_id"], "submission_id": 1,
            "organisation_id": lillehammer["id"], "change_id": change_id}  # fmt: skip


def test_every_get_url_answers_each_role_as_the_rules_say(demo_app, clients, values):
    checked = 0
    for rule in demo_app.url_map.iter_rules():
        if "GET" not in (rule.methods or set()):
            continue
        url = _url(rule, values)
        area = next((prefix for prefix in AREAS if rule.rule.startswith(prefix)), None)
        api = rule.rule.startswith(API) and rule.rule not in PUBLIC
        login_flow = rule.rule in LOGIN_FLOW
        assert area or api or login_flow or rule.rule in PUBLIC, (
            f"{rule.rule} has no access rule in this test"
        )
        statuses = {role: client.get(url).status_code for role, client in clients.items()}
        names_a_record = any(name in rule.arguments for name in RECORDS)
        for role, status in statuses.items():
            if login_flow:
                assert status in (200, 302, 404), (role, url, status)
            elif (
                area in ("/saksbehandler/", "/hjelp/")
                and role in OFFICE_STAFF
                and role in AREAS[area]
            ):
                expected = 404 if role in OTHER_OFFICE and names_a_record else statuses["admin"]
                assert status == expected, (role, url, status, expected)
            elif api:
                assert status == 401, (role, url, status)
            elif area is None:
                assert status in (200, 304), (role, url, status)
            elif role == "anonymous":
                assert status == 302, (role, url, status)
            elif role in AREAS[area]:
                assert status in (200, 302, 404), (role, url, status)
            else:
                assert status == 403, (role, url, status)
            checked += 1
    assert checked > 60
