"""The start of a session with the window already shown: open the database, take the day's backup
and refresh lapsed dates in a worker, then ask (over the window) what ui/startup.py asks: restore
the newest backup of a damaged file, add sample data to a new one.

    session = StartSession(window, hub, db_arg, prompter)
    session.start()          # returns at once; hub.ready fires when the data is open

Nothing here imports the database stack at module level: the worker does.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from ui import startup_texts as texts
from ui.hub import Hub
from ui.workers import Progress, error_text, import_lock, run_in_background

if TYPE_CHECKING:
    from app.startup import Workspace
    from ui.startup import Prompter


class StartSession(QObject):
    """States: opening -> (restoring -> opening)* -> (adding sample ->) ready | failed."""

    finished = Signal(bool)  # True: the workspace is open; False: the user cannot go on

    def __init__(self, status: Callable[[str], None], hub: Hub, db_arg: str | None, prompter: Prompter,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._status = status
        self.hub = hub
        self.db_arg = db_arg
        self.prompter = prompter
        self.state = "idle"
        self.status_line = ""

    def start(self) -> None:
        self.state = "opening"
        self._status("データベースを開いています…（バックアップと期限の更新を含みます）")
        db_arg, settings, now = self.db_arg, self.hub.settings, self.hub.now()

        def work(_progress: Progress) -> tuple[Workspace, str]:
            with import_lock:  # the GUI thread may be importing a screen that pulls in the same modules
                from app.startup import open_workspace
                from app.usecases.lifecycle import close_ended_on  # contracts whose end date passed -> 終了

            workspace = open_workspace(db_arg, settings, now)
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
        self.hub.set_workspace(workspace)
        self.finished.emit(True)

    def _fail(self) -> None:
        self.state = "failed"
        self._status("データベースを開けませんでした。設定の「データベースの場所」を確認し、F5 で開き直してください。")
        self.finished.emit(False)

    def close(self) -> None:
        """Close the database once no worker uses it any more."""
        from ui.workers import shutdown

        shutdown()
        workspace = self.hub.workspace
        if workspace is not None:
            workspace.database.close()
