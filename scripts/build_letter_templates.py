"""Build the Word letter templates in ``letter_templates/`` from the texts in this file.

Run ``.venv/bin/python scripts/build_letter_templates.py`` after changing a text. The templates are
ordinary DOCX files: caseworkers may also edit them in Word or LibreOffice directly (then stop
using this script for that file). Each has the office's letterhead in the header and page numbers
as Word fields (PAGE, NUMPAGES) in the footer. Texts follow the regelverk for kap. 765 post 62;
the grant letter has the terms of kap. 765 post 60 (other costs than positions, auditor-certified
accounts, reporting by 15.03) in blocks chosen by ``scheme.post``, so one template serves both.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph
from docx_slim import slim

OUT = Path(__file__).resolve().parents[1] / "letter_templates"

NO_APPEAL = {
    "nb": "Tilskuddet er ikke et enkeltvedtak etter forvaltningsloven, og det er derfor ikke "
    "klagerett på {what}, jf. forvaltningsloven § 28.",
    "nn": "Tilskotet er ikkje eit enkeltvedtak etter forvaltningslova, og det er difor ikkje "
    "klagerett på {what}, jf. forvaltningslova § 28.",
}

# The round's office as it sends the letter (formservice.office.letterhead.sender), the same
# words in bokmål and nynorsk; the optional facts only when the office has set them (and a
# context written for the older templates, without them, still renders).
LETTERHEAD = (
    "{{ office.name }}",
    "Postadresse: {{ office.address }} · E-post: {{ office.email }}\n"
    "{% if office.visiting_address is defined and office.visiting_address %}Besøksadresse: "
    "{{ office.visiting_address }} · {% endif %}"
    "{% if office.phone is defined and office.phone %}Telefon: {{ office.phone }} · {% endif %}"
    "{% if office.website is defined and office.website %}{{ office.website }} · {% endif %}"
    "Org.nr. {{ office.orgnr }}",
)

T = {
    "nb": {
        "page": ("Side ", " av "),
        "our_ref": "Vår referanse",
        "date": "Dato",
        "greeting": "Med hilsen",
        "grant_title": "Tilskudd for {{ scheme.year }} – {{ scheme.name }} (kap. {{ scheme.chapter }} post {{ scheme.post }})",
        "grant_intro": "Statsforvalteren viser til søknaden deres med referanse {{ reference }}. "
        "{{ recipient.name }} får tilskudd på {{ total|kr }} for {{ scheme.year }}.",
        "positions": "Tilskuddet gjelder disse stillingene:",
        "positions_60": "Tilskuddet gjelder disse stillingene og kostnadene:",
        "position_line": "{% if p.percent %}{{ p.title }}: {{ p.percent|prosent }} stilling{% if p.year %}, "
        "{{ p.year }}. år i ordningen{% endif %}{% else %}{{ p.title }}{% endif %} – {{ p.amount|kr }}",
        "purpose_h": "Formål",
        "purpose": "Tilskuddet skal gi varig økt kapasitet i det kommunale rusarbeidet, slik at personer med "
        "rusproblemer får sammenhengende, tilgjengelige og individuelt tilpassede tjenester.",
        "purpose_60": "Tilskuddet skal styrke tilbudet til personer med store og sammensatte tjenestebehov, "
        "med mer helhetlige og samtidige tjenester fra ulike sektorer og nivåer.",
        "conditions_h": "Vilkår",
        "conditions": [
            "Tilskuddet skal bare brukes til lønn i stillingene over.",
            "Stillingene skal gi varig økt kapasitet i tjenestene.",
            "Kommunen dekker selv lønnskostnader ut over tilskuddet (egenfinansiering).",
        ],
        "conditions_60": [
            "Tilskuddet skal brukes til stillingene og kostnadene over, slik søknaden beskriver dem. "
            "Ordningen dekker også andre kostnader enn stillinger.",
            "Tilskuddsmottakeren dekker selv kostnader ut over tilskuddet (egenfinansiering).",
        ],
        "payment_h": "Utbetaling",
        "payment": "Tilskuddet blir utbetalt først når det vedlagte bekreftelsesskjemaet er fylt ut, signert "
        "og sendt tilbake til Statsforvalteren, og tidligere rapporteringskrav er oppfylt. Tilskuddet "
        "blir utbetalt i {{ instalments }} utbetaling(er) til konto {{ recipient.account|kontonr }}. "
        "{% if scheme.post == 60 %}Tilskuddsmottakeren{% else %}Kommunen{% endif %} må "
        "melde fra om endringer i adresse, kontonummer eller organisasjonsnummer.",
        "reporting_h": "Rapportering",
        "reporting": "Kommunen skal rapportere per 31.12.{{ scheme.year }} innen 01.02.{{ scheme.year + 1 }}: "
        "hvordan den økte kapasiteten er brukt inn mot de seks satsingsområdene, kommunens egen vurdering "
        "av måloppnåelsen, tiltakene som er gjennomført, og regnskap som kan sammenlignes med budsjettet.",
        "reporting_60": "Tilskuddsmottakeren skal rapportere per 31.12.{{ scheme.year }} innen "
        "15.03.{{ scheme.year + 1 }} på Statsforvalterens eget rapporteringsskjema: hva tilskuddet er brukt "
        "til og hvilke resultater det har gitt. Regnskapet skal være attestert av revisor "
        "(revisorattestert regnskap) og kunne sammenlignes med budsjettet.",
        "control_h": "Kontroll, bortfall og tilbakebetaling",
        "control": "Helsedirektoratet og Statsforvalteren kan kontrollere at tilskuddet brukes etter "
        "forutsetningene (§ 12). Tilskuddet faller bort om vilkårene ikke er oppfylt. Tilskudd som ikke "
        "er brukt, eller som er brukt i strid med forutsetningene, kan kreves tilbake, og framtidige "
        "tilskudd kan holdes tilbake (§ 13–14). Feil utbetalt tilskudd skal betales tilbake.",
        "appeal_h": "Ikke klagerett",
        "grant_what": "tildelingen",
        "reject_what": "avslaget",
        "reject_title": "Avslag på søknad om tilskudd for {{ scheme.year }} – {{ scheme.name }}",
        "reject_intro": "Statsforvalteren viser til søknaden deres med referanse {{ reference }}. "
        "Søknaden fra {{ recipient.name }} er dessverre ikke innvilget.",
        "reason_h": "Begrunnelse",
        "confirm_title": "Bekreftelse av tilskudd for {{ scheme.year }} – {{ scheme.name }}",
        "confirm_intro": "Referanse {{ reference }}. {{ recipient.name }} (org.nr. {{ recipient.orgnr|orgnr }}) "
        "bekrefter å ha mottatt tilskuddsbrevet og godtar vilkårene for tilskuddet på {{ total|kr }}, som "
        "skal utbetales til konto {{ recipient.account|kontonr }}. Fyll ut organisasjonsnummer og kontonummer "
        "som kontroll, kryss av for at dere godtar vilkårene, og signer.",
        "confirm_fields": [
            ("Organisasjonsnummer", ""),
            ("Kontonummer", ""),
            ("Vi godtar vilkårene", ""),
            ("Navn på den som signerer", ""),
            ("Stilling", ""),
            ("Dato", ""),
            ("Underskrift", ""),
        ],
        "confirm_return": "Skjemaet returneres til Statsforvalteren innen {{ confirm_by|dato }}. Tilskuddet "
        "utbetales ikke før skjemaet er mottatt.",
        "receipt_title": "Kvittering for {{ form_title }}",
        "receipt_intro": "Statsforvalteren har mottatt skjemaet fra {{ recipient.name }} "
        "(org.nr. {{ recipient.orgnr|orgnr }}) {{ received_at }}. Referansenummer: {{ reference }}.",
        "receipt_answers": "Dette er svarene som ble sendt inn:",
    },
    "nn": {
        "page": ("Side ", " av "),
        "our_ref": "Vår referanse",
        "date": "Dato",
        "greeting": "Med helsing",
        "grant_title": "Tilskot for {{ scheme.year }} – {{ scheme.name }} (kap. {{ scheme.chapter }} post {{ scheme.post }})",
        "grant_intro": "Statsforvaltaren viser til søknaden dykkar med referanse {{ reference }}. "
        "{{ recipient.name }} får tilskot på {{ total|kr }} for {{ scheme.year }}.",
        "positions": "Tilskotet gjeld desse stillingane:",
        "positions_60": "Tilskotet gjeld desse stillingane og kostnadene:",
        "position_line": "{% if p.percent %}{{ p.title }}: {{ p.percent|prosent }} stilling{% if p.year %}, "
        "{{ p.year }}. år i ordninga{% endif %}{% else %}{{ p.title }}{% endif %} – {{ p.amount|kr }}",
        "purpose_h": "Formål",
        "purpose": "Tilskotet skal gi varig auka kapasitet i det kommunale rusarbeidet, slik at personar med "
        "rusproblem får samanhengande, tilgjengelege og individuelt tilpassa tenester.",
        "purpose_60": "Tilskotet skal styrkje tilbodet til personar med store og samansette tenestebehov, "
        "med meir heilskaplege og samtidige tenester frå ulike sektorar og nivå.",
        "conditions_h": "Vilkår",
        "conditions": [
            "Tilskotet skal berre brukast til løn i stillingane over.",
            "Stillingane skal gi varig auka kapasitet i tenestene.",
            "Kommunen dekkjer sjølv lønnskostnader ut over tilskotet (eigenfinansiering).",
        ],
        "conditions_60": [
            "Tilskotet skal brukast til stillingane og kostnadene over, slik søknaden skildrar dei. "
            "Ordninga dekkjer også andre kostnader enn stillingar.",
            "Tilskotsmottakaren dekkjer sjølv kostnader ut over tilskotet (eigenfinansiering).",
        ],
        "payment_h": "Utbetaling",
        "payment": "Tilskotet blir utbetalt først når det vedlagde stadfestingsskjemaet er fylt ut, signert "
        "og sendt tilbake til Statsforvaltaren, og tidlegare rapporteringskrav er oppfylte. Tilskotet "
        "blir utbetalt i {{ instalments }} utbetaling(ar) til konto {{ recipient.account|kontonr }}. "
        "{% if scheme.post == 60 %}Tilskotsmottakaren{% else %}Kommunen{% endif %} må "
        "melde frå om endringar i adresse, kontonummer eller organisasjonsnummer.",
        "reporting_h": "Rapportering",
        "reporting": "Kommunen skal rapportere per 31.12.{{ scheme.year }} innan 01.02.{{ scheme.year + 1 }}: "
        "korleis den auka kapasiteten er brukt inn mot dei seks satsingsområda, kommunen si eiga vurdering "
        "av måloppnåinga, tiltaka som er gjennomførte, og rekneskap som kan samanliknast med budsjettet.",
        "reporting_60": "Tilskotsmottakaren skal rapportere per 31.12.{{ scheme.year }} innan "
        "15.03.{{ scheme.year + 1 }} på det eigne rapporteringsskjemaet til Statsforvaltaren: kva tilskotet "
        "er brukt til og kva resultat det har gitt. Rekneskapen skal vere attestert av revisor "
        "(revisorattestert rekneskap) og kunne samanliknast med budsjettet.",
        "control_h": "Kontroll, bortfall og tilbakebetaling",
        "control": "Helsedirektoratet og Statsforvaltaren kan kontrollere at tilskotet blir brukt etter "
        "føresetnadene (§ 12). Tilskotet fell bort om vilkåra ikkje er oppfylte. Tilskot som ikkje er "
        "brukt, eller som er brukt i strid med føresetnadene, kan krevjast tilbake, og framtidige tilskot "
        "kan haldast tilbake (§ 13–14). Feil utbetalt tilskot skal betalast tilbake.",
        "appeal_h": "Ikkje klagerett",
        "grant_what": "tildelinga",
        "reject_what": "avslaget",
        "reject_title": "Avslag på søknad om tilskot for {{ scheme.year }} – {{ scheme.name }}",
        "reject_intro": "Statsforvaltaren viser til søknaden dykkar med referanse {{ reference }}. "
        "Søknaden frå {{ recipient.name }} er diverre ikkje innvilga.",
        "reason_h": "Grunngiving",
        "confirm_title": "Stadfesting av tilskot for {{ scheme.year }} – {{ scheme.name }}",
        "confirm_intro": "Referanse {{ reference }}. {{ recipient.name }} (org.nr. {{ recipient.orgnr|orgnr }}) "
        "stadfestar å ha motteke tilskotsbrevet og godtek vilkåra for tilskotet på {{ total|kr }}, som "
        "skal betalast ut til konto {{ recipient.account|kontonr }}. Fyll ut organisasjonsnummer og kontonummer "
        "som kontroll, kryss av for at de godtek vilkåra, og signer.",
        "confirm_fields": [
            ("Organisasjonsnummer", ""),
            ("Kontonummer", ""),
            ("Vi godtek vilkåra", ""),
            ("Namn på den som signerer", ""),
            ("Stilling", ""),
            ("Dato", ""),
            ("Underskrift", ""),
        ],
        "confirm_return": "Skjemaet skal sendast tilbake til Statsforvaltaren innan {{ confirm_by|dato }}. "
        "Tilskotet blir ikkje utbetalt før skjemaet er motteke.",
        "receipt_title": "Kvittering for {{ form_title }}",
        "receipt_intro": "Statsforvaltaren har motteke skjemaet frå {{ recipient.name }} "
        "(org.nr. {{ recipient.orgnr|orgnr }}) {{ received_at }}. Referansenummer: {{ reference }}.",
        "receipt_answers": "Dette er svara som vart sende inn:",
    },
}


def _field(run_parent: Paragraph, instruction: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    run_parent._p.append(field)


def _letterhead(document: DocumentObject, language: str) -> None:
    section = document.sections[0]
    name, facts = LETTERHEAD
    header = section.header.paragraphs[0]
    header.style = document.styles["Header"]
    header.add_run(name).bold = True
    lines = section.header.add_paragraph(facts, style=document.styles["Header"])
    lines.runs[0].font.size = Pt(9)
    lines.paragraph_format.space_after = Pt(18)  # the recipient's address starts below it
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    before, between = T[language]["page"]
    footer.add_run(before)
    _field(footer, "PAGE")
    footer.add_run(between)
    _field(footer, "NUMPAGES")


# Installed with formservice (fonts-liberation2), so a letter looks the same on every machine.
FONT = "Liberation Sans"
HEADING_COLOUR = "365F91"  # 6.6:1 on white; python-docx's 4F81BD for levels 2 and 3 is 4.0:1


def _name_font(fonts: OxmlElement) -> None:
    """Name :data:`FONT` for every script, and no theme font (Word's Calibri and Cambria, which
    are not installed: LibreOffice drew the headings with whatever fallback fontconfig chose)."""
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    for script in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{script}"), FONT)


def _readable_headings(document: DocumentObject) -> None:
    """Headings in :data:`FONT` and :data:`HEADING_COLOUR` (text contrast at least 4.5:1, WCAG
    1.4.3: a 13 pt bold heading is not large text), not the theme's accent colour."""
    names = [f"Heading {level}{linked}" for level in (1, 2, 3) for linked in ("", " Char")]
    for style in (document.styles[name] for name in names if name in document.styles):
        properties = style.element.get_or_add_rPr()
        _name_font(properties.get_or_add_rFonts())
        colour = properties.find(qn("w:color"))
        for attribute in list(colour.attrib):
            del colour.attrib[attribute]
        colour.set(qn("w:val"), HEADING_COLOUR)


