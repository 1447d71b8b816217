"""What every form does the same way: undo/redo of its fields (one QUndoStack per form), errors
next to their field, Tab order in page order, Enter moving on instead of submitting half a form,
and the unsaved-changes guard on close and on navigation.

A form registers its fields in page order with `FormKit.add_row` (or `track` for a field laid
out by hand). User edits become undo commands (consecutive typing in one field merges into one);
programmatic changes (`set_value`, loading a record) do not. `dirty` is "the stack is not at its
clean index"; `mark_saved` after a successful save.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

FieldWidget = QLineEdit | QCheckBox | QComboBox | QPlainTextEdit
EDIT_ID = 7001
ERROR_STYLE = "color: #b00020;"

DISCARD_QUESTION = "保存されていない変更があります。破棄してよろしいですか？"


def ask_discard(parent: QWidget, text: str = DISCARD_QUESTION) -> bool:
    """The default guard question (a modal message box): True to discard the changes."""
    answer = QMessageBox.question(parent, "未保存の変更", text,
                                  QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                                  QMessageBox.StandardButton.Cancel)
    return answer == QMessageBox.StandardButton.Discard


def ask_confirm(parent: QWidget, text: str) -> bool:
    """'Really do this?' before anything is ended or refused: True to go ahead."""
    answer = QMessageBox.question(parent, "確認", text,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def value_of(widget: FieldWidget) -> Any:
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    if isinstance(widget, QComboBox):
        return widget.currentIndex()
    return widget.toPlainText()


def put_value(widget: FieldWidget, value: Any) -> None:
    if isinstance(widget, QLineEdit):
        widget.setText(str(value))
    elif isinstance(widget, QCheckBox):
        widget.setChecked(bool(value))
    elif isinstance(widget, QComboBox):
        widget.setCurrentIndex(int(value))
    else:
        widget.setPlainText(str(value))


class FieldEdit(QUndoCommand):
    """One user edit of one field; consecutive edits of the same field merge."""

    def __init__(self, kit: FormKit, name: str, old: Any, new: Any) -> None:
        super().__init__(f"{kit.labels.get(name, name)}の変更")
        self.kit = kit
        self.name = name
        self.old = old
        self.new = new
        self._first = True

    def id(self) -> int:
        return EDIT_ID

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 (Qt name)
        if not isinstance(other, FieldEdit) or other.name != self.name or isinstance(self.new, bool):
            return False
        self.new = other.new
        return True

    def redo(self) -> None:
        if self._first:  # the widget already shows the new value
            self._first = False
            return
        self.kit.apply(self.name, self.new)

    def undo(self) -> None:
        self.kit.apply(self.name, self.old)


class FormKit(QObject):
    """The habits of one form. `changed` fires after every edit, undo or redo (the preview hook)."""

    changed = Signal(str)  # field name
    submit_requested = Signal()  # Ctrl+Enter

    def __init__(self, form: QWidget, ask: Callable[[QWidget], bool] | None = None,
                 confirm: Callable[[QWidget, str], bool] | None = None) -> None:
        super().__init__(form)
        self.form = form
        self.stack = QUndoStack(self)
        self.fields: dict[str, FieldWidget] = {}
        self.labels: dict[str, str] = {}
        self.errors: dict[str, QLabel] = {}
        self._committed: dict[str, Any] = {}
        self._applying = False
        self.extra_dirty: list[Callable[[], bool]] = []  # unsaved state outside the fields (e.g. a table)
        self.ask = ask or ask_discard
        self.confirm_with = confirm or ask_confirm
        self.form_error = QLabel()
        self.form_error.setObjectName("formError")
        self.form_error.setStyleSheet(ERROR_STYLE)
        self.form_error.setWordWrap(True)
        self.form_error.hide()
        self.undo_action = self.stack.createUndoAction(self, "元に戻す")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.stack.createRedoAction(self, "やり直し")
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        for action in (self.undo_action, self.redo_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            form.addAction(action)

    # --- registering fields ---------------------------------------------------------------------

    def add_row(self, layout: QFormLayout, name: str, label: str, widget: FieldWidget) -> FieldWidget:
        """A labelled row with its error line underneath, in page (and Tab) order."""
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addWidget(widget)
        error = QLabel()
        error.setObjectName(f"error_{name}")
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        column.addWidget(error)
        layout.addRow(label, box)
        self.track(name, label, widget, error)
        return widget

    def track(self, name: str, label: str, widget: FieldWidget, error: QLabel | None = None) -> None:
        widget.setObjectName(widget.objectName() or f"field_{name}")
        self.fields[name] = widget
        self.labels[name] = label
        if error is not None:
            self.errors[name] = error
        self._committed[name] = value_of(widget)
        widget.installEventFilter(self)
        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(lambda text, n=name: self._user_edit(n, text))
            widget.editingFinished.connect(lambda n=name: self._finished(n))
        elif isinstance(widget, QCheckBox):
            widget.clicked.connect(lambda checked, n=name: self._user_edit(n, bool(checked)))
        elif isinstance(widget, QComboBox):
            widget.activated.connect(lambda index, n=name: self._user_edit(n, int(index)))
        else:
            widget.textChanged.connect(lambda n=name: self._text_changed(n))

    def finish(self) -> None:
        """Tab order = the order the fields were registered (the page's order); call once laid out."""
        widgets = list(self.fields.values())
        for first, second in zip(widgets, widgets[1:]):
            QWidget.setTabOrder(first, second)

    def undo_buttons(self) -> QWidget:
        """元に戻す / やり直し buttons bound to the form's stack (they take no focus)."""
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        for text, name, slot, signal, enabled in (
            ("元に戻す", "undoButton", self.stack.undo, self.stack.canUndoChanged, self.stack.canUndo()),
            ("やり直し", "redoButton", self.stack.redo, self.stack.canRedoChanged, self.stack.canRedo()),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.setAutoDefault(False)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setEnabled(enabled)
            button.clicked.connect(slot)
            signal.connect(button.setEnabled)
            row.addWidget(button)
        return box

    # --- edits, undo, redo ------------------------------------------------------------------------

    def _user_edit(self, name: str, value: Any) -> None:
        if self._applying:
            return
        old = self._committed[name]
        if old == value:
            return
        self._committed[name] = value
        self.stack.push(FieldEdit(self, name, old, value))
        self.changed.emit(name)

    def _text_changed(self, name: str) -> None:
        self._user_edit(name, value_of(self.fields[name]))

    def _finished(self, name: str) -> None:
        """Leaving a field: a reformatted value (e.g. 50,000) is not an edit; a parse error shows."""
        self._committed[name] = value_of(self.fields[name])
        widget = self.fields[name]
        check = getattr(widget, "validation_error", None)
        if callable(check):
            self.show_error(name, str(check()))

    def apply(self, name: str, value: Any) -> None:
        """Put `value` into the field without making an undo command (undo/redo, loading)."""
        self._applying = True
        try:
            put_value(self.fields[name], value)
            self._committed[name] = value_of(self.fields[name])
        finally:
            self._applying = False
        self.changed.emit(name)

    def set_value(self, name: str, value: Any) -> None:
        self.apply(name, value)

    def value(self, name: str) -> Any:
        return value_of(self.fields[name])

    def text(self, name: str) -> str:
        return str(value_of(self.fields[name])).strip()

    @property
    def dirty(self) -> bool:
        return not self.stack.isClean() or any(check() for check in self.extra_dirty)

    def mark_saved(self) -> None:
        self.stack.setClean()

    def reset(self) -> None:
        """Forget the undo history (after loading another record or saving and clearing)."""
        self.stack.clear()
        self.clear_errors()

    # --- errors next to their fields --------------------------------------------------------------

    def show_error(self, name: str | None, message: str) -> bool:
        """Show `message` under field `name`; False when the form has no such field (show it elsewhere)."""
        label = self.errors.get(name or "")
        if label is None:
            return False
        label.setText(message)
        label.setVisible(bool(message))
        return True

    def clear_errors(self) -> None:
        for label in [*self.errors.values(), self.form_error]:
            label.clear()
            label.hide()

    def show_errors(self, errors: Mapping[str, str]) -> None:
        """Each message under its field; the others (and a summary) above the buttons."""
        self.clear_errors()
        elsewhere = [message for name, message in errors.items() if not self.show_error(name, message)]
        if elsewhere:
            self.form_error.setText("\n".join(elsewhere))
            self.form_error.show()
        first = next((name for name in self.fields if name in errors), None)
        self.focus(first)

    def confirm(self, text: str) -> bool:
        return self.confirm_with(self.form, text)

    def error_text(self, name: str) -> str:
        label = self.errors.get(name)
        return label.text() if label is not None and label.isVisibleTo(self.form) else ""

    def focus(self, name: str | None) -> None:
        widget = self.fields.get(name or "")
        if widget is not None:
            widget.setFocus()

    # --- the guard --------------------------------------------------------------------------------

    def may_discard(self) -> bool:
        """True when there is nothing unsaved, or the user agrees to lose it."""
        return not self.dirty or self.ask(self.form)

    # --- keys ---------------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        kind = event.type()
        if kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) and isinstance(event, QKeyEvent):
            if event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo):
                if kind == QEvent.Type.ShortcutOverride:
                    event.accept()  # the form's stack, not the line edit's own undo
                    return True
                if event.matches(QKeySequence.StandardKey.Undo):
                    self.stack.undo()
                else:
                    self.stack.redo()
                return True
            if kind == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                    and not isinstance(watched, (QPlainTextEdit, QAbstractButton)):
                if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                    self.submit_requested.emit()
                else:  # Enter moves on; it never submits half a form
                    self.form.focusNextChild()
                return True
        return False
