"""Every GET URL of the app × every role → the answer it must get. A new URL without a rule fails."""

from __future__ import annotations

import re

import pytest

from tests import factories

ROLES = ["anonymous", "lillehammer", "saksbehandler", "hjelp", "admin"]
# URL prefix → roles that may enter; everyone else gets 403 (anonymous: sent to the login page).
AREAS = {
    "/kommune/": {"lillehammer"},
    "/saksbehandler/": {"saksbehandler", "admin"},
    "/hjelp/": {"hjelp", "admin"},
    "/admin/": {"admin"},
    "/api-nokler/": {"lillehammer", "saksbehandler", "hjelp", "admin"},
    "/konto/": {"lillehammer", "saksbehandler", "hjelp", "admin"},  # each person's own account
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
}


def _url(rule) -> str:
    url = rule.rule
    for name in rule.arguments:
        url = re.sub(rf"<(?:\w+:)?{name}>", str(ARGUMENTS.get(name, 1)), url)
    return url


@pytest.fixture
def clients(demo_app, demo_db, login):
    made = {"anonymous": demo_app.test_client()}
    for role in ROLES[1:]:
        made[role] = login(role)
    draft = factories.create_submission(demo_db, organisation="3405", answers={})
    assert draft["id"] == 1  # submission 1 exists, Lillehammer's draft
    return made


def test_every_get_url_answers_each_role_as_the_rules_say(demo_app, clients):
    checked = 0
    for rule in demo_app.url_map.iter_rules():
        if "GET" not in (rule.methods or set()):
            continue
        url = _url(rule)
        area = next((prefix for prefix in AREAS if rule.rule.startswith(prefix)), None)
        api = rule.rule.startswith(API) and rule.rule not in PUBLIC
        login_flow = rule.rule in LOGIN_FLOW
        assert area or api or login_flow or rule.rule in PUBLIC, (
            f"{rule.rule} has no access rule in this test"
        )
        for role, client in clients.items():
            status = client.get(url).status_code
            if login_flow:
                assert status in (200, 302, 404), (role, url, status)
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
