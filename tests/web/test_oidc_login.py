"""Login with ID-porten against a real OpenID provider on loopback (npm oidc-provider), over HTTP.

Each test's app is the real Flask app on its own database, served over HTTP so the provider can
call its back-channel logout; the browser is an httpx client (:class:`tests.helpers.oidc.Browser`).
"""

from __future__ import annotations

import copy
import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey

from formservice.config import SettingsError
from formservice.storage import person_roles, security_log, submissions
from formservice.storage.db import connect
from formservice.web import create_app
from tests import factories
from tests.helpers.oidc import (
    CLIENT_KEY,
    LOW,
    PERSONS,
    SIGNING_KEY,
    Browser,
    OidcServer,
    private_key_file,
    running_oidc_server,
)

pytestmark = pytest.mark.xdist_group("oidc")
EVENT = "http://schemas.openid.net/event/backchannel-logout"


@pytest.fixture(scope="module")
def oidc_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OidcServer]:
    with running_oidc_server(tmp_path_factory.mktemp("oidc")) as server:
        yield server


@pytest.fixture
def world(oidc_server: OidcServer, tmp_path: Path, templates):
    """The app (demo data, the alle_felt round open) served at the module's address; its database."""
    settings = templates.instance("alle_felt", tmp_path / "instance")
    app = create_app({**settings, **oidc_server.settings(), "DEMO_MODE": True})
    oidc_server.serve(app)
    db = connect(app.config["DATABASE"])
    yield app, db
    db.close()


@pytest.fixture
def browser(oidc_server: OidcServer) -> Iterator[Browser]:
    client = Browser(oidc_server.url, oidc_server.provider.issuer)
    yield client
    client.close()


def grant(db, person: str, organisation, role: str = "signatory") -> dict:
    """The person (of tests.helpers.oidc.PERSONS) gets the role, granted by a caseworker."""
    organisation = factories.organisation_row(db, organisation)
    person_roles.grant_role(db, pid=PERSONS[person]["pid"], organisation=organisation, role=role,
                            full_name="", actor=factories.actor(db, "caseworker"))  # fmt: skip
    return organisation


def sessions_of(db, person: str) -> int:
    return db.execute(
        "select count(*) from user_sessions join users on users.id = user_id where users.pid = ?",
        [PERSONS[person]["pid"]],
    ).fetchone()[0]


def test_login_page_offers_id_porten_marked_as_a_test_login(world, browser):
    page = browser.get("/logg-inn")
    assert page.doc.css_first("#idporten-login").attributes["href"].startswith("/logg-inn/idporten")
    assert "Testinnlogging" in page.doc.css_first("#test-login").text()


def test_login_page_without_settings_offers_passwords_only(app, client):
    page = client.get("/logg-inn")
    assert page.doc.css_first("#idporten-login") is None and page.doc.css_first("#password")


def test_signatory_logs_in_and_submits(world, browser):
    _app, db = world
    organisation = grant(db, "signatory", None)
    draft = factories.create_submission(db, organisation=organisation)
    authorize = browser.follow(browser.get("/logg-inn/idporten"), stop=lambda u: "/auth?" in u)
    asked = parse_qs(urlsplit(authorize.headers["location"]).query)
    assert asked["code_challenge_method"] == ["S256"] and asked["code_challenge"][0]
    assert asked["acr_values"] == ["idporten-loa-substantial"] and asked["nonce"][0]
    assert asked["state"][0] and asked["scope"] == ["openid profile"]
    home = browser.log_in("signatory")
    assert str(home.url).endswith("/kommune/"), home.text[:300]
    assert organisation["name"] in home.text and PERSONS["signatory"]["name"] in home.text
    check = browser.get(f"/kommune/skjema/{draft['id']}/oppsummering")
    token = check.doc.css_first('input[name="csrf_token"]').attributes["value"]
    base = check.doc.css_first('input[name="base_version"]').attributes["value"]
    sent = browser.post(f"/kommune/skjema/{draft['id']}/send-inn",
                        data={"csrf_token": token, "base_version": base})  # fmt: skip
    assert sent.status_code == 302 and sent.headers["location"].endswith("kvittering")
    assert submissions.submission_by_id(db, draft["id"])["state"] == "submitted"
    actor = db.execute("select actor from audit_log where submission_id = ? and to_state = "
                       "'submitted'", [draft["id"]]).fetchone()[0]  # fmt: skip
    assert actor.startswith(f"idporten-{organisation['id']}-")
    [login] = security_log.security_events(db, event="login", limit=1)
    assert login["detail"] == {"provider": browser.issuer, "acr": "idporten-loa-substantial"}


