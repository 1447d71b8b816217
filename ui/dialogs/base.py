"""One base for the recording dialogs: a form (FormKit: undo, errors by their field, Enter moves on,
unsaved guard on close), an optional live fee preview beside it, and one action button that asks
for confirmation where something is ended or refused, then calls the use case.

A dialog opened from the contract view's action bar is non-modal for the window's event loop
(`open()`, no nested `exec()`); after a successful save it tells the hub what changed and closes.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.usecases.errors import ValidationError
from ui.hub import Hub
from ui.presenters.form_input import FormErrors, storage_message
from ui.widgets.fee_preview import FeePreviewPanel
from ui.widgets.form_undo import FormKit


class FormDialog(QDialog):
    """Subclasses build their rows in `self.form` (through `self.kit`) and implement `save()`."""

    title = ""
    action_text = "記録"
    changes: tuple[str, ...] = ("contracts",)  # the hub's kinds to notify after a save

    def __init__(self, hub: Hub, parent: QWidget | None = None, *, preview: bool = False) -> None:
        super().__init__(parent)
        self.hub = hub
        self.setWindowTitle(self.title)
        self.setObjectName(type(self).__name__)
        self.kit = FormKit(self)
        self.saved = False
        outer = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName("dialogHeading")
        self.heading.setStyleSheet("font-weight: bold;")
        self.heading.setWordWrap(True)
        outer.addWidget(self.heading)
        body = QHBoxLayout()
        outer.addLayout(body, 1)
        left = QVBoxLayout()
        body.addLayout(left, 3)
        self.form = QFormLayout()
        left.addLayout(self.form)
        self.notes = QLabel()
        self.notes.setObjectName("dialogNotes")
        self.notes.setWordWrap(True)
        left.addWidget(self.notes)
        left.addStretch(1)
        left.addWidget(self.kit.form_error)
        self.preview: FeePreviewPanel | None = None
        if preview:
            self.preview = FeePreviewPanel(self)
            body.addWidget(self.preview, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.kit.undo_buttons())
        buttons.addStretch(1)
        self.action_button = self._button(self.action_text, "actionButton", self.submit)
        self.cancel_button = self._button("閉じる", "cancelButton", self.reject)
        buttons.addWidget(self.action_button)
        buttons.addWidget(self.cancel_button)
        outer.addLayout(buttons)
        self.kit.changed.connect(self.on_change)
        self.kit.submit_requested.connect(self.submit)

    @staticmethod
    def _button(text: str, name: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAutoDefault(False)  # Enter in a field never presses it
        button.setDefault(False)
        button.clicked.connect(slot)
        return button

    def finish_building(self) -> None:
        """Call at the end of the subclass's __init__: Tab order, first preview, sensible size."""
        self.kit.finish()
        self.on_change("")
        self.kit.reset()
        self.resize(1000 if self.preview is not None else 560, 600 if self.preview is not None else 360)
        first = next(iter(self.kit.fields), None)
        self.kit.focus(first)

    # --- hooks ----------------------------------------------------------------------------------

    def on_change(self, _name: str) -> None:
        """After every edit, undo and redo: refresh the preview (subclasses)."""

    def confirmation(self) -> str:
        """The question asked before saving; empty for none (subclasses)."""
        return ""

    def save(self) -> None:
        """Call the use case; raise FormErrors or ValidationError (subclasses)."""
        raise NotImplementedError

    # --- the action -----------------------------------------------------------------------------

    def submit(self) -> None:
        self.kit.clear_errors()
        try:
            question = self.confirmation()
        except FormErrors as errors:
            self.kit.show_errors(errors.errors)
            return
        if question and not self.kit.confirm(question):
            return
        try:
            self.save()
        except FormErrors as errors:
            self.kit.show_errors(errors.errors)
            return
        except ValidationError as error:
            self.kit.show_errors({"_form": error.message})
            return
        except Exception as error:  # noqa: BLE001 - only storage errors are answered here
            message = storage_message(error)
            if message is None:
                raise
            self.kit.show_errors({"_form": message})
            return
        self.saved = True
        self.kit.mark_saved()
        for kind in self.changes:
            self.hub.notify(kind)
        self.accept()

    # --- the guard ------------------------------------------------------------------------------

    def reject(self) -> None:  # Esc, 閉じる and the window's close button (QDialog.closeEvent calls it)
        if self.saved or self.kit.may_discard():
            super().reject()


def open_dialog(dialog: FormDialog) -> FormDialog:
    """Show without a nested event loop; the dialog deletes itself when closed."""
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.open()
    return dialog
