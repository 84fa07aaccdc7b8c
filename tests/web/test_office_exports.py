"""The caseworker's downloads and reminders on the demo round: round export in CSV and XLSX,
the payment list (only what is ready for payment) and reminder mails in the outbox."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from email import message_from_bytes, policy
from pathlib import Path

from openpyxl import load_workbook

from formservice.office.exports import PAYMENT_HEADINGS, ROUND_HEADINGS
from formservice.storage import organisations, rounds, submissions
from tests import factories
from tests.helpers.app import csrf_token
from tests.helpers.language import choose_language, wrong_language_words

ROUND = "/saksbehandler/runde/1"


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.data.startswith("\ufeff".encode())  # the BOM Norwegian Excel needs
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))


def _grant(first: int = 220000) -> dict:
    """Rådgiver granted ``first`` (justified), Konsulent the ladder's 110 000, in two payments."""
    positions = [{"title": "Rådgiver", "percent": Decimal(50), "year": 3, "suggested": Decimal(220000),
                  "granted": Decimal(first), "justification": "Skjønn"},
                 {"title": "Konsulent", "percent": Decimal(20), "year": 2, "suggested": Decimal(110000),
                  "granted": Decimal(110000), "justification": ""}]  # fmt: skip
    return {"positions": positions, "instalments": 2}


def test_round_export_in_csv_and_xlsx_with_the_granted_amount(demo_db, login):
    factories.create_submission(
        demo_db, state="granted", organisation="3405", decision=_grant(200000)
    )
    login("gjovik").get("/kommune/")  # Gjøvik has not started: not in the export
    office = login("saksbehandler")
    rows = _csv(office.get(ROUND + "/eksport.csv"))
    assert rows[0] == ROUND_HEADINGS["nb"]
    assert rows[0][:4] == ["Referanse", "Kommune", "Organisasjonsnummer", "Status"]
    [line] = rows[1:]
    record = dict(zip(rows[0], line, strict=True))
    assert record["Kommune"] == "Lillehammer kommune" and record["Status"] == "Innvilget"
    assert record["Søkt beløp"] == "400000" and record["Etter satsene"] == "330000"
    assert record["Innvilget beløp"] == "310000" and record["Antall utbetalinger"] == "2"

    workbook = load_workbook(io.BytesIO(office.get(ROUND + "/eksport.xlsx").data))
    assert workbook.sheetnames == ["Innsendinger", "rader"]
    sheet = workbook["Innsendinger"]
    assert [cell.value for cell in sheet[1]] == ROUND_HEADINGS["nb"]
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


def test_a_nynorsk_caseworker_gets_every_spreadsheet_in_nynorsk(demo_db, login):
    factories.create_submission(demo_db, state="ready_for_payment", organisation="3405",
                                decision=_grant(200000))  # fmt: skip
    office = login("saksbehandler")
    choose_language(office, "nn", ROUND)
    rows = _csv(office.get(ROUND + "/eksport.csv"))
    assert rows[0] == ROUND_HEADINGS["nn"]
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["Innvilga beløp"] == "310000" and record["Talet på utbetalingar"] == "2"
    assert record["Vedtak"] == "Innvilga" and record["Etter satsane"] == "330000"
    workbook = load_workbook(io.BytesIO(office.get(ROUND + "/eksport.xlsx").data))
    assert workbook.sheetnames == ["Innsendingar", "rader"]
    assert [c.value for c in workbook["Innsendingar"][1]] == ROUND_HEADINGS["nn"]
    assert [c.value for c in workbook["rader"][1]][:3] == ["Referanse", "Kommune", "Tittel"]
    payments = _csv(office.get(ROUND + "/utbetaling.csv"))
    assert payments[0] == PAYMENT_HEADINGS["nn"] and len(payments) == 2
    sheet = load_workbook(io.BytesIO(office.get(ROUND + "/utbetaling.xlsx").data)).active
    assert [c.value for c in sheet[1]] == PAYMENT_HEADINGS["nn"]
    texts = " ".join([*rows[0], *rows[1], *payments[0]])
    assert wrong_language_words(texts, "nn") == [], texts


