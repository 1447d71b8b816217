"""The start of a session, with the user's answers: restore a damaged file, add sample data.

The work is app.startup's; this module only asks. Questions go through a `Prompter`, so that
tests answer them without opening modal dialogs.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

# The window makes its MessageBoxPrompter before its first paint but asks nothing then, so Qt's
# classes are read from their modules when a question comes (QMessageBox and the Qt namespace
# build their enums on first use: ~20 ms the first paint does not need).
from PySide6 import QtCore, QtGui, QtWidgets

from ui import startup_texts as texts

if TYPE_CHECKING:  # the database stack is imported when the data is opened, not with the window
    from PySide6.QtWidgets import QWidget

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
        buttons = QtWidgets.QMessageBox.StandardButton
        answer = QtWidgets.QMessageBox.question(self.parent, TITLE, text, buttons.Yes | buttons.No, buttons.Yes)
        return answer == buttons.Yes

    def inform(self, text: str) -> None:
        QtWidgets.QMessageBox.critical(self.parent, TITLE, text)

    def offer(self, text: str, accept: str | None, on_accept: Callable[[], None]) -> None:
        message_box = QtWidgets.QMessageBox
        box = message_box(message_box.Icon.Warning, TITLE, text, message_box.StandardButton.NoButton, self.parent)
        box.setWindowModality(QtCore.Qt.WindowModality.NonModal)  # the window stays usable
        box.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        button = box.addButton(accept, message_box.ButtonRole.AcceptRole) if accept else None
        box.addButton("閉じる", message_box.ButtonRole.RejectRole)

        def clicked(pressed: object) -> None:
            if button is not None and pressed is button:
                on_accept()

        box.buttonClicked.connect(clicked)
        box.show()


def _busy() -> None:
    QtGui.QGuiApplication.setOverrideCursor(QtCore.Qt.CursorShape.WaitCursor)


def _done() -> None:
    QtGui.QGuiApplication.restoreOverrideCursor()


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
