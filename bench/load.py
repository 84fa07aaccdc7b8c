"""Load benchmark: many municipality sessions against ``formservice serve`` over loopback.

Run: ``.venv/bin/python bench/load.py [--sessions 200] [--seconds 60]`` (``make bench`` runs it).

1. Prepares a fresh instance: the real rusarbeid form in an open round, one organisation and one
   signatory user per session, each with a complete draft (``tests/fixtures/answers``).
2. Starts ``formservice serve`` exactly as production runs it (a supervisor, gunicorn's web
   processes, the document worker with its LibreOffice pool) and measures the ceiling: a trivial
   endpoint (``/healthz``) under the same load.
3. Every session logs in, then for the given time opens a form page and saves it with a new value.
4. Every session submits, opens its receipt, then asks the receipt's document status every 3 s
   (the JSON that ``static/receipt.js`` asks, as often as it does) until the acknowledgement PDF
   downloads. The time from the submit to the moment the acknowledgement is recorded as made (and
   so downloadable) is read from the database every 20 ms by a thread of this process
   (:class:`AcknowledgementWatch`): polling the web faster to time it would add requests a
   browser does not send, and their round trips, to what is measured (median and p95 printed).
5. Reads the database back: every save the server acknowledged must be stored exactly as sent,
   every acknowledged submission must be submitted with its acknowledgement document made.

Prints requests per second, median and 95th-percentile latency of page views, saves, submits and
submit-to-acknowledgement, errors, lost writes, the ratio to the ceiling, and the CPU time the
server's processes spent per form request (web processes and document worker with LibreOffice
apart, read from /proc with psutil over the run) beside the load generator's own; the last line
sums it up, with the machine's load average.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import html
import json
import os
import random
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.load_client import ERRORS, Client  # noqa: E402
from formservice.config import load_settings  # noqa: E402
from formservice.engine import load_directory  # noqa: E402
from formservice.web.filling import posted_pairs  # noqa: E402

FORM_ID, FORM_VERSION = "kommunalt_rusarbeid", 2  # the 2021 form the answers are for
ANSWERS = ROOT / "tests/fixtures/answers/rusarbeid-complete.json"
_CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')
_BASE = re.compile(r'name="base_version" value="(\d+)"')
_ACK = re.compile(r'href="(/kommune/skjema/\d+/dokument/\d+\.pdf)"')
_STATUS = re.compile(r'data-status-url="([^"]+)"')
ACK_TIMEOUT = 120  # seconds a session waits for its acknowledgement PDF
LAST_LOG = Path(tempfile.gettempdir()) / "formservice-load-serve.log"
POLL = 3.0  # seconds between a session's asks for its receipt's status (receipt.js's EVERY_MS)
WATCH = 0.02  # seconds between the acknowledgement watch's reads of the database


@dataclass
class Stats:
    """Latencies in seconds per kind of request, errors, and what the server acknowledged."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    acked_saves: list[tuple[int, str]] = field(default_factory=list)
    acked_submits: list[int] = field(default_factory=list)
    logged_in: int = 0
    counts: Counter = field(default_factory=Counter)  # the run's requests by kind, polls included
    phase_counts: Counter = field(default_factory=Counter)  # those of the view/save phase
    started: float = 0.0  # when every session had logged in and the run began
    submitted: dict[int, float] = field(default_factory=dict)  # submission: when its submit began
    downloaded: int = 0  # acknowledgement PDFs the sessions downloaded

    @property
    def requests(self) -> int:
        """Every request of the run, the receipt polls included."""
        return sum(self.counts.values())

    def record(self, kind: str, seconds: float) -> None:
        self.latencies.setdefault(kind, []).append(seconds)


