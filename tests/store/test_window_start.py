"""The window's start (ui/startup.py, recording prompter) on an emptied, a locked and a read-only file."""
from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from app.settings import Settings
from app.store.backup import list_backups
from app.store.paths import backup_dir_for
from tests.store.helpers import Holder, count_rows, kill_during_backup, make_database, refuse_mode_changes
from tests.ui.fake_prompter import FakePrompter
from ui.startup import start_workspace

JST = timezone(timedelta(hours=9))
NOW = datetime(2026, 11, 28, 9, 0, tzinfo=JST)
SETTINGS = Settings(user_name="山田 太郎", backup_count=3)


@pytest.mark.usefixtures("qapp")
def test_an_emptied_file_offers_the_newest_good_backup_never_sample_data(tmp_path: Path) -> None:
    db = make_database(tmp_path / "secplus.db", contracts=4)
    workspace = start_workspace(str(db), SETTINGS, NOW, FakePrompter())
    assert workspace is not None and workspace.backup is not None  # the day's automatic backup
    workspace.database.close()
    db.write_bytes(b"")  # a failed sync

    declined = FakePrompter(False)
    assert start_workspace(str(db), SETTINGS, NOW + timedelta(days=1), declined) is None
    [question] = declined.questions
    assert "空のファイル" in question and str(workspace.backup) in question and "サンプル" not in question
    assert db.stat().st_size == 0
    assert [b.path for b in list_backups(db, backup_dir_for(db))] == [workspace.backup]  # nothing rotated

    agreed = FakePrompter(True)
    restored = start_workspace(str(db), SETTINGS, NOW + timedelta(days=1), agreed)
    assert restored is not None and len(agreed.questions) == 1  # no sample-data offer afterwards
    assert restored.contract_count == 4
    restored.database.close()
    assert db.with_name(db.name + ".before-restore").stat().st_size == 0


@pytest.mark.usefixtures("qapp")
def test_a_locked_file_is_a_message_and_never_a_restore(tmp_path: Path) -> None:
    db = make_database(tmp_path / "secplus.db", contracts=2)
    workspace = start_workspace(str(db), SETTINGS, NOW, FakePrompter())
    assert workspace is not None
    workspace.database.close()
    holder = Holder(db, "exclusive")
    try:
        prompter = FakePrompter()  # no answers: a question would fail the test
        assert start_workspace(str(db), SETTINGS, NOW + timedelta(days=1), prompter) is None
    finally:
        holder.finish("release")
        holder.kill()
    assert prompter.questions == []
    [message] = prompter.messages
    assert "使用中" in message and "壊れて" not in message
    assert not list(tmp_path.glob("*.before-restore*"))
    assert count_rows(db, "contract") == 2


@pytest.mark.usefixtures("qapp")
def test_a_read_only_file_is_a_message_and_never_a_restore(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = make_database(tmp_path / "secplus.db")
    workspace = start_workspace(str(db), SETTINGS, NOW, FakePrompter())
    assert workspace is not None
    workspace.database.close()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, m, **k: False if Path(p) == db and m & os.W_OK else real_access(p, m))

    prompter = FakePrompter()
    assert start_workspace(str(db), SETTINGS, NOW, prompter) is None
    assert prompter.questions == [] and "読み取り専用" in prompter.messages[0]


@pytest.mark.usefixtures("qapp")
def test_a_file_not_ours_to_read_is_never_restored_over(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = make_database(tmp_path / "secplus.db")
    workspace = start_workspace(str(db), SETTINGS, NOW, FakePrompter())
    assert workspace is not None
    workspace.database.close()
    import app.store.integrity as integrity

    def denied(path: Path) -> str | None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(integrity, "header_problem", denied)
    prompter = FakePrompter()
    assert start_workspace(str(db), SETTINGS, NOW, prompter) is None
    assert prompter.questions == [] and "開けません" in prompter.messages[0]


@pytest.mark.usefixtures("qapp")
def test_a_vanished_file_with_backups_offers_them_never_a_new_database(tmp_path: Path) -> None:
    db = make_database(tmp_path / "secplus.db", contracts=3)
    workspace = start_workspace(str(db), SETTINGS, NOW, FakePrompter())
    assert workspace is not None and workspace.backup is not None
    workspace.database.close()
    db.unlink()

    declined = FakePrompter(False)
    assert start_workspace(str(db), SETTINGS, NOW, declined) is None
    assert "見つかりません" in declined.questions[0] and str(workspace.backup) in declined.questions[0]
    assert not db.exists()
    restored = start_workspace(str(db), SETTINGS, NOW, FakePrompter(True))
    assert restored is not None and restored.contract_count == 3
    restored.database.close()


@pytest.mark.usefixtures("qapp")
def test_after_a_backup_killed_mid_copy_the_start_offers_the_older_good_backup(tmp_path: Path) -> None:
    db = make_database(tmp_path / "secplus.db", contracts=3)
    workspace = start_workspace(str(db), SETTINGS, NOW, FakePrompter())
    assert workspace is not None and workspace.backup is not None  # the good, older backup
    workspace.database.close()
    partial = kill_during_backup(db, backup_dir_for(db), (NOW + timedelta(days=1)).replace(tzinfo=None))
    assert partial.exists()
    db.write_bytes(b"\0" * 8192)  # and then the file itself is damaged

    prompter = FakePrompter(True)
    restored = start_workspace(str(db), SETTINGS, NOW + timedelta(days=1), prompter)
    [question] = prompter.questions
    assert str(workspace.backup) in question and partial.name not in question
    assert restored is not None and restored.contract_count == 3
    restored.database.close()


@pytest.mark.usefixtures("qapp")
def test_a_mode_that_cannot_be_changed_is_a_warning_in_the_status_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.startup import status_text

    db = make_database(tmp_path / "secplus.db")
    refuse_mode_changes(db, monkeypatch)
    workspace = start_workspace(str(db), SETTINGS, NOW, FakePrompter(False))
    assert workspace is not None
    assert "警告: ファイルの権限を変更できない" in status_text(workspace, NOW.date())
    workspace.database.close()
