"""The administrator's letterhead page of an office: garbage is refused on its field in the page's
written standard with what was typed kept; a good letterhead is stored as a new version, audited
and in the security log; typed template code and markup stay text; documents that waited for the
letterhead are made again."""

from __future__ import annotations

from pathlib import Path

from formservice.documents import jobs
from formservice.storage import documents, letterheads, offices
from formservice.storage.db import connect
from formservice.storage.security_log import security_events
from tests import factories
from tests.helpers.app import csrf_token
from tests.helpers.pages import check_page

URL = "/admin/embeter/vestland/brevhode"
GOOD = {"postal_address": "Testveien 1\nBygg {{ 7*7 }} <b>B</b>", "postcode": "9999",
        "post_town": "Teststad", "email": "post@vestland.test.example", "orgnr": "974 760 673",
        "phone": "", "website": "", "visiting_address": ""}  # fmt: skip
GARBAGE = {"postal_address": "", "postcode": "12", "post_town": "", "email": "post",
           "orgnr": "123456789", "phone": "ring", "website": "ikke en adresse",
           "visiting_address": "x" * 300}  # fmt: skip


def _nynorsk(client, url: str) -> None:
    page = client.get(url)
    client.post("/sprak", data={"csrf_token": csrf_token(page.text), "lang": "nn", "next": url})


def test_the_offices_page_tells_which_office_has_a_letterhead(login):
    page = login("admin").get("/admin/embeter")
    doc = check_page(page.text)
    rows = {
        row.css_first("th").text(): row.css("td")[-1].text() for row in doc.css("#offices tbody tr")
    }
    assert rows["Statsforvalteren i Innlandet"].startswith("Lagt inn")
    assert rows["Statsforvalteren i Vestland"].startswith("Mangler")
    assert sum(text.startswith("Mangler") for text in rows.values()) == 9


def test_garbage_is_refused_field_by_field_in_bokmal_and_nynorsk(demo_app, login):
    client = login("admin")
    page = client.get(URL)
    doc = check_page(page.text)
    assert doc.css_first("#letterhead-missing") is not None
    token = csrf_token(page.text)
    refused = client.post(URL, data={"csrf_token": token, **GARBAGE})
    assert refused.status_code == 400
    doc = check_page(refused.text)
    assert len(doc.css("#error-summary li")) == 8
    for message in ("Skriv adressen", "Postnummeret må ha 4 siffer", "Skriv poststedet",
                    "Skriv e-postadressen embetet tar imot post på",
                    "Organisasjonsnummeret må ha 9 siffer", "Telefonnummeret må ha 8 til 15 siffer",
                    "Skriv nettadressen", "Høyst 200 tegn"):  # fmt: skip
        assert message in refused.text, message
    assert 'value="ring"' in refused.text and 'value="123456789"' in refused.text
    _nynorsk(client, URL)
    refused = client.post(URL, data={"csrf_token": token, **GARBAGE})
    assert refused.status_code == 400
    check_page(refused.text)
    for message in ("Skriv adressa", "Skriv poststaden", "Skriv e-postadressa embetet tek imot post på",
                    "til dømes 974 762 501", "Skriv nettadressa", "Høgst 200 teikn"):  # fmt: skip
        assert message in refused.text, message
    db = connect(demo_app.config["DATABASE"])
    assert letterheads.letterhead_of(db, offices.office_by_slug(db, "vestland")["id"]) is None


def test_a_letterhead_is_stored_audited_and_shown_as_text(demo_app, login):
    client = login("admin")
    token = csrf_token(client.get(URL).text)
    saved = client.post(URL, data={"csrf_token": token, **GOOD})
    assert saved.status_code == 302
    page = client.get(saved.headers["Location"])
    doc = check_page(page.text)
    assert doc.css_first("#letterhead-missing") is None and "Brevhodet er lagret" in page.text
    assert doc.css_first("#postal_address").text() == "Testveien 1\nBygg {{ 7*7 }} <b>B</b>"
    assert "<b>B</b>" not in page.text and "&lt;b&gt;B&lt;/b&gt;" in page.text
    db = connect(demo_app.config["DATABASE"])
    vestland = offices.office_by_slug(db, "vestland")
    stored = letterheads.letterhead_of(db, vestland["id"])
    assert stored["orgnr"] == "974760673" and stored["set_by"] == "admin"
    [event] = security_events(db, event="letterhead_changed")
    assert event["username"] == "admin" and event["detail"]["office_id"] == vestland["id"]
    assert "orgnr" in event["detail"]["facts"]
    again = client.post(URL, data={"csrf_token": token, **GOOD})
    assert "ok=same" in again.headers["Location"]
    assert len(letterheads.letterhead_history(db, vestland["id"])) == 1


def test_every_version_is_listed_with_what_it_changed_in_both_standards(demo_app, login):
    client = login("admin")
    token = csrf_token(client.get(URL).text)
    client.post(URL, data={"csrf_token": token, **GOOD})
    client.post(URL, data={"csrf_token": token, **GOOD, "post_town": "Bergen <i>x</i>",
                           "phone": "55 57 20 00"})  # fmt: skip
    doc = check_page(client.get(URL).text)
    newest, first = [row.css("td") for row in doc.css("table[aria-labelledby] tbody tr")]
    assert newest[1].text() == "admin"
    assert [li.text(separator=" ").split() for li in newest[2].css("li")] == [
        ["Poststed:", "fra", "Teststad", "→", "til", "Bergen", "<i>x</i>"],
        ["Telefon:", "55", "57", "20", "00"],
    ]
    assert newest[2].css_first("del").text() == "Teststad"
    assert len(first[2].css("li")) == 5  # the five facts the first version set
    _nynorsk(client, URL)
    page = client.get(URL)
    check_page(page.text)
    assert "Endringar i brevhovudet" in page.text and "frå" in page.text


def test_an_unknown_office_is_not_found(login):
    client = login("admin")
    assert client.get("/admin/embeter/narnia/brevhode").status_code == 404
    token = csrf_token(client.get(URL).text)
    posted = client.post("/admin/embeter/narnia/brevhode", data={"csrf_token": token, **GOOD})
    assert posted.status_code == 404


def test_documents_that_waited_for_the_letterhead_are_queued_again(shipped_app, shipped_login):
    db = connect(shipped_app.config["DATABASE"])
    submission = factories.create_submission(db, state="granted", form="kommunalt_rusarbeid",
                                             round=factories.create_round(db, office="vestland"))  # fmt: skip
    letter = factories.create_document(db, submission=submission)
    documents.claim(db, letter["id"])
    documents.mark_failed(db, letter["id"], documents.LETTERHEAD, "no letterhead")
    queue = jobs.job_queue(str(Path(shipped_app.config["INSTANCE_PATH"]).resolve()))
    queue.flush()
    client = shipped_login("admin")
    client.post(URL, data={"csrf_token": csrf_token(client.get(URL).text), **GOOD})
    queued = [task.args[0] for task in queue.pending() if task.name == "make_document_by_id"]
    assert queued == [letter["id"]]
