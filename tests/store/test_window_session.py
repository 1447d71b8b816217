"""The real window start (ui.app.show_window + StartSession, work in a worker) on an emptied and a locked file."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.store.backup import backup_now, list_backups
from app.store.paths import backup_dir_for
from tests.store.helpers import NOW, Holder, count_rows, make_database
from tests.ui.fake_prompter import FakePrompter
from tests.ui.screen_fixtures import SETTINGS
from ui import app as ui_app


def _start(qtbot: QtBot, qapp: QApplication, db: Path, prompter: FakePrompter) -> bool:
    window, session = ui_app.show_window(qapp, SETTINGS.with_changes(), str(db), prompter)
    qtbot.addWidget(window)
    with qtbot.waitSignal(session.finished, timeout=60_000) as blocker:
        session.start()
    session.close()
    return bool(blocker.args[0])


def test_window_on_an_emptied_file_offers_the_good_backup_and_restores_it(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path
) -> None:
    db = make_database(tmp_path / "secplus.db", contracts=3)
    good = backup_now(db, backup_dir_for(db), keep=3, now=NOW)
    db.write_bytes(b"")

    declined = FakePrompter(False)
    assert not _start(qtbot, qapp, db, declined)
    [question] = declined.questions
    assert "空のファイル" in question and str(good) in question
    assert db.stat().st_size == 0 and [b.path for b in list_backups(db, backup_dir_for(db))] == [good]

    agreed = FakePrompter(True)
    assert _start(qtbot, qapp, db, agreed)
    assert len(agreed.questions) == 1  # the restore; no sample-data offer for a restored database
    assert count_rows(db, "contract") == 3


def test_window_on_a_locked_file_says_so_and_offers_no_restore(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path
) -> None:
    db = make_database(tmp_path / "secplus.db", contracts=2)
    backup_now(db, backup_dir_for(db), keep=3, now=NOW)
    holder = Holder(db, "exclusive")
    prompter = FakePrompter()  # no answers: any question would fail the test
    try:
        assert not _start(qtbot, qapp, db, prompter)
    finally:
        holder.finish("release")
        holder.kill()
    assert prompter.questions == []
    assert len(prompter.messages) == 1 and "使用中" in prompter.messages[0] and "壊れて" not in prompter.messages[0]
    assert not list(tmp_path.glob("*.before-restore*")) and count_rows(db, "contract") == 2
