"""The hand-over end to end: a submission with an attachment, acknowledged, granted, letter sent,
confirmation uploaded; packages valid against the official schema, every file with its checksum,
and a second export sending only what is new. Real SQLite, real LibreOffice, the real CLI."""

from __future__ import annotations

import hashlib
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfWriter

from formservice.archive.arkivmelding import NS, validate
from formservice.archive.export import export
from formservice.cli import main
from formservice.config import load_settings
from formservice.documents.jobs import make_document
from formservice.documents.kinds import LETTER_KINDS, kind
from formservice.documents.pdf import fill_fields
from formservice.storage import confirmations, documents, handovers, submissions
from formservice.storage.attachments import store_attachment
from formservice.storage.db import connect
from formservice.storage.letters import release_letter
from formservice.storage.organisations import organisation_by_kommunenummer
from formservice.storage.rounds import round_by_slug
from formservice.storage.users import user_by_username
from tests import factories

pytestmark = [pytest.mark.libreoffice, pytest.mark.xdist_group("libreoffice")]
ROOT = Path(__file__).resolve().parents[2]
ANSWERS = json.loads((ROOT / "tests/fixtures/answers/voksne-complete.json").read_text("utf-8"))
HOSTILE_NAME = 'Kari <b>"Demo"</b> & Co ]]> \x07'


@pytest.fixture
def settings(tmp_path, templates) -> dict:
    """An instance with the shipped forms and demo data (a copy of the session's template)."""
    return load_settings(templates.instance("shipped", tmp_path / "instance"))


def _plain_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _make_pending(settings: dict, db, submission_id: int) -> None:
    for document in documents.pending_documents(db, submission_id):
        assert make_document(settings, document["id"]) == "done"


def submitted_with_attachment(settings: dict, *, kommunenummer: str = "3405") -> int:
    """A submitted adults' scheme form with its audited accounts attached, acknowledged."""
    db = connect(settings["DATABASE"])
    organisation = organisation_by_kommunenummer(db, kommunenummer)
    user = user_by_username(db, "lillehammer")
    submission = submissions.start_submission(db, round_row=round_by_slug(db, "vls-2021"),
                                              organisation_id=organisation["id"], actor=user)  # fmt: skip
    content = _plain_pdf()
    attachment = store_attachment(db, Path(settings["INSTANCE_PATH"]), submission_id=submission["id"],
                                  field_path="revisor_regnskap", display_name='Regnskap "2020" <b>.pdf',
                                  content=content, sha256=hashlib.sha256(content).hexdigest(),
                                  uploaded_by=user["id"])  # fmt: skip
    submissions.submit(db, submission["id"], base_version=0, actor=user, reference_prefix="VLS",
                       year=2021, language="nb", answers={**ANSWERS, "revisor_regnskap": attachment})  # fmt: skip
    _make_pending(settings, db, submission["id"])
    return submission["id"]


def granted_sent_and_confirmed(settings: dict, submission_id: int, tmp_path: Path) -> None:
    """Granted, grant letter made and sent, the signed fillable confirmation uploaded."""
    db = connect(settings["DATABASE"])
    caseworker = user_by_username(db, "saksbehandler")
    submission = submissions.submission_by_id(db, submission_id)
    factories.create_decision(db, submission=submission, total=Decimal("500000"))
    letter_id = factories.create_document(db, submission=submission, settings=settings)["id"]
    release_letter(db, submission_id, LETTER_KINDS, actor=caseworker)
    letter_pdf = (
        Path(settings["INSTANCE_PATH"]).resolve()
        / documents.document_by_id(db, letter_id)["pdf_path"]
    )
    signed = tmp_path / "signert.pdf"
    fill_fields(
        letter_pdf.with_name(kind("tilskuddsbrev").files(letter_id).fillable_pdf),
        signed,
        {"navn": HOSTILE_NAME, "tittel": "Rådmann", "godtar": "/Yes"},
    )
    user = user_by_username(db, "lillehammer")
    content = signed.read_bytes()
    stored = store_attachment(db, Path(settings["INSTANCE_PATH"]), submission_id=submission_id,
                              field_path="bekreftelse", display_name="signert.pdf", content=content,
                              sha256=hashlib.sha256(content).hexdigest(), uploaded_by=user["id"])  # fmt: skip
    confirmations.record_confirmation(db, submission_id, actor=user, how="upload", name=HOSTILE_NAME,
                                      title="Rådmann", attachment_id=stored["id"])  # fmt: skip