class AcknowledgementWatch:
    """When each submission's acknowledgement was first seen recorded as made in the database
    (read-only, every :data:`WATCH` seconds, by a thread), on the sessions' clock."""

    def __init__(self, database: str) -> None:
        self.database = database
        self.seen: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> AcknowledgementWatch:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        db = sqlite3.connect(f"file:{self.database}?mode=ro", uri=True, timeout=5)
        try:
            while not self._stop.wait(WATCH):
                with contextlib.suppress(sqlite3.OperationalError):  # busy: read next time
                    rows = db.execute("select submission_id from documents where "
                                      "kind = 'kvittering' and status = 'done'").fetchall()  # fmt: skip
                    now = time.perf_counter()
                    for (submission_id,) in rows:
                        self.seen.setdefault(submission_id, now)
        finally:
            db.close()

    def latencies(self, submitted: dict[int, float]) -> list[float]:
        """Seconds from each submit to its acknowledgement seen made."""
        return [self.seen[sid] - began for sid, began in submitted.items() if sid in self.seen]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(instance: Path, sessions: int) -> tuple[dict, list[dict]]:
    """A fresh instance with one organisation, signatory and complete draft per session."""
    from bench.load_setup import prepare_instance

    return prepare_instance(
        instance, sessions, FORM_ID, FORM_VERSION, json.loads(ANSWERS.read_text("utf-8"))
    )


def start_server(instance: Path, port: int, threads: int, workers: int | None) -> subprocess.Popen:
    """``formservice serve`` in its own process group, as production runs it."""
    env = {**os.environ, "FORMSERVICE_INSTANCE_PATH": str(instance)}
    log = (instance / "serve.log").open("wb")
    more = ["--workers", str(workers)] if workers else []
    process = subprocess.Popen(
        [str(ROOT / ".venv/bin/formservice"), "serve", "--port", str(port), "--threads",
         str(threads), *more],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log,
        start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 180  # a shared, busy machine starts slowly
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.2)
    stop_server(process)
    tail = (instance / "serve.log").read_text("utf-8", errors="replace").splitlines()[-20:]
    raise SystemExit("the server did not start:\n" + "\n".join(tail))


