"""Reading municipalities from a file shaped like ``kommuner.csv``.

The file has the columns of SSB's list (``kommunenummer,navn,fylkesnummer,fylke``) and may have
more: ``organisasjonsnummer``, ``kontonummer``, ``postadresse``, ``postnummer``, ``poststed``,
``epost`` and ``malform`` (``nb`` or ``nn``). SSB's list has no numbers or addresses: a
municipality imported without them is registered with those facts missing, shown as incomplete in
the register, and completed by the office (or by importing a file that has the columns). With
``demo`` the missing numbers are invented with valid check digits (accounts with bank code 9999)
and the rows are marked as demo data. Every row is checked before anything is stored; a file with
any problem gives one ``FILE:LINE: message`` per problem and imports nothing.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stdnum.no import kontonr, orgnr

from formservice.register.validation import read_organisation

REQUIRED = ("kommunenummer", "navn", "fylkesnummer")
COLUMNS = {"organisasjonsnummer": "orgnr", "kontonummer": "account_number",
           "postadresse": "postal_address", "postnummer": "postcode", "poststed": "post_town",
           "epost": "email", "malform": "language"}  # fmt: skip
MAX_BYTES = 5_000_000


@dataclass
class ImportRow:
    """One municipality as read: its line in the file and the clean values to store."""

    line: int
    values: dict[str, Any]


def read_municipalities(
    path: Path, *, demo: bool = False, languages: dict[str, str] | None = None
) -> tuple[list[ImportRow], list[str]]:
    """The rows of the file, or the problems (``FILE:LINE: message``) that stop the import."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return [], [f"{path}: larger than {MAX_BYTES} bytes"]
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return [], [f"{path}: no such file"]
    except (OSError, UnicodeDecodeError) as error:
        return [], [f"{path}: cannot read: {error.__class__.__name__}"]
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        return [], [f"{path}:1: missing column(s): {', '.join(missing)} (a file like kommuner.csv)"]
    rows, problems, seen = [], [], {}
    for line, record in enumerate(reader, start=2):
        record = {(k or "").strip(): (v or "").strip() for k, v in record.items() if k}
        values = _values(record, demo=demo, languages=languages or {})
        clean, found = read_organisation(values, require_orgnr=False)
        if not values["language"]:
            clean["language"] = ""  # not in the file: a known written standard stays as it is
        for fact, message in found.items():
            problems.append(f"{path}:{line}: {fact}: {message['en']}")
        number = clean.get("kommunenummer")
        if number in seen:
            problems.append(f"{path}:{line}: kommunenummer {number} is also on line {seen[number]}")
        seen[number] = line
        rows.append(ImportRow(line, clean))
    if not rows and not problems:
        problems.append(f"{path}: no municipalities in the file")
    return ([] if problems else rows), problems


def _values(record: dict[str, str], *, demo: bool, languages: dict[str, str]) -> dict[str, str]:
    name = record.get("navn", "")
    values = {
        "kind": "kommune",
        "name": name if not name or name.lower().endswith("kommune") else f"{name} kommune",
        "kommunenummer": record.get("kommunenummer", ""),
        "county_number": record.get("fylkesnummer", ""),
        **{fact: record.get(column, "") for column, fact in COLUMNS.items()},
    }
    number = values["kommunenummer"]
    if demo and number.isdigit() and len(number) == 4:
        values["orgnr"] = values["orgnr"] or invented_orgnr(number)
        values["account_number"] = values["account_number"] or invented_account(number)
        if not values["postal_address"]:
            values.update(postal_address="Postboks 1", postcode=number, post_town=name)
        values["language"] = values["language"] or languages.get(number, "nb")
        values["email"] = values["email"] or f"postmottak@{_slug(name)}.kommune.example"
    return values


def _slug(name: str) -> str:
    table = str.maketrans({"æ": "ae", "ø": "o", "å": "a", " ": "-"})
    return "".join(
        c for c in name.lower().translate(table) if c.isascii() and (c.isalnum() or c == "-")
    )


def invented_orgnr(kommunenummer: str) -> str:
    """A nine-digit number with a valid mod-11 check digit, derived from the kommunenummer."""
    for filler in range(100):
        base = f"99{kommunenummer}{filler:02d}"
        for check in "0123456789":
            if orgnr.is_valid(base + check):
                return base + check
    raise ValueError(kommunenummer)


def invented_account(kommunenummer: str) -> str:
    """An eleven-digit account number with a valid mod-11 check digit (bank code 9999: demo)."""
    for filler in range(100):
        base = f"9999{kommunenummer}{filler:02d}"
        for check in "0123456789":
            if len(base + check) == 11 and kontonr.is_valid(base + check):
                return base + check
    raise ValueError(kommunenummer)
