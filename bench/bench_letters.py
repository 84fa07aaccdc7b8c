"""Letter benchmark: 357 grant letters with confirmation forms, the naive way against the pipeline.

Run: ``.venv/bin/python bench/bench_letters.py [--count 357] [--naive-sample 10] [--pool 2]
[--templates DIR]``.

A fresh instance (not timed) with one organisation per municipality in
``formservice/data/kommuner.csv`` (invented amounts and numbers), each with a submitted rusarbeid
form and a grant decision. Each letter is what production makes, through the one pipeline
(``formservice.documents.make``): the context built from the database, the letter's DOCX and
PDF/A (its last page is the confirmation form), the confirmation's own DOCX and PDF, the fillable
confirmation PDF, the document recorded. Measured in the same run:

(a) the naive way, on a sample: the same letters, but every PDF from a fresh
    ``soffice --convert-to pdf`` process (what a one-off command does without a pool);
(b) the pipeline, on all letters: the round's batch (``formservice.documents.batch.run_batch``,
    what ``formservice letters`` and the web run) across the running LibreOffice pool (started
    beforehand, as ``formservice serve`` does), and one merged PDF of every letter.

The templates are the shipped ones in ``letter_templates/`` (``TEMPLATES`` below is the one line
to change, or pass ``--templates``). Peak memory is the resident memory of this process and all
its descendants (the pool's unoserver and soffice processes), sampled every 0.1 s, as is the CPU time of each. The last line
compares the two ways.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import tempfile
import threading
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pypdf import PdfReader  # noqa: E402
from stdnum.no import orgnr as orgnr_module  # noqa: E402

from formservice.config import load_settings  # noqa: E402
from formservice.documents import make  # noqa: E402
from formservice.documents.batch import BatchResult, run_batch  # noqa: E402
from formservice.documents.kinds import LETTER_KINDS  # noqa: E402
from formservice.documents.libreoffice import ConverterPool  # noqa: E402
from formservice.storage import letters, organisations, rounds, submissions, users  # noqa: E402
from formservice.storage.db import connect  # noqa: E402
from formservice.storage.decisions import record_decision  # noqa: E402
from formservice.storage.setup import initialise  # noqa: E402

TEMPLATES = ROOT / "letter_templates"
TICKS = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


def prepare(folder: Path, count: int, naive: int, templates: Path) -> tuple[dict, int, list[int]]:
    """A fresh demo instance with ``count`` decided submissions; the settings, the round's batch
    of letters and ``naive`` more letter documents (of the first submissions) for the baseline."""
    settings = load_settings({"INSTANCE_PATH": str(folder / "instance"),
                              "TEMPLATES_DIR": str(templates)})  # fmt: skip
    initialise(settings, demo=True)
    db = connect(settings["DATABASE"])
    with (ROOT / "formservice/data/kommuner.csv").open(encoding="utf-8") as file:
        municipalities = list(csv.DictReader(file))
    answers = json.loads((ROOT / "tests/fixtures/answers/rusarbeid-complete.json").read_text())
    round_row = rounds.round_by_slug(db, "rus-2021")
    actor = users.user_by_username(db, "lillehammer")
    caseworker = users.user_by_username(db, "saksbehandler")
    ids = []
    for n in range(count):
        row = municipalities[n % len(municipalities)]
        orgnr = _orgnr(n)
        first, second = 300_000 + (n * 7_000) % 500_000, 100_000 + (n * 3_000) % 200_000
        organisation_id = organisations.upsert_organisation(
            db, orgnr=orgnr, name=f"{row['navn']} kommune", kommunenummer=f"b{n:04d}",
            county_number="34", language="nn" if n % 5 == 0 else "nb",
            account_number=f"9999{n:07d}", email=f"post{n}@kommune.example", is_demo=True,
        )  # fmt: skip
        submission = submissions.start_submission(db, round_row=round_row,
                                                  organisation_id=organisation_id, actor=actor)  # fmt: skip
        submissions.submit(db, submission["id"], base_version=0, answers=answers, actor=actor,
                           reference_prefix="RUS", year=2021)  # fmt: skip
        positions = [
            {"title": "Ruskonsulent", "percent": "100", "year": 1, "suggested": str(first),
             "granted": Decimal(first), "justification": ""},
            {"title": "Erfaringskonsulent", "percent": "50", "year": 3, "suggested": str(second),
             "granted": Decimal(second), "justification": ""},
        ]  # fmt: skip
        record_decision(db, submission["id"], outcome="granted", actor=caseworker,
                        positions=positions, instalments=2)  # fmt: skip
        ids.append(submission["id"])
    batch = letters.start_batch(db, round_row["id"], LETTER_KINDS)
    sample = [letters.request_letter(db, i, LETTER_KINDS) for i in ids[:naive]]
    db.close()
    return settings, batch["id"], sample


def _orgnr(number: int) -> str:
    for check in "0123456789":
        candidate = f"96{number:06d}{check}"
        if orgnr_module.is_valid(candidate):
            return candidate
    return _orgnr(number + 500_000)


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
    seconds split into formservice's own (this process and any it starts, in its process
    group) and the pool's (unoserver and LibreOffice, each instance in a group of its own). CPU is
    tracked per process, so an instance the pool restarts mid-batch still counts; the sampling
    thread's own CPU (reading /proc, dear on a busy machine) is left out."""

    def __init__(self) -> None:
        self.peak = 0
        self._cpu: dict[int, tuple[bool, float, float]] = {}  # pid → (own, first, last seen)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._lock = threading.Lock()
        self._sampling = 0.0

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
            began = time.thread_time()
            self._sample()
            with self._lock:  # reading /proc is the benchmark's own work, not formservice's
                self._sampling += time.thread_time() - began

    def cpu(self) -> tuple[float, float]:
        """CPU seconds since the start: (formservice's own, the pool's), less the sampling."""
        self._sample()
        used = {True: 0.0, False: 0.0}
        for own, first, last in self._cpu.values():
            used[own] += last - first
        with self._lock:
            return used[True] - self._sampling, used[False]

    def __enter__(self) -> ProcessTree:
        self._sample()
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def naive(settings: dict, sample: list[int]) -> float:
    """Seconds per letter when every PDF comes from a fresh soffice process."""
    began = time.perf_counter()
    for outcome in make.make_documents(settings, sample, pool=None):
        if outcome.status != "done":
            raise SystemExit(f"naive: document {outcome.document_id}: {outcome.detail}")
    return (time.perf_counter() - began) / len(sample)


