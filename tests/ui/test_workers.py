"""run_in_background: work off the GUI thread, results, errors and progress back on it."""
from __future__ import annotations

import threading

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from ui.workers import Progress, error_text, run_in_background, running_tasks


def test_result_and_progress_arrive_on_the_gui_thread(qtbot: QtBot) -> None:
    gui = threading.get_ident()
    seen: dict[str, object] = {}
    progress_threads: list[int] = []

    def work(progress: Progress) -> int:
        seen["work_thread"] = threading.get_ident()
        for i in range(3):
            progress.report(i + 1, 3, "作業中")
        return 42

    def done(result: int) -> None:
        seen["result"] = result
        seen["done_thread"] = threading.get_ident()

    run_in_background(None, work, done, on_progress=lambda d, t, s: progress_threads.append(threading.get_ident()))
    qtbot.waitUntil(lambda: "result" in seen, timeout=5000)
    assert seen["result"] == 42
    assert seen["work_thread"] != gui and seen["done_thread"] == gui
    assert progress_threads and set(progress_threads) == {gui}
    qtbot.waitUntil(lambda: running_tasks() == 0)


def test_errors_come_back_to_on_error(qtbot: QtBot) -> None:
    errors: list[BaseException] = []

    def work(progress: Progress) -> None:
        raise ValueError("壊れています")

    run_in_background(None, work, lambda _r: None, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0], ValueError) and error_text(errors[0]) == "壊れています"
    assert "KeyError" in error_text(KeyError("x"))


def test_no_callback_after_the_parent_is_deleted(qtbot: QtBot) -> None:
    parent = QWidget()
    release = threading.Event()
    called: list[int] = []

    def work(progress: Progress) -> int:
        release.wait(5)
        return 1

    task = run_in_background(parent, work, called.append)
    parent.deleteLater()
    qtbot.wait(50)
    release.set()
    qtbot.waitUntil(lambda: task.done, timeout=5000)
    assert called == []


def test_cancel_is_seen_by_the_work(qtbot: QtBot) -> None:
    started = threading.Event()
    results: list[str] = []

    def work(progress: Progress) -> str:
        started.set()
        while not progress.cancelled:
            threading.Event().wait(0.01)
        return "stopped"

    task = run_in_background(None, work, results.append)
    started.wait(5)
    task.cancel()
    qtbot.waitUntil(lambda: results == ["stopped"], timeout=5000)


def test_shutdown_stops_work_waiting_in_a_call_it_cannot_poll(qtbot: QtBot) -> None:
    from ui.workers import shutdown

    started, released = threading.Event(), threading.Event()
    results: list[str] = []

    def work(progress: Progress) -> str:
        progress.when_cancelled(released.set)  # as the start's check hands over Stopper.stop
        started.set()
        released.wait(30)  # a long SQLite call, stopped only from outside
        return "released"

    run_in_background(None, work, results.append)
    assert started.wait(5)
    assert shutdown(timeout_ms=5_000)  # returns as soon as the work is released, not after 30 s
    assert released.is_set() and results == []  # abandoned: no callback at quit
    late: list[str] = []
    cancelled = Progress(lambda *_args: None)
    cancelled.cancel()
    cancelled.when_cancelled(lambda: late.append("at once"))  # already cancelled: called at once
    assert late == ["at once"]
