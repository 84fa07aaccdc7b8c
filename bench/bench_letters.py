"""Letter benchmark: 357 grant letters with confirmation forms, naive way against the pipeline.

Run: ``.venv/bin/python bench/bench_letters.py [--count 357] [--naive-sample 10] [--pool 2]``.

One letter per municipality in ``kommuner.csv`` with invented data. Measured in the same run:
(a) the naive way: render, then one ``soffice --convert-to pdf`` process per document, on a sample;
(b) the pipeline: the running LibreOffice pool, letters made in parallel, DOCX + PDF of letter and
confirmation form, fillable form, and one merged PDF. The last line compares them.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pypdf import PdfReader  # noqa: E402

from formservice.documents.batch import Letter, make_letters  # noqa: E402
from formservice.documents.letter_types import SAMPLES, template_path  # noqa: E402
from formservice.documents.libreoffice import ConverterPool, convert_once  # noqa: E402
from formservice.documents.render import render_docx  # noqa: E402

TEMPLATES = ROOT / "letter_templates"


def letters(count: int) -> list[Letter]:
    """One invented grant letter per municipality (repeating the list if more are asked for)."""
    with (ROOT / "formservice/data/kommuner.csv").open(encoding="utf-8") as file:
        municipalities = list(csv.DictReader(file))
    made = []
    for n in range(count):
        row = municipalities[n % len(municipalities)]
        context = dict(SAMPLES["tilskuddsbrev"])
        context["recipient"] = dict(context["recipient"], name=f"{row['navn']} kommune",
                                    orgnr=f"99{row['kommunenummer']}000")  # fmt: skip
        context["reference"] = f"RUS-2021-{n + 1:04d}"
        context["total"] = str(330000 + (n * 11000) % 660000)
        made.append(Letter(f"{row['kommunenummer']}-{n}", "tilskuddsbrev",
                           "nn" if n % 5 == 0 else "nb", context,
                           {"orgnr": context["recipient"]["orgnr"], "kontonr": "99993405007"}))  # fmt: skip
    return made


class PeakMemory:
    """Samples the resident memory of this process and all its descendants."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.1):
            self.peak = max(self.peak, _tree_rss(os.getpid()))

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def _tree_rss(root: int) -> int:
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry.name))
            rss[int(entry.name)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def naive(sample: list[Letter], folder: Path) -> float:
    """Seconds per letter: render, then a fresh soffice process per document."""
    began = time.perf_counter()
    for letter in sample:
        docx = folder / f"{letter.key}.docx"
        render_docx(template_path(letter.kind, letter.language, TEMPLATES), letter.context, docx,
                    language=letter.language)  # fmt: skip
        convert_once(docx, docx.with_suffix(".pdf"))
    return (time.perf_counter() - began) / len(sample)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=357)
    parser.add_argument("--naive-sample", type=int, default=10)
    parser.add_argument("--pool", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    batch = letters(args.count)
    with tempfile.TemporaryDirectory(prefix="formservice-bench-") as folder, PeakMemory() as memory:
        work = Path(folder)
        (work / "naive").mkdir()
        per_naive = naive(batch[: args.naive_sample], work / "naive")
        started = time.perf_counter()
        pool = ConverterPool(args.pool, work / "pool").start()
        pool_start = time.perf_counter() - started
        try:
            began = time.perf_counter()
            result = make_letters(batch, work / "out", TEMPLATES, pool=pool)
            elapsed = time.perf_counter() - began
        finally:
            pool.stop()
        failed = len(result.failed)
        merged_pages = len(PdfReader(str(result.merged_pdf)).pages) if result.merged_pdf else 0
    per_letter = elapsed / args.count
    print(
        f"naive (one soffice per document, {args.naive_sample} letters): {per_naive:.2f} s/letter"
    )
    print(f"pool of {args.pool} started in {pool_start:.1f} s (once, when the server starts)")
    print(f"pipeline: {args.count} letters, DOCX + PDF + confirmation + fillable form, merged PDF of "
          f"{merged_pages} pages, {failed} failed, in {elapsed:.1f} s")  # fmt: skip
    print(
        f"naive {per_naive:.2f} s/letter; pipeline {per_letter:.3f} s/letter; "
        f"{args.count} letters in {elapsed:.1f} s; speed-up {per_naive / per_letter:.1f}x; "
        f"peak memory {memory.peak / 1024 / 1024:.0f} MB"
    )
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
