"""The form engine: pure Python, no web framework.

Load definitions (:mod:`.loader`), evaluate answers against them (:mod:`.evaluate`), check them
statically (:mod:`.checker`) and move drafts between versions (:mod:`.migrate`).
"""

from formservice.engine.evaluate import evaluate
from formservice.engine.loader import Catalog, load_directory, load_file, parse_definition
from formservice.engine.model import Definition, Field, Page, Section
from formservice.engine.result import Evaluation

__all__ = [
    "Catalog",
    "Definition",
    "Evaluation",
    "Field",
    "Page",
    "Section",
    "evaluate",
    "load_directory",
    "load_file",
    "parse_definition",
]
