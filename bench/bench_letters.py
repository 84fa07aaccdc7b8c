"""Letter benchmark: 357 grant letters with confirmation forms, the naive way against the pipeline.

Run: ``.venv/bin/python bench/bench_letters.py [--count 357] [--naive-sample 10] [--pool 2]
[--templates DIR]``.

One grant letter per municipality in ``formservice/data/kommuner.csv`` (invented amounts and
numbers). Each letter is what ``formservice.documents.batch.make_letter`` makes in production: the
letter's DOCX and PDF/A (its last page is the confirmation form), the confirmation's own DOCX and
PDF, and the fillable confirmation PDF. Measured in the same run:

(a) the naive way, on a sample: the same letters, but every PDF from a fresh
    ``soffice --convert-to pdf`` process (what a one-off command does without a pool);
(b) the pipeline, on all letters: ``make_letters`` across the running LibreOffice pool (started
    beforehand, as ``formservice serve`` does), and one merged PDF of every letter.

The templates are the shipped ones in ``letter_templates/`` (``TEMPLATES`` below is the one line
to change, or pass ``--templates``). Peak memory is the resident memory of this process and all
its descendants (the pool's unoserver and soffice processes), sampled every 0.1 s, as is the CPU time of each. The last line
compares the two ways.
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

from formservice.documents.batch import Letter, make_letter, make_letters  # noqa: E402
from formservice.documents.letter_types import SAMPLES  # noqa: E402
from formservice.documents.libreoffice import ConverterPool  # noqa: E402

TEMPLATES = ROOT / "letter_templates"
TICKS = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


def letters(count: int) -> list[Letter]:
    """One invented grant letter per municipality (the list repeats if more are asked for)."""
    with (ROOT / "formservice/data/kommuner.csv").open(encoding="utf-8") as file:
        municipalities = list(csv.DictReader(file))
    made = []
    for n in range(count):
        row = municipalities[n % len(municipalities)]
        orgnr = f"9{int(row['kommunenummer']):04d}{n % 1000:03d}"[:9]
        first, second = 300_000 + (n * 7_000) % 500_000, 100_000 + (n * 3_000) % 200_000
        context = dict(SAMPLES["tilskuddsbrev"], reference=f"RUS-2021-{n + 1:04d}",
                       total=str(first + second))  # fmt: skip
        context["recipient"] = dict(context["recipient"], name=f"{row['navn']} kommune",
                                    orgnr=orgnr, account=f"9999.{n % 100:02d}.{n:05d}")  # fmt: skip
        context["positions"] = [dict(context["positions"][0], amount=str(first)),
                                dict(context["positions"][1], amount=str(second))]  # fmt: skip
        made.append(Letter(f"{row['kommunenummer']}-{n}", "tilskuddsbrev",
                           "nn" if n % 5 == 0 else "nb", context,
                           {"orgnr": orgnr, "kontonr": context["recipient"]["account"]}))  # fmt: skip
    return made


def _processes() -> dict[int, tuple[int, int, int, float]]:
    """Every process: pid → (parent pid, process group, resident bytes, CPU seconds)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            cpu = (int(fields[11]) + int(fields[12])) / TICKS
            found[int(entry.name)] = (int(fields[1]), int(fields[2]), int(fields[21]) * PAGE, cpu)
    return found


def _descendants(root: int, processes: dict[int, tuple[int, int, int, float]]) -> list[int]:
    children: dict[int, list[int]] = {}
    for pid, (parent, *_) in processes.items():
        children.setdefault(parent, []).append(pid)
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, []))
    return found


