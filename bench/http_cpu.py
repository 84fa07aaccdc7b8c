"""Web CPU per request of each kind through HTTP: ``formservice serve`` as production runs it.

Run: ``.venv/bin/python bench/http_cpu.py [--sessions 16] [--requests 1200] [--spy FILE]``
(``bench/run.py http_cpu``).

``bench/web_cpu.py`` measures a request in-process (Flask's test client); this measures the same
requests through gunicorn's web processes, so the difference is what HTTP and the server add. The
instance is the load benchmark's; the sessions log in, then in turn, every session at once with no
think time: ``/healthz`` (the baseline), page views, view-and-save pairs (a save needs the page's
token and version), one submit each, then the receipt's document status (the JSON that
``receipt.js`` asks). The web processes' CPU (user + system of gunicorn's master and workers, from
/proc) is read before and after each kind and divided by its requests; a save is a pair less a
view. ``--spy FILE`` records the workers with py-spy (``--gil``: only the thread running Python)
during the views and saves, as collapsed stacks in FILE, and prints the top functions.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("FORMSERVICE_PASSWORD_HASHING", "CHEAPEST")  # logins are not measured

from bench.load import (  # noqa: E402
    _BASE,
    _CSRF,
    ANSWERS,
    FORM_ID,
    FORM_VERSION,
    CpuMeter,
    _free_port,
    prepare,
    start_server,
    stop_server,
)
from bench.load_client import Client  # noqa: E402
from formservice.engine import load_directory  # noqa: E402
from formservice.web.filling import posted_pairs  # noqa: E402

_STATUS = re.compile(r'data-status-url="([^"]+)"')
IDLE = 5  # seconds the web processes' CPU is read with no request in flight


class Person:
    """A logged-in session and its form page."""

    def __init__(self, client: Client, user: dict, pairs: list) -> None:
        self.client, self.user, self.pairs, self.saves = client, user, pairs, 0
        self.url = f"/kommune/skjema/{user['submission_id']}/side/{user['page_id']}"
        self.status = ""

    async def view(self) -> str:
        page = await self.client.get(self.url)
        assert page.status_code == 200, page.status_code
        return page.text

    async def view_and_save(self) -> None:
        page = await self.view()
        self.saves += 1
        data = [(k, v) for k, v in self.pairs if k != self.user["text_field"]]
        data += [(self.user["text_field"], f"{self.user['username']} {self.saves}"),
                 ("action", "save"), ("csrf_token", _CSRF.search(page).group(1)),
                 ("base_version", _BASE.search(page).group(1))]  # fmt: skip
        assert (await self.client.post(self.url, data=data)).status_code == 302

    async def submit(self) -> None:
        check = (
            await self.client.get(f"/kommune/skjema/{self.user['submission_id']}/oppsummering")
        ).text
        data = {
            "csrf_token": _CSRF.search(check).group(1),
            "base_version": _BASE.search(check).group(1),
        }
        sent = await self.client.post(
            f"/kommune/skjema/{self.user['submission_id']}/send-inn", data
        )
        assert sent.status_code == 302, sent.status_code
        receipt = (await self.client.get(sent.headers["location"])).text
        self.status = _STATUS.search(receipt).group(1).replace("&amp;", "&")

    async def status_poll(self) -> None:
        assert (await self.client.get(self.status)).status_code == 200


async def measure(base: str, users: list[dict], pairs: list, requests: int, cpu: CpuMeter,
                  spy: str | None, workers: list[int]) -> tuple[dict[str, float], float]:  # fmt: skip
    """Web CPU ms per request of each kind, and ms a second with no requests."""
    people = []
    for user in users:
        client = Client(base, timeout=60)
        login = await client.get("/logg-inn")
        await client.post("/logg-inn", {"csrf_token": _CSRF.search(login.text).group(1),
                                        "username": user["username"], "password": user["password"]})  # fmt: skip
        people.append(Person(client, user, pairs))

    async def each(kind: str, count: int, call) -> float:
        rounds = max(1, count // len(people))
        cpu.start()
        for _ in range(rounds):
            await asyncio.gather(*(call(person) for person in people))
        cpu.stop()
        return cpu.server()["web"] * 1000 / (rounds * len(people))

    await each("warm-up", len(people) * 5, Person.view_and_save)
    cpu.start()
    await asyncio.sleep(IDLE)
    cpu.stop()
    idle = cpu.server()["web"] * 1000 / IDLE  # what the web processes spend waiting, a second
    spent = {"healthz": await each("healthz", requests, lambda p: p.client.get("/healthz"))}
    recorders = [_spy(pid, spy, requests) for pid in workers] if spy else []
    spent["view"] = await each("view", requests, Person.view)
    pair = await each("view+save", requests, Person.view_and_save)
    for recorder in recorders:
        recorder.send_signal(signal.SIGINT)  # py-spy writes what it recorded on SIGINT
        recorder.wait()
    spent["save"] = pair - spent["view"]
    spent["submit (check, submit, receipt)"] = await each("submit", len(people), Person.submit)
    spent["receipt status"] = await each("receipt status", requests, Person.status_poll)
    for person in people:
        await person.client.http.close()
    return spent, idle


def _spy(pid: int, out: str, requests: int) -> subprocess.Popen:
    return subprocess.Popen(
        [str(ROOT / ".venv/bin/py-spy"), "record", "--pid", str(pid), "--gil", "--rate", "500",
         "--format", "raw", "--nonblocking", "-o", f"{out}.{pid}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def _print_spy(out: str, workers: list[int]) -> None:
    own, total = collections.Counter(), 0
    for pid in workers:
        path = Path(f"{out}.{pid}")
        if not path.exists():
            continue
        for line in path.read_text("utf-8").splitlines():
            stack, _, count = line.rpartition(" ")
            total += int(count)
            for frame in set(stack.split(";")):
                own[frame] += int(count)
    print(f"py-spy --gil, {total} samples; share of samples with each function on the stack:")
    for frame, count in own.most_common(60):
        print(f"  {count / max(1, total):6.1%}  {frame}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=16)
    parser.add_argument("--requests", type=int, default=1200, help="requests of each kind")
    parser.add_argument("--threads", type=int, default=4, help="threads per web process")
    parser.add_argument("--spy", help="record the web workers with py-spy into FILE.<pid>")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="formservice-httpcpu-") as folder:
        settings, users = prepare(Path(folder) / "instance", args.sessions)
        definition = load_directory(Path(settings["DEFINITIONS_DIR"])).get(FORM_ID, FORM_VERSION)
        pairs = posted_pairs(
            definition.page(users[0]["page_id"]), json.loads(ANSWERS.read_text("utf-8"))
        )
        port = _free_port()
        server = start_server(Path(folder) / "instance", port, args.threads, None)
        try:
            cpu = CpuMeter(server.pid)
            web = [c for c in cpu.supervisor.children() if "worker" not in c.cmdline()]
            workers = [w.pid for master in web for w in master.children()]
            began = time.monotonic()
            spent, idle = asyncio.run(measure(f"http://127.0.0.1:{port}", users, pairs, args.requests,
                                        cpu, args.spy, workers))  # fmt: skip
        finally:
            stop_server(server)
    print(f"{args.sessions} sessions at once, {args.requests} requests of each kind, "
          f"{time.monotonic() - began:.0f} s; load average {load_before:.1f} before, "
          f"{os.getloadavg()[0]:.1f} after")  # fmt: skip
    for kind, ms in spent.items():
        print(f"  {kind:32} {ms:6.2f} ms web CPU a request ({ms / spent['healthz']:.1f}x healthz)")
    print(f"  idle (no request for {IDLE} s): {idle:.2f} ms web CPU a second")
    if args.spy:
        _print_spy(args.spy, workers)
    print("web CPU through HTTP: " + ", ".join(f"{k} {v:.2f} ms" for k, v in spent.items())
          + f"; load average {os.getloadavg()[0]:.1f}; idle {idle:.2f} ms a second")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
