"""The confirmation page's fixed part, laid out by LibreOffice once and drawn onto every letter.

A grant letter's last page is its confirmation form: a heading and a paragraph naming the
recipient, the amount and the account, then a table of fields to fill in and closing lines that
are the same in every letter of a round (the *fixed part*). The table costs LibreOffice about a
third of a letter's conversion, so when letters are converted together (:mod:`combine`), the
fixed part is converted once on a page of its own (no header or footer) and the letters without
it; its drawing is then added to each letter's last page, moved down to where the letter's own
paragraph ends, with its own embedded fonts (resources renamed so they never clash with the
page's), so the page stays PDF/A and its text reads, and is placed, as it would be alone.

Where things are is read from the PDF: a one-point-high paragraph carrying a bookmark (which
LibreOffice exports as a named destination, with the height of its line) marks where the fixed
part starts in each letter, and where it starts and ends on its own page. A fixed part is known by
its XML with the template's other parts, so letters share one only when LibreOffice would lay out
the same thing. A letter whose paragraph would push the part into the bottom margin is converted
whole instead, and so are all letters of a part that does not fit on one page.
"""

from __future__ import annotations

import hashlib
import io
import re
import threading
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Array, Dictionary, Name

START, END = "fsfixed", "fsfixedend"  # bookmark names: START<n> and END<n> for letter n
ENDS = (START, END)
SECTION_HOLDER = "<w:p></w:p>"
_PAGE_BREAK = '<w:br w:type="page"/>'
_TABLE = re.compile(r"<w:tbl[ >]")
_MARKED_CONTENT = ("BDC", "BMC", "EMC", "MP", "DP")
_MARGIN_BOTTOM = re.compile(r'<w:pgMar [^>]*w:bottom="(\d+)"')
_learnt: dict[str, FixedPart] = {}
_learnt_lock = threading.Lock()


@dataclass(frozen=True)
class Split:
    """A letter's body cut where its confirmation page's fixed part starts."""

    top: str
    fixed: str
    key: str


def split(body: str, shape_key: str) -> Split | None:
    """The body cut before the first table of its last page (None: no such table, or one
    inside another element), keyed by that part's XML and the letter's shape."""
    page = body.rfind(_PAGE_BREAK)
    table = _TABLE.search(body, page) if page >= 0 else None
    if table is None or body.rfind("</w:p>", 0, table.start()) < page:
        return None
    top, fixed = body[: table.start()], body[table.start() :]
    if top.count("<w:tbl") != top.count("</w:tbl>"):  # the table is not at the body's level
        return None
    key = hashlib.sha256(shape_key.encode() + b"\0" + fixed.encode()).hexdigest()
    return Split(top, fixed, key)


def _mark(name: str, number: int) -> str:
    """A paragraph one point high with a bookmark, to find its height in the PDF."""
    bookmark = 800000 + number * 2 + (name == END)
    return (f'<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
            f'<w:rPr><w:sz w:val="2"/></w:rPr></w:pPr><w:bookmarkStart w:id="{bookmark}" '
            f'w:name="{name}{number}"/><w:bookmarkEnd w:id="{bookmark}"/></w:p>')  # fmt: skip


def alone(part: Split) -> str:
    """The fixed part alone, both ends marked: what is converted to learn it."""
    return _mark(START, 0) + part.fixed + _mark(END, 0)


def cut(part: Split, number: int) -> str:
    """The body without its fixed part, its start marked: what the letters convert. It ends in an
    empty paragraph to carry the section break of a combined conversion: LibreOffice drops an
    empty paragraph that ends a section (the mark's would go, its bookmark moved up a line)."""
    return part.top + _mark(START, number) + SECTION_HOLDER


def bottom_margin(section: str) -> float:
    """The page's bottom margin in points (the section's ``w:pgMar``; Word's 1 inch if none)."""
    found = _MARGIN_BOTTOM.search(section)
    return int(found.group(1)) / 20 if found else 72.0


