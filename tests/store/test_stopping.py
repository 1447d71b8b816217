"""Closing the window stops the background backup and full check at once, and leaves nothing half made."""
from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

import app.store.integrity as integrity
from app.store.backup import backup_now, list_backups
from app.store.database import full_check
from app.store.integrity import integrity_problems, raw_connection
from app.store.stopping import Stopper, WorkStopped
from tests.store.test_backup import db_path  # noqa: F401 (fixture)

NOW = datetime(2026, 11, 30, 9, 0)


@pytest.fixture
def stopped_while_checking(monkeypatch: pytest.MonkeyPatch) -> Stopper:
    """A stopper that `stop()`s from inside the running PRAGMA (as the GUI thread would, meanwhile):
    the statement's first progress call stops it, through the real sqlite3 interrupt."""
    stopper = Stopper()

    @contextlib.contextmanager
    def connection_that_gets_stopped(path: Path) -> Iterator[sqlite3.Connection]:
        with raw_connection(path) as connection:
            connection.set_progress_handler(lambda: stopper.stop() or 0, 1)
            yield connection

    monkeypatch.setattr(integrity, "raw_connection", connection_that_gets_stopped)
    return stopper


def test_a_stopped_check_gives_no_verdict(db_path: Path, stopped_while_checking: Stopper) -> None:  # noqa: F811
    with pytest.raises(WorkStopped):
        integrity_problems(db_path, stopped_while_checking)
    with pytest.raises(WorkStopped):  # never "damaged", never "could not run"
        full_check(db_path, db_path.parent / "backups", stopped_while_checking)
    assert integrity_problems(db_path) == []  # the same file, checked without a stopper: sound


def test_a_backup_stopped_in_its_check_leaves_no_file(db_path: Path, tmp_path: Path,  # noqa: F811
                                                      stopped_while_checking: Stopper) -> None:
    backups = tmp_path / "backups"
    with pytest.raises(WorkStopped):
        backup_now(db_path, backups, keep=3, now=NOW, stopper=stopped_while_checking)
    assert list(backups.iterdir()) == []  # neither the backup nor its partial copy


class StopsDuringTheCopy(Stopper):
    def copy_progress(self, status: int, remaining: int, total: int) -> None:
        self.stop()  # the window closed while the pages were being copied
        super().copy_progress(status, remaining, total)


def test_a_backup_stopped_in_its_copy_leaves_no_file(db_path: Path, tmp_path: Path) -> None:  # noqa: F811
    backups = tmp_path / "backups"
    with pytest.raises(WorkStopped):
        backup_now(db_path, backups, keep=3, now=NOW, stopper=StopsDuringTheCopy())
    assert list(backups.iterdir()) == []
    made = backup_now(db_path, backups, keep=3, now=NOW, stopper=Stopper())  # not stopped: a backup as ever
    assert [b.path for b in list_backups(db_path, backups)] == [made] and integrity_problems(made) == []


def test_work_asked_of_a_stopped_stopper_does_not_start(db_path: Path) -> None:  # noqa: F811
    stopper = Stopper()
    stopper.stop()
    with pytest.raises(WorkStopped):
        integrity_problems(db_path, stopper)
