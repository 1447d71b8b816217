"""app.startup without the window: the day's backup as its own step, the full check's report."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

import app.store.database

from app.startup import daily_backup, integrity_report, open_workspace
from app.store.backup import backup_now, list_backups
from app.store.errors import DatabaseCorrupt
from app.store.paths import backup_dir_for
from tests.store.helpers import NOW, Holder, make_database
from tests.ui.screen_fixtures import SETTINGS


def test_open_without_the_backup_then_the_backup_once_a_day(tmp_path: Path) -> None:
    db = make_database(tmp_path / "secplus.db", contracts=2)
    workspace = open_workspace(str(db), SETTINGS, NOW, backup=False)
    try:
        assert workspace.backup is None and list_backups(db, backup_dir_for(db)) == []
        made = daily_backup(workspace, NOW)
        assert made is not None and workspace.backup == made
        assert daily_backup(workspace, NOW + timedelta(hours=5)) is None and workspace.backup == made
        assert daily_backup(workspace, NOW + timedelta(days=1)) not in (None, made)
    finally:
        workspace.database.close()
    with_backup = open_workspace(str(db), SETTINGS, NOW + timedelta(days=2))  # the default keeps the old start
    with_backup.database.close()
    assert with_backup.backup is not None


def test_the_report_reads_beside_a_writer_and_names_the_good_backup_for_damage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = make_database(tmp_path / "secplus.db", contracts=1)
    good = backup_now(db, backup_dir_for(db), keep=3, now=NOW)
    workspace = open_workspace(str(db), SETTINGS, NOW, backup=False)
    try:
        assert integrity_report(workspace) is None
        holder = Holder(db, "exclusive")  # another program writing: the check reads beside it (WAL)
        try:
            assert integrity_report(workspace) is None
        finally:
            holder.finish("release")
            holder.kill()
    finally:
        workspace.database.close()

    def damage(path: Path, newest_backup: Path | None = None, stopper: object = None) -> None:  # a bad page
        raise DatabaseCorrupt(path, "整合性検査の結果: Tree 5 page 9: btreeInitPage() returns error code 11")

    monkeypatch.setattr(app.store.database, "check_integrity", damage)
    workspace = open_workspace(str(db), SETTINGS, NOW, backup=False)
    try:
        damaged = integrity_report(workspace)
        assert isinstance(damaged, DatabaseCorrupt) and damaged.damaged and damaged.newest_backup == good
    finally:
        workspace.database.close()
