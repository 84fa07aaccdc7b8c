"""How writers of several processes should queue for SQLite's write lock: measured, not guessed.

Run: ``.venv/bin/python bench/write_lock.py [--processes 3] [--threads 4] [--seconds 10]``.

Several processes (as ``formservice serve`` runs: web processes and the worker), each with a few
threads, write save-sized transactions (a 5 kB version row and an update) with short random
pauses, through the production ``write_transaction``, once with each way of waiting:

* ``sqlite``: the threads of one process queue on a lock; across processes SQLite's own busy
  handler waits (it polls, sleeping 1, 2, 5, 10 … up to 100 ms between tries);
* ``flock``: the same, and across processes a blocking ``flock`` on a lock file beside the
  database, which the kernel hands to the next waiter the moment it is released.

Prints median, p95 and p99 of the time from asking for the lock to commit, and writes per second,
for each; the last line gives the ratio of the p95s (the baseline is ``sqlite``).
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from formservice.storage import db as storage_db  # noqa: E402

PAYLOAD = "x" * 5000


def _busy(seconds: float) -> None:
    """Python work inside the transaction, as a save's audit and version rows need."""
    end = time.thread_time() + seconds
    while time.thread_time() < end:
        pass


def _writer(path: str, way: str, threads: int, seconds: float, pause: float, work_inside: float,
            out) -> None:  # fmt: skip
    latencies: list[float] = []
    guard = threading.Lock()
    stop_at = time.monotonic() + seconds

    def work() -> None:
        db = storage_db.connect(path, lock_file=way == "flock")
        mine = []
        while time.monotonic() < stop_at:
            time.sleep(random.uniform(0, 2 * pause))
            began = time.perf_counter()
            with storage_db.write_transaction(db):
                db.execute("insert into versions (body) values (?)", [PAYLOAD])
                db.execute("update counter set n = n + 1")
                _busy(work_inside)
            mine.append(time.perf_counter() - began)
        with guard:
            latencies.extend(mine)
        db.close()

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    out.put(latencies)


def measure(way: str, processes: int, threads: int, seconds: float, pause: float,
            work_inside: float) -> list[float]:  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="formservice-lock-") as folder:
        path = str(Path(folder) / "bench.db")
        db = storage_db.connect(path)
        db.execute("create table versions (id integer primary key, body text)")
        db.execute("create table counter (n integer)")
        db.execute("insert into counter values (0)")
        db.close()
        out = multiprocessing.Queue()
        children = [
            multiprocessing.Process(
                target=_writer, args=(path, way, threads, seconds, pause, work_inside, out)
            )
            for _ in range(processes)
        ]
        for child in children:
            child.start()
        latencies = [x for _ in children for x in out.get()]
        for child in children:
            child.join()
        return latencies


def _p(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--processes", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--pause", type=float, default=0.02, help="mean pause between writes")
    parser.add_argument("--work", type=float, default=0.0005,
                        help="CPU seconds of Python work inside each transaction")  # fmt: skip
    args = parser.parse_args()
    p95 = {}
    for way in ("sqlite", "flock"):
        values = measure(way, args.processes, args.threads, args.seconds, args.pause, args.work)
        p95[way] = _p(values, 0.95)
        print(f"{way:6}: {len(values) / args.seconds:6.0f} writes/s; wait+write median "
              f"{statistics.median(values) * 1000:6.2f} ms, p95 {p95[way] * 1000:6.2f} ms, "
              f"p99 {_p(values, 0.99) * 1000:6.2f} ms", flush=True)  # fmt: skip
    print(f"write lock, {args.processes} processes x {args.threads} threads: p95 sqlite "
          f"{p95['sqlite'] * 1000:.1f} ms, flock {p95['flock'] * 1000:.1f} ms; "
          f"flock/sqlite {p95['flock'] / p95['sqlite']:.2f}x")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