def _message(folder: Path) -> etree._Element:
    message = etree.parse(str(folder / "arkivmelding.xml")).getroot()
    assert validate(message) == []
    return message


def _files_match(folder: Path, message: etree._Element) -> list[str]:
    """Every dokumentobjekt's file is in the package with the stated checksum and size."""
    names = []
    for obj in message.iter(f"{{{NS}}}dokumentobjekt"):
        name = obj.findtext(f"{{{NS}}}referanseDokumentfil")
        content = (folder / name).read_bytes()
        assert obj.findtext(f"{{{NS}}}sjekksum") == hashlib.sha256(content).hexdigest()
        assert obj.findtext(f"{{{NS}}}sjekksumAlgoritme") == "SHA-256"
        assert obj.findtext(f"{{{NS}}}filstoerrelse") == str(len(content))
        names.append(name)
    assert int(message.findtext(f"{{{NS}}}antallFiler")) == len(names)
    assert sorted(p.name for p in folder.iterdir()) == sorted([*names, "arkivmelding.xml"])
    return names


def _entries(message: etree._Element) -> list[tuple[str, str]]:
    return [(e.findtext(f"{{{NS}}}journalposttype"), e.find(f"{{{NS}}}referanseEksternNoekkel")
             .findtext(f"{{{NS}}}noekkel")) for e in message.iter(f"{{{NS}}}registrering")]  # fmt: skip


def test_a_decided_submission_is_handed_over_once_and_then_only_what_is_new(settings, tmp_path):
    submission_id = submitted_with_attachment(settings)
    db = connect(settings["DATABASE"])
    instance, out = Path(settings["INSTANCE_PATH"]), tmp_path / "arkiv"

    [first] = export(db, instance, "vls-2021", out, actor="test")
    message = _message(first.folder)
    assert _entries(message) == [("I", "VLS-2021-0001/soknad/1")]
    names = _files_match(first.folder, message)
    assert names == ["kvittering-1.pdf", next(n for n in names if n.startswith("vedlegg-"))]
    formats = [(o.findtext(f"{{{NS}}}format"), o.findtext(f"{{{NS}}}formatDetaljer"))
               for o in message.iter(f"{{{NS}}}dokumentobjekt")]  # fmt: skip
    assert formats == [("RA-PDF", "PDF/A-2b"), ("PDF", "PDF (ikke PDF/A)")]
    titles = [t.text for t in message.iter(f"{{{NS}}}tittel")]
    assert 'Regnskap "2020" <b>.pdf' in titles  # the user's file name is text, not markup

    assert export(db, instance, "VLS-2021-0001", out, actor="test") == []  # nothing new
    granted_sent_and_confirmed(settings, submission_id, tmp_path)
    [second] = export(db, instance, "VLS-2021-0001", out, actor="test")
    message = _message(second.folder)
    letter, confirmation = _entries(message)
    assert letter[0] == "U" and letter[1].startswith("VLS-2021-0001/brev/")
    assert confirmation[0] == "I" and confirmation[1].startswith("VLS-2021-0001/bekreftelse/")
    names = _files_match(second.folder, message)
    assert [n.split("-")[0] for n in names] == [
        "tilskuddsbrev",
        "bekreftelsesskjema",
        "bekreftelse",
    ]
    folder_keys = {m.findtext(f"{{{NS}}}referanseEksternNoekkel/{{{NS}}}noekkel")
                   for m in (_message(first.folder), message) for m in m.iter(f"{{{NS}}}mappe")}  # fmt: skip
    assert folder_keys == {"VLS-2021-0001"}  # the same case folder both times
    assert HOSTILE_NAME.replace("\x07", "") in message.findtext(f".//{{{NS}}}beskrivelse")

    packages = handovers.packages_of_submission(db, submission_id)
    assert [len(p["entries"]) for p in packages] == [1, 2]
    assert packages[1]["entries"][0]["files"] == names[:2]
    assert export(db, instance, "vls-2021", out, actor="test") == []


