"""Long work off the GUI thread, results back on it (Anki's QueryOp/CollectionOp, in small).

    def work(progress: Progress) -> int:
        for i, item in enumerate(items):
            if progress.cancelled:
                return i
            ...
            progress.report(i + 1, len(items), "通知書を作成中")
        return len(items)

    run_in_background(self, work, on_done=self.show_count, on_error=self.show_error,
                      on_progress=self.progress_bar.update)

`work` runs on a QThreadPool thread and must not touch widgets. `on_done(result)`,
`on_error(exception)` and `on_progress(done, total, text)` run on the GUI thread; they are not
called once `parent` has been deleted. Without `on_error`, the error is shown in a message box
(in Japanese, no traceback).
"""
from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer
from PySide6.QtWidgets import QWidget

T = TypeVar("T")
log = logging.getLogger(__name__)

# Held while a module that may pull in the database stack is imported, on any thread: pydantic's lazy
# imports and PySide's import hook fail ("partially initialized module", then a crash) when the GUI
# thread imports app.models while the start worker imports it too.
import_lock = threading.RLock()


class Progress:
    """Handed to the work: report how far it is, look whether the user cancelled."""

    def __init__(self, emit: Callable[[int, int, str], None]) -> None:
        self._emit = emit
        self._cancel = threading.Event()
        self._lock = threading.Lock()
        self._on_cancel: list[Callable[[], None]] = []

    def report(self, done: int, total: int, text: str = "") -> None:
        self._emit(done, total, text)

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        with self._lock:
            self._cancel.set()
            callbacks, self._on_cancel = self._on_cancel, []
        for callback in callbacks:
            callback()

    def when_cancelled(self, callback: Callable[[], None]) -> None:
        """`callback()` on cancel (at once when already cancelled), on the cancelling thread: for work
        that waits inside a call it cannot poll from (app.store.stopping.Stopper.stop)."""
        with self._lock:
            if not self._cancel.is_set():
                self._on_cancel.append(callback)
                return
        callback()


# Workers never emit Qt signals (emitting from Python threads can deadlock with the GUI thread):
# they put what they have to say on this queue, and a timer on the GUI thread delivers it.
_outbox: queue.SimpleQueue[tuple[Task[Any], str, tuple[Any, ...]]] = queue.SimpleQueue()
PUMP_INTERVAL_MS = 5


class _Pump(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.timer = QTimer(self)
        self.timer.setInterval(PUMP_INTERVAL_MS)
        self.timer.timeout.connect(self.deliver)

    def deliver(self) -> None:
        while True:
            try:
                task, kind, args = _outbox.get_nowait()
            except queue.Empty:
                break
            if kind == "done":
                task._finished(args[0])
            elif kind == "error":
                task._failed(args[0])
            else:
                task._progressed(*args)
        if not _running and _outbox.empty():
            self.timer.stop()


_pump: _Pump | None = None


def _ensure_pump() -> None:
    global _pump
    if _pump is None:
        _pump = _Pump()
    if not _pump.timer.isActive():
        _pump.timer.start()


class Task(Generic[T]):
    """A handle on background work: `cancel()` asks it to stop, `done` tells whether it ended."""

    def __init__(self, parent: QObject | None, on_done: Callable[[T], None],
                 on_error: Callable[[BaseException], None] | None,
                 on_progress: Callable[[int, int, str], None] | None) -> None:
        self._parent = parent
        self._on_done = on_done
        self._on_error = on_error
        self._on_progress = on_progress
        self.done = False
        self.abandoned = False  # the program is closing: no callback any more
        self.progress = Progress(lambda done, total, text: _outbox.put((self, "progress", (done, total, text))))

    def cancel(self) -> None:
        self.progress.cancel()

    def _alive(self) -> bool:
        if self.abandoned:
            return False
        return self._parent is None or shiboken6.isValid(self._parent)

    def _finished(self, result: Any) -> None:
        self._end()
        if self._alive():
            self._on_done(result)

    def _failed(self, error: Any) -> None:
        self._end()
        if not self._alive():
            return
        if self._on_error is not None:
            self._on_error(error)
        else:
            show_error(self._parent if isinstance(self._parent, QWidget) else None, error)

    def _progressed(self, done: int, total: int, text: str) -> None:
        if self._on_progress is not None and not self.done and self._alive():
            self._on_progress(done, total, text)

    def _end(self) -> None:
        self.done = True
        _running.discard(self)


_running: set[Task[Any]] = set()  # tasks that have not reported yet


class _Runnable(QRunnable):
    def __init__(self, work: Callable[[Progress], Any], task: Task[Any]) -> None:
        super().__init__()
        self._work = work
        self._task = task
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self._work(self._task.progress)
        except BaseException as error:  # handed to the GUI thread, never lost
            log.exception("background work failed")
            _outbox.put((self._task, "error", (error,)))
        else:
            _outbox.put((self._task, "done", (result,)))


def run_in_background(parent: QObject | None, work: Callable[[Progress], T], on_done: Callable[[T], None],
                      on_error: Callable[[BaseException], None] | None = None,
                      on_progress: Callable[[int, int, str], None] | None = None,
                      pool: QThreadPool | None = None) -> Task[T]:
    """Run `work(progress)` on a worker thread; call back on the GUI thread (see the module docstring)."""
    task: Task[T] = Task(parent, on_done, on_error, on_progress)
    _running.add(task)
    _ensure_pump()
    (pool or QThreadPool.globalInstance()).start(_Runnable(work, task))
    return task


def running_tasks() -> int:
    """How many background tasks have not reported yet (tests wait for 0)."""
    return len(_running)


IDLE_POLL_MS = 50
IDLE_MAX_WAIT_MS = 30_000


def when_idle(parent: QObject, callback: Callable[[], None], *, poll_ms: int = IDLE_POLL_MS,
              max_wait_ms: int = IDLE_MAX_WAIT_MS) -> QTimer:
    """Call `callback` on the GUI thread once no background task is running (the screens have
    filled: their loads are tasks, and a load that starts the next one does so before it ends),
    or after `max_wait_ms` at the latest. Not called once `parent` has been deleted."""
    timer = QTimer(parent)
    timer.setInterval(poll_ms)
    waited = 0

    def check() -> None:
        nonlocal waited
        waited += poll_ms
        if running_tasks() == 0 or waited >= max_wait_ms:
            timer.stop()
            timer.deleteLater()
            callback()

    timer.timeout.connect(check)
    timer.start()
    return timer


def shutdown(timeout_ms: int = 10_000) -> bool:
    """At quit: ask every task to stop, wait for the threads, drop the callbacks still queued.
    Returns False when some work did not end within the timeout."""
    for task in list(_running):
        task.cancel()
        task.abandoned = True
    finished = QThreadPool.globalInstance().waitForDone(timeout_ms)
    _running.clear()
    while not _outbox.empty():
        _outbox.get_nowait()
    return bool(finished)


def error_text(error: BaseException) -> str:
    """A Japanese line for the user: our errors carry Japanese messages; others get a generic line."""
    message = str(error).strip()
    if message and any(ord(ch) > 0x2E80 for ch in message):
        return message
    return f"処理中にエラーが発生しました（{type(error).__name__}）。{message}".rstrip("。 ") + "。"


def show_error(parent: QWidget | None, error: BaseException, title: str = "エラー") -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.warning(parent, title, error_text(error))