@dataclass(frozen=True)
class FixedPart:
    """A fixed part as the first letter's page has it: that page alone (a PDF), the height of
    its start and end marks, the page's bottom margin, and its fields' label heights."""

    key: str
    pdf: bytes = field(repr=False)
    top: float
    end: float
    floor: float
    labels: dict[str, float]

    @property
    def usable(self) -> bool:
        """Whether letters can leave it out (not when it ran over onto another page)."""
        return bool(self.pdf)

    def offset(self, top: float) -> float | None:
        """How far to move the part for a letter whose start mark stands at ``top``; None when
        it would reach into the bottom margin."""
        moved = top - self.top
        return moved if self.end + moved >= self.floor else None

    def labels_at(self, offset: float) -> dict[str, float]:
        return {label: y + offset for label, y in self.labels.items()}


def learnt(key: str) -> FixedPart | None:
    with _learnt_lock:
        return _learnt.get(key)


def learn(part: FixedPart) -> None:
    with _learnt_lock:
        if len(_learnt) > 64:
            _learnt.clear()
        _learnt[part.key] = part


def one_page(pdf: pikepdf.Pdf, number: int, floor: float, top: float) -> bytes:
    """Page ``number`` of ``pdf`` as a PDF of its own, ready to be drawn onto other pages: its
    resources renamed (``/FsF1``, so they never clash with a page's own), its marked-content
    tags left out (the numbers are the page's own) and its drawing clipped to the fixed part."""
    with pikepdf.new() as out:
        out.pages.append(pdf.pages[number])
        page = out.pages[0]
        renamed: dict[str, str] = {}
        resources = Dictionary()
        for category, entries in page.Resources.items():
            if isinstance(entries, Dictionary) and category != "/ProcSet":
                resources[category] = Dictionary({renamed.setdefault(name, "/Fs" + name[1:]): entry
                                                  for name, entry in entries.items()})  # fmt: skip
        drawing = [
            ([Name(renamed[str(o)]) if isinstance(o, Name) and str(o) in renamed else o
              for o in operands], operator)
            for operands, operator in pikepdf.parse_content_stream(page)
            if str(operator) not in _MARKED_CONTENT
        ]  # fmt: skip
        width = float(page.mediabox[2])
        clip = f"q 0 {floor:.3f} {width:.3f} {top - floor:.3f} re W n\n".encode()
        page.obj.Contents = out.make_stream(clip + pikepdf.unparse_content_stream(drawing) + b"\nQ")
        page.obj.Resources = out.make_indirect(resources)  # so that it can be copied whole
        buffer = io.BytesIO()
        out.save(buffer, fix_metadata_version=False)
    return buffer.getvalue()


class Drawer:
    """Draws fixed parts onto pages of one PDF; each part's drawing and resources are copied into
    it once. Keep it open until that PDF's pages are saved (qpdf reads the streams then)."""

    def __init__(self, pdf: pikepdf.Pdf) -> None:
        self.pdf = pdf
        self._parts: dict[str, tuple[pikepdf.Object, Dictionary]] = {}
        self._sources: list[pikepdf.Pdf] = []

    def draw(self, number: int, part: FixedPart, offset: float) -> None:
        """Draw ``part`` onto page ``number``, moved up by ``offset`` points."""
        copied = self._parts.get(part.key)
        if copied is None:
            source = pikepdf.open(io.BytesIO(part.pdf))
            self._sources.append(source)
            page = source.pages[0].obj
            copied = self._parts[part.key] = (self.pdf.copy_foreign(page.Contents),
                                              self.pdf.copy_foreign(page.Resources))  # fmt: skip
        drawing, added = copied
        page = self.pdf.pages[number].obj
        resources = Dictionary({key: value for key, value in page.Resources.items()})
        for category, entries in added.items():  # the page's own dictionaries may be shared
            mine = resources.get(category)
            merged = (
                Dictionary({k: v for k, v in mine.items()}) if mine is not None else Dictionary()
            )
            for name, entry in entries.items():
                merged[name] = entry
            resources[category] = merged
        page.Resources = resources
        contents = page.Contents if isinstance(page.Contents, Array) else Array([page.Contents])
        page.Contents = Array([
            self.pdf.make_stream(b"q\n"), *contents,
            self.pdf.make_stream(f"\nQ q 1 0 0 1 0 {offset:.3f} cm\n".encode()), drawing,
            self.pdf.make_stream(b"\nQ\n"),
        ])  # fmt: skip

    def close(self) -> None:
        for source in self._sources:
            source.close()