def _plain_bullets(document: DocumentObject) -> None:
    """List bullets as U+2022 in :data:`FONT`, not the Symbol font's private-use character (drawn
    with OpenSymbol, and read out as nothing sensible from the PDF's text)."""
    for level in document.part.numbering_part.element.iter(qn("w:lvl")):
        if level.find(qn("w:numFmt")).get(qn("w:val")) != "bullet":
            continue
        level.find(qn("w:lvlText")).set(qn("w:val"), "\u2022")
        properties = level.find(qn("w:rPr"))
        if properties is not None and properties.find(qn("w:rFonts")) is not None:
            _name_font(properties.find(qn("w:rFonts")))


def _new(language: str) -> DocumentObject:
    document = Document()
    section = document.sections[0]  # A4 with 2.5 cm margins (python-docx starts from US Letter)
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.5)
    document.styles["Normal"].font.size = Pt(11)
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    _name_font(defaults.find(qn("w:rPr")).find(qn("w:rFonts")))
    _name_font(document.styles["Normal"].element.get_or_add_rPr().get_or_add_rFonts())
    _readable_headings(document)
    _plain_bullets(document)
    document.core_properties.language = "nb-NO" if language == "nb" else "nn-NO"
    document.core_properties.author = "Statsforvalteren"
    _letterhead(document, language)
    return document


