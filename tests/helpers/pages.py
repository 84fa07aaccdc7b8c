"""One check for every rendered page: it parses, has one <h1>, labels for inputs, unique ids, and
answer lists (``dl.answers``) made of one row per answer with no empty value."""

from __future__ import annotations

from html.parser import HTMLParser

_LABELLED = {"input", "select", "textarea"}
_NO_LABEL_TYPES = {"hidden", "submit", "button", "reset", "image"}
_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "wbr",
}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.h1 = 0
        self.label_for: set[str] = set()
        self.inputs: list[dict[str, str | None]] = []
        self.label_depth = 0
        self.html_lang: str | None = None
        self.title = ""
        self._in_title = False
        self.answer_problems: list[str] = []
        self._open: list[tuple[str, bool]] = []  # (tag, inside an answer list) of open elements
        self._dd_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self._answer_list_start(tag, attributes)
        if attributes.get("id"):
            self.ids.append(attributes["id"] or "")
        if tag == "html":
            self.html_lang = attributes.get("lang")
        if tag == "h1":
            self.h1 += 1
        if tag == "title":
            self._in_title = True
        if tag == "label":
            self.label_depth += 1
            if attributes.get("for"):
                self.label_for.add(attributes["for"] or "")
        if tag in _LABELLED and attributes.get("type") not in _NO_LABEL_TYPES:
            self.inputs.append({**attributes, "_wrapped": "yes" if self.label_depth else None})

    def _answer_list_start(self, tag: str, attributes: dict[str, str | None]) -> None:
        if tag in _VOID:
            if self._dd_text:
                self._dd_text[-1] += f"<{tag}>"
            return
        parent = self._open[-1] if self._open else ("", False)
        if parent == ("dl", True) and tag != "div":
            self.answer_problems.append(
                f"<{tag}> directly in dl.answers: wrap each answer in <div>"
            )
        if tag == "dd":
            self._dd_text.append("")
        elif self._dd_text:
            self._dd_text[-1] += f"<{tag}>"
        answers = tag == "dl" and "answers" in (attributes.get("class") or "").split()
        self._open.append((tag, answers))

    def _answer_list_end(self, tag: str) -> None:
        if tag in _VOID or not any(t == tag for t, _ in self._open):
            return
        while self._open and self._open.pop()[0] != tag:
            pass
        if tag == "dd" and self._dd_text:
            content = self._dd_text.pop()
            if not content.strip():
                self.answer_problems.append("an empty <dd> in an answer list")
            elif self._dd_text:
                self._dd_text[-1] += content

    def handle_endtag(self, tag: str) -> None:
        self._answer_list_end(tag)
        if tag == "label":
            self.label_depth = max(0, self.label_depth - 1)
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._dd_text:
            self._dd_text[-1] += data
        if self._in_title:
            self.title += data


def check_page(html: str) -> _Collector:
    """Assert the page is well formed for people and screen readers; return what was collected."""
    page = _Collector()
    page.feed(html)
    page.close()
    assert page.html_lang in ("nb", "nn"), f"<html lang> is {page.html_lang!r}"
    assert page.title.strip(), "the page has no <title>"
    assert page.h1 == 1, f"expected exactly one <h1>, found {page.h1}"
    duplicates = sorted({i for i in page.ids if page.ids.count(i) > 1})
    assert not duplicates, f"duplicate ids: {duplicates}"
    for attributes in page.inputs:
        labelled = (
            attributes.get("id") in page.label_for
            or attributes.get("_wrapped")
            or attributes.get("aria-label")
            or attributes.get("aria-labelledby")
        )
        assert labelled, f"input without a label: {attributes}"
    assert not page.answer_problems, f"answer lists: {sorted(set(page.answer_problems))}"
    return page
