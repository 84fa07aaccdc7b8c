"""One way to make a document: letters made by ``formservice letters`` are the same files the web
makes and sends; the mail carries the fillable confirmation, read back from a real SMTP server."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from formservice.documents import jobs
from formservice.documents.kinds import kind
from formservice.documents.pdf import pdf_text, read_confirmation_fields
from formservice.storage import documents, submissions
from formservice.storage.db import connect
from tests.helpers.app import csrf_token
from tests.helpers.letters import decided, orgnr_of

ROOT = Path(__file__).resolve().parents[2]
FORMSERVICE = str(Path(sys.executable).parent / "formservice")


@pytest.mark.libreoffice
@pytest.mark.xdist_group("libreoffice")
def test_a_letter_made_by_the_cli_is_sent_from_the_web_with_its_fillable_form(
    shipped_app, shipped_login, smtp_server
):
    settings = dict(shipped_app.config)
    submission_id = decided(settings, name="Prøvekommune", number=7)
    env = {**os.environ, "FORMSERVICE_INSTANCE_PATH": settings["INSTANCE_PATH"]}
    made = subprocess.run([FORMSERVICE, "letters", "rus-2021"], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=600, check=False)  # fmt: skip
    assert made.returncode == 0, made.stderr
    db = connect(settings["DATABASE"])
    [letter] = [d for d in documents.documents_of_submission(db, submission_id)
                if d["kind"] == "tilskuddsbrev"]  # fmt: skip
    folder = Path(settings["INSTANCE_PATH"]).resolve() / "documents" / str(submission_id)
    names = kind("tilskuddsbrev").files(letter["id"])
    assert sorted(p.name for p in folder.iterdir() if "tilskuddsbrev" in p.name) == sorted(
        [
            names.docx,
            names.pdf,
            names.companions["bekreftelse"],
            names.confirmation_pdf,
            names.fillable_pdf,
        ]
    )  # fmt: skip  -- the names the web's own jobs give

    office = shipped_login("saksbehandler")
    url = f"/saksbehandler/skjema/{submission_id}"
    sent = office.post(url + "/send", data={"csrf_token": csrf_token(office.get(url).text)})
    assert sent.status_code == 302
    reference = submissions.submission_by_id(db, submission_id)["reference"]
    mail = smtp_server.inbox.wait_for(lambda m: reference in m["Subject"])
    attachments = {a.get_filename(): a.get_content() for a in mail.iter_attachments()}
    assert set(attachments) == {f"tilskuddsbrev-{reference}.pdf",
                                f"bekreftelse-{reference}-utfyllbar.pdf"}  # fmt: skip
    fields = read_confirmation_fields(attachments[f"bekreftelse-{reference}-utfyllbar.pdf"])
    assert fields["orgnr"] == orgnr_of(7) and fields["kontonr"] == "99990000007"
    assert fields["godtar"] == "/Off" and fields["navn"] == ""
    letter_pdf = folder / "mailed.pdf"
    letter_pdf.write_bytes(attachments[f"tilskuddsbrev-{reference}.pdf"])
    text = pdf_text(letter_pdf).replace("\u00a0", " ")
    assert "Prøvekommune" in text and "880 000 kr" in text and reference in text


@pytest.mark.libreoffice
@pytest.mark.xdist_group("libreoffice")
def test_a_job_and_a_batch_make_the_same_files(shipped_app, tmp_path):
    settings = dict(shipped_app.config)
    by_job = decided(settings, name="Jobbkommune", number=8)
    db = connect(settings["DATABASE"])
    from formservice.documents.kinds import LETTER_KINDS
    from formservice.storage.letters import request_letter

    document_id = request_letter(db, by_job, LETTER_KINDS)
    assert jobs.make_document(settings, document_id) == "done"
    folder = Path(settings["INSTANCE_PATH"]).resolve() / "documents" / str(by_job)
    names = kind("tilskuddsbrev").files(document_id)
    assert sorted(p.name for p in folder.iterdir() if "tilskuddsbrev" in p.name) == sorted(
        [names.docx, names.pdf, names.companions["bekreftelse"], names.confirmation_pdf,
         names.fillable_pdf])  # fmt: skip
    assert jobs.make_document(settings, document_id) == "skipped"  # made once, not twice
