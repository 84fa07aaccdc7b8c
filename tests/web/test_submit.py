"""The whole rusarbeid form through the web, submitted, acknowledged in PDF and by e-mail."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from formservice.documents.jobs import make_document
from formservice.engine import load_directory
from formservice.storage import documents, submissions
from formservice.storage.db import connect
from tests import factories
from tests.helpers.app import csrf_token, log_in
from tests.helpers.forms import fill_every_page, hidden
from tests.helpers.jobs import run_queued_jobs

ROOT = Path(__file__).resolve().parents[2]
RUS = load_directory(ROOT / "form_definitions").get("kommunalt_rusarbeid", 2)
COMPLETE = json.loads((ROOT / "tests/fixtures/answers/rusarbeid-complete.json").read_text("utf-8"))


def _fill_and_submit(client) -> tuple[str, str]:
    """The journey under test: Start, every page filled in and saved, check, submit."""
    home = client.get("/kommune/")
    [start] = [form for form in home.doc.css('form[action$="/start"]')
               if "Kommunalt rusarbeid" in form.css_first("button").text()]  # fmt: skip
    started = client.post(
        start.attributes["action"], data={"csrf_token": hidden(home, "csrf_token")}
    )
    tasks = started.headers["Location"]
    assert "Kommunalt rusarbeid" in client.get(tasks).doc.css_first("h1").text()
    fill_every_page(client, tasks, RUS, COMPLETE)
    check = client.get(tasks + "oppsummering")
    assert "660\u00a0000\u00a0kr" in check.text and "Dette må rettes" not in check.text
    receipt = client.post(
        tasks + "send-inn",
        data={
            "csrf_token": hidden(check, "csrf_token"),
            "base_version": hidden(check, "base_version"),
        },
    )
    assert receipt.status_code == 302 and receipt.headers["Location"].endswith("kvittering")
    return tasks, receipt.headers["Location"]


@pytest.mark.libreoffice
def test_submit_gives_a_reference_an_acknowledgement_pdf_and_a_mail(
    shipped_app, shipped_login, smtp_server
):
    client = shipped_login("lillehammer")
    tasks, receipt_url = _fill_and_submit(client)
    receipt = client.get(receipt_url)
    assert receipt.doc.css_first("#reference").text() == "RUS-2021-0001"

    db = connect(shipped_app.config["DATABASE"])
    submission_id = int(re.search(r"/skjema/(\d+)/", tasks).group(1))
    [document] = documents.documents_of_submission(db, submission_id)
    assert document["kind"] == "kvittering" and document["status"] == "pending"
    assert make_document(dict(shipped_app.config), document["id"]) == "done"

    receipt = client.get(receipt_url).text
    pdf_url = re.search(r'href="([^"]+\.pdf)"', receipt).group(1)
    download = client.get(pdf_url)
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(download.data)).pages)
    assert "Lillehammer kommune" in text and "RUS-2021-0001" in text
    assert "660 000 kr" in text.replace("\u00a0", " ")
    assert b"pdfaid:part" in download.data

    _, _, inbox = smtp_server
    assert inbox.messages == []  # the PDF first: its mail is a job of its own, after it
    assert run_queued_jobs(dict(shipped_app.config)) == [
        "make_document_by_id", "send_document_mails"]  # the submit's job finds it made  # fmt: skip
    mail = inbox.wait_for(lambda m: "RUS-2021-0001" in m["Subject"])
    [attachment] = list(mail.iter_attachments())
    assert attachment.get_filename() == "kvittering-RUS-2021-0001.pdf"
    assert attachment.get_content()[:5] == b"%PDF-"

    other = log_in(shipped_app, "gjovik")
    assert other.get(pdf_url).status_code == 404
    assert other.get(receipt_url).status_code == 404


def test_a_submitted_form_cannot_be_changed_or_submitted_twice(shipped_db, shipped_login):
    submission = factories.create_submission(shipped_db, state="submitted", organisation="3405")
    tasks = f"/kommune/skjema/{submission['id']}/"
    client = shipped_login("lillehammer")
    assert client.get(tasks + "side/om_soker").headers["Location"].endswith("kvittering")
    check = client.get(tasks + "oppsummering")
    assert check.headers["Location"].endswith("kvittering")
    sent = client.post(tasks + "send-inn", data={"csrf_token": csrf_token(client.get("/kommune/").text),
                                                 "base_version": str(submission["current_version"])})  # fmt: skip
    assert sent.status_code == 302 and sent.headers["Location"].endswith("kvittering")
    again = client.get(tasks + "kvittering")
    assert again.doc.css_first("#reference").text() == "RUS-2021-0001"
    assert [v["kind"] for v in submissions.versions(shipped_db, submission["id"])] == ["submit"]


def test_the_acknowledgement_follows_the_organisations_written_standard(demo_db, login):
    draft = factories.create_submission(demo_db, state="draft", organisation="3434")  # Lom: nynorsk
    municipality = login("lom")  # this person reads the pages in bokmål
    token = csrf_token(municipality.get("/kommune/").text)
    municipality.post("/sprak", data={"csrf_token": token, "lang": "nb", "next": "/kommune/"})
    assert "Mine skjema" in municipality.get("/kommune/").text
    sent = municipality.post(f"/kommune/skjema/{draft['id']}/send-inn",
                             data={"csrf_token": token, "base_version": str(draft["current_version"])})  # fmt: skip
    assert sent.status_code == 302 and sent.headers["Location"].endswith("kvittering")
    [acknowledgement] = documents.documents_of_submission(demo_db, draft["id"])
    assert (acknowledgement["kind"], acknowledgement["language"]) == ("kvittering", "nn")