def _recipient(document: DocumentObject, language: str) -> None:
    text = T[language]
    document.add_paragraph("{{ recipient.name }}\n{{ recipient.address }}")
    document.add_paragraph(
        f"{text['our_ref']}: {{{{ reference }}}}    {text['date']}: {{{{ date }}}}"
    )


def _signature(document: DocumentObject, language: str) -> None:
    # the greeting never ends a page with the signature on the next
    document.add_paragraph(T[language]["greeting"]).paragraph_format.keep_with_next = True
    signature = document.add_paragraph(
        "{{ caseworker.name }}\n{{ caseworker.title }}\n{{ office.name }}"
    )
    signature.paragraph_format.keep_together = True


def _by_scheme(document: DocumentObject, add: Callable[[str], object], key: str) -> None:
    """The text ``key_60`` for kap. 765 post 60, else ``key`` (post 62), chosen when rendering."""
    document.add_paragraph("{%p if scheme.post == 60 %}")
    add(f"{key}_60")
    document.add_paragraph("{%p else %}")
    add(key)
    document.add_paragraph("{%p endif %}")


def grant_letter(language: str) -> DocumentObject:
    text = T[language]
    document = _new(language)
    _recipient(document, language)
    document.add_heading(text["grant_title"], level=1)
    document.add_paragraph(text["grant_intro"])
    _by_scheme(document, lambda key: [document.add_paragraph(text[key])], "positions")
    document.add_paragraph("{%p for p in positions %}")
    document.add_paragraph(text["position_line"], style="List Bullet")
    document.add_paragraph("{%p endfor %}")
    document.add_heading(text["purpose_h"], level=2)
    _by_scheme(document, lambda key: [document.add_paragraph(text[key])], "purpose")
    document.add_heading(text["conditions_h"], level=2)
    _by_scheme(
        document,
        lambda key: [document.add_paragraph(c, style="List Bullet") for c in text[key]],
        "conditions",
    )
    document.add_paragraph("{%p for c in conditions %}")
    document.add_paragraph("{{ c }}", style="List Bullet")
    document.add_paragraph("{%p endfor %}")
    document.add_heading(text["payment_h"], level=2)
    document.add_paragraph(text["payment"])
    document.add_heading(text["reporting_h"], level=2)
    _by_scheme(document, lambda key: [document.add_paragraph(text[key])], "reporting")
    document.add_heading(text["control_h"], level=2)
    document.add_paragraph(text["control"])
    document.add_heading(text["appeal_h"], level=2)
    document.add_paragraph(NO_APPEAL[language].format(what=text["grant_what"]))
    _signature(document, language)
    document.add_page_break()
    _confirmation_page(document, language)  # the attached form: always the letter's last page
    return document


