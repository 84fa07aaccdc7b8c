"""The one place that knows each kind of document and message formservice sends.

A kind declares its template (``letter_templates/<template>.<nb|nn>.docx``), how its context is
built, the sample its template is checked with, its mail (subject and body in bokmål and nynorsk;
the recipient organisation's written standard picks one, and ``{office}`` signs it with the
round's office's name in that standard) and to whom, when it is mailed and when
the recipient sees it, the documents made beside it from the same context (the confirmation
form's DOCX), whether its last page is the confirmation form (then its own PDF and a fillable PDF
are made from it), and its file names. A kind without a template is a message only (the help
desk's reopening notice, the office's reminders). A round's own document (the office's annual
report, ``arsrapport``) has no submission, mail or recipient. Adding a kind is one entry here
plus its templates; nothing else in the code asks which kind a document is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from formservice.documents import contexts
from formservice.documents.samples import SAMPLES
from formservice.insight.report import report_context

LANGUAGES = ("nb", "nn")
TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "letter_templates"
MADE, SENT = "made", "sent"  # when a document is mailed and shown: once made, or once sent

ContextBuilder = Callable[[sqlite_utils.Database, dict[str, Any], dict[str, Any]], dict[str, Any]]
Recipients = Callable[[sqlite_utils.Database, int], list[str]]


class UnknownKind(LookupError):
    """No document kind of that name."""


def language_of(language: str | None) -> str:
    """A written standard formservice writes in: ``nb`` or ``nn`` (bokmål when unknown)."""
    return language if language in LANGUAGES else "nb"


@dataclass(frozen=True)
class MailText:
    """A message's subject and body in bokmål and nynorsk, with ``{field}`` placeholders."""

    subject: Mapping[str, str]
    body: Mapping[str, str]

    def compose(self, language: str, fields: Mapping[str, Any]) -> tuple[str, str]:
        """Subject and body in the language, the fields filled in."""
        language = language_of(language)
        return self.subject[language].format(**fields), self.body[language].format(**fields)


@dataclass(frozen=True)
class Files:
    """The file names of one document, inside its submission's folder."""

    docx: str
    pdf: str
    companions: dict[str, str] = field(default_factory=dict)  # kind → DOCX name
    confirmation_pdf: str | None = None
    fillable_pdf: str | None = None


@dataclass(frozen=True)
class Kind:
    """One kind of document or message (see the module's description)."""

    name: str
    label: Mapping[str, str]
    template: str | None = None
    sample: Mapping[str, Any] | None = None
    context: ContextBuilder | None = None
    mail: MailText | None = None
    recipients: Recipients | None = None
    mail_when: str | None = None
    shown_when: str = MADE
    companions: tuple[str, ...] = ()
    confirmation_form: bool = False
    for_outcome: str | None = None
    attachment: str = "{kind}-{reference}.pdf"

    def template_path(self, language: str, folder: Path = TEMPLATES_DIR) -> Path:
        """Its template in the written standard (bokmål if the language is unknown)."""
        if self.template is None:
            raise UnknownKind(f"{self.name} is a message, not a document")
        return Path(folder) / f"{self.template}.{language_of(language)}.docx"

    def files(self, document_id: int) -> Files:
        """Its files' names; the same whichever way the document is made."""
        stem = f"{self.name}-{document_id}"
        return Files(
            docx=f"{stem}.docx",
            pdf=f"{stem}.pdf",
            companions={c: f"{stem}-{c}.docx" for c in self.companions},
            confirmation_pdf=f"{stem}-bekreftelse.pdf" if self.confirmation_form else None,
            fillable_pdf=f"{stem}-bekreftelse-utfyllbar.pdf" if self.confirmation_form else None,
        )

    def label_in(self, language: str) -> str:
        """Its name as people read it."""
        return self.label[language_of(language)]