def stop_server(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


async def ceiling(base: str, concurrency: int, seconds: float) -> float:
    """Requests per second on ``/healthz`` with the same concurrency."""
    count = 0
    stop_at = time.monotonic() + seconds

    async def worker() -> None:
        nonlocal count
        async with Client(base, timeout=30) as client:
            while time.monotonic() < stop_at:
                if (await client.get("/healthz")).status_code == 200:
                    count += 1

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return count / seconds


async def session(base: str, user: dict, page_pairs: list, seconds: float, stats: Stats,
                  start: asyncio.Event, think: float, logins: asyncio.Semaphore) -> None:  # fmt: skip
    """One session; whatever goes wrong is counted as an error, never left hanging."""
    try:
        await _session(base, user, page_pairs, seconds, stats, start, think, logins)
    except (*ERRORS, AttributeError) as error:  # AttributeError: a page without a form
        stats.errors.append(f"{user['username']}: {error.__class__.__name__}: {error}"[:200])


async def _session(base: str, user: dict, page_pairs: list, seconds: float, stats: Stats,
                   start: asyncio.Event, think: float, logins: asyncio.Semaphore) -> None:  # fmt: skip
    """One municipality: log in, then open and save a page until time is up, then submit."""
    async with Client(base, timeout=60) as client:
        async with logins:  # argon2 is slow on purpose: people do not all log in the same second
            login = await client.get("/logg-inn")
            response = await client.post("/logg-inn", data={
                "csrf_token": _CSRF.search(login.text).group(1),
                "username": user["username"], "password": user["password"]})  # fmt: skip
        if response.status_code != 302:
            stats.errors.append(f"login {user['username']}: {response.status_code}")
            return
        stats.logged_in += 1
        await start.wait()
        client.counts = stats.counts  # from here every request is counted, by kind
        page_url = f"/kommune/skjema/{user['submission_id']}/side/{user['page_id']}"
        stop_at = time.monotonic() + seconds
        number = 0
        while time.monotonic() < stop_at:
            await asyncio.sleep(random.uniform(0.5, 1.5) * think)  # a person reads and types
            began = time.perf_counter()
            page = await client.get(page_url)
            stats.record("view", time.perf_counter() - began)
            if page.status_code != 200:
                stats.errors.append(f"view {page.status_code}")
                continue
            number += 1
            value = f"{user['username']} lagring {number}"
            data = [(k, v) for k, v in page_pairs if k != user["text_field"]]
            data += [(user["text_field"], value), ("action", "save"),
                     ("csrf_token", _CSRF.search(page.text).group(1)),
                     ("base_version", _BASE.search(page.text).group(1))]  # fmt: skip
            began = time.perf_counter()
            saved = await client.post(page_url, data=data)
            stats.record("save", time.perf_counter() - began)
            if saved.status_code == 302:
                stats.acked_saves.append((user["submission_id"], value))
            else:
                stats.errors.append(f"save {saved.status_code}")
        check = await client.get(f"/kommune/skjema/{user['submission_id']}/oppsummering")
        began = time.perf_counter()
        stats.submitted[user["submission_id"]] = began
        submitted = await client.post(
            f"/kommune/skjema/{user['submission_id']}/send-inn",
            data={"csrf_token": _CSRF.search(check.text).group(1),
                  "base_version": _BASE.search(check.text).group(1)},
        )  # fmt: skip
        stats.record("submit", time.perf_counter() - began)
        if submitted.status_code == 302 and "kvittering" in submitted.headers.get("location", ""):
            stats.acked_submits.append(user["submission_id"])
            await _acknowledgement_ready(client, submitted.headers["location"], began, stats)
        else:
            stats.errors.append(f"submit {submitted.status_code}")


async def _acknowledgement_ready(client: Client, receipt: str, began: float, stats: Stats) -> None:
    """Open the receipt and then ask its documents' status as a person's browser does
    (``static/receipt.js``, every 3 s) until the acknowledgement PDF downloads (the time it
    took is the :class:`AcknowledgementWatch`'s)."""
    deadline = began + ACK_TIMEOUT
    page = (await client.get(receipt)).text
    status = _STATUS.search(page)
    while time.perf_counter() < deadline:
        link = _ACK.search(page)
        if link and (await client.get(link.group(1))).status_code == 200:
            stats.downloaded += 1
            return
        await asyncio.sleep(POLL)
        if status:
            page = (await client.get(html.unescape(status.group(1)))).json()["html"]
        else:  # no status to ask (nothing was being made when the page was made): reload
            page = (await client.get(receipt)).text
    stats.errors.append("acknowledgement not downloadable in time")


class CpuMeter:
    """CPU seconds (user and system) of the server's processes, and of this one, from the moment
    :meth:`start` runs to :meth:`stop`, with one reading between (:meth:`mark`: the end of the
    view/save phase); the server's split into web and documents (the worker and its LibreOffice
    instances). Processes are found under the supervisor each time."""

    def __init__(self, supervisor_pid: int) -> None:
        self.supervisor = psutil.Process(supervisor_pid)
        self.began: dict[int, tuple[str, float]] = {}
        self.marked: dict[int, tuple[str, float]] = {}
        self.ended: dict[int, tuple[str, float]] = {}
        self.own = 0.0
        self.own_marked = 0.0

    def _read(self) -> dict[int, tuple[str, float]]:
        found = {self.supervisor.pid: ("web", _cpu(self.supervisor))}
        for child in self.supervisor.children():
            part = "documents" if "worker" in child.cmdline() else "web"
            for process in [child, *child.children(recursive=True)]:
                with contextlib.suppress(psutil.NoSuchProcess):
                    found[process.pid] = (part, _cpu(process))
        return found

    def start(self) -> None:
        self.began, self.own = self._read(), time.process_time()

    def mark(self) -> None:
        self.marked, self.own_marked = self._read(), time.process_time() - self.own

    def stop(self) -> None:
        self.ended, self.own = self._read(), time.process_time() - self.own

    def server(self, phase: str = "run") -> dict[str, float]:
        """Seconds spent over the whole ``run``, the view/save phase (``form``, start to mark)
        or what came ``after`` it (mark to stop)."""
        first, last = {"run": (self.began, self.ended), "form": (self.began, self.marked),
                       "after": (self.marked, self.ended)}[phase]  # fmt: skip
        spent = {"web": 0.0, "documents": 0.0}
        for pid, (part, seconds) in last.items():
            spent[part] += seconds - first.get(pid, (part, 0.0))[1]
        return spent


def _cpu(process: psutil.Process) -> float:
    times = process.cpu_times()
    return times.user + times.system


async def run_sessions(
    base: str, users: list[dict], page_pairs: list, seconds: float, think: float, cpu: CpuMeter
) -> Stats:
    """Log every session in first (argon2 is slow on purpose), then start them all at once."""
    stats = Stats()
    start, logins = asyncio.Event(), asyncio.Semaphore(4)
    tasks = [
        asyncio.create_task(session(base, u, page_pairs, seconds, stats, start, think, logins))
        for u in users
    ]
    while stats.logged_in + sum(task.done() for task in tasks) < len(users):  # in, or gave up
        await asyncio.sleep(0.2)
    cpu.start()
    stats.started = time.monotonic()
    start.set()
    await asyncio.sleep(seconds)  # the sessions view and save until then, then submit
    cpu.mark()
    stats.phase_counts = Counter(stats.counts)
    await asyncio.gather(*tasks)
    return stats


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--threads", type=int, default=4, help="threads per web process")
    parser.add_argument("--workers", type=int, default=None,
                        help="web processes (default: formservice serve's, one per core)")  # fmt: skip
    parser.add_argument("--think", type=float, default=1.0,
                        help="mean seconds a person spends between requests (0: none)")  # fmt: skip
    args = parser.parse_args()

    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="formservice-load-") as folder:
        instance = Path(folder) / "instance"
        settings, users = prepare(instance, args.sessions)
        definition = load_directory(Path(settings["DEFINITIONS_DIR"])).get(FORM_ID, FORM_VERSION)
        page = definition.page(users[0]["page_id"])
        page_pairs = posted_pairs(page, json.loads(ANSWERS.read_text("utf-8")))
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_server(instance, port, args.threads, args.workers)
        try:
            top = asyncio.run(ceiling(base, min(args.sessions, 50), 10))
            cpu = CpuMeter(server.pid)
            with AcknowledgementWatch(str(Path(settings["DATABASE"]).resolve())) as watch:
                stats = asyncio.run(
                    run_sessions(base, users, page_pairs, args.seconds, args.think, cpu)
                )
                elapsed = time.monotonic() - stats.started  # logging in (argon2) is not counted
                documents_done, waited = _wait_for_documents(settings, stats, 300)
                cpu.stop()  # the documents the run asked for are part of its cost
            stats.latencies["acknowledgement"] = watch.latencies(stats.submitted)
        finally:
            stop_server(server)
            shutil.copy(instance / "serve.log", LAST_LOG)  # the server's log outlives the run
        lost = _lost_writes(load_settings({"INSTANCE_PATH": str(instance)}), stats)
    _report(args, top, stats, elapsed, lost, documents_done, waited, cpu, load_before)
    return 0 if not stats.errors and not lost["saves"] and not lost["submits"] else 1


