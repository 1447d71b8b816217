"""The window is shown and painted before the start worker finishes; questions come over it."""
from __future__ import annotations

import sys
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import app.startup
from tests.ui.fake_prompter import FakePrompter
from tests.ui.screen_fixtures import SETTINGS
from ui import app as ui_app


def test_window_is_shown_before_the_database_opens(qtbot: QtBot, qapp: QApplication, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    gate = threading.Event()
    gui = threading.get_ident()
    opened_on: list[int] = []
    real_open = app.startup.open_workspace

    def slow_open(db_arg: str | None, settings: Any, now: datetime, **options: bool) -> app.startup.Workspace:
        opened_on.append(threading.get_ident())
        gate.wait(10)
        return real_open(db_arg, settings, now, **options)

    monkeypatch.setattr(app.startup, "open_workspace", slow_open)
    window, session = ui_app.show_window(qapp, SETTINGS, str(tmp_path / "new.db"), FakePrompter(True))
    qtbot.addWidget(window)
    session.start()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: bool(opened_on))
    picture = window.grab()  # painted while the database is still opening
    assert not picture.isNull() and window.isVisible()
    assert window.hub.workspace is None and session.state == "opening"
    assert "開いています" in window.status_label.text()
    gate.set()
    with qtbot.waitSignal(session.finished, timeout=60_000) as blocker:
        pass
    assert blocker.args == [True]
    assert opened_on[0] != gui  # the database was opened on a worker thread
    assert window.hub.workspace is not None and window.hub.workspace.contract_count == 200  # sample data accepted
    assert "契約 200件" in window.status_label.text()
    session.close()


def test_damaged_file_restore_is_asked_over_the_window(qtbot: QtBot, qapp: QApplication, tmp_path: Path) -> None:
    db = tmp_path / "secplus.db"
    window, session = ui_app.show_window(qapp, SETTINGS, str(db), FakePrompter(False))
    qtbot.addWidget(window)
    with qtbot.waitSignal(session.finished, timeout=60_000):
        session.start()
    session.close()
    db.write_bytes(b"this is not a database" * 100)
    window2, session2 = ui_app.show_window(qapp, SETTINGS.with_changes(), str(db), FakePrompter(False))
    qtbot.addWidget(window2)
    prompter = session2.prompter
    assert isinstance(prompter, FakePrompter)
    with qtbot.waitSignal(session2.finished, timeout=60_000) as blocker:
        session2.start()
    assert blocker.args == [False] and window2.isVisible()
    assert any("復元しますか" in q for q in prompter.questions) or prompter.messages
    assert db.read_bytes().startswith(b"this is not a database")  # declined: nothing changed


def test_nothing_heavy_is_imported_before_the_first_paint() -> None:
    import subprocess

    code = ("import sys, ui.app; heavy = [m for m in ('sqlalchemy', 'sqlmodel', 'alembic', 'reportlab', "
            "'PySide6.QtCharts', 'openpyxl') if m in sys.modules]; print(heavy)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                            cwd=Path(__file__).resolve().parents[2])
    assert result.stdout.strip() == "[]", result.stderr


def test_a_locked_or_unreadable_file_is_reported_never_restored(qtbot: QtBot, qapp: QApplication, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from app.store.errors import DatabaseUnreadable

    db = tmp_path / "secplus.db"
    backup = tmp_path / "backup.db"
    backup.write_bytes(b"x")

    def not_ours(db_arg: str | None, settings: Any, now: datetime, **options: bool) -> app.startup.Workspace:
        raise DatabaseUnreadable(db, "他のプログラムが使用中です", backup, damaged=False)

    monkeypatch.setattr(app.startup, "open_workspace", not_ours)
    window, session = ui_app.show_window(qapp, SETTINGS, str(db), FakePrompter())  # no answers: asking fails
    qtbot.addWidget(window)
    with qtbot.waitSignal(session.finished, timeout=30_000) as blocker:
        session.start()
    assert blocker.args == [False]
    prompter = session.prompter
    assert isinstance(prompter, FakePrompter)
    assert prompter.questions == [] and len(prompter.messages) == 1
    assert "開けませんでした" in window.status_label.text()
