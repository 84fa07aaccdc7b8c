"""The whole rusarbeid form through the web, submitted, acknowledged in PDF and by e-mail."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from werkzeug.datastructures import MultiDict

from formservice.documents.jobs import make_document
from formservice.engine import load_directory
from formservice.storage import documents
from formservice.storage.db import connect
from formservice.web.filling import posted_pairs
from tests.helpers.app import csrf_token
from tests.helpers.pages import check_page

ROOT = Path(__file__).resolve().parents[2]
RUS = load_directory(ROOT / "form_definitions").get("kommunalt_rusarbeid", 1)
COMPLETE = json.loads((ROOT / "tests/fixtures/answers/rusarbeid-complete.json").read_text("utf-8"))


def _fill_and_submit(client) -> tuple[str, str]:
    home = client.get("/kommune/").text
    check_page(home)
    action = re.search(
        r'action="(/kommune/runde/\d+/start)"[^>]*>\s*<input[^>]*>\s*<button[^>]*>Start<span class="visually-hidden"> – Kommunalt',
        home,
    )
    action = action or re.search(r'action="(/kommune/runde/\d+/start)"', home)
    tasks = client.post(action.group(1), data={"csrf_token": csrf_token(home)}).headers["Location"]
    assert "Kommunalt rusarbeid" in client.get(tasks).text
    for page in RUS.pages:
        url = f"{tasks}side/{page.id}"
        shown = client.get(url)
        if shown.status_code == 302:  # a page the answers hide
            continue
        base = re.search(r'name="base_version" value="(\d+)"', shown.text).group(1)
        data = [*posted_pairs(page, COMPLETE), ("csrf_token", csrf_token(shown.text)),
                ("base_version", base), ("action", "next")]  # fmt: skip
        response = client.post(url, data=MultiDict(data))
        assert response.status_code == 302, re.findall(
            r'class="field-error"[^>]*>(.*?)</p>', response.text
        )
    check = client.get(tasks + "oppsummering")
    check_page(check.text)
    assert "660\u00a0000\u00a0kr" in check.text and "Dette må rettes" not in check.text
    base = re.search(r'name="base_version" value="(\d+)"', check.text).group(1)
    receipt = client.post(
        tasks + "send-inn", data={"csrf_token": csrf_token(check.text), "base_version": base}
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
    check_page(receipt.text)
    assert 'id="reference">RUS-2021-0001<' in receipt.text

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
    mail = inbox.wait_for(lambda m: "RUS-2021-0001" in m["Subject"])
    [attachment] = list(mail.iter_attachments())
    assert attachment.get_filename() == "kvittering-RUS-2021-0001.pdf"
    assert attachment.get_content()[:5] == b"%PDF-"

    other = shipped_app.test_client()
    page = other.get("/logg-inn")
    other.post(
        "/logg-inn",
        data={"csrf_token": csrf_token(page.text), "username": "gjovik", "password": "demo"},
    )
    assert other.get(pdf_url).status_code == 404
    assert other.get(receipt_url).status_code == 404


def test_a_submitted_form_cannot_be_changed_or_submitted_twice(shipped_login):
    client = shipped_login("lillehammer")
    tasks, receipt_url = _fill_and_submit(client)
    assert client.get(tasks + "side/om_soker").headers["Location"].endswith("kvittering")
    again = client.get(receipt_url)
    assert "RUS-2021-0001" in again.text
