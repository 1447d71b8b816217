"""After the window's start: the day's backup and the full integrity check run in a worker once the
home screen has filled; damage is offered for restore without blocking; the database closes at quit."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import app.startup
import app.store.database
from app.store.backup import backup_now, list_backups
from app.store.database import SESSION_MARK, open_database
from app.store.errors import DatabaseCorrupt, DatabaseLocked
from app.store.paths import backup_dir_for, path_to_url
from app.store.stopping import Stopper
from tests.store.helpers import NOW, count_rows, make_database
from tests.ui.fake_prompter import FakePrompter
from tests.ui.screen_fixtures import SETTINGS
from ui import app as ui_app
from ui.main_window import MainWindow
from ui.start_session import StartSession


def _window(qtbot: QtBot, qapp: QApplication, db: Path, prompter: FakePrompter,
            now: datetime = NOW) -> tuple[MainWindow, StartSession]:
    window, session = ui_app.show_window(qapp, SETTINGS.with_changes(), str(db), prompter, clock=lambda: now)
    qtbot.addWidget(window)
    with qtbot.waitSignal(session.finished, timeout=60_000) as blocker:
        session.start()
    assert blocker.args == [True]
    return window, session


def _auto_backups(db: Path) -> list[Path]:
    return [b.path for b in list_backups(db, backup_dir_for(db)) if b.reason == "auto"]


def _markers(db: Path) -> list[Path]:
    return list(db.parent.glob(f".{db.name}{SESSION_MARK}*"))


def test_the_home_screen_fills_before_the_days_backup_finishes(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = make_database(tmp_path / "secplus.db", contracts=5)
    gate = threading.Event()
    started: list[bool] = []
    real_backup = app.startup.auto_backup
    home_filled: list[bool] = []

    def slow_backup(*args: Any) -> Path | None:
        home = window.created_screens().get("home")
        data = getattr(home, "data", None)
        home_filled.append(data is not None and data.portfolio_loaded)
        started.append(True)
        gate.wait(30)
        return real_backup(*args)

    monkeypatch.setattr(app.startup, "auto_backup", slow_backup)
    window, session = _window(qtbot, qapp, db, FakePrompter())
    try:
        qtbot.waitUntil(lambda: bool(started), timeout=30_000)
        assert home_filled == [True]  # the backup began only once the home screen showed its data
        home = window.screen_widget("home")
        assert "期限" in home.tabs.tabText(0)
        assert window.hub.workspace is not None and window.hub.workspace.backup is None
        assert _auto_backups(db) == []
        qtbot.waitUntil(lambda: "バックアップを確認しています" in window.status_label.text(), timeout=10_000)
        with qtbot.waitSignal(session.checked, timeout=60_000):
            gate.set()
        assert len(_auto_backups(db)) == 1 and window.hub.workspace.backup == _auto_backups(db)[0]
        assert "本日のバックアップを作成しました" in window.status_label.text()
    finally:
        gate.set()
        session.close()


def test_the_days_backup_is_still_taken_once_a_day(qtbot: QtBot, qapp: QApplication, tmp_path: Path) -> None:
    db = make_database(tmp_path / "secplus.db", contracts=2)
    for now, expected in ((NOW, 1), (NOW + timedelta(hours=3), 1), (NOW + timedelta(days=1), 2)):
        window, session = _window(qtbot, qapp, db, FakePrompter(), now)
        with qtbot.waitSignal(session.checked, timeout=60_000):
            pass
        assert session.check_result == (None, None)
        assert len(_auto_backups(db)) == expected
        session.close()


def test_damage_found_after_the_start_is_a_status_line_and_a_non_blocking_restore_offer(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = make_database(tmp_path / "secplus.db", contracts=3)
    good = backup_now(db, backup_dir_for(db), keep=3, now=NOW - timedelta(days=1))
    damaged = [True]
    real_check = app.store.database.check_integrity

    def check(path: Path, newest_backup: Path | None = None, stopper: Stopper | None = None) -> None:
        if damaged[0]:
            raise DatabaseCorrupt(path, "整合性検査の結果: 試験で作った損傷")
        real_check(path, newest_backup, stopper)

    monkeypatch.setattr(app.store.database, "check_integrity", check)
    prompter = FakePrompter()  # no answers: a blocking question would fail the test
    window, session = _window(qtbot, qapp, db, prompter)
    try:
        with qtbot.waitSignal(session.checked, timeout=60_000):
            pass
        assert prompter.questions == [] and prompter.messages == []
        [(text, accept, _)] = prompter.offers
        newest = list_backups(db, backup_dir_for(db))[0].path  # today's, taken before the check (its copy passed)
        assert newest != good and "試験で作った損傷" in text and str(newest) in text and accept == "バックアップから復元"
        assert "警告" in window.status_label.text() and window.hub.is_ready  # the window stays usable

        damaged[0] = False
        with qtbot.waitSignal(session.finished, timeout=60_000) as blocker:
            prompter.take_offer()
        assert blocker.args == [True] and window.hub.is_ready
        assert db.with_name(db.name + ".before-restore").exists() and count_rows(db, "contract") == 3
    finally:
        session.close()


def test_a_locked_file_at_the_check_is_said_and_never_offered_for_restore(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = make_database(tmp_path / "secplus.db", contracts=1)
    backup_now(db, backup_dir_for(db), keep=3, now=NOW - timedelta(days=1))

    def locked(path: Path, newest_backup: Path | None = None, stopper: Stopper | None = None) -> None:
        raise DatabaseLocked(path)

    monkeypatch.setattr(app.store.database, "check_integrity", locked)
    prompter = FakePrompter()
    window, session = _window(qtbot, qapp, db, prompter)
    try:
        with qtbot.waitSignal(session.checked, timeout=60_000):
            pass
        assert prompter.offers == [] and prompter.questions == [] and prompter.messages == []
        assert "整合性検査を実行できませんでした" in window.status_label.text()
        assert "使用中" in window.status_label.text() and not list(tmp_path.glob("*.before-restore*"))
    finally:
        session.close()


def test_the_database_closes_at_quit_so_the_next_start_is_clean(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path
) -> None:
    db = make_database(tmp_path / "secplus.db", contracts=1)
    window, session = _window(qtbot, qapp, db, FakePrompter())
    with qtbot.waitSignal(session.checked, timeout=60_000):
        pass
    assert len(_markers(db)) == 1  # the open session's marker
    qapp.aboutToQuit.emit()  # what QApplication.quit() sends before the event loop ends
    assert _markers(db) == [] and window.hub.workspace is None
    with open_database(path_to_url(db), backup_count=3, now=NOW) as database:
        assert not database.checked_fully  # no unclean-shutdown marker was left: no full check at open


def test_the_offer_over_the_window_does_not_block_and_its_button_restores(qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QMessageBox, QWidget

    from ui.startup import MessageBoxPrompter

    parent = QWidget()
    qtbot.addWidget(parent)
    taken: list[bool] = []
    MessageBoxPrompter(parent).offer("整合性検査で問題が見つかりました。", "バックアップから復元", lambda: taken.append(True))
    [box] = parent.findChildren(QMessageBox)  # shown, and offer() returned: nothing waits for an answer
    assert box.isVisible() and not box.isModal()
    box.grab().save(str(tmp_path / "offer.png"))
    [restore] = [b for b in box.buttons() if b.text() == "バックアップから復元"]
    restore.click()
    assert taken == [True]