def test_contributor_may_fill_in_but_not_submit(world, browser):
    _app, db = world
    organisation = grant(db, "contributor", None, "contributor")
    draft = factories.create_submission(db, organisation=organisation)
    browser.log_in("contributor")
    check = browser.get(f"/kommune/skjema/{draft['id']}/oppsummering")
    assert check.status_code == 200 and not check.doc.css('form[action$="send-inn"]')


def test_lower_acr_is_refused_in_both_languages(world, browser):
    _app, db = world
    grant(db, "signatory", None)
    refused = browser.log_in("signatory", acr=LOW)
    assert refused.status_code == 400
    assert "sikrere nivå" in refused.doc.css_first("h1").text()
    assert browser.get("/kommune/").status_code == 302  # not logged in
    assert sessions_of(db, "signatory") == 0
    browser.post("/sprak", data={"lang": "nn", "csrf_token": _csrf(browser)})
    refused = browser.log_in("signatory", acr=LOW)
    assert "sikrare nivå" in refused.doc.css_first("h1").text()
    reasons = [
        e["detail"]["reason"] for e in security_log.security_events(db, event="login_refused")
    ]
    assert reasons == ["acr", "acr"]


def test_wrong_state_is_refused(world, browser):
    _app, db = world
    grant(db, "signatory", None)
    callback = browser.to_callback("signatory")
    forged = callback.replace("state=", "state=x")
    refused = browser.follow(browser.get(forged))
    assert refused.status_code == 400 and "kunne ikke fullføres" in refused.text
    assert sessions_of(db, "signatory") == 0


def test_replayed_code_is_refused(world, browser):
    """Someone with the browser's cookie from before the callback and the callback address (code
    and state) cannot use the code a second time: the provider refuses it."""
    _app, db = world
    grant(db, "signatory", None)
    callback = browser.to_callback("signatory")
    before = [copy.copy(cookie) for cookie in browser.http.cookies.jar]
    assert browser.follow(browser.get(callback)).status_code == 200
    assert sessions_of(db, "signatory") == 1
    thief = Browser(browser.app_url, browser.issuer)
    for cookie in before:
        thief.http.cookies.jar.set_cookie(cookie)
    refused = thief.follow(thief.get(callback))
    assert refused.status_code == 400 and "allerede var brukt" in refused.text
    assert sessions_of(db, "signatory") == 1
    thief.close()


def test_person_without_a_role_is_told_whom_to_ask(world, browser):
    _app, _db = world
    page = browser.log_in("nobody")
    assert page.status_code == 403
    assert "Du har ikke tilgang ennå" in page.doc.css_first("h1").text()
    assert "signaturrett i kommunen din" in page.text and "Statsforvalteren" in page.text
    assert browser.get("/kommune/").status_code == 302
    token = page.doc.css_first('input[name="csrf_token"]').attributes["value"]
    out = browser.post("/logg-inn/avbryt", data={"csrf_token": token})
    assert out.headers["location"].startswith(f"{browser.issuer}/session/end?")


def test_person_with_two_organisations_chooses_one(world, browser):
    _app, db = world
    first = grant(db, "two", None)
    second = grant(db, "two", None, "contributor")
    choice = browser.log_in("two")
    assert str(choice.url).endswith("/logg-inn/velg")
    buttons = {
        b.text(strip=True): b.attributes["value"] for b in choice.doc.css('button[name="user"]')
    }
    assert {first["name"] + " (signaturberettiget)", second["name"]} == set(buttons)
    token = choice.doc.css_first('input[name="csrf_token"]').attributes["value"]
    home = browser.follow(
        browser.post("/logg-inn/velg", data={"csrf_token": token, "user": buttons[second["name"]]})
    )
    assert second["name"] in home.doc.css_first("main p").text()


def test_a_tenor_person_logs_in_only_where_test_identities_are_on(world, browser):
    app, db = world
    organisation = grant(db, "tenor", None)
    home = browser.log_in("tenor")
    assert str(home.url).endswith("/kommune/") and organisation["name"] in home.text
    browser.http.cookies.clear()
    app.config["TEST_IDENTITIES"] = False
    refused = browser.log_in("tenor")
    assert refused.status_code == 400
    assert "Testpersoner kan ikke logge inn her" in refused.doc.css_first("h1").text()
    assert "syntetisk testnummer (Tenor)" in refused.doc.css_first("#refusal").text()
    assert browser.get("/kommune/").status_code == 302
    [event] = security_log.security_events(db, event="login_refused", limit=1)
    assert event["detail"]["reason"] == "test_identity"


def _key_app(oidc_server: OidcServer, templates, folder: Path, key: RSAKey):
    """The app whose ID-porten client authenticates with private_key_jwt, signing with ``key``."""
    settings = templates.instance("alle_felt", folder / "instance")
    private = oidc_server.settings(private_key=private_key_file(folder, key))
    app = create_app({**settings, **private, "DEMO_MODE": True})
    oidc_server.serve(app)
    return app, connect(app.config["DATABASE"])


