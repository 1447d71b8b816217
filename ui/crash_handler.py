"""The program never vanishes silently: uncaught errors leave a report and a dialog that says where it is.

`install(version)` (called once at the start of the window program, ui/app.py) sets up:
- the rotating log file (app/logs.py);
- sys.excepthook and threading.excepthook: a crash report (app/crash_report.py, no customer
  data) and a Japanese dialog naming the file; the program keeps running when it can (an
  exception in a slot does not stop Qt's event loop);
- Qt's message handler: Qt's warnings go to the log (and to stderr, as before), a fatal Qt message
  writes a report first;
- faulthandler into the log directory, so a hard crash (segmentation fault) leaves a stack too.
"""
from __future__ import annotations

import faulthandler
import logging
import sys
import threading
from datetime import datetime
from pathlib import Path
from types import TracebackType
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QMessageLogContext, QThread, QtMsgType, qInstallMessageHandler, qVersion
from PySide6.QtWidgets import QApplication

from app.logs import log_dir, make_private_dirs

if TYPE_CHECKING:  # QMessageBox and the Qt namespace build their enums on first use: only for a crash
    from PySide6.QtWidgets import QMessageBox

log = logging.getLogger(__name__)
HEADLESS_PLATFORMS = ("offscreen", "minimal")
FAULT_FILE_NAME = "faults.log"


class QtFatalMessage(RuntimeError):
    """A fatal message from Qt (the process aborts after it)."""


class CrashHandler:
    def __init__(self, version: str | Callable[[], str], directory: Path,
                 logging_options: dict[str, Any] | None = None) -> None:
        self._version = version  # a function: looked up only when a report is written (metadata scan)
        self.directory = directory
        self._logging_options = logging_options or {}
        self.logging_started = False
        self.last_report: Path | None = None
        self._showing = False
        self._fault_file: IO[str] | None = None

    @property
    def version(self) -> str:
        if callable(self._version):
            self._version = self._version()
        return self._version

    # --- reports -------------------------------------------------------------------------
    def extra(self) -> dict[str, str]:
        return {"PySide6": pyside_version, "Qt": qVersion()}

    def start_logging(self) -> None:
        """The rotating log file (once). The window program calls it after its first paint: the
        logging machinery imports more than that paint needs. A crash before then starts it too."""
        if self.logging_started:
            return
        self.logging_started = True
        from app.logs import setup_logging

        setup_logging(self.directory, **self._logging_options)
        log.info("secplus-desk started (Qt %s, %s)", qVersion(), sys.platform)

    def report(self, error: BaseException, where: str) -> Path | None:
        self.start_logging()
        try:
            from app.crash_report import write_crash_report

            path = write_crash_report(error, now=datetime.now().astimezone(), version=self.version, where=where,
                                      extra=self.extra(), directory=self.directory)
        except Exception:  # the report itself failed: the log and stderr are all that is left
            log.exception("could not write the crash report")
            return None
        self.last_report = path
        log.error("crash report written: %s (%s)", path.name, type(error).__name__)
        return path

    # --- hooks ---------------------------------------------------------------------------
    def excepthook(self, exc_type: type[BaseException], exc: BaseException | None,
                   tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc if exc is not None else exc_type(), tb)
            return
        from app.crash_report import exception_from

        path = self.report(exception_from(exc_type, exc, tb), "unhandled exception")
        self.tell_user(path)

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        name = args.thread.name if args.thread is not None else "?"
        from app.crash_report import exception_from

        path = self.report(exception_from(args.exc_type, args.exc_value, args.exc_traceback), f"thread {name}")
        self.tell_user(path)

    def qt_message(self, kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        qt_log = logging.getLogger("qt")
        if kind == QtMsgType.QtFatalMsg:
            self.report(QtFatalMessage(message), f"Qt fatal message ({context.category or 'default'})")
            qt_log.critical("%s", message)
        elif kind == QtMsgType.QtCriticalMsg:
            qt_log.error("%s", message)
        elif kind == QtMsgType.QtWarningMsg:
            qt_log.warning("%s", message)
        else:
            qt_log.debug("%s", message)
        if sys.stderr is not None:  # as Qt's own handler does: a terminal still shows Qt's messages
            category = context.category or "default"
            print(message if category == "default" else f"{category}: {message}", file=sys.stderr, flush=True)

    # --- the user ------------------------------------------------------------------------
    def tell_user(self, path: Path | None) -> None:
        where = str(path) if path is not None else str(self.directory)
        if sys.stderr is not None:
            print(f"secplus-desk: unexpected error; report: {where}", file=sys.stderr)
        app = QApplication.instance()
        if app is None and sys.platform in ("win32", "darwin") and threading.current_thread() is threading.main_thread():
            app = QApplication([sys.argv[0] if sys.argv else "secplus-desk"])  # a crash before the window: still tell
        if (self._showing or not isinstance(app, QApplication)
                or QApplication.platformName() in HEADLESS_PLATFORMS
                or QThread.currentThread() is not app.thread()):
            return
        self._showing = True
        try:
            crash_dialog(where).exec()
        finally:
            self._showing = False

    # --- install -------------------------------------------------------------------------
    def install(self) -> None:
        sys.excepthook = self.excepthook
        threading.excepthook = self.thread_excepthook
        qInstallMessageHandler(self.qt_message)
        try:
            self._fault_file = open(self.directory / FAULT_FILE_NAME, "a", encoding="utf-8")  # noqa: SIM115
            faulthandler.enable(self._fault_file)
        except OSError:
            log.warning("faulthandler not enabled")


def crash_dialog(where: str) -> QMessageBox:
    """The dialog that tells the user what happened and where the report is (the path can be copied)."""
    text = ("予期しないエラーが発生しました。保存済みのデータはそのまま残っています。"
            "操作を続けられない場合は、プログラムを再起動してください。\n\n"
            f"エラー報告ファイル（お客様の情報は含まれません）:\n{where}\n\n"
            "このファイルをサポート窓口にお送りください。")
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Critical, "エラー", text, QMessageBox.StandardButton.Ok)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return box


_installed: CrashHandler | None = None


def install(version: str | Callable[[], str], directory: Path | None = None, *, start_logging: bool = True,
            **logging_options: Any) -> CrashHandler:
    """Log file, crash reports and Qt messages for the running program (once; later calls return it).

    `start_logging=False` installs the hooks now and leaves the log file to `handler.start_logging()`
    (the window program calls it after its first paint)."""
    global _installed
    if _installed is not None:
        return _installed
    folder = make_private_dirs(directory or log_dir())
    handler = CrashHandler(version, folder, logging_options)
    handler.install()
    _installed = handler
    if start_logging:
        handler.start_logging()
    return handler
