"""Every POST route × every role × signatory or not × own or another organisation → the answer it
must get, generated from the URL map like the GET matrix. A new POST route without a rule fails.

Each case starts from the same database (restored with SQLite's backup API) with Lillehammer's
submission brought to the state the route acts on. A refusal must change nothing; an allowed
actor must reach the view (and, where the rule says so, change something). The office roles are
split by office (issue 14): Lillehammer's submission, its round and organisation are Innlandet's,
so Innlandet's caseworker and help desk reach them and Vestland's get 404 for every route that
names one of them (and reach the routes that name none, such as a new round of their own).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from formservice.accounts import hash_password
from formservice.storage import (
    api_access,
    organisations,
    person_roles,
    register_changes,
    rounds,
    submissions,
    users,
)
from formservice.storage.db import connect
from tests import factories
from tests.helpers.app import csrf_token
from tests.web.test_security import confirmation_pdf

MUNICIPALITY = ["lillehammer", "lillehammer-medarbeider", "gjovik", "gjovik-medarbeider"]
OFFICE = ["saksbehandler", "admin"]
OTHER_OFFICE = {"saksbehandler-vestland", "hjelp-vestland"}  # another office than Lillehammer's
ACTORS = ["anonymous", *MUNICIPALITY, "saksbehandler", "hjelp", *sorted(OTHER_OFFICE),
          "direktoratet", "admin"]  # fmt: skip
SIGNATORY_OWN = {"lillehammer"}
OWN = {"lillehammer", "lillehammer-medarbeider"}
OTHER = {"gjovik", "gjovik-medarbeider"}
EVERYONE = set(ACTORS) - {"anonymous"}
COOKIE = "__Host-formservice_session"


@dataclass(frozen=True)
class Rule:
    """Who may post, in which state of Lillehammer's submission, and what the others get."""

    allowed: set[str]
    state: str = "draft"
    changes: bool = True  # an allowed post changes the database
    refused: set[str] = field(default_factory=set)  # reach the view but are refused (400)
    not_found: set[str] = field(default_factory=set)  # another organisation's: 404
    public: bool = False  # anonymous may post too
    anonymous: str = "login"  # what anonymous gets otherwise: sent to the login page
    everyone: str = ""  # what every actor gets, if the route treats them all alike


def _municipality(state: str, **extra: object) -> Rule:
    return Rule(allowed=OWN, state=state, not_found=OTHER, **extra)


def _office(state: str = "draft", **extra: object) -> Rule:
    """A caseworker's route naming Lillehammer's records: Vestland's caseworker gets 404."""
    return Rule(allowed=set(OFFICE), state=state, not_found={"saksbehandler-vestland"}, **extra)


def _helpdesk(state: str = "draft", **extra: object) -> Rule:
    """A help-desk route naming Lillehammer's submission: Vestland's help desk gets 404."""
    return Rule(allowed={"hjelp", "admin"}, state=state, not_found={"hjelp-vestland"}, **extra)


