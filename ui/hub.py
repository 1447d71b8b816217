"""The Hub: the one way from a screen into the program (like Anki's `mw.col`).

Every screen gets the hub and reads through it: `hub.workspace` (the open database, None until
the start worker is done), `hub.settings`, `hub.today()` (the window's clock edge: the only place
the window reads the date), `hub.context()` (a UseCaseContext for use cases that write).

A screen that changes data calls `hub.notify("contracts")` (or "applications", "notices",
"payments", "settings", ...); every screen that shows such data listens to `hub.changed` and
reloads. `hub.ready` is emitted once the workspace is open.

The day moves on while the window stays open: once a minute (`watch_the_date()`, called by the
program) the hub looks at its clock, and when
the date is not the one it last saw, a worker moves the contracts whose end date passed to 終了
(app.usecases.lifecycle, as the start does) and refreshes the lapsed derived dates; then
`day_changed(date, moved)` and `changed("all")` tell the screens (days left, what falls due).

Nothing heavy is imported here: the database stack is imported by the start worker.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from app.settings import Settings

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from app.startup import Workspace
    from app.usecases.context import UseCaseContext

# kinds of change passed to Hub.changed
CONTRACTS = "contracts"
APPLICATIONS = "applications"
NOTICES = "notices"
PAYMENTS = "payments"
SETTINGS = "settings"
ALL = "all"  # F5: everything may have changed

DAY_CHECK_MS = 60_000  # how often the hub looks whether the date changed
log = logging.getLogger(__name__)


def system_clock() -> datetime:
    return datetime.now().astimezone()


class NoWorkspace(RuntimeError):
    """The database is not open (yet): the start worker has not finished or failed."""


class Hub(QObject):
    changed = Signal(str)  # kind of data that changed (see the constants above)
    ready = Signal()  # the workspace is open: screens may query
    day_changed = Signal(object, int)  # (the new date, contracts moved to 終了) after the daily run

    def __init__(self, settings: Settings, clock: Callable[[], datetime] = system_clock,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._clock = clock
        self._workspace: Workspace | None = None
        self._on_settings_saved: Callable[[Settings], object] | None = None
        self._day: date | None = None  # the date the data was last brought up to (start or daily run)
        self._daily_running = False
        self.day_timer = QTimer(self)
        self.day_timer.setInterval(DAY_CHECK_MS)
        self.day_timer.timeout.connect(self.check_date)

    # --- the data ----------------------------------------------------------------------------

    @property
    def workspace(self) -> Workspace | None:
        return self._workspace

    @property
    def is_ready(self) -> bool:
        return self._workspace is not None

    def require_workspace(self) -> Workspace:
        if self._workspace is None:
            raise NoWorkspace("データベースを開いています。しばらくお待ちください。")
        return self._workspace

    @property
    def engine(self) -> Engine:
        return self.require_workspace().database.engine

    def set_workspace(self, workspace: Workspace | None, as_of: date | None = None) -> None:
        """`as_of`: the date the start brought the data up to (default: today); a start that began
        before midnight and ended after it passes its own date, so the first tick runs the day's work."""
        self._workspace = workspace
        if workspace is None:
            self.day_timer.stop()
        else:
            self._day = as_of or self.today()
            self.ready.emit()
            self.changed.emit(ALL)

    # --- settings ----------------------------------------------------------------------------

    @property
    def settings(self) -> Settings:
        return self._settings

    def set_settings_saver(self, saver: Callable[[Settings], object]) -> None:
        """Where `update_settings` writes (the settings file; tests pass a fake)."""
        self._on_settings_saved = saver

    def update_settings(self, settings: Settings) -> None:
        """Save new settings (SettingsError propagates: nothing changes) and tell the screens."""
        if self._on_settings_saved is not None:
            self._on_settings_saved(settings)
        self._settings = settings
        if self._workspace is not None:
            self._workspace.settings = settings
        self.changed.emit(SETTINGS)

    # --- time and the actor ------------------------------------------------------------------

    def now(self) -> datetime:
        return self._clock()

    def today(self) -> date:
        return self._clock().date()

    def context(self) -> UseCaseContext:
        """Who acts and when, for use cases that write (ValidationError when no 担当者名 is set): the
        settings' actor and notice reading, today and the window's clock for the audit entries."""
        from app.usecases.context import context_from_settings

        return context_from_settings(self._settings, self.today(), self._clock)

    # --- the daily run ------------------------------------------------------------------------

    def watch_the_date(self) -> None:
        """Start looking at the clock once a minute (the program does, at its start). Not started by
        itself: a hub left over in a test must not keep a live timer that a garbage collection on a
        worker thread could destroy."""
        self.day_timer.start()

    def check_date(self) -> bool:
        """The timer's tick: when the clock's date is not the last one seen, start the daily run in a
        worker (contracts whose end date passed -> 終了, lapsed derived dates refreshed). Returns
        whether it started one."""
        today = self.today()
        workspace = self._workspace
        if workspace is None or self._daily_running or self._day is None or today == self._day:
            return False
        from ui.workers import import_lock, run_in_background

        self._daily_running = True
        engine, settings = workspace.database.engine, self._settings

        def work(_progress: object) -> int:
            with import_lock:
                from app.usecases.context import reading_of
                from app.usecases.derived import refresh_lapsed
                from app.usecases.lifecycle import close_ended_on

            reading = reading_of(settings.terms_reading)
            moved = close_ended_on(engine, today, actor=settings.user_name, reading=reading)
            refresh_lapsed(engine, today, reading=reading)
            return moved

        run_in_background(self, work, lambda moved: self._day_done(workspace, today, moved), self._day_failed)
        return True

    def _day_done(self, workspace: Workspace, today: date, moved: int) -> None:
        self._daily_running = False
        if workspace is not self._workspace:  # another database was opened meanwhile
            return
        self._day = today
        self.day_changed.emit(today, moved)
        self.changed.emit(ALL)

    def _day_failed(self, error: BaseException) -> None:
        """Logged, not shown (the user did not ask for it): the next tick tries again."""
        self._daily_running = False
        log.warning("the daily run failed: %s: %s", type(error).__name__, error)

    def notify(self, kind: str) -> None:
        """Tell every screen that data of `kind` changed."""
        self.changed.emit(kind)
