"""The receipt while its acknowledgement is being made: a polite live region, the status endpoint
the page's script polls, and polling that never keeps an idle session alive; an acknowledgement
that waits for the office's letterhead says so, and so does a receipt with no document to show."""

from __future__ import annotations

import datetime as dt
import json

from formservice.config import load_settings
from formservice.documents.jobs import make_document
from formservice.storage import documents, organisations, rounds, submissions
from formservice.storage.db import connect
from formservice.storage.sessions import IDLE_LIMIT
from formservice.storage.setup import initialise
from formservice.web import create_app
from tests import factories
from tests.helpers.app import log_in
from tests.helpers.language import choose_language


def _idle_since(app, moment: dt.datetime) -> None:
    """Every session last used at ``moment``."""
    db = connect(app.config["DATABASE"])
    db.execute("update user_sessions set last_seen = ?", [moment.isoformat()])
    db.conn.commit()


def _last_seen(app) -> dt.datetime:
    db = connect(app.config["DATABASE"])
    return max(dt.datetime.fromisoformat(r["last_seen"]) for r in db["user_sessions"].rows)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _submitted(db) -> tuple[dict, dict]:
    submission = factories.create_submission(db, organisation="3405", state="submitted")
    [receipt] = documents.documents_of_submission(db, submission["id"])
    assert receipt["kind"] == "kvittering" and receipt["status"] == documents.PENDING
    return submission, receipt


def test_the_receipt_says_politely_when_its_acknowledgement_is_ready(demo_app, demo_db, login):
    submission, receipt = _submitted(demo_db)
    client = login("lillehammer")
    choose_language(client, "nn", "/kommune/")
    url = f"/kommune/skjema/{submission['id']}/"
    page = client.get(url + "kvittering")
    status_url = url + "dokumenter.json"
    assert page.doc.css_first("#documents").attributes["data-status-url"] == status_url
    region = page.doc.css_first("#documents-status")
    assert region.attributes["role"] == "status" and region.text(strip=True) == ""
    assert region.attributes["data-ready"] == "Dokumenta er klare."
    assert page.doc.css_first('script[src="/static/receipt.js"]') is not None
    [refresh] = [a for a in page.doc.css("#documents a") if a.text() == "oppdater"]
    assert refresh.attributes["href"].startswith(url + "kvittering")  # without the script
    assert not page.doc.css('meta[http-equiv="refresh"]')

    making = client.get(status_url)
    assert making.status_code == 200 and making.headers["Cache-Control"] == "no-store"
    answer = json.loads(making.data)
    assert answer["making"] is True and "blir laga no" in answer["html"]

    documents.mark_done(demo_db, receipt["id"], docx_path="d.docx", pdf_path="d.pdf", shown=True)
    answer = json.loads(client.get(status_url).data)
    assert answer["making"] is False and "blir laga no" not in answer["html"]
    assert f"/dokument/{receipt['id']}.pdf" in answer["html"]
    ready = client.get(url + "kvittering")  # nothing being made: no polling, no region
    assert "data-status-url" not in ready.text and ready.doc.css_first("#documents-status") is None


def test_polling_the_status_never_keeps_an_idle_session_alive(demo_app, demo_db, login):
    submission, _ = _submitted(demo_db)
    client = login("lillehammer")
    status_url = f"/kommune/skjema/{submission['id']}/dokumenter.json"
    idle_since = _now() - dt.timedelta(minutes=10)
    _idle_since(demo_app, idle_since)
    for _ in range(3):
        assert client.get(status_url).status_code == 200
    assert _last_seen(demo_app) == idle_since  # asked, but not used
    assert client.get("/kommune/").status_code == 200
    assert _last_seen(demo_app) > idle_since  # a page the person opens is use

    _idle_since(demo_app, _now() - IDLE_LIMIT - dt.timedelta(seconds=5))
    ended = client.get(status_url)
    assert ended.status_code == 302 and "/logg-inn" in ended.headers["Location"]


def test_another_municipalitys_status_is_not_found(demo_db, login):
    submission, _ = _submitted(demo_db)
    assert (
        login("gjovik").get(f"/kommune/skjema/{submission['id']}/dokumenter.json").status_code
        == 404
    )


def test_an_acknowledgement_waiting_for_the_offices_letterhead_says_so(shipped_app, shipped_db):
    organisation = factories.create_organisation(shipped_db, office="vestland", language="nn")
    submission = factories.create_submission(
        shipped_db, state="submitted", organisation=organisation,
        round=factories.create_round(shipped_db, office="vestland"),
    )  # fmt: skip
    [receipt] = documents.documents_of_submission(shipped_db, submission["id"])
    assert make_document(dict(shipped_app.config), receipt["id"]) == documents.FAILED
    client = log_in(shipped_app, factories.signatory_of(shipped_db, organisation)["username"])
    url = f"/kommune/skjema/{submission['id']}/kvittering"
    items = client.get(url).doc.css_first("#documents").text()
    assert "lages når Statsforvalteren har lagt inn brevhodet sitt" in items
    assert "kunne ikke lages" not in items
    choose_language(client, "nn", url)
    assert "blir laga når Statsforvaltaren har lagt inn brevhovudet sitt" in client.get(url).text


def test_a_receipt_with_no_document_yet_says_so_in_either_language(tmp_path):
    """The demo's Sør-Odal was paid for 2020 before formservice made its letters: the receipt says
    so instead of showing an empty list."""
    settings = load_settings({"INSTANCE_PATH": str(tmp_path / "instance"), "DEMO_MODE": True})
    initialise(settings, demo=True, demo_history=True)
    app = create_app(settings)
    db = connect(settings["DATABASE"])
    round_id = rounds.round_by_slug(db, "rus-2020")["id"]
    sor_odal = organisations.organisation_by_kommunenummer(db, "3415")
    submission = submissions.submission_for(db, round_id, sor_odal["id"])
    assert submission["state"] == "paid"
    assert documents.documents_for_recipient(db, submission["id"]) == []
    client = log_in(app, "sor-odal")
    for language, said in [("nb", "Ingen dokumenter å vise for denne innsendingen ennå."),
                           ("nn", "Ingen dokument å vise for denne innsendinga enno.")]:  # fmt: skip
        choose_language(client, language, "/kommune/")
        page = client.get(f"/kommune/skjema/{submission['id']}/kvittering")
        assert page.doc.css_first("#no-documents").text().startswith(said)
        assert page.doc.css_first("#documents") is None
