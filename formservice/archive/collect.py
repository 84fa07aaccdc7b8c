"""What formservice holds of one submission for the archive, as a case folder with every journal
entry there is to hand over (the export leaves out those already handed over).

- the incoming application: per submit, the acknowledgement listing every answer (main document)
  and the attachments the submitted answers name;
- each outgoing letter that was sent (grant letter with its confirmation page, or rejection);
- the returned confirmation: the signed form the municipality uploaded, or (confirmed in
  formservice) a journal entry whose description says who confirmed, with no file.

Everything is read through the storage functions; checksums and sizes are computed from the files
themselves, and each file's format is stated from its own PDF/A claim. The case's administrative
unit is the round's office (by its bokmål name, as the package's other texts).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from formservice.archive.arkivmelding import ArchiveFile, CaseFolder, JournalEntry
from formservice.archive.pdfa import pdfa_claim
from formservice.storage import documents, offices, organisations, rounds, submissions
from formservice.storage.attachments import attachments_of_submission
from formservice.storage.audit import events_for_submission
from formservice.storage.decisions import current_decision

LETTER_TITLES = {"tilskuddsbrev": "Tilskuddsbrev", "avslag": "Avslag"}


@dataclass(frozen=True)
class CaseSources:
    """The case folder with every entry, and where each of its files lies (name → path)."""

    case: CaseFolder
    sources: dict[str, Path]


def _file(path: Path, name: str, title: str, *, main: bool, kind: str) -> ArchiveFile:
    content = path.read_bytes()
    return ArchiveFile(title=title, name=name, sha256=hashlib.sha256(content).hexdigest(),
                       size=len(content), main=main, pdfa=pdfa_claim(path), document_type=kind)  # fmt: skip


def _named_ids(value: Any) -> list[str]:
    """The attachment ids an answer value names (file fields store ``{"id": ..., ...}``)."""
    if isinstance(value, dict):
        found = [value["id"]] if isinstance(value.get("id"), str) and "sha256" in value else []
        return found + [i for item in value.values() for i in _named_ids(item)]
    if isinstance(value, list):
        return [i for item in value for i in _named_ids(item)]
    return []


class _Collector:
    def __init__(
        self, db: sqlite_utils.Database, instance: Path, submission: dict[str, Any]
    ) -> None:
        self.db, self.instance, self.submission = db, instance.resolve(), submission
        self.organisation = (
            organisations.organisation_by_id(db, submission["organisation_id"]) or {}
        )
        self.round = rounds.round_by_id(db, submission["round_id"]) or {}
        self.sources: dict[str, Path] = {}
        self.attachments = {a["id"]: a for a in attachments_of_submission(db, submission["id"])}

    def path(self, relative: str | None) -> Path | None:
        if not relative:
            return None
        path = (self.instance / relative).resolve()
        return path if path.is_relative_to(self.instance) and path.is_file() else None

    def add(self, path: Path, name: str, title: str, *, main: bool, kind: str) -> ArchiveFile:
        self.sources[name] = path
        return _file(path, name, title, main=main, kind=kind)

    def entry(self, key: str, title: str, *, incoming: bool, date: str,
              files: list[ArchiveFile], note: str = "") -> JournalEntry:  # fmt: skip
        name = self.organisation.get("name", "")
        return JournalEntry(key=key, incoming=incoming, title=f"{title}: {self.round.get('title', '')} – {name}",
                            correspondent=name, orgnr=self.organisation.get("orgnr", ""), date=date,
                            files=tuple(files), note=note)  # fmt: skip

    def applications(self) -> list[JournalEntry]:
        reference, sid = self.submission["reference"], self.submission["id"]
        submits = [v for v in submissions.versions(self.db, sid) if v["kind"] == "submit"]
        receipts = [
            d for d in documents.documents_of_submission(self.db, sid) if d["kind"] == "kvittering"
        ]
        entries = []
        for receipt, submitted in zip(receipts, submits, strict=False):
            pdf = self.path(receipt["pdf_path"]) if receipt["status"] == documents.DONE else None
            if pdf is None:
                continue  # not made yet: handed over by a later export
            files = [self.add(pdf, f"kvittering-{receipt['id']}.pdf", "Kvittering med alle svar",
                              main=True, kind="Søknad")]  # fmt: skip
            answers = (submissions.version(self.db, sid, submitted["version"]) or {}).get(
                "answers", {}
            )
            for attachment_id in dict.fromkeys(_named_ids(answers)):
                row = self.attachments.get(attachment_id)
                path = self.path(row["stored_path"]) if row else None
                if path is not None:
                    files.append(self.add(path, f"vedlegg-{attachment_id}.pdf", row["filename"],
                                          main=False, kind="Vedlegg"))  # fmt: skip
            entries.append(self.entry(f"{reference}/soknad/{receipt['id']}", "Søknad og rapport",
                                      incoming=True, date=submitted["saved_at"], files=files))  # fmt: skip
        return entries

    def letters_and_confirmations(self) -> list[JournalEntry]:
        reference, entries = self.submission["reference"], []
        for event in events_for_submission(self.db, self.submission["id"]):
            detail = event["detail"]
            if event["action"] == "state:letter_sent":
                letter = documents.document_by_id(self.db, int(detail.get("document") or 0))
                pdf = self.path(letter["pdf_path"]) if letter else None
                if pdf is None:
                    continue
                title = LETTER_TITLES.get(letter["kind"], "Brev")
                files = [
                    self.add(
                        pdf, f"{letter['kind']}-{letter['id']}.pdf", title, main=True, kind="Brev"
                    )
                ]
                # the pipeline writes a grant letter's last page (the confirmation form) beside it
                page = pdf.with_name(pdf.stem + "-bekreftelse.pdf")
                if letter["kind"] == "tilskuddsbrev" and page.is_file():
                    files.append(self.add(page, f"bekreftelsesskjema-{letter['id']}.pdf",
                                          "Bekreftelsesskjema", main=False, kind="Skjema"))  # fmt: skip
                entries.append(self.entry(f"{reference}/brev/{letter['id']}", title, incoming=False,
                                          date=event["at"], files=files))  # fmt: skip
            elif event["action"] == "state:confirmation_received":
                row = self.attachments.get(detail.get("attachment") or "")
                path = self.path(row["stored_path"]) if row else None
                files = [self.add(path, f"bekreftelse-{row['id']}.pdf", row["filename"], main=True,
                                  kind="Bekreftelse")] if path else []  # fmt: skip
                how = "ved opplastet, signert skjema" if path else "i formservice"
                note = f"Vilkårene godtatt {how} av {detail.get('name', '')}, {detail.get('title', '')}."
                entries.append(self.entry(f"{reference}/bekreftelse/{event['id']}", "Bekreftelse av tilskudd",
                                          incoming=True, date=event["at"], files=files, note=note))  # fmt: skip
        return entries


def case_for_submission(
    db: sqlite_utils.Database, instance: Path, submission_id: int
) -> CaseSources | None:
    """Everything there is to hand over for a submitted submission, or None (not submitted)."""
    submission = submissions.submission_by_id(db, submission_id)
    if submission is None or not submission["reference"]:
        return None
    collector = _Collector(db, instance, submission)
    decision = current_decision(db, submission_id)
    closed = submission["state"] == "paid" or (
        submission["state"] == "letter_sent"
        and bool(decision)
        and decision["outcome"] == "rejected"
    )
    name = collector.organisation.get("name", "")
    office = offices.office_by_id(db, collector.round.get("office_id"))
    case = CaseFolder(
        key=submission["reference"], title=f"{collector.round.get('title', '')} – {name}",
        year=int(collector.round.get("year") or submission["submitted_at"][:4]),
        opened=submission["submitted_at"], applicant=name,
        orgnr=collector.organisation.get("orgnr", ""), office=offices.office_name(office, "nb"), closed=closed,
        entries=tuple(collector.applications() + collector.letters_and_confirmations()),
    )  # fmt: skip
    return CaseSources(case, collector.sources)