def _wait_for_documents(settings: dict, stats: Stats, timeout: float) -> tuple[int, float]:
    from bench.load_setup import documents_done

    began = time.monotonic()
    while time.monotonic() - began < timeout:
        done = documents_done(settings, stats.acked_submits)
        if done >= len(stats.acked_submits):
            break
        time.sleep(1)
    return documents_done(settings, stats.acked_submits), time.monotonic() - began


def _lost_writes(settings: dict, stats: Stats) -> dict[str, int]:
    from bench.load_setup import lost_writes

    return lost_writes(settings, stats.acked_saves, stats.acked_submits)


def _report(args, top, stats, elapsed, lost, documents_done, waited, cpu, load_before) -> None:
    total = sum(len(v) for k, v in stats.latencies.items() if k != "acknowledgement")
    rps = total / elapsed if elapsed else 0.0
    print(f"sessions {args.sessions}, {args.seconds:.0f} s of page views and saves "
          f"({args.think:.1f} s mean think time), then submit")  # fmt: skip
    print(f"ceiling (/healthz, {min(args.sessions, 50)} concurrent): {top:.0f} req/s")
    print(
        f"form requests: {total} in {elapsed:.1f} s = {rps:.0f} req/s ({rps / top:.0%} of ceiling); "
        f"{stats.requests} requests in all, with the receipt polls"
    )
    for kind in ("view", "save", "submit", "acknowledgement"):
        values = stats.latencies.get(kind, [])
        if values:
            print(f"  {kind:6} n={len(values):6}  median {statistics.median(values) * 1000:7.1f} ms"
                  f"  p95 {percentile(values, 0.95) * 1000:7.1f} ms")  # fmt: skip
    print(f"errors: {len(stats.errors)} {sorted(set(stats.errors))[:5]}")
    print(f"acknowledgements: {documents_done}/{len(stats.acked_submits)} made "
          f"({waited:.0f} s after the last submit), {stats.downloaded} downloaded by their "
          f"sessions")  # fmt: skip
    spent = cpu.server()
    per = 1000 / max(1, total)
    server_ms = (spent["web"] + spent["documents"]) * per
    print(f"server CPU: web processes {spent['web']:.1f} s, document worker and LibreOffice "
          f"{spent['documents']:.1f} s; load generator {cpu.own:.1f} s")  # fmt: skip
    phase = _phase_lines(args, stats, cpu)
    latency = {k: percentile(stats.latencies.get(k, []), 0.95) * 1000 for k in
               ("view", "save", "submit", "acknowledgement")}  # fmt: skip
    acks = stats.latencies.get("acknowledgement", [])
    ack_median = statistics.median(acks) * 1000 if acks else float("nan")
    print(
        f"load {args.sessions} sessions: {rps:.0f} req/s ({rps / top:.0%} of ceiling); "
        f"view p95 {latency['view']:.0f} ms; save p95 {latency['save']:.0f} ms; "
        f"submit p95 {latency['submit']:.0f} ms; errors {len(stats.errors)}; lost writes "
        f"{lost['saves'] + lost['submits']}; acknowledgements {documents_done}/{len(stats.acked_submits)}; "
        f"submit to acknowledgement PDF median {ack_median:.0f} ms, p95 {latency['acknowledgement']:.0f} ms; "
        f"server CPU {server_ms:.2f} ms/request (web {spent['web'] * per:.2f}, documents "
        f"{spent['documents'] * per:.2f}; {(spent['web'] + spent['documents']) * 1000 / max(1, stats.requests):.2f} "
        f"per request of any kind); load generator CPU {cpu.own * per:.2f} ms/request; "
        f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after; {phase}"
    )


