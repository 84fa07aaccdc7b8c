"""The caseworker's downloads and reminders on the demo round: round export in CSV and XLSX,
the payment list (only what is ready for payment) and reminder mails in the outbox."""

from __future__ import annotations

import csv
import io
import re
from email import message_from_bytes, policy
from pathlib import Path

from openpyxl import load_workbook

from formservice.office.exports import PAYMENT_HEADINGS, ROUND_HEADINGS
from formservice.storage import organisations, submissions, users
from formservice.storage.db import connect
from tests.helpers.app import csrf_token
from tests.helpers.pages import check_page
from tests.web.test_office import _submitted, submit_demo

ROUND = "/saksbehandler/runde/1"


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.data.startswith("\ufeff".encode())  # the BOM Norwegian Excel needs
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))


def _grant(office, submission_id: int, first: str = "220 000") -> None:
    url = f"/saksbehandler/skjema/{submission_id}"
    data = {"csrf_token": csrf_token(office.get(url).text), "outcome": "granted", "granted-0": first,
            "granted-1": "110000", "instalments": "2", "justification-0": "Skjønn"}  # fmt: skip
    assert office.post(url + "/vedtak", data=data).status_code == 302


def test_round_export_in_csv_and_xlsx_with_the_granted_amount(demo_app, login):
    submission_id = submit_demo(login("lillehammer"))
    login("gjovik").get("/kommune/")  # Gjøvik has not started: not in the export
    office = login("saksbehandler")
    _grant(office, submission_id, first="200 000")
    rows = _csv(office.get(ROUND + "/eksport.csv"))
    assert rows[0] == ROUND_HEADINGS
    assert rows[0][:4] == ["Referanse", "Kommune", "Organisasjonsnummer", "Status"]
    [line] = rows[1:]
    record = dict(zip(rows[0], line, strict=True))
    assert record["Kommune"] == "Lillehammer kommune" and record["Status"] == "Innvilget"
    assert record["Søkt beløp"] == "400000" and record["Etter satsene"] == "330000"
    assert record["Innvilget beløp"] == "310000" and record["Antall utbetalinger"] == "2"

    workbook = load_workbook(io.BytesIO(office.get(ROUND + "/eksport.xlsx").data))
    assert workbook.sheetnames == ["Innsendinger", "rader"]
    sheet = workbook["Innsendinger"]
    assert [cell.value for cell in sheet[1]] == ROUND_HEADINGS
    assert (
        sheet.max_row == 2
        and sheet["I2"].value == 310000
        and sheet["B2"].value == "Lillehammer kommune"
    )
    positions = [[cell.value for cell in row] for row in workbook["rader"].iter_rows()]
    assert positions[0][:3] == ["Referanse", "Kommune", "Tittel"]
    assert positions[1][2] == "Rådgiver" and 220000 in positions[1]  # the computed ladder amount
    assert positions[2][2] == "Konsulent" and 110000 in positions[2]
    assert office.get(ROUND + "/eksport.pdf").status_code == 404


