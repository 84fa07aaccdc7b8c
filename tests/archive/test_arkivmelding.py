"""The arkivmelding XML: valid against the official schema, user text kept as text, stable keys."""

from __future__ import annotations

import datetime as dt

from lxml import etree

from formservice.archive.arkivmelding import (
    NS,
    ArchiveFile,
    CaseFolder,
    JournalEntry,
    build_message,
    system_id,
    to_bytes,
    validate,
    xml_text,
)

HOSTILE = '</tittel><script>alert(1)</script> & "x" ]]> \x00\x1f\ufffe 𝔘 {{ x }}'
AT = dt.datetime(2021, 3, 1, 12, 0, tzinfo=dt.UTC)


def _case(*, name: str = "Lillehammer kommune", entries: int = 2) -> CaseFolder:
    files = (
        ArchiveFile(title="Kvittering", name="kvittering-1.pdf", sha256="a" * 64, size=10, main=True,
                    pdfa="PDF/A-2b", document_type="Søknad"),
        ArchiveFile(title=f"{name}.pdf", name="vedlegg-x.pdf", sha256="b" * 64, size=20, main=False,
                    pdfa=None, document_type="Vedlegg"),
    )  # fmt: skip
    made = [
        JournalEntry(key="RUS-2021-0001/soknad/1", incoming=True, title=f"Søknad: {name}",
                     correspondent=name, orgnr="993405000", date="2021-02-10T14:05:00+00:00",
                     files=files),
        JournalEntry(key="RUS-2021-0001/bekreftelse/9", incoming=True, title="Bekreftelse",
                     correspondent=name, orgnr="", date="2021-03-05T09:00:00+00:00",
                     note=f"Godtatt av {name}"),
    ][:entries]  # fmt: skip
    return CaseFolder(key="RUS-2021-0001", title=f"Kommunalt rusarbeid 2021 – {name}", year=2021,
                      opened="2021-02-10T14:05:00+00:00", applicant=name, orgnr="993405000",
                      office="Statsforvalteren i Innlandet", entries=tuple(made))  # fmt: skip


def test_a_message_is_valid_against_the_official_schema():
    message = build_message(_case(), message_id="m-1", at=AT)
    assert validate(message) == []
    assert validate(to_bytes(message)) == []
    assert message.findtext(f"{{{NS}}}antallFiler") == "2"
    # a folder with no new entries is valid too (the archive finds the folder by its key)
    assert validate(build_message(_case(entries=0), message_id="m-2", at=AT)) == []


def test_the_schema_check_refuses_what_the_schema_refuses():
    message = build_message(_case(), message_id="m-1", at=AT)
    folder = message.find(f"{{{NS}}}mappe")
    folder.remove(folder.find(f"{{{NS}}}referanseEksternNoekkel"))
    problems = validate(message)
    assert problems and "referanseEksternNoekkel" in " ".join(problems)
    entry = build_message(_case(), message_id="m-1", at=AT)
    entry.find(f".//{{{NS}}}filstoerrelse").text = "-1"
    assert validate(entry)


def test_user_text_stays_text_and_the_message_stays_valid():
    message = build_message(_case(name=HOSTILE), message_id="m-1", at=AT)
    assert validate(message) == []
    parsed = etree.fromstring(to_bytes(message))
    assert parsed.find(f".//{{{NS}}}script") is None
    title = parsed.find(f".//{{{NS}}}registrering/{{{NS}}}tittel").text
    assert title == "Søknad: " + xml_text(HOSTILE)
    assert "</tittel><script>" in title and "\x00" not in title and "\ufffe" not in title


def test_keys_and_system_ids_are_stable_so_sending_twice_creates_nothing_twice():
    first = etree.fromstring(to_bytes(build_message(_case(), message_id="m-1", at=AT)))
    again = etree.fromstring(to_bytes(build_message(_case(), message_id="m-2", at=AT)))
    ids = [e.text for e in first.iter(f"{{{NS}}}systemID")]
    assert ids == [e.text for e in again.iter(f"{{{NS}}}systemID")] and len(set(ids)) == len(ids)
    assert first.find(f"{{{NS}}}mappe/{{{NS}}}systemID").text == system_id("RUS-2021-0001")
    keys = [k.text for k in first.iter(f"{{{NS}}}noekkel")]
    assert keys == ["RUS-2021-0001", "RUS-2021-0001/soknad/1", "RUS-2021-0001/bekreftelse/9"]
