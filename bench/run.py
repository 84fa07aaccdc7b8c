"""Run the benchmarks: ``make bench`` (all), or one or more by name: ``bench/run.py letters``,
``load`` (50 sessions), ``load200``, ``load400``, ``write_lock``."""

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
}


def main(names: list[str]) -> int:
    status = 0
    for name in names or list(BENCHMARKS):
        if name not in BENCHMARKS:
            print(f"unknown benchmark {name!r}; known: {', '.join(BENCHMARKS)}", file=sys.stderr)
            return 2
        print(f"== {name}", flush=True)
        status |= subprocess.run([sys.executable, *BENCHMARKS[name]], check=False).returncode
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