def test_payment_list_has_only_what_is_ready_for_payment_and_paid_leaves_it(demo_app, login):
    ready = submit_demo(login("lillehammer"))
    granted_only = submit_demo(login("gjovik"))
    office = login("saksbehandler")
    _grant(office, ready)
    _grant(office, granted_only)
    db = connect(demo_app.config["DATABASE"])
    actor = users.user_by_username(db, "saksbehandler")
    for state in ("letter_sent", "confirmation_received"):  # the letter pipeline's steps
        submissions.change_state(db, ready, state, actor=actor)
    url = f"/saksbehandler/skjema/{ready}"
    page = office.get(url).text
    check_page(page)
    assert "Klar til utbetaling</button>" in page
    assert office.get(ROUND + "/utbetaling.csv").data.decode("utf-8-sig").count("\n") == 1
    assert (
        office.post(
            url + "/status/ready_for_payment", data={"csrf_token": csrf_token(page)}
        ).status_code
        == 302
    )

    organisation = organisations.organisation_by_id(
        db, submissions.submission_by_id(db, ready)["organisation_id"]
    )
    rows = _csv(office.get(ROUND + "/utbetaling.csv"))
    assert rows == [PAYMENT_HEADINGS, [organisation["orgnr"], "Lillehammer kommune", organisation["account_number"],
                                       "330000", "2", submissions.submission_by_id(db, ready)["reference"]]]  # fmt: skip
    sheet = load_workbook(io.BytesIO(office.get(ROUND + "/utbetaling.xlsx").data)).active
    assert [c.value for c in sheet[1]] == PAYMENT_HEADINGS and sheet.max_row == 2
    assert sheet["A2"].value == organisation["orgnr"] and sheet["D2"].value == 330000

    wrong = office.post(
        f"/saksbehandler/skjema/{granted_only}/status/paid", data={"csrf_token": csrf_token(page)}
    )
    assert wrong.status_code == 400 and "cannot move to &#39;paid&#39;" in wrong.text
    assert (
        office.post(url + "/status/paid", data={"csrf_token": csrf_token(page)}).status_code == 302
    )
    assert submissions.submission_by_id(db, ready)["state"] == "paid"
    assert _csv(office.get(ROUND + "/utbetaling.csv")) == [PAYMENT_HEADINGS]


def test_reminders_write_one_mail_per_municipality_without_a_submission(demo_app, login):
    submit_demo(login("lillehammer"))
    office = login("saksbehandler")
    page = office.get(ROUND + "/paminnelser")
    check_page(page.text)
    assert "45 kommuner har ikke sendt inn" in page.text and "Lillehammer kommune" not in page.text
    sent = office.post(ROUND + "/paminnelser", data={"csrf_token": csrf_token(page.text)})
    assert sent.status_code == 302
    check_page(office.get(sent.headers["Location"]).text)
    db = connect(demo_app.config["DATABASE"])
    deadline = db["rounds"].get(1)["deadline"]
    day = ".".join(reversed(deadline.split("-")))  # dd.mm.åååå
    outbox = sorted((Path(demo_app.config["INSTANCE_PATH"]) / "outbox").glob("*.eml"))
    mails = [message_from_bytes(path.read_bytes(), policy=policy.default) for path in outbox]
    assert len(mails) == 45
    recipients = {mail["To"] for mail in mails}
    assert len(recipients) == 45 and "postmottak@lillehammer.kommune.example" not in recipients
    assert "postmottak@gjovik.kommune.example" in recipients
    assert all(day in mail.get_content() and day in mail["Subject"] for mail in mails)
    nynorsk = {o["email"] for o in db["organisations"].rows_where("language = 'nn'")}
    assert len(nynorsk) == 9  # written to in their own written standard
    for mail in mails:
        expected = "Vi har ikkje fått skjemaet" if mail["To"] in nynorsk else "Vi har ikke mottatt"
        assert expected in mail.get_content(), mail["To"]


def test_reminders_mail_every_municipality_that_has_not_submitted(
    shipped_app, shipped_login, smtp_server
):
    _submitted(shipped_login)
    office = shipped_login("saksbehandler")
    overview = re.search(
        r'href="(/saksbehandler/runde/\d+)">Kommunalt', office.get("/saksbehandler/").text
    ).group(1)
    page = office.get(overview + "/paminnelser")
    check_page(page.text)
    assert "45 kommuner har ikke sendt inn" in page.text and "Lillehammer kommune" not in page.text
    assert (
        office.post(
            overview + "/paminnelser", data={"csrf_token": csrf_token(page.text)}
        ).status_code
        == 302
    )
    inbox = smtp_server[2]
    inbox.wait_for(lambda m: "gjovik" in m["To"])
    reminders = [m for m in inbox.messages if m["Subject"].startswith(("Påminnelse", "Påminning"))]
    assert len(reminders) == 45
    deadline = connect(shipped_app.config["DATABASE"])["rounds"].get(2)["deadline"]
    day = ".".join(reversed(deadline.split("-")))
    assert all(day in m.get_content() for m in reminders)
