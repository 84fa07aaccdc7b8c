"""Several documents of one template converted in one LibreOffice call, split by page ranges.

(Filled in below.)"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def groups(docx: list[bytes]) -> list[list[int]]:
    """Indexes of the documents that can share one conversion, in order."""
    return [[i] for i in range(len(docx))]


def convert_together(docx: list[bytes], pdfs: list[Path], folder: Path, pool: Any,
                     settings: dict[str, Any]) -> bool:  # fmt: skip
    return False