def test_the_command_writes_packages_and_refuses_nonsense_in_one_line(
    settings, tmp_path, monkeypatch, capsys
):
    submitted_with_attachment(settings)
    monkeypatch.setenv("FORMSERVICE_INSTANCE_PATH", settings["INSTANCE_PATH"])
    out = tmp_path / "ut"
    assert main(["archive", "export", "vls-2021", "--out", str(out)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert (
        printed[-1] == "1 packages written"
        and (out / "VLS-2021-0001-1" / "arkivmelding.xml").is_file()
    )
    assert main(["archive", "export", "VLS-2021-0001", "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == "nothing new to hand over"
    assert main(["archive", "export", "<script>", "--out", str(out)]) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "no round or reference" in error
    (tmp_path / "fil").write_text("x")
    assert main(["archive", "export", "vls-2021", "--out", str(tmp_path / "fil")]) == 1
    assert "not a directory" in capsys.readouterr().err


def test_the_caseworker_sees_what_was_handed_over_and_when(settings, tmp_path):
    from formservice.web import create_app
    from tests.helpers.app import csrf_token, log_in

    submission_id = submitted_with_attachment(settings)
    client = log_in(create_app(settings), "saksbehandler")
    url = f"/saksbehandler/skjema/{submission_id}"
    before = client.get(url).text  # the checked client checks every page
    assert "Ingenting er overlevert til arkivet ennå" in before and 'id="handovers"' not in before
    db = connect(settings["DATABASE"])
    export(db, Path(settings["INSTANCE_PATH"]), "vls-2021", tmp_path / "arkiv", actor="test")
    after = client.get(url).text
    table = after[
        after.index('id="handovers"') : after.index("</table>", after.index('id="handovers"'))
    ]
    assert (
        "Søknad og rapport: Tilbud til voksne" in table
        and "<td>2</td>" in table
        and "test" in table
    )
    client.post("/sprak", data={"csrf_token": csrf_token(after), "lang": "nn", "next": url})
    assert "Pakkar med arkivmelding (Noark 5) laga for denne saka" in client.get(url).text


def test_a_confirmation_given_in_formservice_is_an_entry_without_a_file_and_unmade_files_wait(
    settings, tmp_path
):
    """Documents not made yet are left for a later export; a web confirmation says who confirmed."""
    db = connect(settings["DATABASE"])
    submission = factories.create_submission(db, state="letter_sent", round="vls-2021",
                                             organisation="3405")  # fmt: skip
    confirmations.record_confirmation(db, submission["id"], actor=user_by_username(db, "lillehammer"),
                                      how="web", name=HOSTILE_NAME, title="Rådmann")  # fmt: skip
    instance = Path(settings["INSTANCE_PATH"])
    [package] = export(db, instance, submission["reference"], tmp_path / "ut", actor="test")
    message = _message(package.folder)
    [(kind, key)] = _entries(message)  # neither the acknowledgement nor the letter is made yet
    assert kind == "I" and key.startswith(f"{submission['reference']}/bekreftelse/")
    assert _files_match(package.folder, message) == []
    assert "i formservice av Kari" in message.findtext(f".//{{{NS}}}beskrivelse")
