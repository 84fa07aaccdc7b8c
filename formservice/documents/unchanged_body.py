"""Whether docxtpl's clean-up after a render would leave a rendered body as it is, so that
:mod:`formservice.documents.render` may skip it.

After filling a body, docxtpl parses it with lxml (recovering from broken XML), widens or narrows
each table's grid to the most cells a row of it has (``fix_tables``: this changes something only
when a row has more cells than the grid has columns, or when no row spans all of them, as tags
like ``{%tc %}`` make) and numbers every drawing's ``wp:docPr`` afresh (``fix_docpr_ids``), then
writes the tree out again. When the body is well-formed XML, holds no drawing, and every table's
rows span exactly its grid (worked out as ``fix_tables`` does, rows of tables nested in a table
counted for it too), none of that changes the XML: only how lxml would write it again (``&#34;``
becomes ``"``, ``<w:t></w:t>`` becomes ``<w:t/>``), which Word and LibreOffice read alike. The
check errs on docxtpl's side: anything it does not follow (comments, a second grid, a span it
cannot read) sends the body the whole way.
"""

from __future__ import annotations

import re
from xml.parsers import expat

_TABLE_PARTS = re.compile(r"<(/?)w:(tbl|tblGrid|tr|tc|tcPr|gridCol|gridSpan)(?=[\s/>])([^>]*)>")
_SPAN = re.compile(r'\sw:val="(\d+)"')
_MAIN = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def unchanged_by_clean_up(xml: str) -> bool:
    """Whether docxtpl's ``fix_tables`` and ``fix_docpr_ids`` would change nothing in ``xml``."""
    if "docPr" in xml or "<!--" in xml or "<![CDATA[" in xml:
        return False
    if xml.count(_MAIN) != 1 or f'xmlns:w="{_MAIN}"' not in xml:  # its elements are w:…, only
        return False
    if not _tables_span_their_grids(xml):
        return False
    try:
        expat.ParserCreate().Parse(xml, True)
    except expat.ExpatError:
        return False  # lxml would recover from it: docxtpl's way
    return True


def _tables_span_their_grids(xml: str) -> bool:
    """Whether, in every table, no row has more cells than the grid has columns and some row
    spans them all (a cell's ``gridSpan`` counted as ``fix_tables`` counts it)."""
    tables: list[list[int]] = []  # open tables: columns, grids, most cells in a row, most spanned
    rows: list[list[int]] = []  # open rows: cells, columns spanned
    cells: list[list[int]] = []  # open cells: span (0: none read), properties seen, inside them
    for closing, name, rest in _TABLE_PARTS.findall(xml):
        opens, closes = not closing, bool(closing) or rest.endswith("/")
        if name == "tbl" and opens:
            tables.append([0, 0, 0, 0])
        elif name in ("tblGrid", "gridCol") and opens:
            if not tables:
                return False
            tables[-1][name == "tblGrid"] += 1
        elif name == "tr" and opens:
            rows.append([0, 0])
        elif name == "tc" and opens:
            if not rows:
                return False
            rows[-1][0] += 1
            cells.append([0, 0, 0])
        elif name == "tcPr" and opens:
            if not cells or cells[-1][1]:
                return False  # a second tcPr: fix_tables reads only the first
            cells[-1][1] = cells[-1][2] = 1
        elif name == "gridSpan" and opens and cells and cells[-1][2] and not cells[-1][0]:
            span = _SPAN.search(rest)
            if span is None or int(span.group(1)) < 1:
                return False
            cells[-1][0] = int(span.group(1))
        if not closes:
            continue
        if name == "tcPr" and cells:
            cells[-1][2] = 0
        elif name == "tc":
            if not cells or not rows:
                return False
            rows[-1][1] += cells.pop()[0] or 1
        elif name == "tr":
            if not rows:
                return False
            row = rows.pop()
            for table in tables:  # fix_tables counts the rows of nested tables too
                table[2], table[3] = max(table[2], row[0]), max(table[3], row[1])
        elif name == "tbl":
            if not tables:
                return False
            columns, grids, most_cells, most_spanned = tables.pop()
            if grids != 1 or most_cells > columns or most_spanned < columns:
                return False
    return not tables and not rows and not cells
