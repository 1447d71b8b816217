"""Stopping a worker's long reads and copies from another thread (the window is closing).

The full integrity check reads every page (seconds on a large file) and the daily backup copies
and checks the whole file. A worker doing them passes a `Stopper`; `stop()`, called from any
thread, interrupts the SQLite connections it watches (`sqlite3.Connection.interrupt` is made for
that) and ends a backup copy at its next step. The stopped work raises `WorkStopped`: nothing is
judged from it (a stopped check is not damage) and a half-made copy is removed by its caller.
"""
from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator

COPY_STEP_PAGES = 1024  # a backup copy asks whether to go on after each step of this many pages


class WorkStopped(Exception):
    """The work was stopped on request before it finished; it has no result."""


class Stopper:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._connections: set[sqlite3.Connection] = set()
        self._stopped = False

    @property
    def stopped(self) -> bool:
        return self._stopped

    def stop(self) -> None:
        """Stop the watched work now and any that starts later (from any thread)."""
        with self._lock:
            self._stopped = True
            for connection in self._connections:
                connection.interrupt()

    def check(self) -> None:
        if self._stopped:
            raise WorkStopped()

    def copy_progress(self, _status: int, _remaining: int, _total: int) -> None:
        """The progress callback of `sqlite3.Connection.backup`: raising ends the copy."""
        self.check()

    @contextlib.contextmanager
    def watching(self, connection: sqlite3.Connection) -> Iterator[None]:
        """While inside, `stop()` interrupts `connection`; its interrupted statement raises WorkStopped."""
        with self._lock:
            self.check()
            self._connections.add(connection)
        try:
            yield
        except sqlite3.OperationalError as exc:
            if self._stopped:
                raise WorkStopped() from exc
            raise
        finally:
            with self._lock:
                self._connections.discard(connection)


def watched(stopper: Stopper | None, connection: sqlite3.Connection) -> contextlib.AbstractContextManager[None]:
    """`stopper.watching(connection)`, or nothing to watch when there is no stopper."""
    return stopper.watching(connection) if stopper is not None else contextlib.nullcontext()
