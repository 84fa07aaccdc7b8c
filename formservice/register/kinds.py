"""The kinds of organisation that apply, and the facts a recipient reports changes of.

Post 62 (Kommunalt rusarbeid) is for municipalities only; post 60 is also for health trusts and
state and county enterprises working with a municipality. The values are the ones the post 60
forms use for «Hvem søker?», so a form can take the applicant's kind from the register.

Regelverket §10: the recipient must report a changed address, bank account number or organisation
number. Account number, postal address and the post room's e-mail are reported in the portal and
approved by a caseworker; a changed organisation number is a new organisation (the office
registers it).
"""

from __future__ import annotations

Text = dict[str, str]

ORGANISATION_KINDS: dict[str, Text] = {
    "kommune": {"nb": "Kommune", "nn": "Kommune"},
    "helseforetak": {"nb": "Helseforetak", "nn": "Helseføretak"},
    "statlig": {"nb": "Statlig foretak eller virksomhet", "nn": "Statleg føretak eller verksemd"},
    "fylkeskommunal": {
        "nb": "Fylkeskommunalt foretak eller virksomhet",
        "nn": "Fylkeskommunalt føretak eller verksemd",
    },
}
MUNICIPALITY = "kommune"
# Who may apply, per budget post of kap. 765: post 62's applicant, recipient and reporter is
# always the municipality (regelverket §4); a post not listed takes every kind (post 60).
APPLICANTS_BY_POST: dict[int, frozenset[str]] = {62: frozenset({MUNICIPALITY})}
WRITTEN_STANDARDS: dict[str, Text] = {
    "nb": {"nb": "Bokmål", "nn": "Bokmål"},
    "nn": {"nb": "Nynorsk", "nn": "Nynorsk"},
}

# The facts a recipient reports changes of, with how they are named to people.
REPORTABLE: dict[str, Text] = {
    "account_number": {"nb": "Kontonummer", "nn": "Kontonummer"},
    "postal_address": {"nb": "Postadresse", "nn": "Postadresse"},
    "email": {"nb": "E-post til postmottaket", "nn": "E-post til postmottaket"},
}
# The same facts in the web addresses of the report pages (Norwegian, like the rest of the URLs).
REPORTABLE_SLUGS = {
    "kontonummer": "account_number",
    "postadresse": "postal_address",
    "epost": "email",
}


def may_apply(kind: str, post: int | None) -> bool:
    """Whether an organisation of ``kind`` may apply in a scheme of budget post ``post``."""
    allowed = APPLICANTS_BY_POST.get(post) if post is not None else None
    return allowed is None or kind in allowed


def kind_label(kind: str, language: str = "nb") -> str:
    """The kind of organisation as people read it."""
    return ORGANISATION_KINDS.get(kind, {}).get(language, kind)


# Every fact of the register, as people read it (history and audit pages).
FACT_LABELS: dict[str, Text] = {
    "kind": {"nb": "Type", "nn": "Type"},
    "name": {"nb": "Navn", "nn": "Namn"},
    "orgnr": {"nb": "Organisasjonsnummer", "nn": "Organisasjonsnummer"},
    "account_number": {"nb": "Kontonummer", "nn": "Kontonummer"},
    "postal_address": {"nb": "Adresse", "nn": "Adresse"},
    "postcode": {"nb": "Postnummer", "nn": "Postnummer"},
    "post_town": {"nb": "Poststed", "nn": "Poststad"},
    "email": {"nb": "E-post til postmottaket", "nn": "E-post til postmottaket"},
    "language": {"nb": "Målform", "nn": "Målform"},
    "county_number": {"nb": "Fylke", "nn": "Fylke"},
    "kommunenummer": {"nb": "Kommunenummer", "nn": "Kommunenummer"},
}