RULES = {
    "/logg-inn": Rule(allowed=set(ACTORS), changes=False, public=True),
    "/logg-ut": Rule(allowed=set(ACTORS), changes=False, public=True),
    "/sprak": Rule(allowed=set(ACTORS), changes=False, public=True),
    "/okt/forleng": Rule(allowed=EVERYONE, changes=False, anonymous="unauthorized"),
    "/konto/passord": Rule(allowed=EVERYONE),
    "/konto/logg-ut-andre": Rule(allowed=EVERYONE, changes=False),
    "/kommune/runde/<int:round_id>/start": Rule(allowed=set(MUNICIPALITY), changes=False),
    "/kommune/skjema/<int:submission_id>/side/<page_id>": _municipality("draft"),
    "/kommune/skjema/<int:submission_id>/send-inn": _municipality(
        "draft", changes=False, refused={"lillehammer-medarbeider"}
    ),
    "/kommune/skjema/<int:submission_id>/bekreft": Rule(
        allowed=SIGNATORY_OWN, state="letter_sent", refused={"lillehammer-medarbeider"}, not_found=OTHER
    ),
    "/kommune/skjema/<int:submission_id>/bekreftelse": Rule(
        allowed=SIGNATORY_OWN, state="letter_sent", refused={"lillehammer-medarbeider"}, not_found=OTHER
    ),
    "/saksbehandler/skjema/<int:submission_id>/vedtak": _office("submitted"),
    "/saksbehandler/skjema/<int:submission_id>/status/<state>": _office("submitted"),
    "/saksbehandler/skjema/<int:submission_id>/brev": _office("granted"),
    "/saksbehandler/skjema/<int:submission_id>/send": _office("granted", changes=False),
    "/saksbehandler/runde/<int:round_id>/brev": _office("granted"),
    "/saksbehandler/runde/<int:round_id>/paminnelser": _office(),
    "/saksbehandler/runde/<int:round_id>/arsrapport": _office(),
    "/hjelp/skjema/<int:submission_id>/gjenapne": _helpdesk("submitted"),
    "/hjelp/skjema/<int:submission_id>/gjenopprett/<int:number>": _helpdesk(),
    # the register and rounds (issue 11): each municipality reports changes to its own facts only
    "/kommune/opplysninger/endre/<fact>": Rule(allowed=set(MUNICIPALITY), changes=False),
    "/saksbehandler/register/ny": Rule(allowed={*OFFICE, "saksbehandler-vestland"}, changes=False),
    "/saksbehandler/register/<int:organisation_id>/endre": _office(changes=False),
    "/saksbehandler/register/<int:organisation_id>/endring/<int:change_id>": _office(changes=False),
    "/saksbehandler/runde/<int:round_id>/avslutt": _office(changes=False),
    "/saksbehandler/runde/<int:round_id>/endre": _office(changes=False),
    "/saksbehandler/runder/ny": Rule(allowed={*OFFICE, "saksbehandler-vestland"}, changes=False),
    # the directorate (issue 14): splits the national budget; the form posted here does not add up
    "/direktoratet/<form_id>/<int:year>/rammer": Rule(allowed={"direktoratet", "admin"}, changes=False),
    # the administrator's offices page: office accounts and moving an organisation (issue 14)
    "/admin/embeter/kontoer": Rule(allowed={"admin"}, changes=False),
    "/admin/embeter/flytt": Rule(allowed={"admin"}, changes=False),
    # an office's letterhead (issue 14): the administrator's only; the form posted here lacks it
    "/admin/embeter/<slug>/brevhode": Rule(allowed={"admin"}, changes=False),
    # login with ID-porten (issue 14): a signatory grants and revokes roles for their own
    # organisation, the office for its organisations; without a waiting login the choice sends
    # to the login page; the provider's back channel is 404 while no provider is configured
    "/kommune/tilganger": Rule(allowed={"lillehammer", "gjovik"}, changes=False),
    "/kommune/tilganger/<int:grant_id>/fjern": Rule(allowed={"lillehammer"}, not_found={"gjovik"}),
    "/saksbehandler/register/<int:organisation_id>/tilganger": _office(changes=False),
    "/saksbehandler/register/<int:organisation_id>/tilganger/<int:grant_id>/fjern": _office(),
    "/logg-inn/velg": Rule(allowed=set(), everyone="login"),
    "/logg-inn/avbryt": Rule(allowed=set(ACTORS), changes=False, public=True),
    "/logg-ut/<any(idporten, staff):name>/bakkanal": Rule(allowed=set(), everyone="not_found"),
    # API tokens (issue 15): everyone logged in makes their own; only its owner revokes one
    "/api-nokler/": Rule(allowed=EVERYONE, changes=False),
    "/api-nokler/<int:token_id>/trekk-tilbake": Rule(
        allowed={"lillehammer"}, changes=False, not_found=EVERYONE - {"lillehammer"}
    ),
}  # fmt: skip
_SNAPSHOT = {
    "submissions": "select id, state, current_version, reopen_until from submissions order by id",
    "versions": "select count(*) from submission_versions",
    "decisions": "select count(*) from decisions",
    "documents": "select count(*) from documents",
    "attachments": "select count(*) from attachments",
    "audit": "select count(*) from audit_log",
    "passwords": "select id, password_hash from users order by id",
}


def _snapshot(path: str) -> dict:
    db = sqlite3.connect(path)
    try:
        return {name: db.execute(sql).fetchall() for name, sql in _SNAPSHOT.items()}
    finally:
        db.close()


@pytest.fixture
def world(demo_app, login, tmp_path):
    db = connect(demo_app.config["DATABASE"])
    gjovik = organisations.organisation_by_id(
        db, users.user_by_username(db, "gjovik")["organisation_id"]
    )
    users.create_user(db, username="gjovik-medarbeider", password_hash=hash_password("demo"),
                      role="municipality", organisation_id=gjovik["id"], is_demo=True)  # fmt: skip
    clients = {"anonymous": demo_app.test_client()}
    clients.update({actor: login(actor) for actor in ACTORS[1:]})
    cookies = {actor: clients[actor].get_cookie(COOKIE).value for actor in ACTORS[1:]}
    template = tmp_path / "template.db"
    with sqlite3.connect(demo_app.config["DATABASE"]) as source, sqlite3.connect(template) as copy:
        source.backup(copy)
    return demo_app, clients, cookies, template


def _restore(template: Path, database: str) -> None:
    with sqlite3.connect(template) as source, sqlite3.connect(database) as target:
        source.backup(target)


def _url(rule: str, values: dict) -> str:
    return re.sub(r"<(?:[^:>]+:)?(\w+)>", lambda m: str(values[m.group(1)]), rule)


