"""Checking an uploaded PDF before anything is stored: real PDF, size, no encryption, no scripts,
no actions that open other files or send the form anywhere (page, annotation, field, bookmark).

The browser's filename and content type are not trusted: the content must start like a PDF, open
in pypdf, not be encrypted and carry no JavaScript or launch actions. The stored file gets a name
formservice chooses; the person's filename is kept only as text for display.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, DictionaryObject

from formservice.engine.messages import Text
from formservice.engine.printable import character_kind

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
_ACTIVE_ANNOTATIONS = ("/FileAttachment", "/RichMedia", "/Movie", "/Sound", "/Screen")
# actions that run code, open or fetch other files, or send the form's contents somewhere
_ACTIVE_ACTIONS = ("/JavaScript", "/Launch", "/ImportData", "/RichMediaExecute", "/GoToR",
                   "/GoToE", "/SubmitForm", "/Rendition", "/Sound", "/Movie")  # fmt: skip
_MAX_OBJECTS = 10_000  # fields, kids and outline items looked at, at most


class UploadRefused(Exception):
    """The upload is not accepted; ``text`` says why in bokmål and nynorsk."""

    def __init__(self, text: Text) -> None:
        super().__init__(text["nb"])
        self.text = text


@dataclass(frozen=True)
class CheckedPdf:
    """A PDF that passed the checks, with a safe display name and its hash."""

    content: bytes
    display_name: str
    sha256: str
    pages: int


def safe_display_name(filename: str) -> str:
    """The last path part of a filename, without control characters, at most 120 characters;
    a character no installed font draws is ``_`` (the name is shown in receipts)."""
    name = re.split(r"[\\/]", filename or "")[-1]
    name = "".join(
        c if character_kind(c) == "p" else "_"
        for c in unicodedata.normalize("NFC", name)
        if unicodedata.category(c)[0] != "C"
    )
    name = name.strip().lstrip(".") or "vedlegg.pdf"
    return name[-120:]


def check_pdf(content: bytes, filename: str, max_bytes: int = MAX_UPLOAD_BYTES) -> CheckedPdf:
    """The checked PDF, or UploadRefused with a message for the person who uploaded it."""
    if not content:
        raise UploadRefused({"nb": "Filen er tom.", "nn": "Fila er tom."})
    if len(content) > max_bytes:
        megabytes = max_bytes // (1024 * 1024)
        raise UploadRefused(
            {
                "nb": f"Filen er for stor. Største tillatte størrelse er {megabytes} MB.",
                "nn": f"Fila er for stor. Største tillatne storleik er {megabytes} MB.",
            }
        )
    not_pdf = {
        "nb": "Filen er ikke en PDF. Last opp en PDF-fil.",
        "nn": "Fila er ikkje ein PDF. Last opp ei PDF-fil.",
    }
    if not content.lstrip()[:5] == b"%PDF-":
        raise UploadRefused(not_pdf)
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted:
            raise UploadRefused(
                {
                    "nb": "PDF-en er passordbeskyttet. Last opp en PDF uten passord.",
                    "nn": "PDF-en er passordverna. Last opp ein PDF utan passord.",
                }
            )
        pages = len(reader.pages)
        active = has_active_content(reader)
    except UploadRefused:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, RecursionError, OSError):
        raise UploadRefused(not_pdf) from None
    if active:
        raise UploadRefused(
            {
                "nb": "PDF-en inneholder skript eller innebygde filer. Lagre den som en vanlig PDF "
                "(for eksempel med «Skriv ut til PDF») og last opp på nytt.",
                "nn": "PDF-en inneheld skript eller innebygde filer. Lagre han som ein vanleg PDF "
                "(til dømes med «Skriv ut til PDF») og last opp på nytt.",
            }
        )
    if pages == 0:
        raise UploadRefused(not_pdf)
    return CheckedPdf(
        content=content,
        display_name=safe_display_name(filename),
        sha256=hashlib.sha256(content).hexdigest(),
        pages=pages,
    )


def has_active_content(reader: PdfReader) -> bool:
    """Whether the PDF runs or carries anything: JavaScript, launch actions, embedded files, XFA.

    Read from the document's objects, not by searching its bytes: ``/JS`` may well occur by chance
    inside a compressed stream of an ordinary PDF.
    """
    root = reader.trailer["/Root"]
    names = root.get("/Names")
    names = names.get_object() if names is not None else {}
    form = root.get("/AcroForm")
    if "/AA" in root or "/JavaScript" in names or "/EmbeddedFiles" in names:
        return True
    if form is not None and "/XFA" in form.get_object():
        return True
    actions = [root.get("/OpenAction")]
    for node in _form_fields(form) + _outline_items(root.get("/Outlines")):
        if "/AA" in node:  # a field's own actions: on keystroke, format, validate, calculate
            return True
        actions.append(node.get("/A"))
    for page in reader.pages:
        if "/AA" in page:
            return True
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") in _ACTIVE_ANNOTATIONS or "/AA" in annotation:
                return True
            actions.append(annotation.get("/A"))
    return any(_runs_something(action) for action in actions)


def _form_fields(form: object) -> list[DictionaryObject]:
    """Every field of the AcroForm and its kids (widgets not on any page's /Annots too)."""
    form = form.get_object() if form is not None else None
    waiting = list(form.get("/Fields") or []) if isinstance(form, DictionaryObject) else []
    return _walk(waiting, lambda node: list(node.get("/Kids") or []))


def _outline_items(outlines: object) -> list[DictionaryObject]:
    """Every bookmark: each may carry an action that runs when it is clicked."""
    outlines = outlines.get_object() if outlines is not None else None
    first = outlines.get("/First") if isinstance(outlines, DictionaryObject) else None
    return _walk([first], lambda node: [node.get("/First"), node.get("/Next")])


def _walk(waiting: list, following: object) -> list[DictionaryObject]:
    found: list[DictionaryObject] = []
    seen: set[int] = set()
    while waiting and len(seen) < _MAX_OBJECTS:
        node = waiting.pop()
        node = node.get_object() if hasattr(node, "get_object") else node
        if not isinstance(node, DictionaryObject) or id(node) in seen:
            continue
        seen.add(id(node))
        found.append(node)
        waiting += [n for n in following(node) if n is not None]  # type: ignore[operator]
    return found


def _runs_something(action: object) -> bool:
    """An action that runs something, itself or one it chains to with /Next."""
    seen: set[int] = set()
    waiting = [action]
    while waiting and len(seen) < 1000:
        step = waiting.pop()
        step = step.get_object() if hasattr(step, "get_object") else step
        if not isinstance(step, DictionaryObject) or id(step) in seen:
            continue
        seen.add(id(step))
        if "/JS" in step or step.get("/S") in _ACTIVE_ACTIONS:
            return True
        following = step.get("/Next")
        following = following.get_object() if following is not None else None
        waiting += following if isinstance(following, ArrayObject) else [following]
    return False
