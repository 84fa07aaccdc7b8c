"""What making a document produces on its way (:mod:`formservice.documents.make`): a document
rendered and waiting for its PDF, the outcome of each, the partial names files are written under
until complete, and the CPU time each stage took (which the letter benchmark adds up).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from formservice.documents.kinds import Files, Kind

SKIPPED = "skipped"


@dataclass
class Outcome:
    """What became of one document: its status, failure code, whether to try again later."""

    document_id: int
    status: str
    code: str | None = None
    detail: str = ""
    pdf: Path | None = None
    retry_later: bool = False
    mail_due: bool = False  # made, and its kind is mailed once made
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds by stage (see STAGES)
    # a made document's pages, still open: (its converted PDF, their numbers) — see make_documents
    pages: tuple[Any, range] | None = field(default=None, repr=False)


@dataclass
class Prepared:
    """A document rendered and waiting for its PDF."""

    document: dict[str, Any]
    kind: Kind
    attempt: int
    folder: Path
    files: Files
    context: dict[str, Any]
    docx: Path
    pdf_partial: Path
    data: bytes = field(repr=False, default=b"")
    cpu: dict[str, float] = field(default_factory=dict)

    @property
    def document_id(self) -> int:
        return int(self.document["id"])


# The stages of making a document whose CPU time each outcome records (for the benchmark).
STAGES = ("context", "render", "write", "combine", "pdf", "record")


@contextmanager
def stage(cpu: dict[str, float], name: str) -> Iterator[None]:
    """Add the CPU time this thread spends in the block to ``cpu[name]``."""
    began = time.thread_time()
    try:
        yield
    finally:
        cpu[name] = cpu.get(name, 0.0) + time.thread_time() - began


def partial_path(path: Path, attempt: int) -> Path:
    """Where one attempt writes ``path`` until it is complete: ``a-7.pdf`` → ``a-7.part-2.pdf``
    (the type stays last for LibreOffice; the attempt keeps two runs of a job apart)."""
    return path.with_name(f"{path.stem}.part-{attempt}{path.suffix}")
