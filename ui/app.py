"""Start of the window program: `python -m ui.app` (or the `secplus-desk` script)."""
from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime

# The Qt-free modules come before PySide6: every module imported after PySide6 also goes through
# PySide's import hook, which reads the module's source (~7 ms over these and the standard library
# modules they pull in, on the way to the first paint; bench/bench_ui.py).
from app.resources import resource_path
from app.settings import Settings, SettingsError, load_settings, save_settings
from ui.qt_compat import keep_none_alive

from PySide6.QtCore import QSettings, QTimer  # noqa: E402 (after the Qt-free modules, see above)
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from ui.fonts import install_application_font
from ui.hub import Hub, system_clock
from ui.main_window import MainWindow
from ui.start_session import StartSession
from ui.startup import MessageBoxPrompter, Prompter
from ui.workers import shutdown

APPLICATION_NAME = "secplus-desk"
ORGANIZATION_NAME = "SecurityPlus"


def app_version() -> str:
    from importlib import metadata

    try:
        return metadata.version(APPLICATION_NAME)
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return "開発版"


def create_application(argv: Sequence[str]) -> QApplication:
    """The QApplication with names and fonts set (reuses a running one, as in tests)."""
    keep_none_alive()
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(list(argv))
    app.setApplicationName(APPLICATION_NAME)
    app.setOrganizationName(ORGANIZATION_NAME)
    app.setApplicationDisplayName("セキュリティ・プラス 契約管理")
    app.setWindowIcon(QIcon(str(resource_path("resources", "icons", "secplus-desk.png"))))  # resources/icons
    install_application_font(app)
    return app


def display_problem(environ: Mapping[str, str], platform: str) -> str | None:
    """A message when a Linux machine has no screen to show the window on, else None.

    Without this, Qt aborts with a long English message about platform plugins.
    """
    if not platform.startswith("linux") or environ.get("QT_QPA_PLATFORM"):
        return None
    if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return None
    return (
        "画面（ディスプレイ）が見つからないため、ウィンドウを表示できません。"
        "デスクトップ環境から起動するか、xvfb-run make run をお使いください。\n"
        "(no display: neither DISPLAY nor WAYLAND_DISPLAY is set; "
        "start from a desktop session, or use xvfb-run, or QT_QPA_PLATFORM=offscreen)"
    )


def parse_arguments(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="secplus-desk", add_help=True)
    parser.add_argument("--db", help="データベースファイル（または SQLAlchemy URL）")
    parser.add_argument("--version", action="store_true", help="バージョンを表示して終了")
    parser.add_argument("--self-test", action="store_true", help="動作確認（一時データで）を行って終了")
    args, _qt_args = parser.parse_known_args(list(argv[1:]))
    return args


FIRST_PAINT_FALLBACK_MS = 1000  # a window that is not painted (minimised at start) opens its data anyway


def after_first_paint(window: MainWindow, callback: Callable[[], None]) -> None:
    """`callback()` once, on the turn of the event loop after the window's first paint (so that the
    worker importing the database stack does not compete for the GIL with that paint)."""
    fired = False

    def fire() -> None:
        nonlocal fired
        if not fired:
            fired = True
            callback()

    window.first_painted.connect(fire)
    QTimer.singleShot(FIRST_PAINT_FALLBACK_MS, window, fire)


def main(argv: Sequence[str] | None = None, prompter: Prompter | None = None) -> int:
    started_by_user = argv is None  # tests pass argv: they keep pytest's own excepthook
    argv = sys.argv if argv is None else argv
    args = parse_arguments(argv)
    if args.version or args.self_test:  # ui/self_test.py; no display needed
        from ui.self_test import run_program_option

        return run_program_option(args, app_version())
    start_logging: Callable[[], None] = lambda: None
    if started_by_user:
        from ui.crash_handler import install as install_crash_handler

        # crash report + dialog now; the log file after the first paint (ui/crash_handler.py)
        start_logging = install_crash_handler(app_version, start_logging=False).start_logging
    problem = display_problem(os.environ, sys.platform)
    if problem is not None and QApplication.instance() is None:
        print(problem, file=sys.stderr)
        return 2
    app = create_application(argv)
    try:
        settings = load_settings()
    except SettingsError as error:
        (prompter or MessageBoxPrompter()).inform(str(error))
        return 2
    window, session = show_window(app, settings, args.db, prompter)

    def after_painted() -> None:  # in this order: the home screen, the log file, then the data in a worker
        window.build_home()
        start_logging()
        session.start()

    after_first_paint(window, after_painted)
    code = app.exec()
    shutdown()  # no work may still use the database when it closes
    session.close()
    return code


def show_window(app: QApplication, settings: Settings, db_arg: str | None,
                prompter: Prompter | None = None,
                clock: Callable[[], datetime] = system_clock) -> tuple[MainWindow, StartSession]:
    """The main window shown at once (an empty dashboard) and the session that will open the data.

    The session closes the database at app.aboutToQuit (its session marker goes, so the next start
    does not take the end for an unclean one)."""
    hub = Hub(settings, clock)  # the clock edge: Hub.today() is the only place the window reads the date
    hub.set_settings_saver(save_settings)  # the settings file, written atomically
    hub.watch_the_date()  # a new date while the window is open: contracts past their end -> 終了 (ui/hub.py)
    window = MainWindow(hub, version="", settings=QSettings())  # version looked up when About opens (slow)
    window.restore_state()
    window.show()
    session = StartSession(window.set_status, hub, db_arg, prompter or MessageBoxPrompter(window), window)
    window.reopen = session.start
    app.aboutToQuit.connect(session.close)
    return window, session


if __name__ == "__main__":
    sys.exit(main())
