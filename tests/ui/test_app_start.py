"""The window program starts on a machine without Japanese fonts and shows Japanese text."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFontDatabase, QFontInfo
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from tests.ui.fake_prompter import FakePrompter
from ui import app as ui_app
from ui.fonts import DEFAULT_FAMILY, install_application_font, register_fonts
from ui.placeholder_window import WINDOW_TITLE, PlaceholderWindow


def test_bundled_fonts_register_and_become_the_application_font(qapp: QApplication) -> None:
    families = install_application_font(qapp)

    assert "IPAexGothic" in families
    assert "IPAexMincho" in families
    assert set(families) <= set(QFontDatabase.families())
    assert QApplication.font().family() == DEFAULT_FAMILY
    assert register_fonts() == families  # a second registration changes nothing


def test_main_window_shows_japanese_title_and_closes(qtbot: QtBot, qapp: QApplication, tmp_path: Path) -> None:
    install_application_font(qapp)
    window = PlaceholderWindow(version="9.9.9")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)

    assert window.windowTitle() == WINDOW_TITLE == "セキュリティ・プラス 契約管理"
    label = window.findChild(QLabel, "placeholderLabel")
    assert label is not None
    assert "準備中" in label.text()
    assert QFontInfo(label.font()).family() == DEFAULT_FAMILY

    picture = tmp_path / "window.png"
    assert window.grab().save(str(picture))
    assert picture.stat().st_size > 1000
    assert picture.read_bytes().startswith(b"\x89PNG")

    assert window.close()
    assert not window.isVisible()


def test_menu_bar_has_file_quit_and_help_about(qtbot: QtBot) -> None:
    window = PlaceholderWindow(version="9.9.9")
    qtbot.addWidget(window)
    window.show()

    titles = [action.text() for action in window.menuBar().actions()]
    assert titles == ["ファイル(&F)", "ヘルプ(&H)"]
    assert window.quit_action.shortcut().toString() == "Ctrl+Q"
    assert "9.9.9" in window.about_text()

    window.quit_action.trigger()
    assert not window.isVisible()


def test_main_runs_the_event_loop_and_returns_zero(qapp: QApplication) -> None:
    QTimer.singleShot(0, qapp.quit)
    prompter = FakePrompter(False)  # first start: no sample data
    assert ui_app.main(["secplus-desk"], prompter=prompter) == 0
    assert QApplication.font().family() == DEFAULT_FAMILY
    assert len(prompter.questions) == 1 and "サンプルデータ" in prompter.questions[0]


def test_no_display_on_linux_gives_a_japanese_message() -> None:
    message = ui_app.display_problem({}, "linux")
    assert message is not None and "ディスプレイ" in message
    assert ui_app.display_problem({"DISPLAY": ":0"}, "linux") is None
    assert ui_app.display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert ui_app.display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert ui_app.display_problem({}, "win32") is None