def _post(client, url: str, submission: dict, organisation: dict):
    page = client.get("/konto/")
    token = csrf_token(page.text if page.status_code == 200 else client.get("/logg-inn").text)
    until = (dt.date.today() + dt.timedelta(days=7)).strftime("%d.%m.%Y")
    signed = confirmation_pdf({"orgnr": organisation["orgnr"], "kontonr": organisation["account_number"],
                               "navn": "Kari Demo", "tittel": "Kommunedirektør", "godtar": "/Yes"})  # fmt: skip
    data = {"csrf_token": token, "base_version": str(submission["current_version"]), "action": "save",
            "navn": "Matrise", "accept": "y", "name": "Kari Demo", "title": "Kommunedirektør",
            "outcome": "granted", "granted-total": "100000", "instalments": "1", "reason": "Retting",
            "until": until, "lang": "nb", "next": "/", "username": "ingen", "password": "feil",
            "current": "demo", "decision": "approve", "email": "ny@lillehammer.kommune.example", "new": "fire tilfeldige ord i rad", "again": "fire tilfeldige ord i rad",
            "bekreftelse": (io.BytesIO(signed), "bekreftelse.pdf")}  # fmt: skip
    return client.post(url, data=data, content_type="multipart/form-data",
                       headers={"X-CSRFToken": token})  # fmt: skip


def _expected(rule: Rule, actor: str) -> str:
    if rule.everyone:
        return rule.everyone
    if actor == "anonymous" and not rule.public:
        return rule.anonymous
    if actor in rule.refused:
        return "refused"
    if actor in rule.not_found:
        return "not_found"
    if actor in rule.allowed:
        return "allowed"
    return "forbidden"


def test_every_post_route_answers_each_actor_as_the_rules_say(world):
    app, clients, cookies, template = world
    database = app.config["DATABASE"]
    posts = [r.rule for r in app.url_map.iter_rules() if "POST" in (r.methods or set())]
    missing = sorted(set(posts) - set(RULES))
    assert not missing, f"POST routes without a rule in this test: {missing}"
    failures, checked = [], 0
    for route in sorted(posts):
        rule = RULES[route]
        for actor in ACTORS:
            _restore(template, database)
            db = connect(database)
            submission = factories.create_submission(
                db, state=rule.state, organisation="3405", answers={}
            )
            if route.endswith("/gjenopprett/<int:number>"):
                user = users.user_by_username(db, "lillehammer")
                submissions.save_answers(
                    db, submission["id"], base_version=0, answers={"navn": "v1"}, actor=user
                )
                submissions.save_answers(
                    db, submission["id"], base_version=1, answers={"navn": "v2"}, actor=user
                )
            organisation = organisations.organisation_by_id(db, submission["organisation_id"])
            change_id = 0
            if "<int:change_id>" in route:
                change_id = register_changes.report_change(
                    db, organisation["id"], "email", {"email": "ny@lillehammer.kommune.example"},
                    actor=users.user_by_username(db, "lillehammer"), note="")  # fmt: skip
            token_id = 0
            if "<int:token_id>" in route:
                owner = users.user_by_username(db, "lillehammer")
                token_id = api_access.create_token(db, owner, name="matrise", days=30)[1]
            grant_id = 0
            if "<int:grant_id>" in route:
                grant_id = person_roles.grant_role(
                    db, pid="03058010056", organisation=organisation, role="contributor",
                    full_name="Matrise", actor=None)  # fmt: skip
            url = _url(route, {"grant_id": grant_id, "name": "idporten", "token_id": token_id, "submission_id": submission["id"], "round_id": submission["round_id"],
                               "page_id": "side_en", "state": "under_assessment", "number": 1,
                               "fact": "epost", "organisation_id": organisation["id"],
                               "change_id": change_id, "form_id": "alle_felt", "year": 2021,
                               "slug": "vestland"})  # fmt: skip
            client = clients[actor]
            if actor in cookies:  # the login of the template, whatever the last post did to it
                client.set_cookie(COOKIE, cookies[actor])
            before = _snapshot(database)
            response = _post(client, url, submission, organisation)
            after = _snapshot(database)
            expected, status = _expected(rule, actor), response.status_code
            location = response.headers.get("Location", "")
            ok = {
                "login": status == 302 and "/logg-inn" in location and after == before,
                "unauthorized": status == 401 and after == before,
                "forbidden": status == 403 and after == before,
                "not_found": status == 404 and after == before,
                "refused": status == 400 and after == before,
                "allowed": status not in (403, 404, 500) and not (status == 302 and "/logg-inn" in location)
                and (after != before or not rule.changes),
            }[expected]  # fmt: skip
            if not ok:
                failures.append(f"{route} as {actor}: expected {expected}, got {status} "
                                f"{location} changed={after != before}")  # fmt: skip
            checked += 1
    assert not failures, "\n".join(failures)
    assert checked == len(posts) * len(ACTORS) and checked > 150
    assert rounds.all_rounds(connect(database))