_GRANT_MAIL = MailText(
    subject={"nb": "Tilskuddsbrev – {reference}", "nn": "Tilskotsbrev – {reference}"},
    body={
        "nb": "Vedlagt er tilskuddsbrevet for {reference} med bekreftelsesskjemaet. Tilskuddet "
        "utbetales når bekreftelsen er mottatt: bekreft i formservice, eller fyll ut og signer det "
        "utfyllbare skjemaet og last det opp der.\n\nHilsen\n{office}\n",
        "nn": "Vedlagt er tilskotsbrevet for {reference} med stadfestingsskjemaet. Tilskotet blir "
        "utbetalt når stadfestinga er motteken: stadfest i formservice, eller fyll ut og signer "
        "det utfyllbare skjemaet og last det opp der.\n\nHelsing\n{office}\n",
    },
)
_REJECTION_MAIL = MailText(
    subject={"nb": "Svar på søknad – {reference}", "nn": "Svar på søknad – {reference}"},
    body={
        "nb": "Vedlagt er svaret på søknaden med referanse {reference}.\n\nHilsen\n{office}\n",
        "nn": "Vedlagt er svaret på søknaden med referanse {reference}.\n\nHelsing\n{office}\n",
    },
)
_ACKNOWLEDGEMENT_MAIL = MailText(
    subject={"nb": "Kvittering: {title} – {reference}", "nn": "Kvittering: {title} – {reference}"},
    body={
        "nb": "Vi har mottatt «{title}» fra {organisation}.\n\nReferansenummer: {reference}\n"
        "Mottatt: {received}\n\nKvitteringen med alle svarene ligger ved som PDF.\n\n"
        "Hilsen\n{office}\n",
        "nn": "Vi har motteke «{title}» frå {organisation}.\n\nReferansenummer: {reference}\n"
        "Motteke: {received}\n\nKvitteringa med alle svara ligg ved som PDF.\n\n"
        "Helsing\n{office}\n",
    },
)
_REOPEN_MAIL = MailText(
    subject={
        "nb": "Skjema åpnet for retting: {reference}",
        "nn": "Skjema opna for retting: {reference}",
    },
    body={
        "nb": "Skjemaet med referanse {reference} er åpnet igjen slik at kommunen kan rette det."
        "\n\nBegrunnelse: {reason}\n\nSkjemaet kan sendes inn på nytt til og med {until}.\n\n"
        "Hilsen\n{office}, brukerstøtte\n",
        "nn": "Skjemaet med referanse {reference} er opna igjen slik at kommunen kan rette det."
        "\n\nGrunngiving: {reason}\n\nSkjemaet kan sendast inn på nytt til og med {until}.\n\n"
        "Helsing\n{office}, brukarstøtte\n",
    },
)

_REMINDER_MAIL = MailText(
    subject={
        "nb": "Påminnelse: frist {deadline} – {title}",
        "nn": "Påminning: frist {deadline} – {title}",
    },
    body={
        "nb": "Statsforvalteren minner om fristen for «{title}»: {deadline}.\n\n"
        "Vi har ikke mottatt skjemaet fra {name} ennå. Logg inn i formservice for å fylle ut og "
        "sende inn.\n\nSpørsmål om innlogging og skjema: hjelp@statsforvalteren.no\n\n"
        "Hilsen\n{office}\n",
        "nn": "Statsforvaltaren minner om fristen for «{title}»: {deadline}.\n\n"
        "Vi har ikkje fått skjemaet frå {name} enno. Logg inn i formservice for å fylle ut og "
        "sende inn.\n\nSpørsmål om innlogging og skjema: hjelp@statsforvalteren.no\n\n"
        "Helsing\n{office}\n",
    },
)

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("kvittering", {"nb": "Kvittering", "nn": "Kvittering"}, template="kvittering",
             sample=SAMPLES["kvittering"], context=contexts.acknowledgement,
             mail=_ACKNOWLEDGEMENT_MAIL, recipients=contexts.submitter_and_organisation,
             mail_when=MADE, shown_when=MADE),
        Kind("tilskuddsbrev", {"nb": "Tilskuddsbrev", "nn": "Tilskotsbrev"},
             template="tilskuddsbrev", sample=SAMPLES["tilskuddsbrev"], context=contexts.letter,
             mail=_GRANT_MAIL, recipients=contexts.organisation_and_people, mail_when=SENT,
             shown_when=SENT, companions=("bekreftelse",), confirmation_form=True,
             for_outcome="granted"),
        Kind("bekreftelse", {"nb": "Bekreftelsesskjema", "nn": "Stadfestingsskjema"},
             template="bekreftelse", sample=SAMPLES["bekreftelse"], context=contexts.letter,
             shown_when=SENT),
        Kind("avslag", {"nb": "Avslag", "nn": "Avslag"}, template="avslag",
             sample=SAMPLES["avslag"], context=contexts.letter, mail=_REJECTION_MAIL,
             recipients=contexts.organisation_and_people, mail_when=SENT, shown_when=SENT,
             for_outcome="rejected"),
        Kind("gjenapning", {"nb": "Gjenåpning", "nn": "Gjenopning"}, mail=_REOPEN_MAIL,
             recipients=contexts.submitter_and_organisation),
        Kind("paminnelse", {"nb": "Påminnelse", "nn": "Påminning"}, mail=_REMINDER_MAIL),
        Kind("arsrapport", {"nb": "Årsrapport til Helsedirektoratet",
                            "nn": "Årsrapport til Helsedirektoratet"}, template="arsrapport",
             sample=SAMPLES["arsrapport"], context=report_context),
    )
}  # fmt: skip
# The letter each decision outcome calls for: {"granted": "tilskuddsbrev", "rejected": "avslag"}.
LETTER_KINDS: dict[str, str] = {k.for_outcome: k.name for k in KINDS.values() if k.for_outcome}
DOCUMENT_KINDS = tuple(k for k in KINDS.values() if k.template)


def kind(name: str) -> Kind:
    """The kind of that name; :class:`UnknownKind` otherwise."""
    found = KINDS.get(name)
    if found is None:
        known = ", ".join(k.name for k in DOCUMENT_KINDS)
        raise UnknownKind(f"unknown letter type {name!r}; known: {known}")
    return found


def letter_kind(outcome: str) -> Kind:
    """The letter a decision with this outcome calls for."""
    return KINDS[LETTER_KINDS[outcome]]
