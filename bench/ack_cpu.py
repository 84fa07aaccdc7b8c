"""CPU of one acknowledgement (kvittering), in this process and in LibreOffice, without HTTP.

Run: ``.venv/bin/python bench/ack_cpu.py [--acks 60] [--skip 10] [--together 10] [--pool 1]``.

The load benchmark's instance (``bench/load_setup.py``: the rusarbeid form, a complete draft per
organisation), every draft submitted through storage as the web's submit does (which asks for its
acknowledgement), a LibreOffice pool started and warmed up as ``formservice serve`` does; then
the acknowledgements are made through :func:`formservice.documents.make.make_documents`, ``--together``
to a call as a job of the burst makes them (mail left out: it is sent by a job of its own later).
The first ``--skip`` are not counted (caches, the instance's first conversions); of the rest,
the first half is the baseline, one to a call (a lone submit's acknowledgement), and the second
half is made ``--together`` to a call. CPU (user + system) of this process
(``time.process_time``) and of every process of the pool (psutil, from /proc) is read around
each half and divided by its acknowledgements, with formservice's part by stage.
``--keep DIR`` copies the counted PDFs there (to compare two versions' text page for page).
Last line: ``acknowledgement CPU: formservice … ms + LibreOffice … ms = … ms (… to a call; …x
less than one to a call, … ms); load average … → …``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.load import ANSWERS, FORM_ID, FORM_VERSION  # noqa: E402
from bench.load_setup import prepare_instance  # noqa: E402
from formservice.documents import make  # noqa: E402
from formservice.documents.libreoffice import ConverterPool  # noqa: E402
from formservice.documents.outcome import Outcome  # noqa: E402
from formservice.documents.warm_up import warm_up  # noqa: E402
from formservice.engine import evaluate, load_directory  # noqa: E402
from formservice.storage import documents, submissions, users  # noqa: E402
from formservice.storage.db import connect  # noqa: E402


def submit_all(settings: dict, people: list[dict]) -> list[int]:
    """Submit every draft as the web's submit does; the acknowledgements' document ids."""
    db = connect(settings["DATABASE"])
    definition = load_directory(Path(settings["DEFINITIONS_DIR"])).get(FORM_ID, FORM_VERSION)
    for person in people:
        submission = submissions.submission_by_id(db, person["submission_id"])
        actor = users.user_by_username(db, person["username"])
        answers = submissions.current_answers(db, submission)
        submissions.submit(
            db, submission["id"], base_version=submission["current_version"],
            answers=evaluate(definition, answers).answers, actor=actor,
            reference_prefix=definition.scheme["reference_prefix"], year=definition.scheme["year"],
        )  # fmt: skip
    ids = [r["id"] for r in documents.pending_documents(db) if r["kind"] == "kvittering"]
    db.close()
    return sorted(ids)


def pool_cpu() -> dict[str, float]:
    """User + system CPU seconds of this process's children (the pool's unoserver and soffice),
    by command name."""
    found: dict[str, float] = {}
    for child in psutil.Process().children(recursive=True):
        try:
            times, name = child.cpu_times(), child.name()
        except psutil.NoSuchProcess:
            continue
        found[name] = found.get(name, 0.0) + times.user + times.system
    return found


def measure(settings: dict, pool: ConverterPool, ids: list[int], together: int) -> Measured:
    """Make the acknowledgements ``together`` to a call; the CPU they took and what came of them."""
    load_before = os.getloadavg()[0]
    began, office_began, wall = time.process_time(), pool_cpu(), time.monotonic()
    outcomes = []
    for start in range(0, len(ids), together):
        outcomes += make.make_documents(settings, ids[start : start + together], pool=pool,
                                        mail=False)  # fmt: skip
    ours, office_after = time.process_time() - began, pool_cpu()
    by_process = {name: seconds - office_began.get(name, 0.0)
                  for name, seconds in office_after.items()}  # fmt: skip
    done = [o for o in outcomes if o.status == documents.DONE]
    if len(done) != len(ids):
        sys.exit(f"only {len(done)} of {len(ids)} acknowledgements made")
    return Measured(together, done, ours, by_process, time.monotonic() - wall,
                    (load_before, os.getloadavg()[0]))  # fmt: skip


@dataclass
class Measured:
    """Acknowledgements made ``together`` to a call: CPU seconds of this process and of the
    pool's processes by name, wall seconds, load average before and after."""

    together: int
    done: list[Outcome]
    ours: float
    by_process: dict[str, float]
    wall: float
    load: tuple[float, float]

    def per_ack(self) -> tuple[float, float]:
        """Milliseconds an acknowledgement: formservice's and LibreOffice's."""
        count = len(self.done)
        return self.ours / count * 1000, sum(self.by_process.values()) / count * 1000

    def report(self) -> str:
        count, (ours, office) = len(self.done), self.per_ack()
        stages: dict[str, float] = {}
        for outcome in self.done:
            for name, seconds in outcome.cpu.items():
                stages[name] = stages.get(name, 0.0) + seconds
        by_stage = ", ".join(f"{n} {s / count * 1000:.1f}" for n, s in stages.items())
        processes = ", ".join(f"{n} {s / count * 1000:.1f}" for n, s in self.by_process.items())
        return (f"{self.together} to a call: {count} acknowledgements in {self.wall:.2f} s; "
                f"formservice {ours:.1f} ms ({by_stage}) + LibreOffice {office:.1f} ms "
                f"({processes}) an acknowledgement; load average {self.load[0]:.2f} → "
                f"{self.load[1]:.2f}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--acks", type=int, default=60)
    parser.add_argument("--skip", type=int, default=10)
    parser.add_argument("--together", type=int, default=10)
    parser.add_argument("--pool", type=int, default=1)
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="formservice-ack-cpu-") as folder:
        work = Path(folder)
        answers = json.loads(ANSWERS.read_text("utf-8"))
        settings, people = prepare_instance(work / "instance", args.acks, FORM_ID, FORM_VERSION,
                                            answers)  # fmt: skip
        ids = submit_all(settings, people)
        skipped, counted = ids[: args.skip], ids[args.skip :]
        half = len(counted) // 2
        pool = ConverterPool(args.pool, work / "pool", pdf_version=settings["PDF_VERSION"]).start()
        try:
            warm_up(settings, pool)
            measure(settings, pool, skipped, args.together)
            baseline = measure(settings, pool, counted[:half], 1)
            measured = measure(settings, pool, counted[half:], args.together)
        finally:
            pool.stop()
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            for number, outcome in enumerate(baseline.done + measured.done):
                shutil.copy(outcome.pdf, args.keep / f"{number:03d}.pdf")
        print(f"baseline, {baseline.report()}")
        print(measured.report())
        (ours, office), (base_ours, base_office) = measured.per_ack(), baseline.per_ack()
        print(f"acknowledgement CPU: formservice {ours:.1f} ms + LibreOffice {office:.1f} ms = "
              f"{ours + office:.1f} ms ({args.together} to a call; "
              f"{(base_ours + base_office) / (ours + office):.2f}x less than one to a call, "
              f"{base_ours + base_office:.1f} ms); load average {baseline.load[0]:.2f} → "
              f"{measured.load[1]:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
