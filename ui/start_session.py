"""The start of a session with the window already shown: open the database and refresh lapsed
dates in a worker, then ask (over the window) what ui/startup.py asks: restore the newest backup
of a damaged file, add sample data to a new one. Once the screens have filled (no worker busy),
a second worker takes the day's automatic backup and runs the full integrity check; a damaged
result is a status line and a non-blocking offer to restore the newest good backup.

    session = StartSession(window, hub, db_arg, prompter)
    session.start()          # returns at once; hub.ready fires when the data is open
    session.checked          # fires when the backup and the full check are done

Nothing here imports the database stack at module level: the worker does.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from ui import startup_texts as texts
from ui.hub import Hub
from ui.workers import Progress, error_text, import_lock, run_in_background, when_idle

if TYPE_CHECKING:
    from app.startup import Workspace
    from ui.startup import Prompter


class StartSession(QObject):
    """States: opening -> (restoring -> opening)* -> (adding sample ->) ready | failed."""

    finished = Signal(bool)  # True: the workspace is open; False: the user cannot go on
    checked = Signal()  # the day's backup and the full integrity check after the start are done

    def __init__(self, status: Callable[[str], None], hub: Hub, db_arg: str | None, prompter: Prompter,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._status = status
        self.hub = hub
        self.db_arg = db_arg
        self.prompter = prompter
        self.state = "idle"
        self.status_line = ""
        self.check_result: tuple[BaseException | None, BaseException | None] | None = None  # (backup, check)

    def start(self) -> None:
        self.state = "opening"
        self._status("データベースを開いています…（期限の更新を含みます）")
        db_arg, settings, now = self.db_arg, self.hub.settings, self.hub.now()

        def work(_progress: Progress) -> tuple[Workspace, str]:
            with import_lock:  # the GUI thread may be importing a screen that pulls in the same modules
                from app.startup import open_workspace
                from app.usecases.lifecycle import close_ended_on  # contracts whose end date passed -> 終了

            workspace = open_workspace(db_arg, settings, now, backup=False)  # the backup once the data is shown
            try:
                close_ended_on(workspace.database.engine, now.date(), actor=settings.user_name,
                               reading=settings.terms_reading)  # type: ignore[arg-type]
                return workspace, texts.status_line(workspace)  # what falls due: the home screen counts it
            except BaseException:
                workspace.database.close()
                raise

        run_in_background(self, work, self._opened, self._open_failed)

    def _opened(self, result: tuple[Workspace, str]) -> None:
        workspace, self.status_line = result
        if workspace.is_new and workspace.is_empty and self.prompter.ask(texts.sample_question(workspace)):
            self._add_sample(workspace)
            return
        self._ready(workspace)

    def _add_sample(self, workspace: Workspace) -> None:
        self.state = "sample"
        self._status("サンプルデータを作成しています…")
        now = self.hub.now()

        def work(_progress: Progress) -> str:
            from app.startup import add_sample_data

            add_sample_data(workspace, now)
            return texts.status_line(workspace)

        def done(line: str) -> None:
            self.status_line = line
            self._ready(workspace)

        def failed(error: BaseException) -> None:
            self.prompter.inform(f"サンプルデータを作成できませんでした。{error_text(error)}")
            self._ready(workspace)

        run_in_background(self, work, done, failed)

    def _open_failed(self, error: BaseException) -> None:
        with import_lock:
            from app.store.errors import DatabaseCorrupt, DatabaseUnreadable, StoreError
            from app.terms.profile import ProfileError

        if isinstance(error, (DatabaseCorrupt, DatabaseUnreadable)) and texts.is_damaged(error):
            if error.newest_backup is None:
                self.prompter.inform(texts.no_backup_message(error))
                self._fail()
            elif self.prompter.ask(texts.restore_question(error)):
                self._restore(error)
            else:
                self._fail()
            return
        if isinstance(error, (StoreError, ProfileError)):
            self.prompter.inform(str(error))
        else:
            self.prompter.inform(f"データベースを開けませんでした。{error_text(error)}")
        self._fail()

    def _restore(self, error: Any) -> None:
        self.state = "restoring"
        self._status("バックアップから復元しています…")

        def work(_progress: Progress) -> None:
            from app.startup import restore_newest

            restore_newest(error)

        def failed(restore_error: BaseException) -> None:
            self.prompter.inform(error_text(restore_error))
            self._fail()

        run_in_background(self, work, lambda _none: self.start(), failed)

    def _ready(self, workspace: Workspace) -> None:
        self.state = "ready"
        self._status(self.status_line)
        self.hub.set_workspace(workspace)  # the screens start loading, each in a worker
        self.finished.emit(True)
        when_idle(self, lambda: self._check_in_background(workspace))

    def _check_in_background(self, workspace: Workspace) -> None:
        """The day's automatic backup, then the full integrity check: slow on a large file, so
        after the screens have filled, in a worker, with the window usable meanwhile."""
        if self.hub.workspace is not workspace:  # closed or reopened meanwhile
            return
        now = self.hub.now()

        def work(progress: Progress) -> tuple[BaseException | None, BaseException | None]:
            with import_lock:
                from app.startup import daily_backup, integrity_report
                from app.store.errors import StoreError
                from app.store.stopping import Stopper, WorkStopped

            stopper = Stopper()  # closing the window stops the copy or the check at once (ui.workers.shutdown)
            progress.when_cancelled(stopper.stop)
            backup_problem: BaseException | None = None
            try:
                progress.report(0, 2, "本日のバックアップを確認しています…")
                try:
                    daily_backup(workspace, now, stopper)
                except StoreError as error:
                    backup_problem = error
                progress.report(1, 2, "データベースの整合性を検査しています…")
                return backup_problem, integrity_report(workspace, stopper)
            except WorkStopped:  # no verdict, and no half-made backup left
                return None, None

        def progressed(_done: int, _total: int, text: str) -> None:
            if self.hub.workspace is workspace:
                self._status(f"{self.status_line}　{text}")

        def done(result: tuple[BaseException | None, BaseException | None]) -> None:
            self._checked(workspace, *result)

        def failed(error: BaseException) -> None:
            self._checked(workspace, error, None)

        run_in_background(self, work, done, failed, progressed)

    def _checked(self, workspace: Workspace, backup_problem: BaseException | None,
                 report: BaseException | None) -> None:
        self.check_result = (backup_problem, report)
        if self.hub.workspace is not workspace:
            self.checked.emit()
            return
        self.status_line = texts.status_line(workspace)
        if report is not None and bool(getattr(report, "damaged", False)):  # never for locked or read-only
            self._status(texts.damage_status(report))
            if getattr(report, "newest_backup", None) is not None:
                self.prompter.offer(texts.damage_offer(report), "バックアップから復元",
                                    lambda: self._restore_open(report))
            else:
                self.prompter.offer(texts.no_backup_message(report), None, lambda: None)
        elif report is not None:  # the check could not run (locked, read-only): said, nothing offered
            self._status(f"{self.status_line}　整合性検査を実行できませんでした: {error_text(report)}")
        elif backup_problem is not None:
            self._status(f"{self.status_line}　警告: 本日のバックアップを作成できませんでした（{error_text(backup_problem)}）")
        else:
            self._status(self.status_line)
        self.checked.emit()

    def _restore_open(self, error: Any) -> None:
        """The user took the offer: close the open database (no worker may use it), then restore and reopen."""
        from ui.workers import shutdown

        workspace = self.hub.workspace
        shutdown()
        self.hub.set_workspace(None)
        if workspace is not None:
            workspace.database.close()
        self._restore(error)

    def _fail(self) -> None:
        self.state = "failed"
        self._status("データベースを開けませんでした。設定の「データベースの場所」を確認し、F5 で開き直してください。")
        self.finished.emit(False)

    def close(self) -> None:
        """Close the database once no worker uses it any more (at app.aboutToQuit; may run twice)."""
        from ui.workers import shutdown

        shutdown()
        workspace = self.hub.workspace
        if workspace is not None:
            self.hub.set_workspace(None)  # nothing starts on a closed database (the checks after the start)
            workspace.database.close()  # removes the session marker: the next start sees a clean end
