"""Applicants that are not municipalities (post 60): a health trust the office registered logs in,
sees only the schemes it may apply to (post 62 is the municipalities' own, regelverket §4), fills
in the adults' form with its facts from the register, and submits; a guessed post 62 start is 404."""

from __future__ import annotations

import json

from formservice.engine import load_directory
from formservice.register.kinds import may_apply
from formservice.storage import organisations, rounds, submissions
from tests import factories
from tests.factories import ROOT
from tests.helpers.forms import fill_every_page, hidden
from tests.helpers.pages import check_page

ADULTS = load_directory(ROOT / "form_definitions").get("voksne_sammensatte", 2)
ANSWERS = json.loads((ROOT / "tests/fixtures/answers/voksne-complete.json").read_text("utf-8"))
TRUST = {"kind": "helseforetak", "name": "Sykehuset Demo HF", "orgnr": "983971709",
         "account_number": "99991234000", "postal_address": "Postboks 104", "postcode": "2381",
         "post_town": "Brumunddal", "email": "post@sykehuset.example", "language": "nb",
         "county_number": "34", "kommunenummer": None}  # fmt: skip


def test_who_may_apply_per_budget_post():
    assert may_apply("kommune", 62) and not may_apply("helseforetak", 62)
    assert all(may_apply(kind, 60) for kind in ("kommune", "helseforetak", "statlig"))
    assert may_apply("statlig", None)  # a form that names no post: nobody is turned away


def test_a_health_trust_applies_for_post_60_and_never_for_post_62(shipped_db, shipped_login):
    db = shipped_db
    trust_id = organisations.add_organisation(db, TRUST, actor=None)
    factories.create_user(db, username="sykehuset", organisation=organisations.organisation_by_id(db, trust_id))  # fmt: skip
    client = shipped_login("sykehuset")
    home = client.get("/kommune/")
    check_page(home.text)
    starts = {form.css_first("button").text(): form.attributes["action"]
              for form in home.doc.css('form[action$="/start"]')}  # fmt: skip
    assert not any("Kommunalt rusarbeid" in name for name in starts)
    [adults] = [action for name, action in starts.items() if "voksne" in name]
    rusarbeid = rounds.round_by_slug(db, "rus-2021")
    token = hidden(home, "csrf_token")
    assert client.post(f"/kommune/runde/{rusarbeid['id']}/start", data={"csrf_token": token}).status_code == 404  # fmt: skip
    assert submissions.submission_for(db, rusarbeid["id"], trust_id) is None  # nothing half-made

    tasks = client.post(adults, data={"csrf_token": token}).headers["Location"]
    first = client.get(tasks + "side/" + ADULTS.pages[0].id)
    check_page(first.text)
    assert "Sykehuset Demo HF" in first.text and "983\u00a0971\u00a0709" in first.text
    assert "Helseforetak" in first.text  # the applicant's kind, from the register
    fill_every_page(client, tasks, ADULTS, ANSWERS)
    check = client.get(tasks + "oppsummering")
    assert "Dette må rettes" not in check.text
    sent = client.post(tasks + "send-inn", data={"csrf_token": hidden(check, "csrf_token"),
                                                "base_version": hidden(check, "base_version")})  # fmt: skip
    assert sent.status_code == 302 and sent.headers["Location"].endswith("kvittering")
    [submission] = [s for s in submissions.submissions_of_organisation(db, trust_id)]
    assert submission["state"] == "submitted"
    answers = submissions.current_answers(db, submission)
    assert answers["orgnr"] == "983971709" and answers["sokertype"] == "helseforetak"
