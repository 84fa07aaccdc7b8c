"""Templates' ``tr()`` and ``text()`` are fixed to the request's language once a render, and give
the very pages the request-by-request lookups gave, in bokmål and in nynorsk."""

from __future__ import annotations

from formservice.web.i18n import TEMPLATE_HELPERS, text, tr
from tests import factories
from tests.helpers.app import log_in
from tests.helpers.pages import check_page, without_request_tokens


def test_the_helpers_answer_as_the_lookups_do():
    texts = [None, {}, {"nb": "Bokmål"}, {"nb": "Bokmål", "nn": "Nynorsk"}, {"nb": "", "nn": ""},
             {"nn": "Berre nynorsk"}]  # fmt: skip
    assert [TEMPLATE_HELPERS["nb"][1](t) for t in texts] == [
        "", "", "Bokmål", "Bokmål", "", ""]  # fmt: skip
    assert [TEMPLATE_HELPERS["nn"][1](t) for t in texts] == [
        "", "", "Bokmål", "Nynorsk", "", "Berre nynorsk"]  # fmt: skip
    assert TEMPLATE_HELPERS["nb"][0]("Lagre", "Lagra") == "Lagre"
    assert TEMPLATE_HELPERS["nn"][0]("Lagre", "Lagra") == "Lagra"


def test_pages_in_both_languages_are_the_same_as_with_lookups_on_every_call(demo_app, demo_db):
    urls, clients = [], []
    for language in ("nb", "nn"):
        user = factories.create_user(demo_db, username=f"kommune-{language}", language=language)
        organisation = demo_db["organisations"].get(user["organisation_id"])
        draft = factories.create_submission(
            demo_db, organisation=organisation, answers={"navn": "Team <b>Aust</b>"}
        )
        clients.append(log_in(demo_app, f"kommune-{language}"))
        urls.append([f"/kommune/skjema/{draft['id']}/side/side_en", f"/kommune/skjema/{draft['id']}/",
                     f"/kommune/skjema/{draft['id']}/oppsummering", "/kommune/"])  # fmt: skip

    def fetch_all() -> list[list[str]]:
        return [[client.get(url).text for url in pages]
                for client, pages in zip(clients, urls, strict=True)]  # fmt: skip

    fixed = fetch_all()
    # a later context processor wins: the request-by-request lookups, as before
    demo_app.template_context_processors[None].append(lambda: {"tr": tr, "text": text})
    looked_up = fetch_all()
    for language, mine, theirs in zip(("nb", "nn"), fixed, looked_up, strict=True):
        for page, before in zip(mine, theirs, strict=True):
            check_page(page)
            assert f'<html lang="{language}">' in page
            assert without_request_tokens(page) == without_request_tokens(before)
    assert "Lagre og fortsett" in fixed[0][0] and "Lagre og hald fram" in fixed[1][0]