def rejection(language: str) -> DocumentObject:
    text = T[language]
    document = _new(language)
    _recipient(document, language)
    document.add_heading(text["reject_title"], level=1)
    document.add_paragraph(text["reject_intro"])
    document.add_heading(text["reason_h"], level=2)
    document.add_paragraph("{{ reason }}")
    document.add_heading(text["appeal_h"], level=2)
    document.add_paragraph(NO_APPEAL[language].format(what=text["reject_what"]))
    _signature(document, language)
    return document


def confirmation(language: str) -> DocumentObject:
    document = _new(language)
    _confirmation_page(document, language)
    return document


def _confirmation_page(document: DocumentObject, language: str) -> None:
    text = T[language]
    document.add_heading(text["confirm_title"], level=1)
    document.add_paragraph(text["confirm_intro"])
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in text["confirm_fields"]:
        cells = table.add_row().cells
        cells[0].text = label
        cells[1].text = value
    document.add_paragraph("")
    document.add_paragraph(text["confirm_return"])


def acknowledgement(language: str) -> DocumentObject:
    text = T[language]
    document = _new(language)
    document.add_paragraph("{{ recipient.name }}")
    document.add_paragraph(
        f"{text['our_ref']}: {{{{ reference }}}}    {text['date']}: {{{{ date }}}}"
    )
    document.add_heading(text["receipt_title"], level=1)
    document.add_paragraph(text["receipt_intro"])
    document.add_paragraph(text["receipt_answers"])
    document.add_paragraph("{%p for page in pages %}")
    document.add_heading("{{ page.title }}", level=2)
    document.add_paragraph("{%p for section in page.sections %}")
    document.add_heading("{{ section.title }}", level=3)
    document.add_paragraph("{%p for item in section['items'] %}")
    document.add_paragraph("{%p if item.is_table %}")
    document.add_paragraph("{{ item.label }}:").runs[0].bold = True
    document.add_paragraph("{%p for row in item.rows %}")
    document.add_paragraph(
        "{% for cell in row %}{% if item.columns[loop.index0] %}{{ item.columns[loop.index0] }}: "
        "{% endif %}{{ cell }}{% if not loop.last %} · {% endif %}{% endfor %}",
        style="List Bullet",
    )
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p else %}")
    paragraph = document.add_paragraph()
    paragraph.add_run("{{ item.label }}: ").bold = True
    paragraph.add_run("{{ item.text }}")
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p endfor %}")
    return document


BUILDERS = {
    "tilskuddsbrev": grant_letter,
    "bekreftelse": confirmation,
    "kvittering": acknowledgement,
    "avslag": rejection,
}


def main() -> int:
    OUT.mkdir(exist_ok=True)
    for kind, build in BUILDERS.items():
        for language in ("nb", "nn"):
            path = OUT / f"{kind}.{language}.docx"
            slim(build(language)).save(path)
            print(path.relative_to(OUT.parent))
    return 0


if __name__ == "__main__":
    sys.exit(main())
