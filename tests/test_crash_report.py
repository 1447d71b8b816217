"""A crash leaves a report (traceback, versions, platform; no customer data) and the user is told where it is."""
from __future__ import annotations

import logging
import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import QMessageLogContext, QtMsgType
from PySide6.QtWidgets import QApplication

from app.crash_report import REPORTS_KEPT, write_crash_report
from app.logs import LOG_DIR_ENV, teardown_logging
from ui.crash_handler import CrashHandler

REPO_ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 29, 22, 30, tzinfo=timezone.utc)
CUSTOMER = "株式会社サンプル商事"


@pytest.fixture(autouse=True)
def no_log_file_left_behind() -> object:
    yield
    teardown_logging()  # a report starts the log file (CrashHandler.start_logging)


def failing_save(name: str, fee: int) -> None:
    raise ValueError(f"cannot save {name} with fee {fee:,}円 at 大阪府大阪市北区1-1")


def raised() -> BaseException:
    try:
        try:
            failing_save(CUSTOMER, 1_250_000)
        except ValueError as error:
            raise RuntimeError("save failed for 'Sample Trading Co'") from error
    except RuntimeError as error:
        return error
    raise AssertionError("unreachable")


def test_report_has_traceback_versions_and_platform(tmp_path: Path) -> None:
    path = write_crash_report(raised(), now=NOW, version="1.2.3", extra={"Qt": "6.12.0"}, directory=tmp_path)

    text = path.read_text(encoding="utf-8")
    assert path.parent == tmp_path and path.name.startswith("crash-20261129-223000-")
    assert "secplus-desk 1.2.3 (source checkout)" in text
    assert "time:                2026-11-29T22:30:00+00:00" in text
    assert "python:              CPython" in text and "platform:" in text
    assert "SQLAlchemy:" in text and "Qt:                  6.12.0" in text
    assert "tests/test_crash_report.py:" in text and "in failing_save" in text  # frames, relative paths
    assert "The above exception was the direct cause of the following:" in text
    assert text.index("ValueError") < text.index("RuntimeError")


def test_report_holds_no_customer_data(tmp_path: Path) -> None:
    text = write_crash_report(raised(), now=NOW, version="1", directory=tmp_path).read_text(encoding="utf-8")

    for secret in (CUSTOMER, "サンプル", "1,250,000", "大阪", "Sample Trading Co"):
        assert secret not in text, secret
    assert "ValueError: cannot save <text> with fee <amount> at <text>" in text


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_reports_are_private_and_only_the_newest_are_kept(tmp_path: Path) -> None:
    paths = [write_crash_report(ValueError("x"), now=NOW, version="1", directory=tmp_path)
             for _ in range(REPORTS_KEPT + 3)]
    assert len(list(tmp_path.glob("crash-*.txt"))) == REPORTS_KEPT
    assert paths[-1].is_file()  # the one just written stays, even within the same second
    assert oct(paths[-1].stat().st_mode & 0o777) == oct(0o600)


def test_excepthook_writes_a_report_and_does_not_block_offscreen(qapp: QApplication, tmp_path: Path) -> None:
    handler = CrashHandler("9.9.9", tmp_path)
    error = raised()
    handler.excepthook(type(error), error, error.__traceback__)  # a dialog would block: offscreen shows none

    assert handler.last_report is not None and handler.last_report.is_file()
    text = handler.last_report.read_text(encoding="utf-8")
    assert "PySide6:" in text and "secplus-desk 9.9.9" in text and CUSTOMER not in text


def test_the_log_file_waits_for_start_logging_or_a_crash(qapp: QApplication, tmp_path: Path) -> None:
    log_file = tmp_path / "secplus-desk.log"
    handler = CrashHandler("9.9.9", tmp_path)  # as install(start_logging=False) leaves it before the first paint
    assert not handler.logging_started and not log_file.exists()

    error = raised()
    handler.excepthook(type(error), error, error.__traceback__)  # a crash before the first paint

    assert handler.logging_started and handler.last_report is not None
    text = log_file.read_text(encoding="utf-8")
    assert "secplus-desk started" in text and "crash report written" in text and CUSTOMER not in text
    handler.start_logging()  # after the first paint: nothing more to do
    assert log_file.read_text(encoding="utf-8").count("secplus-desk started") == 1


def test_qt_warnings_go_to_the_log_and_a_fatal_message_leaves_a_report(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    handler = CrashHandler("9.9.9", tmp_path)
    with caplog.at_level(logging.WARNING, logger="qt"):
        handler.qt_message(QtMsgType.QtWarningMsg, QMessageLogContext(), "QPainter::begin: not active")
    assert "QPainter::begin: not active" in caplog.text
    assert handler.last_report is None

    handler.qt_message(QtMsgType.QtFatalMsg, QMessageLogContext(), "cannot create platform")
    assert handler.last_report is not None
    assert "QtFatalMessage: cannot create platform" in handler.last_report.read_text(encoding="utf-8")


def test_an_uncaught_exception_in_the_program_leaves_a_report_and_a_log_line(tmp_path: Path) -> None:
    code = ("from ui.crash_handler import install\n"
            "install(lambda: '7.7.7')\n"
            f"raise LookupError('no contract for {CUSTOMER}')\n")
    env = {**os.environ, LOG_DIR_ENV: str(tmp_path), "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO_ROOT)}
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
                            timeout=120)

    assert result.returncode == 1
    reports = list(tmp_path.glob("crash-*.txt"))
    assert len(reports) == 1, result.stderr
    assert f"report: {reports[0]}" in result.stderr  # the user is told where it is
    report = reports[0].read_text(encoding="utf-8")
    assert "LookupError: no contract for <text>" in report and CUSTOMER not in report
    log = (tmp_path / "secplus-desk.log").read_text(encoding="utf-8")
    assert "secplus-desk started" in log and "crash report written" in log and CUSTOMER not in log
    assert "secplus-desk 7.7.7 (source checkout)" in report
    teardown_logging()


def test_the_dialog_names_the_report_file_and_lets_the_user_copy_it(qapp: QApplication, tmp_path: Path) -> None:
    from PySide6.QtCore import Qt

    from ui.crash_handler import crash_dialog

    box = crash_dialog(str(tmp_path / "crash-1.txt"))
    assert str(tmp_path / "crash-1.txt") in box.text() and "お客様の情報は含まれません" in box.text()
    assert box.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
