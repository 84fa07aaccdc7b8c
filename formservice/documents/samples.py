"""Sample data of every document kind: what ``formservice check`` renders each template with, and
what its variables are checked against. Invented people and numbers only."""

from __future__ import annotations

import base64
from typing import Any

from formservice.documents.render import Picture

_OFFICE = {
    "name": "Statsforvalteren i Innlandet",
    "address": "Postboks 987, 2604 Lillehammer",
    "email": "sfinpost@statsforvalteren.no",
    "orgnr": "974 762 501",
    "visiting_address": "",
    "phone": "",
    "website": "",
    "helpdesk": "hjelp@statsforvalteren.no",
}
_RECIPIENT = {
    "name": "Lillehammer kommune",
    "orgnr": "993405000",
    "address": "Postboks 986\n2626 Lillehammer",
    "account": "99993405007",
    "email": "postmottak@lillehammer.kommune.example",
}
_SCHEME = {"name": "Kommunalt rusarbeid", "chapter": 765, "post": 62, "year": 2021}
_PIXEL = base64.b64decode(  # a 1×1 PNG standing in for a chart
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
_CASEWORKER = {"name": "Sara Demo", "title": "seniorrådgiver", "email": "sara.demo@example.invalid"}

SAMPLES: dict[str, dict[str, Any]] = {
    "arsrapport": {
        "office": _OFFICE, "date": "01.04.2021", "summary": ["21 kommuner har sendt inn."],
        "reference": "rus-2021",
        "scheme": {"name": "Kommunalt rusarbeid", "chapter": 765, "post": 62, "year": 2021},
        "charts": {"amounts": {"heading": "Beløp mot rammen", "text": "Innvilget 8 921 000 kr.",
                               "chart": Picture(_PIXEL, 20)},
                   "timeline": None, "attainment": None, "priorities": None, "new": None},
        "tables": {"amounts": {"columns": ["Beløp", "Kroner", "Andel"],
                               "rows": [["Ramme", "32 000 000 kr", "100 %"]]},
                   "municipalities": {"columns": ["Kommune", *[""] * 11],
                                      "rows": [["Lillehammer kommune", *["1"] * 11]]}},
        "areas": ["Område 1: lavterskeltjenester"], "scale": "Svar: 1 = i svært liten grad.",
    },
    "tilskuddsbrev": {
        "office": _OFFICE, "recipient": _RECIPIENT, "scheme": _SCHEME, "caseworker": _CASEWORKER,
        "reference": "RUS-2021-0001", "date": "01.03.2021", "total": "880000", "instalments": 2,
        "positions": [
            {"title": "Ruskonsulent", "percent": "100", "year": 1, "amount": "660000"},
            {"title": "Erfaringskonsulent", "percent": "50", "year": 3, "amount": "220000"},
        ],
        "conditions": ["Stillingene skal være besatt innen 01.06.2021."], "confirm_by": "2021-04-01",
    },
    "bekreftelse": {
        "office": _OFFICE, "recipient": _RECIPIENT, "scheme": _SCHEME,
        "reference": "RUS-2021-0001", "total": "880000", "confirm_by": "2021-04-01",
    },
    "avslag": {
        "office": _OFFICE, "recipient": _RECIPIENT, "scheme": _SCHEME, "caseworker": _CASEWORKER,
        "reference": "RUS-2021-0002", "date": "01.03.2021",
        "reason": "Søknaden gjelder drift av et tiltak, ikke lønn i nye stillinger.",
    },
    "kvittering": {
        "office": _OFFICE, "recipient": _RECIPIENT, "reference": "RUS-2021-0001", "date": "10.02.2021",
        "received_at": "10.02.2021 kl. 14:05", "form_title": "Kommunalt rusarbeid 2021",
        "round_title": "Kommunalt rusarbeid 2021",
        "pages": [{"title": "Om søkeren", "sections": [{"title": "Søker", "items": [
            {"label": "Kommune", "text": "Lillehammer (3405)", "is_table": False, "columns": [], "rows": []},
            {"label": "Stillinger", "text": "", "is_table": True, "columns": ["Tittel", "Beløp"],
             "rows": [["Ruskonsulent", "660 000 kr"]]},
        ]}]}],
    },
}  # fmt: skip
