"""The table of printable characters is what the installed fonts draw: rebuilt from them it is the
committed file; its fonts come from the packages the install script installs; and a character of
every printable run, rendered by real LibreOffice, is drawn by a font that has it."""

from __future__ import annotations

import json
import re
import subprocess
import unicodedata
from pathlib import Path

import pytest

from formservice.documents.font_coverage import TABLE_PATH, build_table, table_text
from formservice.documents.libreoffice import convert_to_pdf
from formservice.documents.render import render_docx
from formservice.documents.samples import SAMPLES
from formservice.documents.templates import template_path
from formservice.engine.printable import character_kind, printable_table
from tests.helpers.pdf_glyphs import undrawable

ROOT = Path(__file__).resolve().parents[2]
INSTALL_SCRIPT = ROOT / "scripts/install-system-deps.sh"


def _spans(table: dict, kind: str) -> set[tuple[int, int]]:
    starts = [start for start, _ in table["runs"]] + [0x110000]
    return {
        (start, end - 1)
        for (start, k), end in zip(table["runs"], starts[1:], strict=True)
        if k == kind
    }


def test_rebuilding_the_table_from_the_installed_fonts_gives_the_committed_file():
    committed = printable_table()
    built = build_table()
    assert built["fonts"] == committed["fonts"], (
        "fonts differ: run scripts/build_printable_table.py"
    )
    lost = sorted(_spans(committed, "p") - _spans(built, "p"))
    assert built["runs"] == committed["runs"], (
        "the installed fonts no longer match formservice/data/printable.json; printable runs "
        f"lost or changed: {[f'U+{a:04X}-U+{b:04X}' for a, b in lost[:20]]}"
    )
    assert TABLE_PATH.read_text("utf-8") == table_text(built)  # the file as the script writes it


def test_the_table_is_unicodes_and_refuses_what_no_document_can_show():
    assert printable_table()["unicode"] == unicodedata.unidata_version
    kinds = {
        c: character_kind(c) for c in "A\tæ田𠀀👩🏽\u200d\ufe0f\x85\ufdd0\ue000\u0378\U0001e290"
    }
    assert kinds == {"A": "p", "\t": "p", "æ": "p", "田": "p", "𠀀": "p", "👩": "p", "🏽": "p",
                     "\u200d": "p", "\ufe0f": "p", "\x85": "u", "\ufdd0": "u", "\ue000": "u",
                     "\u0378": "u", "\U0001e290": "n"}  # fmt: skip
    # the engine's fast path takes Latin-1's printable characters as printable without looking
    latin_1 = [*"\t\n\r", *map(chr, range(0x20, 0x7F)), *map(chr, range(0xA0, 0x100))]
    assert {character_kind(c) for c in latin_1} == {"p"}


def _packages_of(files: list[str]) -> dict[str, str]:
    answer = subprocess.run(["dpkg", "-S", *files], capture_output=True, text=True, check=True)
    return {line.split(": ", 1)[1]: line.split(":", 1)[0] for line in answer.stdout.splitlines()}


def test_the_install_script_installs_exactly_the_font_packages_the_table_assumes():
    script = INSTALL_SCRIPT.read_text("utf-8")
    listed = set(re.search(r"PACKAGES=\((.*?)\)", script, re.S)[1].split())
    used = set(_packages_of(printable_table()["fonts"]).values())
    assert used <= listed, f"fonts from packages the script does not install: {used - listed}"
    # the colour emoji font is for the browser pages only; fonts.conf keeps it out of PDFs
    unused = {p for p in listed if p.startswith("fonts-")} - used - {"fonts-noto-color-emoji"}
    assert not unused, f"font packages the table does not use: {unused}"


def _sample() -> list[str]:
    """Up to three letters, digits or signs from every printable run outside ASCII, one line a
    run. Characters with a decomposition are left out (the text layer holds what they decompose
    to); right-to-left scripts outside the BMP are refused (not ``p``), so never sampled."""
    runs = printable_table()["runs"]
    starts = [start for start, _ in runs] + [0x110000]
    lines = []
    for (start, kind), end in zip(runs, starts[1:], strict=True):
        if kind != "p" or start < 0x80:
            continue
        found = ""
        for character in map(chr, range(start, min(end, start + 200))):
            if unicodedata.category(character)[0] in "LNS" and not unicodedata.decomposition(
                character
            ):
                found += character
            if len(found) == 3:
                break
        if found:
            lines.append(found)
    return lines


@pytest.mark.libreoffice
@pytest.mark.xdist_group("libreoffice")
def test_characters_of_every_printable_run_are_drawn_by_a_font_that_has_them(tmp_path):
    lines = _sample()
    assert len(lines) > 250
    context = json.loads(json.dumps(SAMPLES["kvittering"]))
    [section] = context["pages"][0]["sections"]
    section["items"] = [{"label": "Teikn", "text": "\n".join(lines), "is_table": False,
                         "columns": [], "rows": []}]  # fmt: skip
    docx = tmp_path / "teikn.docx"
    render_docx(template_path("kvittering", "nn"), context, docx, language="nn")
    pdf = convert_to_pdf(docx, tmp_path / "teikn.pdf")
    assert undrawable(pdf, "".join(lines)) == []