def test_payment_list_has_only_what_is_ready_for_payment_and_paid_leaves_it(demo_db, login):
    db = demo_db
    ready = factories.create_submission(db, state="confirmation_received", organisation="3405",
                                        decision=_grant())["id"]  # fmt: skip
    granted_only = factories.create_submission(db, state="granted", organisation="3407",
                                               decision=_grant())["id"]  # fmt: skip
    office = login("saksbehandler")
    url = f"/saksbehandler/skjema/{ready}"
    page = office.get(url).text
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
    assert rows == [PAYMENT_HEADINGS["nb"], [organisation["orgnr"], "Lillehammer kommune", organisation["account_number"],
                                       "330000", "2", submissions.submission_by_id(db, ready)["reference"]]]  # fmt: skip
    sheet = load_workbook(io.BytesIO(office.get(ROUND + "/utbetaling.xlsx").data)).active
    assert [c.value for c in sheet[1]] == PAYMENT_HEADINGS["nb"] and sheet.max_row == 2
    assert sheet["A2"].value == organisation["orgnr"] and sheet["D2"].value == 330000

    wrong = office.post(
        f"/saksbehandler/skjema/{granted_only}/status/paid", data={"csrf_token": csrf_token(page)}
    )
    assert wrong.status_code == 400 and "cannot move" not in wrong.text  # no English
    assert "Skjemaet kan ikke gå fra «Innvilget» til «Utbetalt»." in wrong.text
    assert (
        office.post(url + "/status/paid", data={"csrf_token": csrf_token(page)}).status_code == 302
    )
    assert submissions.submission_by_id(db, ready)["state"] == "paid"
    assert _csv(office.get(ROUND + "/utbetaling.csv")) == [PAYMENT_HEADINGS["nb"]]


def test_reminders_write_one_mail_per_municipality_without_a_submission(demo_app, demo_db, login):
    db = demo_db
    factories.create_submission(db, state="submitted", organisation="3405")
    office = login("saksbehandler")
    page = office.get(ROUND + "/paminnelser")
    assert "45 kommuner har ikke sendt inn" in page.text and "Lillehammer kommune" not in page.text
    sent = office.post(ROUND + "/paminnelser", data={"csrf_token": csrf_token(page.text)})
    assert sent.status_code == 302
    assert office.get(sent.headers["Location"]).status_code == 200  # the page, checked
    deadline = rounds.round_by_id(db, 1)["deadline"]
    day = ".".join(reversed(deadline.split("-")))  # dd.mm.åååå
    outbox = sorted((Path(demo_app.config["INSTANCE_PATH"]) / "outbox").glob("*.eml"))
    mails = [message_from_bytes(path.read_bytes(), policy=policy.default) for path in outbox]
    assert len(mails) == 45
    recipients = {mail["To"] for mail in mails}
    assert len(recipients) == 45 and "postmottak@lillehammer.kommune.example" not in recipients
    assert "postmottak@gjovik.kommune.example" in recipients
    assert all(day in mail.get_content() and day in mail["Subject"] for mail in mails)
    nynorsk = {o["email"] for o in organisations.organisations_in_county(db, "34")
               if o["language"] == "nn"}  # fmt: skip
    assert len(nynorsk) == 9  # written to in their own written standard
    for mail in mails:
        expected = "Vi har ikkje fått skjemaet" if mail["To"] in nynorsk else "Vi har ikke mottatt"
        assert expected in mail.get_content(), mail["To"]
        signed = ("Helsing\nStatsforvaltaren i Innlandet" if mail["To"] in nynorsk
                  else "Hilsen\nStatsforvalteren i Innlandet")  # the round's office  # fmt: skip
        assert mail.get_content().rstrip().endswith(signed), mail["To"]


def test_reminders_mail_every_municipality_that_has_not_submitted(
    shipped_db, shipped_login, smtp_server
):
    submission = factories.create_submission(shipped_db, state="submitted", organisation="3405")
    office = shipped_login("saksbehandler")
    overview = f"/saksbehandler/runde/{submission['round_id']}"
    page = office.get(overview + "/paminnelser")
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
    deadline = rounds.round_by_id(shipped_db, submission["round_id"])["deadline"]
    day = ".".join(reversed(deadline.split("-")))
    assert all(day in m.get_content() for m in reminders)