def _load() -> str:
    """The machine's load average over 1, 5 and 15 minutes (others' work inflates CPU times)."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def _split(result: BatchResult, python_cpu: float, lo_cpu: float, count: int) -> str:
    """Where the CPU went, in ms per letter: each stage of making a letter as the outcomes
    recorded it, the merged PDF, the rest of formservice's work (the batch's own database work,
    threads, talking to the pool), and LibreOffice."""
    stages = dict.fromkeys(make.STAGES, 0.0)
    for outcome in result.outcomes:
        for stage, seconds in outcome.cpu.items():
            stages[stage] += seconds
    stages["merge"] = result.merge_cpu
    stages["other"] = python_cpu - sum(stages.values())
    stages["LibreOffice"] = lo_cpu
    return ", ".join(f"{stage} {seconds / count * 1000:.1f}" for stage, seconds in stages.items())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=357)
    parser.add_argument("--naive-sample", type=int, default=10)
    parser.add_argument("--pool", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--templates", type=Path, default=TEMPLATES)
    args = parser.parse_args()
    print(f"load average before: {_load()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="formservice-bench-") as folder, ProcessTree() as tree:
        work = Path(folder)
        settings, batch_id, sample = prepare(work, args.count, args.naive_sample, args.templates)
        per_naive = naive(settings, sample)
        started = time.perf_counter()
        pool = ConverterPool(args.pool, work / "pool").start()
        pool_start = time.perf_counter() - started
        try:
            cpu_before, lo_before = tree.cpu()
            began = time.perf_counter()
            result = run_batch(settings, batch_id, pool=pool)
            elapsed = time.perf_counter() - began
            python_cpu, lo_cpu = (
                after - before
                for after, before in zip(tree.cpu(), (cpu_before, lo_before), strict=True)
            )
        finally:
            pool.stop()
        failed = [f"{o.document_id}: {o.code}: {o.detail}" for o in result.failed]
        merged_pages = len(PdfReader(str(result.merged_pdf)).pages) if result.merged_pdf else 0
    per_letter = elapsed / args.count
    print(f"templates: {args.templates}")
    print(f"naive: {args.naive_sample} letters, every PDF from its own soffice process: "
          f"{per_naive:.2f} s/letter")  # fmt: skip
    print(f"pool of {args.pool} started in {pool_start:.1f} s (once, when the server starts)")
    print(f"pipeline: {args.count} letters (DOCX + PDF/A of letter and confirmation, fillable form), "
          f"merged PDF of {merged_pages} pages, {len(failed)} failed, in {elapsed:.1f} s")  # fmt: skip
    print(f"CPU per letter: formservice {python_cpu / args.count * 1000:.1f} ms, LibreOffice "
          f"{lo_cpu / args.count * 1000:.1f} ms; {(python_cpu + lo_cpu) / elapsed:.2f} of "
          f"{os.cpu_count()} cores busy; load average {_load()}")  # fmt: skip
    print("CPU per letter by stage: " + _split(result, python_cpu, lo_cpu, args.count))
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
