"""Rebuild ``formservice/data/printable.json`` from the fonts LibreOffice sees.

Run ``.venv/bin/python scripts/build_printable_table.py`` after changing the font packages in
``scripts/install-system-deps.sh`` or ``formservice/documents/fonts.conf``, and commit the file:
both engines refuse what it says no font draws (``tests/documents/test_font_coverage.py`` fails
until the file matches the installed fonts).
"""

from __future__ import annotations

from collections import Counter

from formservice.documents.font_coverage import TABLE_PATH, write_table

if __name__ == "__main__":
    table = write_table()
    starts = [start for start, _ in table["runs"]] + [0x110000]
    sizes = Counter()
    for (start, kind), end in zip(table["runs"], starts[1:], strict=True):
        sizes[kind] += end - start
    print(
        f"{TABLE_PATH}: {len(table['fonts'])} fonts, {len(table['runs'])} runs; "
        f"{sizes['p']} printable, {sizes['n']} without a font, {sizes['u']} never accepted"
    )
