"""Every role's pages in nynorsk, walked in Chromium: no bokmål-only or English text anywhere.

Each role logs in (the public pages need none), chooses «Nynorsk» in the header as a person
does, and follows the links from its home page and from one submission in each state
(:func:`tests.helpers.language_walk.walk`). A page that shows a word of bokmål only (``ikke``,
``hva``, ``hjem``, «søknaden er sendt» ...) or English (``Error``, ``None``, ``transition`` ...)
outside what people typed fails the test, with the page and the text.
"""

from __future__ import annotations

import pytest

from formservice.storage import organisations, rounds, submissions
from tests import factories
from tests.helpers.browser import SIGNATORY_PASSWORD, live_database, login
from tests.helpers.language_walk import page_problems, user_texts, walk

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
CONTRIBUTOR_PASSWORD = "medarbeidar-pa-nynorsk"


def _one_of_each_state(live_server, prefix: str) -> list[str]:
    """The page of one submission in each state, under ``prefix`` (``/saksbehandler``, ...)."""
    db = live_database(live_server)
    try:
        by_state: dict[str, int] = {}
        for row in db["submissions"].rows_where(order_by="id"):
            by_state.setdefault(row["state"], row["id"])
    finally:
        db.close()
    return [f"{prefix}/skjema/{submission_id}" for submission_id in by_state.values()]


def _municipality_with_a_letter(live_server) -> tuple[dict, int]:
    """A municipality whose 2021 grant letter is sent (the demo office has some), with a draft
    nobody has begun in another round: the receipt with the confirmation, and a form with
    every page's errors. The municipality and the draft's id."""
    db = live_database(live_server)
    try:
        round_2021 = rounds.round_by_slug(db, "rus-2021")
        [row] = list(db["submissions"].rows_where(
            "round_id = ? and state = 'letter_sent'", [round_2021["id"]], limit=1
        ))  # fmt: skip
        organisation = organisations.organisation_by_id(db, row["organisation_id"])
        today = rounds.norwegian_today()
        for other in rounds.all_rounds(db):
            if other["id"] != round_2021["id"] and rounds.is_open(other, today):
                draft = submissions.submission_for(db, other["id"], organisation["id"])
                draft = draft or factories.create_submission(
                    db, round=other["slug"], organisation=organisation, answers={}
                )
                return organisation, draft["id"]
        raise AssertionError("the demo has no open round besides rus-2021")
    finally:
        db.close()


def _contributor(live_server, kommune: str) -> str:
    from formservice.storage import users

    username = f"medarbeidar-{kommune}"
    db = live_database(live_server)
    if users.user_by_username(db, username) is None:
        factories.create_user(db, username=username, organisation=kommune, signatory=False,
                              password=CONTRIBUTOR_PASSWORD, full_name="Medarbeidar Demo")  # fmt: skip
    db.close()
    return username


def _in_nynorsk(page) -> None:
    page.get_by_role("button", name="Nynorsk").click()
    page.wait_for_load_state()
    assert page.evaluate("() => document.documentElement.lang") == "nn"


def _assert_all_nynorsk(found: dict[str, list[str]], at_least: int) -> None:
    assert len(found) >= at_least, f"only {len(found)} pages walked: {sorted(found)}"
    wrong = {url: problems for url, problems in found.items() if problems}
    report = "\n".join(f"{url}\n  " + "\n  ".join(problems) for url, problems in wrong.items())
    assert not wrong, (
        f"bokmål-only or English text on {len(wrong)} of {len(found)} pages:\n{report}"
    )


def test_the_public_pages_in_nynorsk(page, live_server):
    page.goto("/")
    _in_nynorsk(page)
    starts = ["/", "/tilgjengelighet", "/logg-inn", "/finst-ikkje"]
    _assert_all_nynorsk(walk(page, starts, "nn", user_texts(live_server)), at_least=4)


@pytest.mark.parametrize("who", ["signatory", "contributor"])
def test_the_municipalitys_pages_in_nynorsk(page, live_server, signatory, who):
    organisation, draft_id = _municipality_with_a_letter(live_server)
    kommune = organisation["kommunenummer"]
    if who == "signatory":
        login(page, signatory(kommune, f"nynorsk-{kommune}"), SIGNATORY_PASSWORD)
    else:
        login(page, _contributor(live_server, kommune), CONTRIBUTOR_PASSWORD)
    _in_nynorsk(page)
    starts = ["/kommune/", "/kommune/opplysninger", "/konto/", f"/kommune/skjema/{draft_id}/",
              f"/kommune/skjema/{draft_id}/oppsummering"]  # fmt: skip
    found = walk(page, starts, "nn", user_texts(live_server))
    assert any("/side/" in url for url in found), sorted(found)  # the form's pages, with errors
    _assert_all_nynorsk(found, at_least=10)


@pytest.mark.parametrize(
    ("username", "home", "prefix"),
    [
        ("saksbehandler", "/saksbehandler/", "/saksbehandler"),
        ("hjelp", "/hjelp/", "/hjelp"),
        ("admin", "/admin/utboks", "/saksbehandler"),
    ],
)
def test_the_offices_pages_in_nynorsk(page, live_server, username, home, prefix):
    login(page, username)
    _in_nynorsk(page)
    starts = [home, "/konto/", "/api-nokler/", *_one_of_each_state(live_server, prefix)]
    if username == "admin":
        starts += ["/admin/sikkerhetslogg", "/saksbehandler/", "/admin/embeter",
                   "/admin/embeter/vestland/brevhode"]  # fmt: skip
    _assert_all_nynorsk(walk(page, starts, "nn", user_texts(live_server)), at_least=8)


def test_the_walk_finds_one_broken_nynorsk_text(page):
    page.set_content(
        '<html lang="nn"><head><title>Kvittering</title></head><body><main>'
        "<h1>Søknaden er sendt inn</h1><p>Ingen feil.</p>"
        '<button aria-label="Submit">Send</button><p data-ready="Dokumenta er klare.">x</p>'
        "</main></body></html>"
    )
    assert page_problems(page, "nn", []) == [
        "['Søknaden er sendt'] in 'Søknaden er sendt inn'", "['Submit'] in 'Submit'"
    ]  # fmt: skip
    assert page_problems(page, "nn", ["Søknaden er sendt inn"]) == ["['Submit'] in 'Submit'"]
