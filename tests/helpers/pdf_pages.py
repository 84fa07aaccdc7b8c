"""What a PDF page shows, to compare pages made different ways."""

from __future__ import annotations

import hashlib

import pikepdf


def drawn(page: pikepdf.Page) -> tuple:
    """What a page shows: its size, its drawing, each font's name and program, its images."""
    contents = page.obj.Contents
    drawing = b"".join(c.read_bytes() for c in (contents if isinstance(contents, pikepdf.Array)
                                                 else [contents]))  # fmt: skip
    resources = page.obj.Resources
    fonts = {str(name): (str(font.BaseFont), hashlib.sha256(b"".join(
                 stream.read_bytes() for key in ("/FontFile", "/FontFile2", "/FontFile3")
                 if (stream := font.get("/FontDescriptor", {}).get(key)) is not None)).hexdigest())
             for name, font in resources.get("/Font", {}).items()}  # fmt: skip
    images = {str(name): x.read_bytes() for name, x in resources.get("/XObject", {}).items()}
    return [float(v) for v in page.mediabox], drawing, fonts, images