def test_login_with_private_key_jwt_client_authentication(oidc_server, browser, tmp_path,
                                                          templates):  # fmt: skip
    """ID-porten's recommended client authentication: no secret, a JWT signed with the client's
    private key at the token endpoint, which the provider checks against the registered JWKS."""
    _app, db = _key_app(oidc_server, templates, tmp_path, CLIENT_KEY)
    organisation = grant(db, "signatory", None)
    home = browser.log_in("signatory")
    assert str(home.url).endswith("/kommune/"), home.text[:300]
    assert organisation["name"] in home.text
    assert sessions_of(db, "signatory") == 1
    log = (Path(oidc_server.provider.process.args[2]).parent / "oidc-test-provider.log").read_text()
    assert "invalid_client" not in log
    db.close()


def test_a_wrong_private_key_is_refused_with_a_clear_message(oidc_server, browser, tmp_path,
                                                              templates):  # fmt: skip
    """A key the provider does not know (same kid, other key): the token endpoint answers
    invalid_client; the person sees that the fault is formservice's set-up, never a 500."""
    stranger = RSAKey.generate_key(2048, parameters={"kid": CLIENT_KEY.kid, "use": "sig"})
    _app, db = _key_app(oidc_server, templates, tmp_path, stranger)
    grant(db, "signatory", None)
    refused = browser.log_in("signatory")
    assert refused.status_code == 503
    assert "kunne ikke logge deg inn" in refused.doc.css_first("h1").text()
    assert "oppsettet av formservice" in refused.doc.css_first("#refusal").text()
    assert sessions_of(db, "signatory") == 0
    [event] = security_log.security_events(db, event="login_refused", limit=1)
    assert event["detail"]["reason"] == "client"
    db.close()


def test_revoked_role_ends_the_session(world, browser):
    _app, db = world
    organisation = grant(db, "signatory", None)
    browser.log_in("signatory")
    [active] = person_roles.roles_of_organisation(db, organisation["id"])
    person_roles.revoke_role(db, active, actor=factories.actor(db, "caseworker"))
    assert browser.get("/kommune/").status_code == 302
    assert browser.log_in("signatory").status_code == 403


def test_logout_ends_the_session_here_and_at_the_provider(world, browser):
    _app, db = world
    grant(db, "signatory", None)
    home = browser.log_in("signatory")
    token = home.doc.css_first('input[name="csrf_token"]').attributes["value"]
    out = browser.post("/logg-ut", data={"csrf_token": token})
    target = out.headers["location"]
    asked = parse_qs(urlsplit(target).query)
    assert target.startswith(f"{browser.issuer}/session/end?")
    assert asked["post_logout_redirect_uri"] == [f"{browser.app_url}/logg-ut/ferdig"]
    assert asked["id_token_hint"][0].count(".") == 2
    assert sessions_of(db, "signatory") == 0
    done = browser.submit_provider_forms(browser.follow(out))
    assert done.doc.css_first("h1").text() == "Du er logget ut"
    # the provider's session is gone too: logging in asks who you are again
    assert (
        "/interaction/"
        in browser.follow(
            browser.get("/logg-inn/idporten"), stop=lambda u: "/interaction/" in u
        ).headers["location"]
    )


def test_back_channel_logout_from_the_provider_ends_the_session(world, browser):
    _app, db = world
    grant(db, "signatory", None)
    browser.log_in("signatory")
    assert sessions_of(db, "signatory") == 1
    # the person logs out at the provider (from another service): it calls our back channel
    ended = browser.http.get(f"{browser.issuer}/session/end")
    action, body = (
        __import__("tests.helpers.oidc", fromlist=["_FORM"])._FORM.search(ended.text).groups()
    )
    data = dict(__import__("tests.helpers.oidc", fromlist=["_INPUT"])._INPUT.findall(body))
    browser.http.post(f"{browser.issuer}{action}" if action.startswith("/") else action, data=data)
    assert sessions_of(db, "signatory") == 0
    assert browser.get("/kommune/").status_code == 302
    [event] = security_log.security_events(db, event="provider_logout")
    assert event["detail"] == {"provider": "idporten", "channel": "back"}


def test_front_channel_logout_ends_the_session_of_that_sid(world, browser):
    _app, db = world
    grant(db, "signatory", None)
    browser.log_in("signatory")
    sid = db.execute("select oidc_sid from user_sessions where oidc_sid is not null").fetchone()[0]
    other_issuer = browser.get(f"/logg-ut/idporten/frontkanal?iss=http://elsewhere&sid={sid}")
    assert other_issuer.status_code == 200 and sessions_of(db, "signatory") == 1
    framed = browser.get(f"/logg-ut/idporten/frontkanal?iss={browser.issuer}&sid={sid}")
    assert sessions_of(db, "signatory") == 0
    assert f"frame-ancestors {browser.issuer}" in framed.headers["content-security-policy"]
    assert "x-frame-options" not in framed.headers


