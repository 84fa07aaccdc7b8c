"""What a PDF claims and carries for keeping: the PDF/A identification and the archival basics.

:func:`pdfa_claim` reads the XMP ``pdfaid`` part and conformance (``"PDF/A-2b"``) that a PDF claims;
:func:`archival_problems` lists what stands against keeping it: no claim, no output intent with an
embedded ICC profile, a font not embedded, encryption, JavaScript or launch actions. These are the
checks pikepdf can make; a full ISO 19005 validation is PDFBox Preflight's (PDF/A-1b only, see
``docs/documents.md``). Used by the tests for every PDF formservice makes, and by the archive
export to state each file's format truthfully.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf

_FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


def pdfa_claim(path: Path) -> str | None:
    """``"PDF/A-<part><conformance>"`` as claimed in the XMP metadata, or None (also for a file
    that is not a readable PDF)."""
    try:
        with pikepdf.open(path) as pdf:
            return _claim(pdf)
    except (pikepdf.PdfError, OSError, ValueError):
        return None


def _claim(pdf: pikepdf.Pdf) -> str | None:
    meta = pdf.open_metadata()
    part = meta.get("pdfaid:part")
    conformance = meta.get("pdfaid:conformance") or ""
    return f"PDF/A-{part}{conformance.lower()}" if part else None


def archival_problems(path: Path, *, expect: str | None = None) -> list[str]:
    """Everything that keeps the PDF from being a sound archival copy (empty when none);
    ``expect`` names the claim it must make, e.g. ``"PDF/A-2b"``."""
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError:
        return ["encrypted"]
    except (pikepdf.PdfError, OSError) as error:
        return [f"not a readable PDF: {error}"]
    with pdf:
        problems = []
        claim = _claim(pdf)
        if claim is None:
            problems.append("no pdfaid claim in the XMP metadata")
        elif expect and claim != expect:
            problems.append(f"claims {claim}, not {expect}")
        if pdf.is_encrypted:
            problems.append("encrypted")
        problems += _output_intent_problems(pdf)
        problems += [f"font not embedded: {name}" for name in sorted(_unembedded_fonts(pdf))]
        problems += _active_content(pdf)
        return problems


def _output_intent_problems(pdf: pikepdf.Pdf) -> list[str]:
    intents = pdf.Root.get("/OutputIntents")
    if not intents:
        return ["no output intent"]
    for intent in intents:
        profile = intent.get("/DestOutputProfile")
        if intent.get("/S") == "/GTS_PDFA1" and isinstance(profile, pikepdf.Stream):
            data = profile.read_bytes()
            if len(data) > 128 and data[36:40] == b"acsp":  # the ICC profile signature
                return []
            return ["the output intent's ICC profile is not a valid ICC profile"]
    return ["no GTS_PDFA1 output intent with an embedded ICC profile"]


def _fonts(resources: pikepdf.Object, seen: set[tuple[int, int]]) -> list[pikepdf.Object]:
    """Every font of a resource dictionary, and of the forms and patterns inside it."""
    found = []
    if not isinstance(resources, pikepdf.Dictionary):
        return found
    for font in (resources.get("/Font") or {}).values():
        found.append(font)
        if font.get("/Subtype") == "/Type3":
            found += _fonts(font.get("/Resources"), seen)
    for group in ("/XObject", "/Pattern"):
        for item in (resources.get(group) or {}).values():
            key = item.objgen
            if key != (0, 0) and key in seen:
                continue
            seen.add(key)
            found += _fonts(item.get("/Resources"), seen)
    return found


def _unembedded_fonts(pdf: pikepdf.Pdf) -> set[str]:
    missing = set()
    seen: set[tuple[int, int]] = set()
    fonts = [font for page in pdf.pages for font in _fonts(page.obj.get("/Resources"), seen)]
    for annotation in (a for page in pdf.pages for a in page.obj.get("/Annots") or []):
        for appearance in (annotation.get("/AP") or {}).values():
            if isinstance(appearance, pikepdf.Stream):
                fonts += _fonts(appearance.get("/Resources"), seen)
    for font in fonts:
        if font.get("/Subtype") == "/Type3":
            continue  # glyphs are drawn by the document itself
        descendants = font.get("/DescendantFonts")
        for described in list(descendants) if descendants else [font]:
            descriptor = described.get("/FontDescriptor")
            if descriptor is None or not any(key in descriptor for key in _FONT_FILES):
                missing.add(str(described.get("/BaseFont", "?")))
    return missing


def _dictionaries(root: pikepdf.Object) -> list[pikepdf.Object]:
    """Every dictionary (and stream dictionary) reachable from ``root``, each indirect one once."""
    found, stack, seen = [], [root], set()
    while stack:
        obj = stack.pop()
        if not isinstance(obj, pikepdf.Object):
            continue  # numbers, booleans and names come back as Python values
        if obj.is_indirect:
            if obj.objgen in seen:
                continue
            seen.add(obj.objgen)
        if isinstance(obj, pikepdf.Array):
            stack.extend(obj)
        elif isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            found.append(obj)
            stack.extend(value for key, value in obj.items() if key != "/Parent")
    return found


def _active_content(pdf: pikepdf.Pdf) -> list[str]:
    problems = set()
    names = pdf.Root.get("/Names") or {}
    if "/JavaScript" in names:
        problems.add("JavaScript in the name tree")
    if "/AA" in pdf.Root:
        problems.add("document additional actions")
    for obj in _dictionaries(pdf.Root):
        kind = obj.get("/S")
        if kind == "/JavaScript" or "/JS" in obj:
            problems.add("JavaScript action")
        elif kind == "/Launch":
            problems.add("launch action")
    return sorted(problems)
