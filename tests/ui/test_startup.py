"""The start of a session: first-run sample data offer, damaged file -> restore the newest backup."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.models import Contract
from app.settings import Settings
from app.startup import SAMPLE_CONTRACTS, status_text
from app.store.backup import list_backups
from tests.ui.fake_prompter import FakePrompter
from ui.startup import start_workspace

JST = timezone(timedelta(hours=9))
NOW = datetime(2026, 11, 28, 9, 0, tzinfo=JST)
SETTINGS = Settings(user_name="山田 太郎", backup_count=3)


def contracts_in(db: Path) -> int:
    workspace = start_workspace(str(db), SETTINGS, NOW, FakePrompter())
    assert workspace is not None
    with workspace.database.engine.connect() as connection:
        count = int(connection.execute(select(func.count()).select_from(Contract)).scalar_one())
    workspace.database.close()
    return count


@pytest.mark.usefixtures("qapp")
def test_first_start_offers_sample_data_once(tmp_path: Path) -> None:
    db = tmp_path / "secplus.db"
    prompter = FakePrompter(True)
    workspace = start_workspace(str(db), SETTINGS, NOW, prompter)
    assert workspace is not None and len(prompter.questions) == 1
    assert workspace.contract_count == SAMPLE_CONTRACTS
    assert "契約 200件" in status_text(workspace, NOW.date())
    workspace.database.close()
    assert contracts_in(db) == SAMPLE_CONTRACTS  # the second start asks nothing (FakePrompter has no answers)


@pytest.mark.usefixtures("qapp")
def test_declining_sample_data_leaves_the_database_empty(tmp_path: Path) -> None:
    db = tmp_path / "secplus.db"
    workspace = start_workspace(str(db), SETTINGS, NOW, FakePrompter(False))
    assert workspace is not None and workspace.contract_count == 0
    workspace.database.close()
    assert contracts_in(db) == 0


@pytest.mark.usefixtures("qapp")
def test_damaged_file_is_restored_from_the_newest_backup_when_the_user_agrees(tmp_path: Path) -> None:
    db = tmp_path / "secplus.db"
    workspace = start_workspace(str(db), SETTINGS, NOW, FakePrompter(True))
    assert workspace is not None and workspace.backup is not None  # the day's automatic backup
    workspace.database.close()
    backups = list_backups(db, workspace.database.backup_dir)  # type: ignore[arg-type]
    assert backups
    db.write_bytes(b"this is not a database" * 100)

    declined = FakePrompter(False)
    assert start_workspace(str(db), SETTINGS, NOW + timedelta(days=1), declined) is None
    assert "壊れています" in declined.questions[0] and "復元しますか" in declined.questions[0]
    assert db.read_bytes().startswith(b"this is not a database")  # nothing changed

    agreed = FakePrompter(True)
    restored = start_workspace(str(db), SETTINGS, NOW + timedelta(days=1), agreed)
    assert restored is not None and len(agreed.questions) == 1
    restored.database.close()
    assert db.with_name(db.name + ".before-restore").exists()


@pytest.mark.usefixtures("qapp")
def test_damaged_file_without_backup_is_a_clear_message(tmp_path: Path) -> None:
    db = tmp_path / "secplus.db"
    db.write_bytes(b"garbage" * 1000)
    prompter = FakePrompter()
    assert start_workspace(str(db), SETTINGS, NOW, prompter) is None
    assert len(prompter.messages) == 1 and "バックアップがない" in prompter.messages[0]
