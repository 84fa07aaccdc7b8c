"""CPU per form request in-process: the real Flask app, a real SQLite instance, no HTTP server.

Run: ``.venv/bin/python bench/web_cpu.py [--requests 300] [--profile KIND]``
(``bench/run.py web_cpu``).

The instance is the load benchmark's (``bench/load_setup.py``: the rusarbeid form in an open
round, one organisation, signatory and complete draft per session). Each session logs in through
Flask's test client; then the sessions take turns opening their form page and saving it with a new
value, as ``bench/load.py`` does, and finally each submits and opens its receipt (three times,
as the load benchmark's sessions poll it). The CPU time of this process
(``time.process_time``: user and system) is taken around each request, so the figures do not
depend on how busy the machine is the way wall-clock time does (they still grow somewhat under
contention for the cores' caches). Baseline, measured in the same run: ``/healthz``, the trivial
endpoint, through the same app and client — the floor of Flask, the session and the security
headers. Prints the median and mean CPU ms per view, save, check (the summary page before the
submit), submit, receipt and healthz, and each as a ratio to the baseline; ``--profile KIND``
(view, save, check, submit, receipt, healthz) prints cProfile's top functions of that kind.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("FORMSERVICE_PASSWORD_HASHING", "CHEAPEST")  # logins are not measured

from bench.load import ANSWERS, FORM_ID, FORM_VERSION  # noqa: E402
from bench.load_setup import prepare_instance  # noqa: E402
from formservice.accounts import use_password_hashing  # noqa: E402
from formservice.engine import load_directory  # noqa: E402
from formservice.web import create_app  # noqa: E402
from formservice.web.filling import posted_pairs  # noqa: E402

_CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')
_BASE = re.compile(r'name="base_version" value="(\d+)"')
WARM_UP = 20  # requests of each kind not counted (imports, first template compilation)


class Meter:
    """CPU seconds of each request, per kind; optionally one kind under cProfile."""

    def __init__(self, profile: str | None) -> None:
        self.spent: dict[str, list[float]] = {}
        self.profile_kind = profile
        self.profiler = cProfile.Profile() if profile else None

    def measure(self, kind: str, call: Callable[[], Any]) -> Any:
        profiled = self.profiler is not None and kind == self.profile_kind
        if profiled:
            self.profiler.enable()
        began = time.process_time()
        result = call()
        spent = time.process_time() - began
        if profiled:
            self.profiler.disable()
        self.spent.setdefault(kind, []).append(spent)
        return result


def run(sessions: int, requests: int, profile: str | None) -> Meter:
    use_password_hashing("CHEAPEST")
    answers = json.loads(ANSWERS.read_text("utf-8"))
    with tempfile.TemporaryDirectory(prefix="formservice-webcpu-") as folder:
        settings, people = prepare_instance(
            Path(folder) / "instance", sessions, FORM_ID, FORM_VERSION, answers
        )
        app = create_app({"INSTANCE_PATH": settings["INSTANCE_PATH"]})
        definition = load_directory(Path(settings["DEFINITIONS_DIR"])).get(FORM_ID, FORM_VERSION)
        pairs = posted_pairs(definition.page(people[0]["page_id"]), answers)
        clients = [_logged_in(app, person) for person in people]
        meter = Meter(None)
        for _ in range(WARM_UP):
            _round(meter, clients[0], people[0], pairs, 0)
        meter = Meter(profile)
        for number in range(requests):
            index = number % len(people)
            _round(meter, clients[index], people[index], pairs, number + 1)
        for client, person in zip(clients, people, strict=True):
            _submit(meter, client, person)
    return meter


def _logged_in(app: Any, person: dict[str, Any]) -> Any:
    client = app.test_client()
    page = client.get("/logg-inn")
    response = client.post("/logg-inn", data={
        "csrf_token": _CSRF.search(page.text).group(1),
        "username": person["username"], "password": person["password"]})  # fmt: skip
    if response.status_code != 302:
        raise SystemExit(f"login of {person['username']} failed: {response.status_code}")
    return client


def _round(meter: Meter, client: Any, person: dict[str, Any], pairs: list, number: int) -> None:
    """One view and one save of the person's page, as a session of the load benchmark does."""
    url = f"/kommune/skjema/{person['submission_id']}/side/{person['page_id']}"
    meter.measure("healthz", lambda: client.get("/healthz"))
    page = meter.measure("view", lambda: client.get(url))
    _expect(page, 200, "view")
    data = [(k, v) for k, v in pairs if k != person["text_field"]]
    data += [(person["text_field"], f"{person['username']} lagring {number}"), ("action", "save"),
             ("csrf_token", _CSRF.search(page.text).group(1)),
             ("base_version", _BASE.search(page.text).group(1))]  # fmt: skip
    form: dict[str, list[str]] = {}
    for key, value in data:
        form.setdefault(key, []).append(value)
    _expect(meter.measure("save", lambda: client.post(url, data=form)), 302, "save")


def _submit(meter: Meter, client: Any, person: dict[str, Any]) -> None:
    check_url = f"/kommune/skjema/{person['submission_id']}/oppsummering"
    check = meter.measure("check", lambda: client.get(check_url))
    _expect(check, 200, "check your answers")
    data = {"csrf_token": _CSRF.search(check.text).group(1),
            "base_version": _BASE.search(check.text).group(1)}  # fmt: skip
    url = f"/kommune/skjema/{person['submission_id']}/send-inn"
    submitted = meter.measure("submit", lambda: client.post(url, data=data))
    _expect(submitted, 302, "submit")
    receipt = submitted.headers["location"]
    for _ in range(3):  # the load benchmark's sessions poll their receipt until the PDF is there
        _expect(meter.measure("receipt", lambda: client.get(receipt)), 200, "receipt")


def _expect(response: Any, status: int, what: str) -> None:
    if response.status_code != status:
        raise SystemExit(f"{what}: {response.status_code}, not {status}")


def report(meter: Meter) -> None:
    base = statistics.median(meter.spent["healthz"]) * 1000
    print(f"load average {os.getloadavg()[0]:.1f}")
    for kind in ("view", "save", "check", "submit", "receipt", "healthz"):
        values = meter.spent.get(kind, [])
        median = statistics.median(values) * 1000
        mean = statistics.fmean(values) * 1000
        print(f"  {kind:8} n={len(values):5}  median {median:6.2f} ms  mean {mean:6.2f} ms  "
              f"{median / base:5.1f}x healthz")  # fmt: skip
    medians = {k: statistics.median(v) * 1000 for k, v in meter.spent.items()}
    print(
        f"web CPU in-process: view {medians['view']:.2f} ms, save {medians['save']:.2f} ms, "
        f"submit {medians['submit']:.2f} ms (median); healthz {base:.2f} ms; view "
        f"{medians['view'] / base:.1f}x, save {medians['save'] / base:.1f}x, submit "
        f"{medians['submit'] / base:.1f}x healthz"
    )
    if meter.profiler is not None:
        out = io.StringIO()
        pstats.Stats(meter.profiler, stream=out).sort_stats("cumulative").print_stats(45)
        print(out.getvalue())
        out = io.StringIO()
        pstats.Stats(meter.profiler, stream=out).sort_stats("tottime").print_stats(35)
        print(out.getvalue())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--requests", type=int, default=300, help="views and saves, each")
    parser.add_argument(
        "--profile", choices=("view", "save", "check", "submit", "receipt", "healthz")
    )
    args = parser.parse_args()
    report(run(args.sessions, args.requests, args.profile))
    return 0


if __name__ == "__main__":
    sys.exit(main())
