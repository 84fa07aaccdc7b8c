"""Checking an uploaded PDF before anything is stored: real PDF, size, no encryption, no scripts.

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

from formservice.engine.messages import Text

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
_ACTIVE_CONTENT = (b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFile", b"/RichMedia", b"/XFA")


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
    """The last path part of a filename, without control characters, at most 120 characters."""
    name = re.split(r"[\\/]", filename or "")[-1]
    name = "".join(
        c for c in unicodedata.normalize("NFC", name) if unicodedata.category(c)[0] != "C"
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
        root = reader.trailer["/Root"]
        names = root.get("/Names")
        active = "/OpenAction" in root and b"/JavaScript" in content
        active = active or (names is not None and "/JavaScript" in names.get_object())
    except UploadRefused:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, RecursionError, OSError):
        raise UploadRefused(not_pdf) from None
    if active or any(marker in content for marker in _ACTIVE_CONTENT):
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
