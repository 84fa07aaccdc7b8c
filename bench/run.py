"""Run the benchmarks: ``make bench`` (letters, load, load200), or one or more by name:
``bench/run.py letters`` / ``load`` (50 sessions) / ``load200`` / ``load400`` / ``write_lock`` /
``web_cpu`` (CPU per form request in-process) / ``http_cpu`` (the same through gunicorn) /
``letters3`` (the letter benchmark three times over, each run on a fresh instance: the timed runs
a release note records)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = {
    "letters": [str(HERE / "bench_letters.py")],
    "load": [str(HERE / "load.py"), "--sessions", "50", "--seconds", "30"],
    "load200": [str(HERE / "load.py"), "--sessions", "200", "--seconds", "60"],
    "load400": [str(HERE / "load.py"), "--sessions", "400", "--seconds", "60"],
    "write_lock": [str(HERE / "write_lock.py")],
    "web_cpu": [str(HERE / "web_cpu.py")],
    "http_cpu": [str(HERE / "http_cpu.py")],
}
RUNS = {"letters3": ["letters"] * 3}
DEFAULT = ["letters", "load", "load200"]


def main(names: list[str]) -> int:
    status = 0
    for name in [run for asked in names or DEFAULT for run in RUNS.get(asked, [asked])]:
        if name not in BENCHMARKS:
            known = ", ".join([*BENCHMARKS, *RUNS])
            print(f"unknown benchmark {name!r}; known: {known}", file=sys.stderr)
            return 2
        print(f"== {name}", flush=True)
        status |= subprocess.run([sys.executable, *BENCHMARKS[name]], check=False).returncode
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
