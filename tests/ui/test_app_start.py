"""The window program starts on a machine without Japanese fonts and shows Japanese text."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QFontDatabase, QFontInfo
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ui import app as ui_app
from ui.fonts import DEFAULT_FAMILY, install_application_font, register_fonts
from ui.hub import Hub
from ui.main_window import WINDOW_TITLE, MainWindow
from app.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def test_bundled_fonts_register_and_become_the_application_font(qapp: QApplication) -> None:
    families = install_application_font(qapp)

    assert "IPAexGothic" in families
    assert "IPAexMincho" in families
    assert set(families) <= set(QFontDatabase.families())
    assert QApplication.font().family() == DEFAULT_FAMILY
    assert register_fonts() == families  # a second registration changes nothing


def test_main_window_shows_japanese_title_and_closes(qtbot: QtBot, qapp: QApplication, tmp_path: Path) -> None:
    install_application_font(qapp)
    window = MainWindow(Hub(Settings(user_name="山田")), version="9.9.9")
    qtbot.addWidget(window)
    window.restore_state()
    window.show()
    qtbot.waitExposed(window)

    assert window.windowTitle().endswith(WINDOW_TITLE) and WINDOW_TITLE == "セキュリティ・プラス 契約管理"
    assert window.windowTitle().startswith("ホーム")
    assert QFontInfo(window.nav.font()).family() == DEFAULT_FAMILY

    picture = tmp_path / "window.png"
    assert window.grab().save(str(picture))
    assert picture.stat().st_size > 1000
    assert picture.read_bytes().startswith(b"\x89PNG")

    assert window.close()
    assert not window.isVisible()


def test_menu_bar_has_file_view_and_help(qtbot: QtBot) -> None:
    window = MainWindow(Hub(Settings(user_name="山田")), version="9.9.9")
    qtbot.addWidget(window)
    window.show()

    titles = [action.text() for action in window.menuBar().actions()]
    assert titles == ["ファイル(&F)", "表示(&V)", "ツール(&T)", "ヘルプ(&H)"]
    assert window.quit_action.shortcut().toString() == "Ctrl+Q"
    assert window.new_application_action.shortcut().toString() == "Ctrl+N"
    assert window.filter_action.shortcut().toString() == "Ctrl+F"
    assert window.refresh_action.shortcut().toString() == "F5"

    window.quit_action.trigger()
    assert not window.isVisible()


MAIN_IN_A_CHILD = """
import sys
from PySide6.QtCore import QTimer
from tests.ui.fake_prompter import FakePrompter
from PySide6.QtWidgets import QApplication
from ui import app as ui_app
from ui.main_window import MainWindow

prompter = FakePrompter(False)  # first start: no sample data
app = ui_app.create_application(["secplus-desk"])
seen = []

def quit_when_asked():
    if prompter.questions:
        seen.append(any(w.isVisible() for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)))
        app.quit()
    else:
        QTimer.singleShot(20, quit_when_asked)

QTimer.singleShot(20, quit_when_asked)
code = ui_app.main(["secplus-desk"], prompter=prompter)
print(code, len(prompter.questions), "サンプルデータ" in prompter.questions[0], seen, QApplication.font().family())
"""


def test_main_shows_the_window_then_opens_the_database_and_offers_sample_data(tmp_path: Path) -> None:
    # in a child process: a Qt event loop that has run and quit cannot be reused by later tests
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_CONFIG_HOME=str(tmp_path / "config"), PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-c", MAIN_IN_A_CHILD], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    # exit 0, one question (sample data), asked over the shown window, Japanese font in place
    assert result.stdout.split() == ["0", "1", "True", "[True]", DEFAULT_FAMILY]
    assert (tmp_path / "data" / "secplus-desk").is_dir()  # the database was created by the worker


def test_no_display_on_linux_gives_a_japanese_message() -> None:
    message = ui_app.display_problem({}, "linux")
    assert message is not None and "ディスプレイ" in message
    assert ui_app.display_problem({"DISPLAY": ":0"}, "linux") is None
    assert ui_app.display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert ui_app.display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert ui_app.display_problem({}, "win32") is None


FIRST_PAINT_IN_A_CHILD = """
import json, sys
from ui import app as ui_app
from PySide6 import QtCore
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
from tests.ui.fake_prompter import FakePrompter

HEAVY = ('sqlalchemy', 'sqlmodel', 'alembic', 'reportlab', 'PySide6.QtCharts', 'app.terms', 'app.usecases')
seen = {}

class Painted(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and 'at_paint' not in seen:
            seen['at_paint'] = {
                'heavy': [m for m in HEAVY if m in sys.modules],
                'qt_namespace_built': 'Qt' in vars(QtCore),  # PySide6 builds a type on its first use
                'home_screen_imported': 'ui.screens.dashboard' in sys.modules,
                'shown': watched.stack.currentWidget().objectName(),
            }
        return False

spy = Painted()
real_show_window = ui_app.show_window

def show_window(*args, **kwargs):
    window, session = real_show_window(*args, **kwargs)
    window.installEventFilter(spy)
    def painted():
        seen['after_paint'] = {'current': window.stack.currentWidget().objectName(),
                               'key': window.current_key(), 'title': window.windowTitle()}
        QTimer.singleShot(0, QApplication.instance().quit)
    window.first_painted.connect(painted)
    return window, session

ui_app.show_window = show_window
code = ui_app.main(['secplus-desk', '--db', sys.argv[1]], prompter=FakePrompter(False))
print(json.dumps(seen))
"""


def test_the_first_paint_shows_home_heading_and_the_home_screen_follows(tmp_path: Path) -> None:
    """The first paint needs no database stack, no home screen module and no Qt enum namespace;
    the home screen replaces the start page on the next turn of the event loop."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_CONFIG_HOME=str(tmp_path / "config"), PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-c", FIRST_PAINT_IN_A_CHILD, str(tmp_path / "new.db")], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["at_paint"] == {"heavy": [], "qt_namespace_built": False, "home_screen_imported": False,
                                "shown": "startPage"}
    assert seen["after_paint"]["current"] == "dashboard" and seen["after_paint"]["key"] == "home"
    assert seen["after_paint"]["title"].startswith("ホーム")