def _logout_token(**claims) -> dict:
    now = int(time.time())
    return {"iss": None, "aud": "formservice", "iat": now, "jti": f"j{now}",
            "events": {EVENT: {}}, **claims}  # fmt: skip


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({}, "other"),  # signed by a key that is not the provider's
        ({"aud": "someone-else"}, "provider"),
        ({"iss": "http://127.0.0.1:1"}, "provider"),
        ({"events": {}}, "provider"),
        ({"nonce": "n"}, "provider"),
        ({"sid": None, "sub": None}, "provider"),
        ({"iat": int(time.time()) - 3600}, "provider"),
    ],
    ids=["key", "aud", "iss", "events", "nonce", "no-sid-or-sub", "old"],
)
def test_back_channel_refuses_bad_logout_tokens(world, browser, change, key):
    _app, db = world
    grant(db, "signatory", None)
    browser.log_in("signatory")
    sid = db.execute("select oidc_sid from user_sessions where oidc_sid is not null").fetchone()[0]
    claims = {**_logout_token(sid=sid), "iss": browser.issuer, **change}
    claims = {k: v for k, v in claims.items() if v is not None}
    signer = (
        SIGNING_KEY
        if key == "provider"
        else RSAKey.generate_key(2048, parameters={"kid": "test-signing"})
    )
    token = jwt.encode({"alg": "RS256", "typ": "logout+jwt", "kid": "test-signing"}, claims, signer)
    refused = browser.http.post(
        f"{browser.app_url}/logg-ut/idporten/bakkanal", data={"logout_token": token}
    )
    assert refused.status_code == 400 and sessions_of(db, "signatory") == 1
    good = {**_logout_token(sid=sid), "iss": browser.issuer}
    token = jwt.encode(
        {"alg": "RS256", "typ": "logout+jwt", "kid": "test-signing"}, good, SIGNING_KEY
    )
    accepted = browser.http.post(
        f"{browser.app_url}/logg-ut/idporten/bakkanal", data={"logout_token": token}
    )
    assert accepted.status_code == 200 and sessions_of(db, "signatory") == 0


def test_staff_log_in_with_the_office_provider(world, browser):
    _app, _db = world
    home = browser.follow(browser.get(browser.to_callback("s-sara", start="/logg-inn/staff")))
    assert str(home.url).endswith("/saksbehandler/")
    browser.http.cookies.clear()
    refused = browser.follow(browser.get(browser.to_callback("s-ukjent", start="/logg-inn/staff")))
    assert refused.status_code == 400 and "Fant ingen bruker" in refused.text


def _csrf(browser: Browser) -> str:
    page = browser.get("/logg-inn")
    return page.doc.css_first('input[name="csrf_token"]').attributes["value"]


def test_sessions_from_id_porten_have_the_same_idle_and_absolute_limits(world, browser):
    _app, db = world
    grant(db, "signatory", None)
    for column, age in (
        ("last_seen", dt.timedelta(minutes=31)),
        ("created_at", dt.timedelta(hours=12, seconds=5)),
    ):
        browser.http.cookies.clear()
        browser.log_in("signatory")
        assert browser.get("/kommune/").status_code == 200
        then = (dt.datetime.now(dt.UTC).replace(microsecond=0) - age).isoformat()
        db.execute(f"update user_sessions set {column} = ? where oidc_sid is not null", [then])
        assert browser.get("/kommune/").status_code == 302
        [expired] = security_log.security_events(db, event="session_expired", limit=1)
        assert expired["detail"]["limit"] == ("idle" if column == "last_seen" else "absolute")


def test_a_private_key_file_that_is_no_private_key_stops_the_start_with_one_line(
    tmp_path, templates
):
    settings = templates.instance("alle_felt", tmp_path / "instance")
    public = tmp_path / "public.pem"
    public.write_bytes(CLIENT_KEY.as_pem(private=False))
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("-----BEGIN PRIVATE KEY-----\nnot base64\n", "utf-8")
    for path, message in ((tmp_path / "missing.pem", "cannot read: No such file"),
                          (public, "not an RSA private key"), (garbage, "not an RSA private key")):  # fmt: skip
        with pytest.raises(SettingsError) as refused:
            create_app({**settings, "OIDC_ISSUER": "http://127.0.0.1:1", "OIDC_CLIENT_ID": "x",
                        "OIDC_PRIVATE_KEY_FILE": str(path)})  # fmt: skip
        assert str(refused.value).startswith(f"OIDC_PRIVATE_KEY_FILE {path}: {message}")
        assert "\n" not in str(refused.value)
