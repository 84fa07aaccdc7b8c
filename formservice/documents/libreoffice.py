"""Everything that talks to LibreOffice goes through here: conversion of a DOCX to PDF/A-2b (or
plain PDF) by the pool of running converters this process registered (``formservice serve`` does;
the pool itself is in :mod:`libreoffice_pool`), or else by one ``soffice --convert-to pdf``
process with its own profile (a one-off command, :mod:`soffice`). Callers get the PDF, or
:class:`ConversionFailed` with the reason; the DOCX is never touched. Also here: how big a pool
the settings ask for, and :func:`pool_status` for a health page.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from formservice.documents.libreoffice_pool import ConverterPool
from formservice.documents.soffice import ConversionFailed, convert_once
from formservice.files import PRIVATE_FILE

__all__ = ["ConversionFailed", "ConverterPool", "convert_to_pdf", "pool_size", "pool_status"]
_default_pool: ConverterPool | None = None


def pool_size(settings: dict[str, Any]) -> int:
    """LIBREOFFICE_POOL_SIZE, or one instance per core."""
    configured = int(settings.get("LIBREOFFICE_POOL_SIZE") or 0)
    return configured if configured > 0 else max(1, os.cpu_count() or 1)


def default_pool() -> ConverterPool | None:
    """The pool registered for this process, if any."""
    return _default_pool


def set_default_pool(pool: ConverterPool | None) -> None:
    """The pool that :func:`convert_to_pdf` uses in this process (set by ``formservice serve``)."""
    global _default_pool
    _default_pool = pool


def pool_status() -> dict[str, Any]:
    """For a health page: whether a pool runs in this process, and each instance's state."""
    pool = _default_pool
    if pool is None:
        return {"pool": False, "mode": "one soffice process per document", "instances": []}
    instances = pool.status()
    return {
        "pool": True,
        "mode": f"pool of {pool.size}",
        "healthy": sum(1 for i in instances if i["running"]),
        "instances": instances,
    }


def convert_to_pdf(
    docx: Path, pdf: Path, *, pool: ConverterPool | None = None, pdf_version: str = "PDF/A-2b",
    timeout: float = 120.0,
) -> Path:  # fmt: skip
    """Convert with the given or running pool, else with a one-shot ``soffice`` process; the
    PDF is private (0600) like every file of the instance (LibreOffice writes it as its umask
    says)."""
    pool = pool or _default_pool
    if pool is not None:
        converted = pool.convert(docx, pdf)
    else:
        converted = convert_once(Path(docx), Path(pdf), pdf_version=pdf_version, timeout=timeout)
    os.chmod(converted, PRIVATE_FILE)
    return converted
