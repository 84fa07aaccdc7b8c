"""Documents speak for the round's own office: a Vestland round's grant letter carries Vestland's
letterhead (real LibreOffice, the PDF's text read back), with the numbers grouped and typed
template code and markup as plain text; its mail is signed by the office in the recipient's
written standard; an office without a letterhead gets no document, with the reason recorded."""

from __future__ import annotations

from pathlib import Path

import pytest

from formservice.documents import jobs, mails
from formservice.documents.contexts import letter, mail_fields
from formservice.documents.kinds import LETTER_KINDS
from formservice.documents.pdf import pdf_text
from formservice.insight.report import report_context, request_report
from formservice.storage import documents, letters, organisations
from formservice.storage.db import connect
from tests import factories

NBSP = "\u00a0"


def _vestland_submission(db, state: str = "granted", **extra):
    round_row = factories.create_round(db, office="vestland")
    organisation = factories.create_organisation(db, office="vestland", language="nn")
    return factories.create_submission(db, state=state, round=round_row,
                                       organisation=organisation, **extra)  # fmt: skip


@pytest.mark.libreoffice
@pytest.mark.xdist_group("libreoffice")
def test_a_vestland_grant_letter_carries_vestlands_letterhead_and_is_signed_in_nynorsk(shipped_app):
    settings = dict(shipped_app.config)
    db = connect(settings["DATABASE"])
    factories.set_letterhead(db, office="vestland", postal_address="Bygg {{ 7*7 }}\n<b>Testveien</b> 1",
                             orgnr="974760673", phone="12 34 56 78")  # fmt: skip
    submission = _vestland_submission(db, state="letter_made", settings=settings)
    organisation = organisations.organisation_by_id(db, submission["organisation_id"])
    [made] = [d for d in documents.documents_of_submission(db, submission["id"])
              if d["kind"] == "tilskuddsbrev"]  # fmt: skip
    text = pdf_text(Path(settings["INSTANCE_PATH"]) / made["pdf_path"]).replace(NBSP, " ")
    assert "Statsforvaltaren i Vestland" in text
    assert "Postadresse: Bygg {{ 7*7 }}, <b>Testveien</b> 1, 9999 Teststad" in text
    assert "Telefon: 12 34 56 78" in text and "Org.nr. 974 760 673" in text
    assert "post@vestland.test.example" in text and "Bygg 49" not in text
    for innlandet in ("Innlandet", "Lillehammer", "974 762 501", "sfinpost"):
        assert innlandet not in text, innlandet
    orgnr, account = organisation["orgnr"], organisation["account_number"]
    assert f"org.nr. {orgnr[:3]} {orgnr[3:6]} {orgnr[6:]}" in text  # the confirmation page
    assert f"konto {account[:4]} {account[4:6]} {account[6:]}" in text and account not in text
    caseworker = factories.actor(db, "caseworker", office="vestland")
    sent = letters.release_letter(db, submission["id"], LETTER_KINDS, actor=caseworker)
    message = mails.document_message(db, settings, documents.document_by_id(db, sent["id"]))
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert body.rstrip().endswith("Helsing\nStatsforvaltaren i Vestland")
    assert "Innlandet" not in body and "Tilskotsbrev" in message["Subject"]


def test_the_mail_is_signed_in_bokmal_for_a_bokmal_municipality(shipped_app):
    settings = dict(shipped_app.config)
    db = connect(settings["DATABASE"])
    round_row = factories.create_round(db, office="vestland")
    organisation = factories.create_organisation(db, office="vestland", language="nb")
    submission = factories.create_submission(db, state="submitted", round=round_row,
                                             organisation=organisation)  # fmt: skip
    [receipt] = [d for d in documents.documents_of_submission(db, submission["id"])
                 if d["kind"] == "kvittering"]  # fmt: skip
    fields = mail_fields(db, settings, receipt)
    assert fields["office"] == "Statsforvalteren i Vestland"


def test_no_document_is_made_for_an_office_without_a_letterhead(shipped_app):
    settings = dict(shipped_app.config)
    db = connect(settings["DATABASE"])
    submission = _vestland_submission(db)
    document_id = letters.request_letter(db, submission["id"], LETTER_KINDS)
    assert jobs.make_document(settings, document_id) == documents.FAILED
    failed = documents.document_by_id(db, document_id)
    assert failed["error_code"] == documents.LETTERHEAD and failed["pdf_path"] is None
    assert "Statsforvalteren i Vestland has no complete letterhead" in failed["error"]
    assert "formservice office letterhead vestland" in failed["error"]
    assert "e-post for post" in documents.failure_message(failed["error_code"], "nb")
    assert "brevhovud" in documents.failure_message(failed["error_code"], "nn")
    report = request_report(db, settings, submission["round_id"])
    assert jobs.make_document(settings, report) == documents.FAILED
    assert documents.document_by_id(db, report)["error_code"] == documents.LETTERHEAD
    vestland = factories.office_row(db, "vestland")["id"]
    waiting = [row["id"] for row in documents.waiting_for_letterhead(db, vestland)]
    assert waiting == [document_id, report]
    assert documents.waiting_for_letterhead(db, factories.office_row(db, "innlandet")["id"]) == []


def test_the_report_and_letter_contexts_name_the_rounds_office(shipped_app):
    settings = dict(shipped_app.config)
    db = connect(settings["DATABASE"])
    factories.set_letterhead(db, office="vestland")
    submission = _vestland_submission(db)
    document = factories.create_document(db, submission=submission)
    office = letter(db, settings, document)["office"]
    assert (
        office["name"] == "Statsforvaltaren i Vestland"
        and office["address"] == "Testveien 1, 9999 Teststad"
    )
    report = documents.document_by_id(db, request_report(db, settings, submission["round_id"]))
    assert report_context(db, settings, report)["office"]["email"] == "post@vestland.test.example"
