"""Build the office's annual report template (``letter_templates/arsrapport.<nb|nn>.docx``).

Run ``.venv/bin/python scripts/build_report_templates.py`` after changing a text. The report's
sections (heading, the main figure in words, the chart, the table of its numbers) and the table per
municipality (on a landscape page) come from the context (:mod:`formservice.insight.report`);
the template lays them out, each table with its own column widths.
"""

from __future__ import annotations

import sys

from build_letter_templates import OUT, _new
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import OxmlElement
from docx.shared import Cm, Pt
from docx_slim import slim

T = {
    "nb": {
        "title": "Årsrapport til Helsedirektoratet: {{ scheme.name }} {{ scheme.year }}",
        "about": "Fra {{ office.name }}, {{ date }}. Kap. {{ scheme.chapter }} post {{ scheme.post }}, "
        "søknadsrunde {{ reference }}.",
        "municipalities": "Kommunene",
        "areas": "Måloppnåelse (§ 3): svarene på «I hvilken grad benyttes den økte kapasiteten i "
        "tjenestene inn mot …» for hvert av de seks områdene:",
    },
    "nn": {
        "title": "Årsrapport til Helsedirektoratet: {{ scheme.name }} {{ scheme.year }}",
        "about": "Frå {{ office.name }}, {{ date }}. Kap. {{ scheme.chapter }} post {{ scheme.post }}, "
        "søknadsrunde {{ reference }}.",
        "municipalities": "Kommunane",
        "areas": "Måloppnåing (§ 3): svara på «I kva grad blir den auka kapasiteten i tenestene "
        "nytta inn mot …» for kvart av dei seks områda:",
    },
}


# Each table's column widths (cm): the text is 16 cm wide on A4, 24.7 cm on landscape A4.
WIDTHS = {
    "amounts": [6.0, 5.0, 4.9],
    "timeline": [4.0, 4.0, 4.0, 3.9],
    "attainment": [4.5, *[1.6] * 6, 1.8],
    "priorities": [5.5, *[2.6] * 4],
    "new": [5.0, 3.5, 3.5, 3.9],
    "municipalities": [4.5, 3.3, 2.8, 1.7, 1.7, 2.8, *[1.3] * 6],
}
SECTIONS = ("amounts", "timeline", "attainment", "priorities", "new")


def _table(document: DocumentObject, name: str) -> None:
    """The context's ``tables.<name>``: its headings, and a row per row (docxtpl's ``{%tr %}``)."""
    widths = WIDTHS[name]
    grid = document.add_table(rows=3, cols=len(widths))
    grid.style = "Table Grid"
    grid.autofit = False
    for index, width in enumerate(widths):
        grid.columns[index].width = Cm(width)
        header, loop, body = (row.cells[index] for row in grid.rows)
        header.text = f"{{{{ tables.{name}.columns[{index}] }}}}"
        body.text = f"{{{{ row[{index}] }}}}"
        loop.text = f"{{%tr for row in tables.{name}.rows %}}" if index == 0 else ""
        for cell in (header, loop, body):
            cell.width = Cm(width)
        for paragraph in (header.paragraphs[0], body.paragraphs[0]):
            for run in paragraph.runs:
                run.font.size = Pt(9)
                run.bold = paragraph is header.paragraphs[0]
    end = grid.add_row().cells
    end[0].text = "{%tr endfor %}"
    heading = grid.rows[0]._tr.get_or_add_trPr()  # the headings again on every page
    heading.append(OxmlElement("w:tblHeader"))


def _landscape(document: DocumentObject) -> None:
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width


def report(language: str) -> DocumentObject:
    text = T[language]
    document = _new(language)
    section = document.sections[0]  # A4 with 2.5 cm margins: 16 cm of text
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    document.add_heading(text["title"], level=1)
    document.add_paragraph(text["about"])
    document.add_paragraph("{%p for line in summary %}")
    document.add_paragraph("{{ line }}")
    document.add_paragraph("{%p endfor %}")
    for name in SECTIONS:
        document.add_paragraph(f"{{%p if charts.{name} %}}")
        document.add_heading(f"{{{{ charts.{name}.heading }}}}", level=2)
        document.add_paragraph(
            f"{{{{ charts.{name}.text }}}}"
        ).paragraph_format.keep_with_next = True
        document.add_paragraph(f"{{{{ charts.{name}.chart }}}}")
        _table(document, name)
        document.add_paragraph("{%p endif %}")
    _landscape(document)
    document.add_heading(text["municipalities"], level=2)
    document.add_paragraph("{%p if areas %}")
    document.add_paragraph(text["areas"])
    document.add_paragraph("{%p for area in areas %}")
    document.add_paragraph("{{ area }}", style="List Bullet")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{{ scale }}")
    document.add_paragraph("{%p endif %}")
    _table(document, "municipalities")
    return document


def main() -> int:
    for language in ("nb", "nn"):
        path = OUT / f"arsrapport.{language}.docx"
        slim(report(language)).save(path)
        print(path.relative_to(OUT.parent))
    return 0


if __name__ == "__main__":
    sys.exit(main())
