"""Turns at the converter pool for the worker's document jobs: as many jobs at once as the pool
has instances, so that a job takes its documents only when an instance is free to convert them.

In a burst of submits the worker's threads (one more than the pool has instances) took their
documents as soon as their job came up; the thread beyond the pool's size then waited for an
instance with the few documents it had found, while more arrived that it could have taken in
the same call. A LibreOffice call costs some 35 ms of CPU of its own besides some 21 ms per
acknowledgement (measured with ``bench/ack_cpu.py``: 56 ms a document one to a call, 36 three
to a call, 24 ten to a call), so the burst's CPU, and with it the last acknowledgement's wait,
grows with every call more. A job now waits for its turn, then takes what waits then. A turn
says how many instances were free when it began (its own included), so that a job that finds
the others free leaves them a share, and one that finds them busy takes everything waiting.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_lock = threading.Lock()
_turns: weakref.WeakKeyDictionary[Any, Turns] = weakref.WeakKeyDictionary()


class Turns:
    """At most ``size`` holders at once; each learns how many turns were free as it began."""

    def __init__(self, size: int) -> None:
        self.size = max(1, size)
        self._free = self.size
        self._changed = threading.Condition()

    @contextmanager
    def turn(self) -> Iterator[int]:
        """Wait for a free turn and hold it for the block; yields the turns free as it began
        (this one included, so at least 1)."""
        with self._changed:
            while self._free == 0:
                self._changed.wait()
            free = self._free
            self._free -= 1
        try:
            yield free
        finally:
            with self._changed:
                self._free += 1
                self._changed.notify()


def turns_for(pool: Any) -> Turns:
    """The turns of a pool (one per instance), the same for every job of this process."""
    with _lock:
        found = _turns.get(pool)
        if found is None:
            found = _turns[pool] = Turns(pool.size)
        return found