class ProcessTree:
    """Samples this process and all its descendants every 0.1 s: peak resident memory, and CPU
    seconds split into formservice's own (this process and its worker processes, in its process
    group) and the pool's (unoserver and LibreOffice, each instance in a group of its own). CPU is
    tracked per process, so an instance the pool restarts mid-batch still counts."""

    def __init__(self) -> None:
        self.peak = 0
        self._cpu: dict[int, tuple[bool, float, float]] = {}  # pid → (own, first, last seen)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        processes = _processes()
        tree = [pid for pid in _descendants(os.getpid(), processes) if pid in processes]
        self.peak = max(self.peak, sum(processes[pid][2] for pid in tree))
        own_group = os.getpgid(0)
        for pid in tree:
            cpu = processes[pid][3]
            own, first, _ = self._cpu.get(pid, (processes[pid][1] == own_group, cpu, cpu))
            self._cpu[pid] = (own, first, cpu)

    def _run(self) -> None:
        while not self._stop.wait(0.1):
            self._sample()

    def cpu(self) -> tuple[float, float]:
        """CPU seconds since the start: (formservice's own, the pool's)."""
        self._sample()
        used = {True: 0.0, False: 0.0}
        for own, first, last in self._cpu.values():
            used[own] += last - first
        return used[True], used[False]

    def __enter__(self) -> ProcessTree:
        self._sample()
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def naive(sample: list[Letter], folder: Path, templates: Path) -> float:
    """Seconds per letter when every PDF comes from a fresh soffice process."""
    began = time.perf_counter()
    for letter in sample:
        files = make_letter(letter, folder, templates, pool=None)
        if files.error:
            raise SystemExit(f"naive: {letter.key}: {files.error}")
    return (time.perf_counter() - began) / len(sample)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=357)
    parser.add_argument("--naive-sample", type=int, default=10)
    parser.add_argument("--pool", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--templates", type=Path, default=TEMPLATES)
    args = parser.parse_args()
    batch = letters(args.count)
    with tempfile.TemporaryDirectory(prefix="formservice-bench-") as folder, ProcessTree() as tree:
        work = Path(folder)
        per_naive = naive(batch[: args.naive_sample], work / "naive", args.templates)
        started = time.perf_counter()
        pool = ConverterPool(args.pool, work / "pool").start()
        pool_start = time.perf_counter() - started
        try:
            cpu_before, lo_before = tree.cpu()
            began = time.perf_counter()
            result = make_letters(batch, work / "out", args.templates, pool=pool)
            elapsed = time.perf_counter() - began
            python_cpu, lo_cpu = (
                after - before
                for after, before in zip(tree.cpu(), (cpu_before, lo_before), strict=True)
            )
        finally:
            pool.stop()
        failed = [f"{f.key}: {f.error}" for f in result.failed]
        merged_pages = len(PdfReader(str(result.merged_pdf)).pages) if result.merged_pdf else 0
    per_letter = elapsed / args.count
    print(f"templates: {args.templates}")
    print(f"naive: {args.naive_sample} letters, every PDF from its own soffice process: "
          f"{per_naive:.2f} s/letter")  # fmt: skip
    print(f"pool of {args.pool} started in {pool_start:.1f} s (once, when the server starts)")
    print(f"pipeline: {args.count} letters (DOCX + PDF/A of letter and confirmation, fillable form), "
          f"merged PDF of {merged_pages} pages, {len(failed)} failed, in {elapsed:.1f} s")  # fmt: skip
    print(f"CPU per letter: formservice (render, pypdf) {python_cpu / args.count * 1000:.0f} ms, "
          f"LibreOffice {lo_cpu / args.count * 1000:.0f} ms; "
          f"{(python_cpu + lo_cpu) / elapsed:.2f} of {os.cpu_count()} cores busy")  # fmt: skip
    for failure in failed[:5]:
        print(f"failed: {failure}")
    print(
        f"naive {per_naive:.2f} s/letter; pipeline {per_letter:.3f} s/letter; "
        f"{args.count} letters in {elapsed:.1f} s; speed-up {per_naive / per_letter:.1f}x; "
        f"peak memory {tree.peak / 1024 / 1024:.0f} MB"
    )
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())
