"""The arkivmelding (Noark 5, eFormidling archive message v1): the case model and its XML.

A :class:`CaseFolder` (``saksmappe``) holds :class:`JournalEntry` items (``journalpost``), each with
:class:`ArchiveFile` documents (``dokumentbeskrivelse`` with one ``dokumentobjekt``). The XML is
built with lxml's element builder, so text is always text: user input (names, titles, file names)
is escaped by lxml, and characters XML 1.0 cannot carry are dropped by :func:`xml_text`. Every
object has an external key (``referanseEksternNoekkel``, fagsystem ``formservice``) and a
``systemID`` derived from it (UUID 5), so an archive that receives the same thing twice knows it.
:func:`validate` checks a message against the official schema vendored in ``schema/``.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from lxml import etree
from lxml.builder import ElementMaker

NS = "http://www.arkivverket.no/standarder/noark5/arkivmelding"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA = Path(__file__).with_name("schema") / "arkivmelding.xsd"
SYSTEM = "formservice"
# systemIDs are UUID 5 of the external key in this namespace (itself UUID 5 of the system's name)
KEY_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:formservice:arkivmelding")
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
E = ElementMaker(namespace=NS, nsmap={None: NS, "xsi": XSI})


@dataclass(frozen=True)
class ArchiveFile:
    """One document file of a journal entry, as it lies in the package."""

    title: str
    name: str  # the file's name in the package (referanseDokumentfil)
    sha256: str
    size: int
    main: bool  # hoveddokument, else vedlegg
    pdfa: str | None  # "PDF/A-2b" when the file claims PDF/A, else None (carried as plain PDF)
    document_type: str = "Brev"
    created_at: str = ""


@dataclass(frozen=True)
class JournalEntry:
    """A journalpost: incoming (``I``) or outgoing (``U``), with its files."""

    key: str
    incoming: bool
    title: str
    correspondent: str
    orgnr: str
    date: str  # ISO date-time it was received or sent
    files: tuple[ArchiveFile, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class CaseFolder:
    """A saksmappe for one submission."""

    key: str
    title: str
    year: int
    opened: str  # ISO date-time
    applicant: str
    orgnr: str
    office: str
    closed: bool = False
    entries: tuple[JournalEntry, ...] = field(default_factory=tuple)


def xml_text(value: object) -> str:
    """``value`` as text XML 1.0 can carry (control characters and non-characters removed)."""
    return _NOT_XML.sub("", str(value))


def system_id(key: str) -> str:
    """The stable systemID of an object with this external key."""
    return str(uuid.uuid5(KEY_NAMESPACE, key))


def _when(value: str) -> str:
    return dt.datetime.fromisoformat(value).isoformat()


def _external_key(key: str) -> etree._Element:
    return E.referanseEksternNoekkel(E.fagsystem(SYSTEM), E.noekkel(xml_text(key)))


def _document(file: ArchiveFile, number: int) -> etree._Element:
    details = file.pdfa or "PDF (ikke PDF/A)"
    return E.dokumentbeskrivelse(
        E.systemID(system_id(f"{file.name}:{file.sha256}")),
        E.dokumenttype(file.document_type),
        E.dokumentstatus("F"),  # ferdigstilt
        E.tittel(xml_text(file.title) or file.name),
        E.tilknyttetRegistreringSom("H" if file.main else "V"),
        E.dokumentnummer(str(number)),
        E.dokumentobjekt(
            E.versjonsnummer("1"),
            E.variantformat("A" if file.pdfa else "P"),  # arkivformat, else produksjonsformat
            E.format("RA-PDF" if file.pdfa else "PDF"),
            E.formatDetaljer(details),
            E.mimeType("application/pdf"),
            E.referanseDokumentfil(xml_text(file.name)),
            E.sjekksum(file.sha256),
            E.sjekksumAlgoritme("SHA-256"),
            E.filstoerrelse(str(file.size)),
        ),
    )


def _journal_entry(entry: JournalEntry) -> etree._Element:
    documents = [_document(file, number) for number, file in enumerate(entry.files, 1)]
    note = [E.beskrivelse(xml_text(entry.note))] if entry.note else []
    organisation = (
        [E.organisasjonsnummer(E.organisasjonsnummer(entry.orgnr))] if entry.orgnr else []
    )
    element = E.registrering(
        E.systemID(system_id(entry.key)),
        E.opprettetDato(_when(entry.date)),
        E.opprettetAv(SYSTEM),
        *documents,
        E.tittel(xml_text(entry.title)),
        *note,
        E.korrespondansepart(
            E.korrespondanseparttype("EA" if entry.incoming else "EM"),  # avsender / mottaker
            E.korrespondansepartNavn(xml_text(entry.correspondent)),
            *organisation,
        ),
        _external_key(entry.key),
        E.journalaar(str(dt.datetime.fromisoformat(entry.date).year)),
        E.journalposttype("I" if entry.incoming else "U"),
        E.journalstatus("J" if entry.incoming else "E"),  # journalført / ekspedert
        E.dokumentetsDato(dt.datetime.fromisoformat(entry.date).date().isoformat()),
        E.mottattDato(_when(entry.date)) if entry.incoming else E.sendtDato(_when(entry.date)),
        E.antallVedlegg(str(max(0, len(entry.files) - 1))),
    )
    element.set(f"{{{XSI}}}type", "journalpost")
    return element


def _case_folder(case: CaseFolder) -> etree._Element:
    organisation = [E.organisasjonsnummer(E.organisasjonsnummer(case.orgnr))] if case.orgnr else []
    element = E.mappe(
        E.systemID(system_id(case.key)),
        E.tittel(xml_text(case.title)),
        E.opprettetDato(_when(case.opened)),
        E.opprettetAv(SYSTEM),
        E.part(E.partNavn(xml_text(case.applicant)), E.partRolle("Søker"), *organisation),
        _external_key(case.key),
        *[_journal_entry(entry) for entry in case.entries],
        E.saksaar(str(case.year)),
        E.saksdato(dt.datetime.fromisoformat(case.opened).date().isoformat()),
        E.administrativEnhet(xml_text(case.office)),
        E.saksstatus("A" if case.closed else "B"),  # avsluttet / under behandling
    )
    element.set(f"{{{XSI}}}type", "saksmappe")
    return element


def build_message(case: CaseFolder, *, message_id: str, at: dt.datetime) -> etree._Element:
    """The arkivmelding for one case folder and the journal entries given (only new ones)."""
    files = sum(len(entry.files) for entry in case.entries)
    return E.arkivmelding(
        E.system(SYSTEM),
        E.meldingId(message_id),
        E.tidspunkt(at.replace(microsecond=0).isoformat()),
        E.antallFiler(str(files)),
        _case_folder(case),
    )


def to_bytes(message: etree._Element) -> bytes:
    """The message as a UTF-8 XML document."""
    return etree.tostring(message, xml_declaration=True, encoding="UTF-8", pretty_print=True)


@cache
def _schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def validate(message: etree._Element | bytes) -> list[str]:
    """The official schema's complaints about the message (empty when it is valid)."""
    tree = etree.fromstring(message) if isinstance(message, bytes) else message
    schema = _schema()
    if schema.validate(tree):
        return []
    return [f"line {error.line}: {error.message}" for error in schema.error_log]
