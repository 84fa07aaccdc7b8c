"""Reading what the office typed to open a round or change one: the rules of a round's facts.

A round is opened from a published form version for the year that form is for, opens today or
later, has its deadline on or after the opening day, a budget frame in whole kroner above zero and
1 to 12 instalments. The deadline and the frame may change until the first letter of the round is
sent. Each problem is keyed by the fact and written in English (the command line), bokmål and
nynorsk (the web); the command line and the office's pages use the same rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from formservice.engine.model import Definition
from formservice.office.assessment import parse_amount

Message = dict[str, str]
MAX_FRAME = Decimal(10) ** 12
MAX_INSTALMENTS = 12

MESSAGES: dict[str, Message] = {
    "form": {"en": "{value!r} is not a published form version (published: {known})",
             "nb": "Velg en publisert versjon av et skjema", "nn": "Vel ein publisert versjon av eit skjema"},
    "year": {"en": "{value!r} is not a year", "nb": "Skriv året med fire siffer, for eksempel 2022",
             "nn": "Skriv året med fire siffer, til dømes 2022"},
    "year_form": {"en": "{form} is the form for {year}; choose a form for {value} or another year",
                  "nb": "Skjemaet gjelder {year}. Velg et skjema for {value}, eller endre året.",
                  "nn": "Skjemaet gjeld {year}. Vel eit skjema for {value}, eller endre året."},
    "date": {"en": "{value!r} is not a date (DD.MM.YYYY or YYYY-MM-DD)",
             "nb": "Skriv datoen som dd.mm.åååå, for eksempel 10.02.2022",
             "nn": "Skriv datoen som dd.mm.åååå, til dømes 10.02.2022"},
    "past": {"en": "{value} is in the past", "nb": "Datoen kan ikke være tilbake i tid",
             "nn": "Datoen kan ikkje vere attende i tid"},
    "before_opening": {"en": "the deadline {value} is before the opening date {opens}",
                       "nb": "Fristen kan ikke være før runden åpner",
                       "nn": "Fristen kan ikkje vere før runden opnar"},
    "frame": {"en": "{value!r} is not an amount in whole kroner above 0",
              "nb": "Skriv rammen som et beløp i hele kroner, for eksempel 32 000 000",
              "nn": "Skriv ramma som eit beløp i heile kroner, til dømes 32 000 000"},
    "instalments": {"en": "{value!r}: the number of instalments must be 1 to 12",
                    "nb": "Antall utbetalinger må være fra 1 til 12", "nn": "Talet på utbetalingar må vere frå 1 til 12"},
    "county": {"en": "{value!r} is not a county number (e.g. 34)", "nb": "Velg embetet", "nn": "Vel embetet"},
}  # fmt: skip


def problem(code: str, **values: Any) -> Message:
    """The message ``code`` in the three languages, with its placeholders filled."""
    return {language: text.format(**values) for language, text in MESSAGES[code].items()}


def parse_date(text: str) -> dt.date | None:
    """A date written ``dd.mm.åååå`` (or ``d.m.åååå``) or ISO ``åååå-mm-dd``; None otherwise."""
    for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    return None


def _date(
    raw: str, fact: str, today: dt.date, found: dict[str, Message], *, allow_past: bool = False
) -> dt.date | None:
    value = parse_date(raw)
    if value is None:
        found[fact] = problem("date", value=raw)
    elif value < today and not allow_past:
        found[fact] = problem("past", value=value.isoformat())
    return value


def read_frame_and_deadline(
    data: Mapping[str, Any], *, today: dt.date, opens_on: dt.date
) -> tuple[dict[str, Any], dict[str, Message]]:
    """The deadline and budget frame (the facts that may change later), or their problems."""
    found: dict[str, Message] = {}
    clean: dict[str, Any] = {}
    deadline = _date(str(data.get("deadline") or ""), "deadline", today, found)
    if deadline and "deadline" not in found and deadline < opens_on:
        found["deadline"] = problem("before_opening", value=deadline.isoformat(),
                                    opens=opens_on.isoformat())  # fmt: skip
    clean["deadline"] = deadline.isoformat() if deadline else None
    raw_frame = str(data.get("budget_frame") or "").strip()
    frame = parse_amount(raw_frame[:40]) if raw_frame else None
    if frame is None or frame <= 0 or frame >= MAX_FRAME:
        found["budget_frame"] = problem("frame", value=raw_frame)
    clean["budget_frame"] = str(frame) if frame is not None else None
    return clean, found


def read_new_round(
    data: Mapping[str, Any],
    *,
    published: Mapping[str, Definition],
    counties: Mapping[str, str],
    today: dt.date,
) -> tuple[dict[str, Any], dict[str, Message]]:
    """Everything a new round needs, checked; ``published`` is key → definition."""
    found: dict[str, Message] = {}
    key = str(data.get("form_key") or "").strip()
    definition = published.get(key)
    if definition is None:
        found["form_key"] = problem("form", value=key, known=", ".join(sorted(published)) or "none")
    year_text = str(data.get("year") or "").strip()
    year = int(year_text) if year_text.isdigit() and len(year_text) == 4 else None
    if not year_text and definition is not None:
        year = definition.scheme["year"]
    if year is None:
        found["year"] = problem("year", value=year_text)
    elif definition is not None and year != definition.scheme["year"]:
        found["year"] = problem("year_form", form=key, year=definition.scheme["year"], value=year)
    opens_text = str(data.get("opens_on") or "").strip()
    opens_on = _date(opens_text, "opens_on", today, found) if opens_text else today
    clean, more = read_frame_and_deadline(data, today=today, opens_on=opens_on or today)
    found.update(more)
    instalments_text = str(data.get("instalments") or "1").strip()
    instalments = int(instalments_text) if instalments_text.isdigit() else 0
    if not 1 <= instalments <= MAX_INSTALMENTS:
        found["instalments"] = problem("instalments", value=instalments_text)
    county = str(data.get("county_number") or "").strip()
    if county not in counties:
        found["county_number"] = problem("county", value=county)
    clean.update(form_key=key, year=year, instalments=instalments, county_number=county,
                 opens_on=opens_on.isoformat() if opens_on else None)  # fmt: skip
    return clean, found
