"""From decision to payment: letter sent with the fillable form, confirmation uploaded, payment list."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from formservice.documents.jobs import make_document
from formservice.documents.pdf import fill_fields
from formservice.storage import documents, submissions
from tests import factories
from tests.helpers.app import csrf_token

pytestmark = [pytest.mark.libreoffice, pytest.mark.xdist_group("libreoffice")]


def test_grant_letter_confirmation_and_payment_list(
    shipped_app, shipped_db, shipped_login, smtp_server, tmp_path
):
    db = shipped_db
    submitted = factories.create_submission(db, state="submitted", organisation="3405")
    submission_id = submitted["id"]
    receipt = f"/kommune/skjema/{submission_id}/kvittering"
    office = shipped_login("saksbehandler")
    url = f"/saksbehandler/skjema/{submission_id}"
    token = csrf_token(office.get(url).text)
    office.post(url + "/vedtak", data={"csrf_token": token, "outcome": "granted", "granted-0": "660000",
                                      "granted-1": "220000", "instalments": "2"})  # fmt: skip
    office.post(url + "/brev", data={"csrf_token": token})
    for document in documents.pending_documents(db, submission_id):
        assert make_document(dict(shipped_app.config), document["id"]) == "done"
    assert office.post(url + "/send", data={"csrf_token": token}).status_code == 302
    assert submissions.submission_by_id(db, submission_id)["state"] == "letter_sent"
    mail = smtp_server[2].wait_for(lambda m: m["Subject"].startswith("Tilskuddsbrev"))
    fillable = next(a for a in mail.iter_attachments() if "utfyllbar" in a.get_filename())

    municipality = shipped_login("lillehammer")
    page = municipality.get(receipt)
    assert "Bekreft tilskuddet" in page.text
    blank = tmp_path / "blank.pdf"
    blank.write_bytes(fillable.get_content())
    wrong = tmp_path / "feil.pdf"
    fill_fields(blank, wrong, {"kontonr": "12345678903", "navn": "Kari Demo", "godtar": "/Yes"})
    refused = municipality.post(receipt.replace("kvittering", "bekreftelse"), content_type="multipart/form-data",
                                data={"csrf_token": csrf_token(page.text), "bekreftelse": (io.BytesIO(wrong.read_bytes()), "b.pdf")})  # fmt: skip
    assert refused.status_code == 400 and "kontonummeret stemmer ikke" in refused.text
    signed = tmp_path / "signert.pdf"
    fill_fields(
        blank,
        signed,
        {"navn": "Kari Demo", "tittel": "Kommunedirektør", "dato": "05.03.2021", "godtar": "/Yes"},
    )
    accepted = municipality.post(receipt.replace("kvittering", "bekreftelse"), content_type="multipart/form-data",
                                 data={"csrf_token": csrf_token(page.text), "bekreftelse": (io.BytesIO(signed.read_bytes()), "b.pdf")})  # fmt: skip
    assert accepted.status_code == 302
    assert submissions.submission_by_id(db, submission_id)["state"] == "confirmation_received"

    [attachment] = [a.attributes["href"] for a in office.get(url).doc.css('a[href*="/vedlegg/"]')
                    if a.text() == "b.pdf"]  # fmt: skip
    assert (
        office.get(attachment).data == signed.read_bytes()
    )  # the caseworker opens the signed form
    office.post(url + "/status/ready_for_payment", data={"csrf_token": token})
    overview = f"/saksbehandler/runde/{submitted['round_id']}"
    rows = list(
        csv.reader(
            io.StringIO(office.get(overview + "/utbetaling.csv").data.decode("utf-8-sig")),
            delimiter=";",
        )
    )
    assert rows[0] == [
        "Organisasjonsnummer",
        "Kommune",
        "Kontonummer",
        "Beløp",
        "Antall utbetalinger",
        "Referanse",
    ]
    assert rows[1] == [
        "993405000",
        "Lillehammer kommune",
        "99993405007",
        "880000",
        "2",
        "RUS-2021-0001",
    ]
    workbook = load_workbook(io.BytesIO(office.get(overview + "/eksport.xlsx").data))
    assert workbook.sheetnames[0] == "Innsendinger" and "stillinger" in workbook.sheetnames
    assert workbook["stillinger"]["C2"].value == "Ruskonsulent"
    office.post(url + "/status/paid", data={"csrf_token": token})
    assert submissions.submission_by_id(db, submission_id)["state"] == "paid"