def _phase_lines(args: argparse.Namespace, stats: Stats, cpu: CpuMeter) -> str:
    """Print the CPU of the view/save phase (every session viewing and saving: the web
    processes' CPU per view or save without the receipt polls) and of what came after it
    (checks, submits, receipts, status polls, PDF downloads, by count); return its summary."""
    form, after = cpu.server("form"), cpu.server("after")
    views_saves = stats.phase_counts["view"] + stats.phase_counts["save"]
    later = stats.counts - stats.phase_counts
    per = 1000 / max(1, views_saves)
    print(f"view/save phase ({args.seconds:.0f} s): {views_saves} views and saves "
          f"({sum(stats.phase_counts.values())} requests in all); web {form['web'] * per:.2f} ms, "
          f"documents {form['documents'] * per:.2f} ms, load generator "
          f"{cpu.own_marked * per:.2f} ms a view or save")  # fmt: skip
    print(f"after it, to the last acknowledgement: web {after['web']:.1f} s, documents "
          f"{after['documents']:.1f} s for {sum(later.values())} requests: "
          + ", ".join(f"{n} {kind}" for kind, n in later.most_common()))  # fmt: skip
    return (
        f"view/save phase web CPU {form['web'] * per:.2f} ms a view or save "
        f"(load generator {cpu.own_marked * per:.2f}); after it web {after['web']:.1f} s for "
        f"{sum(later.values())} requests ({later['receipt status']} receipt status polls)"
    )


if __name__ == "__main__":
    sys.exit(main())
