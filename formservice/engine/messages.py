"""The engine's own validation messages, in bokmål (nb) and nynorsk (nn).

Each message is a template with ``{placeholders}``; :func:`message` fills it and returns a
``{"nb": ..., "nn": ...}`` text, the same shape definitions use for their own rule messages.
"""

from __future__ import annotations

from typing import Any

Text = dict[str, str]

MESSAGES: dict[str, Text] = {
    "required": {"nb": "Fyll inn {label}", "nn": "Fyll inn {label}"},
    "choose": {"nb": "Velg {label}", "nn": "Vel {label}"},
    "not_text": {"nb": "{label} må være tekst", "nn": "{label} må vere tekst"},
    "unprintable_character": {
        "nb": "{label} inneholder tegnet «{character}» ({code}), som ikke kan skrives ut i brevet"
        " og kvitteringen: ingen av skriftene våre har det. Fjern det eller skriv det på en annen"
        " måte, og prøv igjen",
        "nn": "{label} inneheld teiknet «{character}» ({code}), som ikkje kan skrivast ut i brevet"
        " og kvitteringa: ingen av skrifttypane våre har det. Fjern det eller skriv det på ein annan"
        " måte, og prøv igjen",
    },
    "unusable_character": {
        "nb": "{label} inneholder tegnet {code}, som ikke kan brukes. Fjern det (det kan være"
        " usynlig, for eksempel kopiert med fra et annet program) og prøv igjen",
        "nn": "{label} inneheld teiknet {code}, som ikkje kan brukast. Fjern det (det kan vere"
        " usynleg, til dømes kopiert med frå eit anna program) og prøv igjen",
    },
    "too_long": {
        "nb": "{label} kan ha høyst {max} tegn",
        "nn": "{label} kan ha høgst {max} teikn",
    },
    "too_short": {
        "nb": "{label} må ha minst {min} tegn",
        "nn": "{label} må ha minst {min} teikn",
    },
    "not_integer": {"nb": "{label} må være et helt tall", "nn": "{label} må vere eit heiltal"},
    "not_number": {
        "nb": "{label} må være et tall, for eksempel 12,5",
        "nn": "{label} må vere eit tal, til dømes 12,5",
    },
    "not_amount": {
        "nb": "{label} må være et beløp i kroner, for eksempel 250 000",
        "nn": "{label} må vere eit beløp i kroner, til dømes 250 000",
    },
    "too_many_decimals": {
        "nb": "{label} kan ha høyst {decimals} desimaler",
        "nn": "{label} kan ha høgst {decimals} desimalar",
    },
    "below_min": {"nb": "{label} må være minst {min}", "nn": "{label} må vere minst {min}"},
    "above_max": {"nb": "{label} kan være høyst {max}", "nn": "{label} kan vere høgst {max}"},
    "not_date": {
        "nb": "{label} må være en gyldig dato, for eksempel 01.03.2021",
        "nn": "{label} må vere ein gyldig dato, til dømes 01.03.2021",
    },
    "date_before": {
        "nb": "{label} kan ikke være før {min}",
        "nn": "{label} kan ikkje vere før {min}",
    },
    "date_after": {
        "nb": "{label} kan ikke være etter {max}",
        "nn": "{label} kan ikkje vere etter {max}",
    },
    "not_email": {
        "nb": "{label} må være en e-postadresse, for eksempel navn@kommune.no",
        "nn": "{label} må vere ei e-postadresse, til dømes namn@kommune.no",
    },
    "not_phone": {
        "nb": "{label} må være et telefonnummer med 8 siffer, eller +landskode og nummer",
        "nn": "{label} må vere eit telefonnummer med 8 siffer, eller +landskode og nummer",
    },
    "not_orgnr": {
        "nb": "{label} må være et gyldig organisasjonsnummer med 9 siffer",
        "nn": "{label} må vere eit gyldig organisasjonsnummer med 9 siffer",
    },
    "not_kontonr": {
        "nb": "{label} må være et gyldig kontonummer med 11 siffer",
        "nn": "{label} må vere eit gyldig kontonummer med 11 siffer",
    },
    "not_municipality": {
        "nb": "{label} må være en kommune i listen",
        "nn": "{label} må vere ein kommune i lista",
    },
    "not_option": {
        "nb": "Velg et av alternativene for {label}",
        "nn": "Vel eitt av alternativa for {label}",
    },
    "too_few_selected": {
        "nb": "Velg minst {min} alternativer for {label}",
        "nn": "Vel minst {min} alternativ for {label}",
    },
    "too_many_selected": {
        "nb": "Velg høyst {max} alternativer for {label}",
        "nn": "Vel høgst {max} alternativ for {label}",
    },
    "not_yesno": {"nb": "Svar ja eller nei på {label}", "nn": "Svar ja eller nei på {label}"},
    "likert_missing": {
        "nb": "Svar på alle påstandene i {label}",
        "nn": "Svar på alle påstandane i {label}",
    },
    "too_few_rows": {
        "nb": "{label} må ha minst {min} rader",
        "nn": "{label} må ha minst {min} rader",
    },
    "too_many_rows": {
        "nb": "{label} kan ha høyst {max} rader",
        "nn": "{label} kan ha høgst {max} rader",
    },
    "declaration_unconfirmed": {
        "nb": "Kryss av for at du bekrefter: {label}",
        "nn": "Kryss av for at du stadfestar: {label}",
    },
    "declaration_name": {
        "nb": "Fyll inn navnet på den som signerer",
        "nn": "Fyll inn namnet på den som signerer",
    },
    "declaration_title": {
        "nb": "Fyll inn stillingen til den som signerer",
        "nn": "Fyll inn stillinga til den som signerer",
    },
    "not_file": {
        "nb": "{label} må være et vedlegg lastet opp i skjemaet",
        "nn": "{label} må vere eit vedlegg lasta opp i skjemaet",
    },
    "file_too_large": {
        "nb": "{label} kan være høyst {max} MB",
        "nn": "{label} kan vere høgst {max} MB",
    },
    "not_pdf": {"nb": "{label} må være en PDF-fil", "nn": "{label} må vere ei PDF-fil"},
    "read_only": {
        "nb": "{label} kan ikke endres",
        "nn": "{label} kan ikkje endrast",
    },
    "prefill_missing": {
        "nb": "{label} mangler i Statsforvalterens register. Meld det inn under «Våre "
        "opplysninger», eller kontakt Statsforvalteren",
        "nn": "{label} manglar i registeret til Statsforvaltaren. Meld det inn under «Våre "
        "opplysningar», eller kontakt Statsforvaltaren",
    },
    "rule_failed": {
        "nb": "Regelen {rule} kunne ikke sjekkes",
        "nn": "Regelen {rule} kunne ikkje sjekkast",
    },
}


def message(key: str, label: Text | None = None, **values: Any) -> Text:
    """The message ``key`` in both languages, with the field's label (lower-cased first letter)."""
    texts = MESSAGES[key]
    result = {}
    for language, template in texts.items():
        name = _name_of(label[language]) if label else "feltet"
        result[language] = template.format(label=name, **values)
        result[language] = result[language][0].upper() + result[language][1:]
    return result


def _name_of(label: str) -> str:
    """A short label reads as part of the sentence ("Fyll inn navn"); a question is quoted."""
    words = label.split()
    if len(words) > 4 or label.rstrip().endswith(("?", ":", ".")):
        return f"«{label.strip()}»"
    if words and words[0][:1].isupper() and words[0][1:2].islower():
        return label[0].lower() + label[1:]
    return label
