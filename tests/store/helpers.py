"""Helpers of the storage tests: databases with and without contracts, a second process holding a file."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from datetime import date, datetime
from pathlib import Path

import pytest

from app.store.database import open_database
from app.store.paths import path_to_url

REPO_ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 28, 9, 0, 0)


def make_database(path: Path, contracts: int = 0) -> Path:
    """A database at head with `contracts` sample contracts."""
    with open_database(path_to_url(path), backup_count=10, now=NOW) as database:
        if contracts:
            from app.sample.seed import seed_contracts

            seed_contracts(database.engine, contracts, today=date(2026, 11, 28), actor="試験")
    return path


def refuse_mode_changes(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`db` readable by others (0644) on a file system that refuses every chmod."""
    os.chmod(db, 0o644)

    def refuse(path: object, mode: int) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "chmod", refuse)


def count_rows(path: Path, table: str) -> int:
    import sqlite3

    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        connection.close()


class Holder:
    """Another process with the database open: `mode` "read" (an idle connection after one read),
    "transaction" (an open write transaction), or "exclusive" (the store's own exclusive lock)."""

    def __init__(self, path: Path, mode: str) -> None:
        code = textwrap.dedent(f"""
            import sqlite3, sys
            from pathlib import Path
            path = Path({str(path)!r})
            mode = {mode!r}
            if mode == "exclusive":
                from app.store.sqlite_file import take_exclusive_access
                lock = take_exclusive_access(path)
                assert lock is not None
            else:
                connection = sqlite3.connect(str(path), isolation_level=None)
                connection.execute("PRAGMA journal_mode=WAL")
                connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
                if mode == "transaction":
                    connection.execute("BEGIN IMMEDIATE")
                    connection.execute("CREATE TABLE held_by_other (x INTEGER)")
            print("ready", flush=True)
            command = sys.stdin.readline().strip()
            if mode == "transaction" and command == "commit":
                connection.execute("COMMIT")
            print("done", flush=True)
        """)
        self.process = subprocess.Popen([sys.executable, "-c", code], cwd=REPO_ROOT, stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None
        assert self.process.stdout.readline().strip() == "ready"

    def finish(self, command: str = "commit") -> None:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        assert self.process.stdout.readline().strip() == "done"
        self.process.wait(timeout=30)
        self._close_pipes()

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)
        self._close_pipes()

    def _close_pipes(self) -> None:
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None and not pipe.closed:
                pipe.close()


def kill_during_backup(db: Path, backups: Path, when: datetime) -> Path:
    """Start a backup of `db` in another process and SIGKILL it after the copy, before the check and the rename.

    Returns the partial file it left behind.
    """
    child = textwrap.dedent(f"""
        import sys, time
        from datetime import datetime
        from pathlib import Path
        import app.store.backup as backup
        def stall(path, stopper=None):
            print(path, flush=True)
            time.sleep(60)
        backup.integrity_problems = stall  # copied, not yet checked nor renamed: SIGKILL comes now
        backup.backup_now(Path({str(db)!r}), Path({str(backups)!r}), 5, now=datetime.fromisoformat({when.isoformat()!r}))
    """)
    with subprocess.Popen([sys.executable, "-c", child], cwd=REPO_ROOT, stdout=subprocess.PIPE, text=True) as process:
        assert process.stdout is not None
        partial = Path(process.stdout.readline().strip())
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    return partial
