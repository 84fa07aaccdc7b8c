"""The document worker's warm-up: what the first document of a fresh process would otherwise pay.

A fresh worker process loads and checks every form definition (some 0.7 s of CPU, jsonschema),
Babel's locale data, and each template, the first time a document asks; and each LibreOffice
instance's first conversion costs about twice a later one. Paid by the first acknowledgements
of a burst of submits, with several worker threads doing the same loading at once, that came
to seconds. :func:`warm_up` does it all once at the worker's start, before any job runs: the
definitions, the written standards' number and date formats, every template rendered with its
sample in both languages, and the acknowledgement's sample converted once on every instance of
the pool. Nothing is kept but caches; a failure is logged and the worker starts all the same.
"""

from __future__ import annotations

import logging
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from formservice import formatting
from formservice.documents.contexts import catalog
from formservice.documents.kinds import DOCUMENT_KINDS, LANGUAGES, kind
from formservice.documents.libreoffice import ConverterPool
from formservice.documents.render import render_docx

log = logging.getLogger(__name__)
CONVERTED = "kvittering"  # the kind a burst of submits asks for: converted once per instance


def warm_up(settings: dict[str, Any], pool: ConverterPool | None) -> None:
    """Load what documents need and convert once on each of the pool's instances."""
    try:
        catalog(settings)
        for language in LANGUAGES:
            formatting.kroner(1234567, language)
            formatting.percent(12.5, language)
            formatting.long_date("2021-01-01", language)
        templates = Path(settings["TEMPLATES_DIR"])
        samples = {(found.name, language): render_docx(found.template_path(language, templates),
                                                       found.sample, language=language)
                   for found in DOCUMENT_KINDS if found.sample for language in LANGUAGES}  # fmt: skip
        if pool is not None:
            _convert_on_each(pool, samples[(CONVERTED, "nb")])
    except Exception:  # a cold start is slower, never broken
        log.exception("the document worker's warm-up failed; documents are made all the same")


def _convert_on_each(pool: ConverterPool, docx: bytes) -> None:
    """One conversion on each instance: as many at once as the pool has instances, each of
    which takes an idle one."""
    with tempfile.TemporaryDirectory(prefix="warm-up-", dir=pool.work_dir) as folder:
        source = Path(folder) / f"{kind(CONVERTED).name}.docx"
        source.write_bytes(docx)
        with ThreadPoolExecutor(max_workers=pool.size) as converting:
            list(converting.map(lambda n: pool.convert(source, Path(folder) / f"{n}.pdf"),
                                range(pool.size)))  # fmt: skip
