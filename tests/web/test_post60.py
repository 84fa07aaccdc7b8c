"""Post 60 end to end: a submission of the adults' and of the children's form through the
overview, the decision page (positions and other costs), the export and the grant letter, whose
text (read back from the PDF that real LibreOffice made) carries the scheme's own terms."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from pypdf import PdfReader

from formservice.documents.jobs import make_document
from formservice.storage import decisions, documents
from tests import factories
from tests.factories import ROOT
from tests.helpers.app import csrf_token
from tests.helpers.pages import check_page

ANSWERS = {
    "vls-2021": json.loads((ROOT / "tests/fixtures/answers/voksne-complete.json").read_text("utf-8")),
    "buo-2021": json.loads((ROOT / "tests/fixtures/answers/barn-unge-complete.json").read_text("utf-8")),
}  # fmt: skip
PRESERVED = ["Sykepleier: 100 % stilling – 700 000 kr", "Kurs og veiledning – 50 000 kr"]
TERMS = {
    "nb": ["Ordningen dekker også andre kostnader enn stillinger.", "revisorattestert regnskap",
           "innen 15.03.2022", "Tilskuddsmottakeren må melde fra", "ikke et enkeltvedtak",
           "Tilskuddet gjelder disse stillingene og kostnadene:"],
    "nn": ["Ordninga dekkjer også andre kostnader enn stillingar.", "revisorattestert rekneskap",
           "innan 15.03.2022", "Tilskotsmottakaren må melde frå", "ikkje eit enkeltvedtak",
           "Tilskotet gjeld desse stillingane og kostnadene:"],
}  # fmt: skip
POST_62_ONLY = ["bare brukes til lønn", "berre brukast til løn", "seks satsingsområd",
                "01.02.2022"]  # fmt: skip


def _pdf_text(client, page: str, document_id: int) -> str:
    url = re.search(rf'href="([^"]+dokument/{document_id}\.pdf)"', page).group(1)
    reader = PdfReader(io.BytesIO(client.get(url).data))
    return " ".join(" ".join(p.extract_text().split()) for p in reader.pages).replace("\u00a0", " ")


@pytest.mark.libreoffice
@pytest.mark.xdist_group("libreoffice")
@pytest.mark.parametrize(
    ("slug", "kommune", "language"), [("vls-2021", "3407", "nb"), ("buo-2021", "3434", "nn")]
)
def test_a_post_60_form_through_overview_decision_export_and_letter(
    shipped_app, shipped_db, shipped_login, slug, kommune, language
):
    db = shipped_db
    submitted = factories.create_submission(db, state="submitted", round=slug,
                                            organisation=kommune, answers=ANSWERS[slug])  # fmt: skip
    submission_id, round_id = submitted["id"], submitted["round_id"]
    office = shipped_login("saksbehandler")
    overview = office.get(f"/saksbehandler/runde/{round_id}").text
    check_page(overview)
    row = re.search(r'<tr>\s*<th scope="row"><a[^>]*>[^<]*</a>.*?</tr>', overview, re.S).group(0)
    assert row.count("750\u00a0000\u00a0kr") == 2  # applied, and what the lines add up to
    export = office.get(f"/saksbehandler/runde/{round_id}/eksport.csv").data.decode("utf-8-sig")
    [record] = list(csv.DictReader(io.StringIO(export), delimiter=";"))
    assert record["Søkt beløp"] == "750000" and record["Etter satsene"] == "750000"

    url = f"/saksbehandler/skjema/{submission_id}"
    page = office.get(url).text
    check_page(page)
    assert "Søkt beløp: <strong>750\u00a0000\u00a0kr</strong>" in page
    assert "Samlet for stillinger og kostnader: <strong>750\u00a0000\u00a0kr</strong>" in page
    assert 'value="700\u00a0000"' in page and 'value="50\u00a0000"' in page
    assert "Kurs og veiledning (kostnad)" in page
    token = csrf_token(page)
    refused = office.post(url + "/vedtak", data={"csrf_token": token, "outcome": "granted",
                          "granted-0": "700000", "granted-1": "40000", "instalments": "1"})  # fmt: skip
    assert refused.status_code == 400 and "Begrunn hvorfor Kurs og veiledning" in refused.text
    decided = office.post(url + "/vedtak", data={"csrf_token": token, "outcome": "granted",
                          "granted-0": "700 000", "granted-1": "50 000", "instalments": "1"})  # fmt: skip
    assert decided.status_code == 302
    decision = decisions.current_decision(db, submission_id)
    assert decision["total"] == "750000"
    assert [p["kind"] for p in decision["positions"]] == ["position", "cost"]

    office.post(url + "/brev", data={"csrf_token": token})
    [letter] = [d for d in documents.documents_of_submission(db, submission_id)
                if d["kind"] == "tilskuddsbrev"]  # fmt: skip
    assert letter["language"] == language
    assert make_document(dict(shipped_app.config), letter["id"]) == "done"
    text = _pdf_text(office, office.get(url).text, letter["id"])
    assert "750 000 kr" in text
    for expected in TERMS[language]:
        assert expected in text, expected
    for line in PRESERVED:  # the same words in both standards
        assert line in text, line
    for wrong in POST_62_ONLY:
        assert wrong not in text, wrong
