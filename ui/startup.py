"""The start of a session, with the user's answers: restore a damaged file, add sample data.

The work is app.startup's; this module only asks. Questions go through a `Prompter`, so that
tests answer them without opening modal dialogs.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from ui import startup_texts as texts

if TYPE_CHECKING:  # the database stack is imported when the data is opened, not with the window
    from app.settings import Settings
    from app.startup import Workspace

TITLE = "セキュリティ・プラス 契約管理"


class Prompter(Protocol):
    def ask(self, text: str) -> bool: ...

    def inform(self, text: str) -> None: ...

    def offer(self, text: str, accept: str | None, on_accept: Callable[[], None]) -> None:
        """A non-blocking message: returns at once; `on_accept()` runs if the user takes the
        `accept` button (None: a message to read, with a close button only)."""
        ...


class MessageBoxPrompter:
    """Questions and errors as message boxes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent

    def ask(self, text: str) -> bool:
        answer = QMessageBox.question(self.parent, TITLE, text,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.Yes)
        return answer == QMessageBox.StandardButton.Yes

    def inform(self, text: str) -> None:
        QMessageBox.critical(self.parent, TITLE, text)

    def offer(self, text: str, accept: str | None, on_accept: Callable[[], None]) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, TITLE, text, QMessageBox.StandardButton.NoButton, self.parent)
        box.setWindowModality(Qt.WindowModality.NonModal)  # the window stays usable
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        button = box.addButton(accept, QMessageBox.ButtonRole.AcceptRole) if accept else None
        box.addButton("閉じる", QMessageBox.ButtonRole.RejectRole)

        def clicked(pressed: object) -> None:
            if button is not None and pressed is button:
                on_accept()

        box.buttonClicked.connect(clicked)
        box.show()


def _busy() -> None:
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)


def _done() -> None:
    QGuiApplication.restoreOverrideCursor()


def start_workspace(db_arg: str | None, settings: Settings, now: datetime, prompter: Prompter) -> Workspace | None:
    """Open the data, offering to restore the newest backup of a damaged file; None when the user cannot go on.

    Synchronous (on the calling thread): the window uses ui/start_session.py, which asks the same
    questions with the work in a worker.
    """
    from app.startup import add_sample_data, open_workspace, restore_newest
    from app.store.errors import BackupError, DatabaseCorrupt, DatabaseUnreadable, StoreError
    from app.terms.profile import ProfileError

    while True:
        try:
            _busy()
            try:
                workspace = open_workspace(db_arg, settings, now)
            finally:
                _done()
        except (DatabaseCorrupt, DatabaseUnreadable) as error:
            if not texts.is_damaged(error):  # not ours to read (permissions): never restored over
                prompter.inform(str(error))
                return None
            if error.newest_backup is None:
                prompter.inform(texts.no_backup_message(error))
                return None
            if not prompter.ask(texts.restore_question(error)):
                return None
            try:
                restore_newest(error)
            except BackupError as restore_error:
                prompter.inform(str(restore_error))
                return None
            continue
        except (StoreError, ProfileError) as error:
            prompter.inform(str(error))
            return None
        break
    if workspace.is_new and workspace.is_empty:
        if prompter.ask(texts.sample_question(workspace)):
            _busy()
            try:
                add_sample_data(workspace, now)
            finally:
                _done()
    return workspace
